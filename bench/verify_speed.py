"""`GET /v1/audit/verify` and the CSV journal export on a long journal, and the server's memory.

The journal is built in bulk, not through the API: one wallet is opened and funded over HTTP,
then N transactions like that funding (same accounts, same details) are written with COPY, each
with its content digest computed by the ledger's own ``content_of`` and linked by the domain's
``link_hash``, exactly as sealing would have done; the accounts' totals are set to their postings'
sums. So the chain verifies, and any disagreement between the set-based check and Python would
show as a break. For each size a fresh `wallet serve` (one worker) is started and its peak RSS
(VmHWM, over the process group) is read before and after each request: flat means the peak does
not grow with the journal.

Sizes come from WALLET_BENCH_VERIFY_SIZES (transactions, comma separated), postings per
transaction from WALLET_BENCH_VERIFY_POSTINGS (2 = a payment or a funding); the Python walk (the
path before, and SQLite's) is timed over WALLET_BENCH_VERIFY_PYTHON transactions. With
WALLET_BENCH_VERIFY_DETAILS=distinct each transaction gets details of its own, as a funding run
writes them (its wallet, schedule and period): verify makes each distinct details canonical once,
so the default (every copy the same details) is its best case, and "distinct" a real book's.
After the build the tables are vacuumed, as autovacuum would have by the time an auditor reads a
long history: otherwise the first read of freshly copied rows writes every page (hint bits).
"""

from __future__ import annotations

import http.client
import json
import os
import time
import uuid
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

import psycopg

from bench import api_setup
from bench.databases import PostgresServer, migrate
from bench.http_load import HOST, Client, running_service
from wallet.domain.hashing import GENESIS, canonical_text, link_hash
from wallet.persistence.db import Database
from wallet.persistence.journal_chain import content_of
from wallet.persistence.parallel_verification import WORKERS
from wallet.usecases.journal_integrity import MAX_SPAN_IN_DATABASE, _walk

COPY_BATCH = 20_000
DAY = date(2026, 4, 7)


@dataclass(frozen=True)
class VerifyResult:
    transactions: int
    postings_per_transaction: int
    build_seconds: float
    verify_seconds: float
    verify_per_second: float
    ok: bool
    export_rows: int
    export_seconds: float
    rss_start_kib: int
    rss_after_verify_kib: int
    rss_after_export_kib: int

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class VerifyResults:
    sizes: list[VerifyResult]
    python_walk_transactions: int
    python_walk_per_second: float

    def as_json(self) -> dict[str, Any]:
        return {"sizes": [s.as_json() for s in self.sizes], "python_walk_transactions": self.python_walk_transactions,
                "python_walk_per_second": self.python_walk_per_second}


def distinct_details() -> bool:
    return (os.environ.get("WALLET_BENCH_VERIFY_DETAILS") or "shared").strip().lower() == "distinct"


def sizes_from_env() -> tuple[list[int], int, int]:
    sizes = [int(n) for n in (os.environ.get("WALLET_BENCH_VERIFY_SIZES") or "20000,100000").split(",") if n.strip()]
    postings = int(os.environ.get("WALLET_BENCH_VERIFY_POSTINGS") or 2)
    python = int(os.environ.get("WALLET_BENCH_VERIFY_PYTHON") or 10_000)
    return sizes, postings, python


def peak_rss_kib(group_leader: int) -> int:
    """The largest VmHWM among the service's processes (its workers are in its process group)."""
    peak = 0
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            if os.getpgid(int(entry)) != group_leader:
                continue
            with open(f"/proc/{entry}/status") as status:
                for line in status:
                    if line.startswith("VmHWM:"):
                        peak = max(peak, int(line.split()[1]))
        except (OSError, ProcessLookupError):
            continue
    return peak


