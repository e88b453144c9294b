# Two commands do everything on a fresh machine with Python 3.11+: `make run` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
PYTEST_ARGS ?=

export WALLET_DATABASE_URL ?= sqlite:///var/wallet.db

.PHONY: install run migrate test soak bench openapi demo clean lock fuzz client

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	@touch $(STAMP)

install: $(STAMP)

## Migrate the database (SQLite file by default) and serve on http://127.0.0.1:8000
run: $(STAMP)
	$(BIN)/wallet serve

migrate: $(STAMP)
	$(BIN)/wallet migrate

## Load the four pooled-budget case studies as demo data; prints API keys and curl commands
demo: $(STAMP)
	$(BIN)/wallet demo

## The whole suite: SQLite always, PostgreSQL too when WALLET_TEST_POSTGRES_URL is set.
## In parallel, one worker process per core up to 4 (pytest-xdist); PYTEST_WORKERS=0 runs it in one.
PYTEST_WORKERS ?= auto
test: $(STAMP)
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS) --maxprocesses=4 --dist worksteal $(PYTEST_ARGS)

## Long soak and load tests at full size
soak: $(STAMP)
	WALLET_SOAK=1 $(BIN)/python -m pytest -m soak $(PYTEST_ARGS)

## Throughput and latency against pgbench and reference runs; writes bench-results.json
bench: $(STAMP)
	$(BIN)/python -m bench.run

## Regenerate the committed OpenAPI document
openapi: $(STAMP)
	$(BIN)/python -m wallet.openapi > openapi/openapi.json

## The app against its own OpenAPI document at length: many examples per operation and role, and
## the stateful phase following the document's links, and the lean payment path against the FastAPI route
## on many requests (`make test` runs a few examples of each).
fuzz: $(STAMP)
	WALLET_FUZZ=1 $(BIN)/python -m pytest -p no:cacheprovider tests/test_schemathesis.py tests/test_payment_path.py $(PYTEST_ARGS)

## Regenerate the typed Python client in clients/python/ from the committed OpenAPI document
client: $(STAMP)
	RUFF_NO_CACHE=true PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/openapi-python-client generate --path openapi/openapi.json \
		--config clients/openapi-python-client.yaml --output-path clients/python --overwrite

## Pin every runtime dependency, with hashes, in requirements.lock (the image installs from it).
## Resolved afresh from PyPI by pip-tools in a throwaway venv; commit the result.
lock:
	rm -rf $(VENV)-lock
	$(PYTHON) -m venv $(VENV)-lock
	$(VENV)-lock/bin/python -m pip install --quiet --disable-pip-version-check pip-tools
	CUSTOM_COMPILE_COMMAND="make lock" $(VENV)-lock/bin/pip-compile --quiet --strip-extras --generate-hashes \
		--no-emit-index-url --no-emit-find-links --no-emit-trusted-host --output-file requirements.lock pyproject.toml
	rm -rf $(VENV)-lock

clean:
	rm -rf $(VENV) var .pytest_cache .hypothesis bench-results.json
