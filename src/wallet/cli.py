"""The `wallet` command line."""

from __future__ import annotations

from datetime import datetime

import click
import typer
from sqlalchemy.exc import OperationalError
from typer.core import TyperGroup

from wallet.config import Settings, SettingsError
from wallet.domain.errors import DomainError
from wallet.persistence.db import Database
from wallet.persistence.migrate import upgrade


class OneLineErrors(TyperGroup):
    """A refusal, a bad setting or an unreachable database is one line on stderr, not a traceback."""

    def invoke(self, ctx: click.Context):  # type: ignore[no-untyped-def]
        try:
            return super().invoke(ctx)
        except SettingsError as error:
            typer.echo(f"wallet: {error}", err=True)
            raise typer.Exit(2) from None
        except DomainError as error:
            typer.echo(f"wallet: {error.type}: {error.detail}", err=True)
            raise typer.Exit(1) from None
        except OperationalError as error:
            typer.echo(f"wallet: the database could not be used: {str(error.orig).strip().splitlines()[0]}", err=True)
            raise typer.Exit(1) from None


app = typer.Typer(help="wallet: the ledger service for personal budgets.", no_args_is_help=True, cls=OneLineErrors)
keys = typer.Typer(help="API keys.", no_args_is_help=True, cls=OneLineErrors)
app.add_typer(keys, name="keys")


def _database(settings: Settings) -> Database:
    return Database.connect(settings.database_url, sqlite_busy_timeout_ms=settings.sqlite_busy_timeout_ms)


@app.command()
def migrate() -> None:
    """Bring the database schema up to the latest migration."""
    settings = Settings.from_env()
    database = _database(settings)
    try:
        upgrade(database.engine, settings.migrations_dir)
    finally:
        database.dispose()
    typer.echo(f"migrated {database.engine.url.render_as_string(hide_password=True)}")


@app.command()
def serve(
    host: str = typer.Option("127.0.0.1", envvar="WALLET_HOST"),
    port: int = typer.Option(8000, envvar="WALLET_PORT"),
    migrate_first: bool = typer.Option(True, "--migrate/--no-migrate", help="migrate before serving"),
    workers: int = typer.Option(None, "--workers", envvar="WALLET_WORKERS", min=1,
                                help="serving processes (default: the number of cores)"),
) -> None:
    """Serve the HTTP API with uvicorn, in one process or several."""
    import os

    from wallet.config import default_workers
    from wallet.logs import uvicorn_log_config
    from wallet.serving import serve_http

    # Read (and so checked) here, once, before any process starts: a bad setting is one line.
    settings = Settings.from_env()
    if migrate_first:
        migrate()
    workers = workers or default_workers()
    # Every serving process builds its own app from the environment: tell them how many share
    # the rate limits.
    os.environ["WALLET_WORKERS"] = str(workers)
    marks_file = None
    if settings.read_database_url and workers > 1 and not settings.write_marks_file:
        # The processes share where each caller's last write left the WAL (persistence/write_marks.py).
        import tempfile

        descriptor, marks_file = tempfile.mkstemp(prefix="wallet-write-marks-",
                                                  dir="/dev/shm" if os.path.isdir("/dev/shm") else None)
        os.close(descriptor)
        os.environ["WALLET_WRITE_MARKS_FILE"] = marks_file
    try:
        serve_http(host=host, port=port, workers=workers, log_config=uvicorn_log_config(settings.log_format))
    finally:
        if marks_file is not None:
            os.unlink(marks_file)


@keys.command("create")
def keys_create(organisation: str = typer.Option("Operator", help="name of the operator organisation")) -> None:
    """Create an admin API key (making the operator organisation on first use). Shown once."""
    from wallet.usecases.create_api_key import bootstrap_admin_key

    settings = Settings.from_env()
    database = _database(settings)
    try:
        with database.writer.begin() as session:
            issued = bootstrap_admin_key(session, organisation)
    finally:
        database.dispose()
    typer.echo(f"admin key for organisation {issued.record.organisation_id} (shown once):")
    typer.echo(issued.secret)


@app.command()
def demo(
    as_of: datetime | None = typer.Option(None, "--as-of", formats=["%Y-%m-%d"],
                                          help="date the demo's activity up to this day (default: today)"),
) -> None:
    """Load the four joint-funding case studies as demo data and print keys to look around with.

    Migrates first. On a database that already holds data it adds a second, separate set with new
    organisations; it never changes what is there."""
    import os

    from wallet.demo import format_demo, load_demo
    from wallet.domain.errors import DomainError
    from wallet.persistence.types import utc_now

    migrate()
    settings = Settings.from_env()
    database = _database(settings)
    try:
        result = load_demo(database, as_of.date() if as_of else utc_now().date())
    except DomainError as error:
        typer.echo(f"demo not loaded (nothing was stored): {error.detail}", err=True)
        raise typer.Exit(1) from None
    finally:
        database.dispose()
    base_url = f"http://{os.environ.get('WALLET_HOST', '127.0.0.1')}:{os.environ.get('WALLET_PORT', '8000')}"
    typer.echo(format_demo(result, base_url))