def build_journal(libpq_url: str, transactions: int, postings_per_transaction: int) -> None:
    """Append ``transactions`` copies of the last funding, chained as the sealer chains."""
    with psycopg.connect(libpq_url) as connection:
        template = connection.execute(
            "SELECT seq, kind, organisation_id, details::text FROM transactions ORDER BY seq DESC LIMIT 1").fetchone()
        assert template is not None, "the set-up funded a wallet"
        _, kind, organisation_id, details_text = template
        lines = connection.execute(
            "SELECT p.account_id, a.code, p.currency, p.side FROM postings p JOIN accounts a ON a.id = p.account_id "
            "WHERE p.transaction_seq = %s ORDER BY p.id", (template[0],)).fetchall()
        seq = int(connection.execute("SELECT max(seq) FROM transactions").fetchone()[0])  # type: ignore[index]
        posting_id = int(connection.execute("SELECT max(id) FROM postings").fetchone()[0])  # type: ignore[index]
        head = connection.execute("SELECT transaction_count, head_hash FROM journal_head").fetchone()
        assert head is not None
        position, prev = int(head[0]), str(head[1])
        details = json.loads(details_text)
        own_details = distinct_details()
        # The funding's debit and credit, repeated: N/2 pairs of 1p each way keep every total positive.
        pairs = [lines[n % len(lines)] for n in range(postings_per_transaction)]
        net = {line[0]: 0 for line in lines}
        recorded_at = datetime.now(UTC)
        done = 0
        while done < transactions:
            chunk = min(COPY_BATCH, transactions - done)
            rows_t, rows_p, rows_h = [], [], []
            for _ in range(chunk):
                seq += 1
                position += 1
                recorded_at += timedelta(microseconds=1)
                if own_details:
                    details = {**json.loads(details_text), "management_fee": 850, "schedule_id": str(uuid.uuid4()),
                               "funding_kind": "period", "period_start": str(DAY), "period_end": str(DAY + timedelta(6))}
                    details_text_now = canonical_text(details)  # as the ledger stores them
                else:
                    details_text_now = details_text
                values = {"seq": seq, "id": str(uuid.uuid4()), "kind": kind, "effective_date": DAY,
                          "recorded_at": recorded_at, "organisation_id": organisation_id, "reference": None,
                          "description": None, "reverses_id": None, "resolves_id": None, "details": details}
                written = []
                for account_id, code, currency, side in pairs:
                    posting_id += 1
                    net[account_id] += 1 if side == "debit" else -1
                    written.append({"id": posting_id, "account": code, "account_id": account_id, "currency": currency,
                                    "side": side, "phase": "posted", "amount": 1, "memo": None,
                                    "net_posted_after": abs(net[account_id]), "debits_pending_after": 0,
                                    "credits_pending_after": 0, "recorded_at": recorded_at})
                link = link_hash(prev, position, content_of(values, written))
                rows_t.append((seq, values["id"], kind, DAY, recorded_at, organisation_id, details_text_now))
                rows_p.extend((w["id"], seq, w["account_id"], w["currency"], w["side"], "posted", 1,
                               w["net_posted_after"], 0, 0, recorded_at, DAY) for w in written)
                rows_h.append((seq, position, prev, link, recorded_at))
                prev = link
            with connection.cursor() as cursor:
                _copy(cursor, "transactions (seq, id, kind, effective_date, recorded_at, organisation_id, details)",
                      rows_t)
                _copy(cursor, "postings (id, transaction_seq, account_id, currency, side, phase, amount, "
                              "net_posted_after, debits_pending_after, credits_pending_after, recorded_at, effective_date)", rows_p)
                _copy(cursor, "transaction_hashes (seq, position, prev_hash, hash, sealed_at)", rows_h)
            done += chunk
        connection.execute("SELECT setval(pg_get_serial_sequence('transactions', 'seq'), %s)", (seq,))
        connection.execute("SELECT setval(pg_get_serial_sequence('postings', 'id'), %s)", (posting_id,))
        connection.execute("UPDATE journal_head SET transaction_count = %s, head_hash = %s", (position, prev))
        connection.execute(
            "UPDATE accounts a SET debits_posted = s.d, credits_posted = s.c FROM ("
            " SELECT account_id, sum(CASE WHEN side = 'debit' THEN amount ELSE 0 END) AS d,"
            " sum(CASE WHEN side = 'credit' THEN amount ELSE 0 END) AS c FROM postings WHERE phase = 'posted'"
            " GROUP BY account_id) s WHERE s.account_id = a.id")
        # And the totals by value date, as the ledger writer keeps them.
        connection.execute("DELETE FROM account_day_totals")
        connection.execute(
            "INSERT INTO account_day_totals (account_id, effective_date, debits_posted, credits_posted,"
            " debits_pending, credits_pending) SELECT account_id, effective_date,"
            " sum(CASE WHEN side = 'debit' THEN amount ELSE 0 END), sum(CASE WHEN side = 'credit' THEN amount ELSE 0 END),"
            " 0, 0 FROM postings WHERE phase = 'posted' GROUP BY account_id, effective_date")
    with psycopg.connect(libpq_url, autocommit=True) as connection:
        connection.execute("VACUUM (ANALYZE) transactions, postings, transaction_hashes, accounts")


