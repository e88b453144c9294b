# Two commands do everything on a fresh machine with Python 3.11+: `make run` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
PYTEST_ARGS ?=

export WALLET_DATABASE_URL ?= sqlite:///var/wallet.db

.PHONY: install run migrate test soak bench openapi demo clean

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

## The whole suite: SQLite always, PostgreSQL too when WALLET_TEST_POSTGRES_URL is set
test: $(STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

## Long soak and load tests at full size
soak: $(STAMP)
	WALLET_SOAK=1 $(BIN)/python -m pytest -m soak $(PYTEST_ARGS)

## Throughput and latency against pgbench and reference runs; writes bench-results.json
bench: $(STAMP)
	$(BIN)/python -m bench.run

## Regenerate the committed OpenAPI document
openapi: $(STAMP)
	$(BIN)/python -m wallet.openapi > openapi/openapi.json

clean:
	rm -rf $(VENV) var .pytest_cache .hypothesis bench-results.json