@app.command("sweep-holds")
def sweep_holds(batch: int = typer.Option(500, help="holds released per database transaction")) -> None:
    """Release every hold whose expiry date has passed, and alert its funder and holder."""
    from wallet.usecases.holds import sweep_expired_holds

    settings = Settings.from_env()
    database = _database(settings)
    total = 0
    try:
        while True:
            with database.writer.begin() as session:
                swept = sweep_expired_holds(session, limit=batch)
            total += len(swept)
            if len(swept) < batch:
                break
    finally:
        database.dispose()
    typer.echo(f"released {total} expired hold{'s' if total != 1 else ''}")


@app.command("deliver-webhooks")
def deliver_webhooks(once: bool = typer.Option(False, "--once", help="deliver what is due now, then exit")) -> None:
    """Deliver webhooks from the event feed, as `wallet serve` does in a thread of each process
    (WALLET_WEBHOOKS=0 turns that off). Any number may run: each endpoint is served by one at a time."""
    from wallet.webhooks.worker import WebhookWorker

    settings = Settings.from_env()
    database = _database(settings)
    worker = WebhookWorker(database, settings)
    try:
        if once:
            attempted = worker.run_once()
            typer.echo(f"attempted {attempted} deliver{'ies' if attempted != 1 else 'y'}")
        else:
            worker.run_forever()
    except KeyboardInterrupt:
        pass  # what was sent and not recorded is sent again: deliveries are at least once
    finally:
        database.dispose()


# Schedules a committed batch of the command line's funding run.
FUNDING_BATCH = 1_000


@app.command("funding-run")
def funding_run(
    funder: str = typer.Option(..., "--funder", help="the funder organisation's id"),
    as_of: datetime = typer.Option(..., "--as-of", formats=["%Y-%m-%d"],
                                   help="pay every period due on or before this date (YYYY-MM-DD)"),
) -> None:
    """Pay every period due by --as-of for all of a funder's schedules, then make the pool
    contributions due from the members it funds. A thousand schedules commit together, so a huge
    run never holds one giant transaction, and a rerun pays nothing twice."""
    from wallet.domain.errors import DomainError
    from wallet.domain.wallets import format_pounds
    from wallet.usecases.funding_run import (
        contribution_schedules_to_run,
        funder_principal,
        run_contributions_for_schedule,
        run_funding_for_schedules,
        schedules_to_run,
    )

    settings = Settings.from_env()
    database = _database(settings)
    periods = amount = fees = failed = 0
    contributions = contributed = refused = 0
    try:
        with database.reader() as session:
            try:
                principal = funder_principal(session, funder)
                schedule_ids = schedules_to_run(session, principal, as_of.date())
                contribution_ids = contribution_schedules_to_run(session, principal, as_of.date())
            except DomainError as error:
                typer.echo(error.detail, err=True)
                raise typer.Exit(1) from None
        # Fundings first, so the money each member contributes has arrived. Funding schedules go
        # a batch at a time (each batch decided and written set-based, and committed on its own);
        # a refused batch is retried schedule by schedule, so one wallet's refusal stops no other.
        work = [("funding", schedule_ids[i:i + FUNDING_BATCH]) for i in range(0, len(schedule_ids), FUNDING_BATCH)]
        work += [("contribution", [i]) for i in contribution_ids]
        with typer.progressbar(length=len(schedule_ids) + len(contribution_ids), label="schedules") as progress:
            for kind, ids in work:
                if kind == "funding":
                    try:
                        with database.writer.begin() as session:
                            runs = [run_funding_for_schedules(session, principal, ids, as_of.date())]
                    except DomainError:
                        runs = []
                        for schedule_id in ids:
                            try:
                                with database.writer.begin() as session:
                                    runs.append(run_funding_for_schedules(session, principal, [schedule_id],
                                                                          as_of.date()))
                            except DomainError as error:
                                failed += 1
                                typer.echo(f"\nschedule {schedule_id} not paid: {error.detail}", err=True)
                    for run in runs:
                        periods, amount, fees = periods + len(run.paid), amount + run.total_amount, fees + run.total_fees
                    progress.update(len(ids))
                    continue
                try:
                    with database.writer.begin() as session:
                        made = run_contributions_for_schedule(session, principal, ids[0], as_of.date())
                except DomainError as error:
                    failed += 1
                    typer.echo(f"\ncontribution schedule {ids[0]} not paid: {error.detail}", err=True)
                    progress.update(1)
                    continue
                progress.update(1)
                contributions, contributed = contributions + len(made.made), contributed + made.total_amount
                refused += len(made.refused)
                for refusal in made.refused:
                    typer.echo(f"\ncontribution from wallet {refusal.wallet_id} for {refusal.period_start} "
                               f"(schedule {refusal.schedule_id}) refused: {refusal.detail}", err=True)
    finally:
        database.dispose()
    typer.echo(f"paid {periods} period{'s' if periods != 1 else ''} over {len(schedule_ids)} "
               f"schedule{'s' if len(schedule_ids) != 1 else ''}: {format_pounds(amount)} ({amount}), "
               f"management fees {format_pounds(fees)} ({fees})")
    if contribution_ids:
        typer.echo(f"made {contributions} pool contribution{'s' if contributions != 1 else ''} over "
                   f"{len(contribution_ids)} contribution schedule{'s' if len(contribution_ids) != 1 else ''}: "
                   f"{format_pounds(contributed)} ({contributed})"
                   + (f"; {refused} refused, tried again by the next run" if refused else ""))
    if failed:
        typer.echo(f"{failed} schedule{'s' if failed != 1 else ''} failed; rerun to retry them", err=True)
        raise typer.Exit(1)