def _copy(cursor: psycopg.Cursor[Any], target: str, rows: list[tuple[Any, ...]]) -> None:
    with cursor.copy(f"COPY {target} FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


def _get(port: int, path: str, key: str) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection(HOST, port, timeout=600)
    connection.request("GET", path, headers={"Authorization": f"Bearer {key}"})
    response = connection.getresponse()
    body = b"".join(iter(lambda: response.read(1 << 16), b""))
    return response.status, body


def measure_size(server: PostgresServer, transactions: int, postings_per_transaction: int, python_walk: int,
                 say: Any) -> tuple[VerifyResult, float]:
    """One size: build, then verify and export through a fresh server; and time the Python walk
    over the first ``python_walk`` links of the same journal."""
    with server.scratch_database("_verify") as name:
        url = server.libpq_url(name)
        migrate(server.url_for(name))
        os.environ.setdefault("WALLET_WORKERS", "1")
        with running_service(url) as service:
            client = Client(service.port)
            admin = service.admin_key()
            tenancy = api_setup.make_tenancy(client.send, admin)
            api_setup.funded_wallet(client.send, tenancy, 1)
            say(f"verify: writing {transactions:,} transactions of {postings_per_transaction} postings")
            began = time.perf_counter()
            build_journal(url, transactions, postings_per_transaction)
            built = time.perf_counter() - began
            leader = service.group_leader()
            rss_start = peak_rss_kib(leader)
            # The set-up's funding is one more: a call verifies at most MAX_SPAN_IN_DATABASE.
            head = min(json.loads(_get(service.port, "/v1/audit/head", admin)[1])["count"], MAX_SPAN_IN_DATABASE)
            say(f"verify: GET /v1/audit/verify over {head:,} transactions")
            began = time.perf_counter()
            status, body = _get(service.port, f"/v1/audit/verify?from=1&to={head}", admin)
            verify_seconds = time.perf_counter() - began
            assert status == 200, body[:500]
            found = json.loads(body)
            assert found["ok"], found
            rss_verify = peak_rss_kib(leader)
            say(f"verify: {head / verify_seconds:,.0f} transactions/s; streaming the CSV journal")
            began = time.perf_counter()
            status, csv = _get(service.port, f"/v1/reports/journal?holder_id={tenancy.holder_id}&from=2026-04-01"
                                             f"&to=2026-12-31&format=csv", tenancy.holder_key)
            export_seconds = time.perf_counter() - began
            assert status == 200, csv[:500]
            rss_export = peak_rss_kib(leader)
        walked = min(python_walk, head)
        say(f"verify: the Python walk over {walked:,} transactions")
        database = Database.connect(server.url_for(name), pool_size=1)
        try:
            with database.reader() as session:
                began = time.perf_counter()
                broken, _ = _walk(session, 1, walked, GENESIS)
                walk_rate = walked / (time.perf_counter() - began)
            assert broken is None, broken
        finally:
            database.dispose()
    result = VerifyResult(head, postings_per_transaction, round(built, 1), round(verify_seconds, 3),
                          round(head / verify_seconds, 1), bool(found["ok"]), csv.count(b"\r\n") - 1,
                          round(export_seconds, 2), rss_start, rss_verify, rss_export)
    return result, round(walk_rate, 1)


VERIFY_TARGET_PER_SECOND = 100_000


def table(found: VerifyResults) -> str:
    """Lines for the bench's table: each size's verify rate, export time and the server's peak RSS."""
    details = "each transaction its own details" if distinct_details() else "every transaction the same details"
    lines = ["", f"audit/verify and the CSV journal export (PostgreSQL, one server worker, {WORKERS} verifying "
                 f"connections; {details})",
             f"  {'transactions':>12} {'postings':>9} {'verify s':>9} {'tx/s':>10} {'export s':>9} "
             f"{'RSS start':>10} {'+verify':>8} {'+export':>8}"]
    for s in found.sizes:
        lines.append(f"  {s.transactions:>12,} {s.transactions * s.postings_per_transaction:>9,} "
                     f"{s.verify_seconds:>9.2f} {s.verify_per_second:>10,.0f} {s.export_seconds:>9.2f} "
                     f"{s.rss_start_kib // 1024:>7} MiB {(s.rss_after_verify_kib - s.rss_start_kib) // 1024:>4} MiB "
                     f"{(s.rss_after_export_kib - s.rss_after_verify_kib) // 1024:>4} MiB")
    best = max((s.verify_per_second for s in found.sizes), default=0.0)
    lines.append(f"  target >= {VERIFY_TARGET_PER_SECOND:,} tx/s: {'met' if best >= VERIFY_TARGET_PER_SECOND else 'missed'}"
                 f"; the Python walk (before, and SQLite's path): {found.python_walk_per_second:,.0f} tx/s")
    return "\n".join(lines)


def enabled() -> bool:
    return (os.environ.get("WALLET_BENCH_VERIFY") or "1").strip().lower() not in ("0", "false", "no", "off")


def measure(server: PostgresServer, say: Any) -> VerifyResults:
    sizes, postings, python_walk = sizes_from_env()
    results, walks = [], []
    for size in sizes:
        result, walk_rate = measure_size(server, size, postings, python_walk, say)
        results.append(result)
        walks.append(walk_rate)
    return VerifyResults(results, python_walk, max(walks))


def main() -> int:
    import sys

    from bench.config import Params

    server = PostgresServer(Params.from_env().postgres_url)
    try:
        found = measure(server, lambda m: print(f"[verify {time.strftime('%H:%M:%S')}] {m}", file=sys.stderr))
    finally:
        server.dispose()
    print(json.dumps(found.as_json(), indent=2))
    print(table(found))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
