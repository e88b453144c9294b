"""Instructions a payment costs the serving process, counted by valgrind: not part of `make bench`.

On a shared machine wall-clock and even CPU time a payment move by a fifth from run to run;
instruction counts do not. This runs `uvicorn` (one process, the app as `wallet serve` builds it)
under cachegrind, sends N payments one after another from outside it, and prints the process's
instruction count; run it for two values of N and divide the difference by theirs:

    python -m bench.http_profile setup                 # the database and wallets it pays from
    python -m bench.http_instructions h11 asyncio 30
    python -m bench.http_instructions h11 asyncio 230  # (I2 - I1) / 200 = instructions a payment

``bench/http_inprocess.py`` under the same valgrind counts the app alone, without uvicorn.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import signal
import subprocess
import sys
import time
import uuid

from bench import api_setup
from bench.config import ROOT
from bench.databases import PostgresServer
from bench.http_profile import NAME, SERVER, STATE


def main() -> None:
    protocol, loop, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
    state = json.loads(STATE.read_text())
    port = 40000 + os.getpid() % 20000
    env = os.environ | {"WALLET_DATABASE_URL": PostgresServer(SERVER).libpq_url(NAME),
                        "WALLET_RATE_LIMIT_PER_MINUTE": "0", "WALLET_WEBHOOKS": "0",
                        "WALLET_MIGRATIONS_DIR": str(ROOT / "migrations")}
    server = subprocess.Popen(
        ["valgrind", "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null", sys.executable,
         "-m", "uvicorn", "wallet.http.app:create_app", "--factory", "--http", protocol, "--loop", loop,
         "--port", str(port), "--no-access-log", "--log-level", "warning"],
        env=env, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
    while True:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
            connection.request("GET", "/readyz")
            connection.getresponse().read()
            break
        except OSError:
            time.sleep(1)
    body = api_setup.to_json(api_setup.payment_body(1))
    for number in range(count):
        wallet_id = state["wallets"][number % len(state["wallets"])]
        connection.request("POST", f"/v1/wallets/{wallet_id}/payments", body=body, headers={
            "Authorization": f"Bearer {state['holder_key']}", "Content-Type": "application/json",
            "Idempotency-Key": f"instructions-{uuid.uuid4()}"})
        response = connection.getresponse()
        response.read()
        if response.status != 201:
            server.kill()
            raise SystemExit(f"payment answered {response.status}:\n{server.communicate()[1][-3000:]}")
    server.send_signal(signal.SIGINT)
    found = re.search(r"I\s+refs:\s+([\d,]+)", server.communicate()[1])
    if found is None:
        raise SystemExit("valgrind printed no instruction count")
    print(protocol, loop, count, found.group(1).replace(",", ""))


if __name__ == "__main__":
    main()