def _bar(label: str):  # type: ignore[no-untyped-def]
    """A progress bar fed by the use cases' (done, total) callbacks."""
    state: dict[str, object] = {}

    def update(done: int, total: int) -> None:
        if "bar" not in state:
            state["bar"] = typer.progressbar(length=total, label=label).__enter__()
        state["bar"].update(1)  # type: ignore[attr-defined]
        if done == total:
            state.pop("bar").render_finish()  # type: ignore[attr-defined]

    return update


@app.command("period-close")
def period_close(
    funder: str = typer.Option(..., "--funder", help="the funder organisation's id"),
    period_end: datetime = typer.Option(..., "--period-end", formats=["%Y-%m-%d"], help="YYYY-MM-DD"),
    confirm: bool = typer.Option(False, "--confirm", help="carry the proposal out straight away"),
    skip_stale: bool = typer.Option(False, "--skip-stale", help="with --confirm: leave changed wallets out"),
) -> None:
    """Propose a period close for every open wallet of a funder; with --confirm, carry it out."""
    from wallet.domain.errors import DomainError
    from wallet.domain.wallets import format_pounds
    from wallet.usecases.confirm_close import confirm_close
    from wallet.usecases.funding_run import funder_principal
    from wallet.usecases.propose_close import propose_close

    database = _database(Settings.from_env())
    try:
        with database.writer.begin() as session:
            try:
                principal = funder_principal(session, funder)
                proposal = propose_close(session, principal, period_end=period_end.date(),
                                         progress=_bar("proposing"))
            except DomainError as error:
                typer.echo(error.detail, err=True)
                raise typer.Exit(1) from None
        items = proposal.items
        typer.echo(f"proposal {proposal.close.id}: {len(items)} wallet(s), surplus "
                   f"{format_pounds(sum(i.surplus for i in items))}, recovered "
                   f"{format_pounds(sum(i.plan['recovered'] for i in items))}")
        if confirm:
            with database.writer.begin() as session:
                try:
                    done = confirm_close(session, principal, proposal.close.id, skip_stale=skip_stale,
                                         progress=_bar("confirming"))
                except DomainError as error:
                    typer.echo(error.detail, err=True)
                    raise typer.Exit(1) from None
            stale = sum(1 for i in done.items if i.status == "stale")
            typer.echo(f"confirmed {len(done.items) - stale} wallet(s)" + (f"; {stale} stale" if stale else ""))
    finally:
        database.dispose()


@app.command("move-holder")
def move_holder_command(
    funder: str = typer.Option(..., "--funder", help="the funder organisation's id"),
    from_holder: str = typer.Option(..., "--from", help="the holder leaving"),
    to_holder: str = typer.Option(..., "--to", help="the accredited holder taking the wallets over"),
    on: datetime = typer.Option(..., "--on", formats=["%Y-%m-%d"], help="the move date, YYYY-MM-DD"),
) -> None:
    """Move every wallet a funder has at one holder to another (a holder leaving the market)."""
    from wallet.usecases.funding_run import funder_principal
    from wallet.usecases.move_wallet import move_holder

    database = _database(Settings.from_env())
    try:
        with database.writer.begin() as session:
            principal = funder_principal(session, funder)
            done = move_holder(session, principal, from_holder_id=from_holder, to_holder_id=to_holder,
                               effective_date=on.date(), progress=_bar("moving"))
    finally:
        database.dispose()
    typer.echo(f"moved {len(done.moved)} wallet(s)")
    for wallet_id, error in done.refused:
        typer.echo(f"not moved {wallet_id}: {error.detail}", err=True)
    if done.refused:
        raise typer.Exit(1)


if __name__ == "__main__":
    app()
