# Tandem — the two commands that matter are `make run` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8000
PG_URL ?= postgres://postgres@127.0.0.1:5432/test
# The suite runs on every core (pytest-xdist); `make test WORKERS=0` runs it in one process.
WORKERS ?= auto

.PHONY: run test test-sqlite test-pg smoke scaled lint check-migrations bench install install-test clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.run-installed: $(BIN)/python pyproject.toml constraints.txt
	$(BIN)/pip install --quiet -c constraints.txt -e .
	touch $@

$(VENV)/.test-installed: $(VENV)/.run-installed
	$(BIN)/pip install --quiet -c constraints.txt -e '.[dev]'
	touch $@

install: $(VENV)/.run-installed
install-test: $(VENV)/.test-installed

## run: set everything up, load the demo product and serve Tandem on http://127.0.0.1:$(PORT)
run: install
	$(BIN)/tandem migrate --noinput
	$(BIN)/tandem demo
	$(BIN)/tandem serve --port $(PORT)

## test: the whole suite on SQLite, and again on PostgreSQL when DATABASE_URL is set
test: install-test
	@if [ -n "$$TANDEM_CHROMIUM" ] || command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1; \
	then echo "Browser tests: on (Chromium found)."; \
	else echo "Browser tests: SKIPPED - no Chromium found. Install Debian's chromium or set TANDEM_CHROMIUM."; fi
	@$(MAKE) --no-print-directory test-sqlite
	@if [ -n "$$DATABASE_URL" ]; then $(MAKE) --no-print-directory test-pg; \
	else echo "PostgreSQL run skipped: set DATABASE_URL (e.g. $(PG_URL)) to run the suite on it too."; fi

test-sqlite: install-test
	@echo "== test suite on SQLite =="
	env -u DATABASE_URL $(BIN)/python -m pytest -n $(WORKERS) $(PYTEST_ARGS)

test-pg: install-test
	@echo "== test suite on PostgreSQL ($${DATABASE_URL:-$(PG_URL)}) =="
	DATABASE_URL=$${DATABASE_URL:-$(PG_URL)} $(BIN)/python -m pytest -n $(WORKERS) $(PYTEST_ARGS)

## smoke: serve with production settings and load every page as each demo person
smoke: install
	$(BIN)/python .ci/production_smoke.py

## scaled: PostgreSQL, two app servers and a Celery worker on Redis; a signed webhook crosses them
scaled: install-test
	DATABASE_URL=$${DATABASE_URL:-$(PG_URL)} VENV=$(VENV) .ci/scaled.sh

lint: install-test
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/mypy
	$(BIN)/lint-imports
	@# A merge's conflict markers render as text in a template; no test would notice.
	@! grep -rnE '^(<<<<<<<|>>>>>>>)( |$$)' src tests docs benchmarks .ci README.md Makefile

check-migrations: install-test
	TANDEM_DATA_DIR=$$(mktemp -d) $(BIN)/tandem makemigrations --check --dry-run

## bench: seed 100,000 items and time the backlog operations (see benchmarks/README.md)
bench: install-test
	$(BIN)/python benchmarks/backlog_bench.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
