# Tablero: two commands set everything up on a fresh machine with Python 3.11.
#   make run   -> .venv, dependencies, SQLite database, seed data, demo admin, http://127.0.0.1:8000
#   make test  -> test dependencies (Chromium included), lint, migrations check, the whole suite
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test test-sqlite setup lint audit messages browser bench backup restore clean load faults

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip

$(VENV)/.base: $(VENV)/bin/python requirements/base.txt
	$(PY) -m pip install -q -r requirements/base.txt
	touch $@

$(VENV)/.dev: $(VENV)/.base requirements/dev.txt
	$(PY) -m pip install -q -r requirements/dev.txt
	touch $@

setup: $(VENV)/.base
	DEBUG=true $(PY) manage.py migrate --noinput
	DEBUG=true $(PY) manage.py load_seed
	DEBUG=true $(PY) manage.py create_demo_admin

run: setup
	@echo "Tablero en http://$(HOST):$(PORT)/  (administración: http://$(HOST):$(PORT)/admin/)"
	DEBUG=true $(PY) manage.py runserver $(HOST):$(PORT)

# Debian's Chromium for the browser tests, and gettext for the translations.
browser:
	@command -v chromium >/dev/null && command -v msgfmt >/dev/null || \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium gettext >/dev/null)

lint: $(VENV)/.dev
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	env -u DATABASE_URL SECRET_KEY=lint $(PY) manage.py makemigrations --check --dry-run

# bandit over our code, pip-audit over the pins (ops/audit.py). `make audit` fails when the
# vulnerability data cannot be fetched; `make test` reports that loudly and goes on.
audit: $(VENV)/.dev
	$(PY) -m ops.audit $(AUDIT_ARGS)

test: $(VENV)/.dev browser lint
	$(PY) -m ops.audit --allow-unreachable
	SECRET_KEY=test-only-secret-key $(PY) manage.py collectstatic --noinput -v0
	SECRET_KEY=test-only-secret-key $(PY) -m pytest -n 2 --dist worksteal $(PYTEST_ARGS)

# CI's second pass (.ci/run), after make test on PostgreSQL: the tests that reach the database,
# on the embedded SQLite of make run. Lint, audit and the tests that cannot reach a database
# (pytest-django refuses their queries) do the same on every engine: make test ran them.
test-sqlite: $(VENV)/.dev
	env -u DATABASE_URL SECRET_KEY=test-only-secret-key $(PY) manage.py collectstatic --noinput -v0
	env -u DATABASE_URL SECRET_KEY=test-only-secret-key $(PY) -m pytest -n 2 --dist worksteal -m "not browser" \
	  --database-tests-only $(PYTEST_ARGS)

messages: $(VENV)/.base
	DEBUG=true $(PY) manage.py makemessages -l en --ignore=.venv --ignore=staticfiles
	DEBUG=true $(PY) manage.py compilemessages --ignore=.venv

# Consistent copy of the configured database (DATABASE_URL): make backup [FILE=...]
backup: $(VENV)/.base
	DEBUG=true $(PY) manage.py backup $(if $(FILE),--file $(FILE))

# make restore FILE=backups/tablero-....backup
restore: $(VENV)/.base
	DEBUG=true $(PY) manage.py restore --file $(FILE)

# Load and fault scripts (ops/load; loopback only, a private PostgreSQL cluster, bounded in
# time; not part of make test). Results of a run: ops/load/results.md.
load: $(VENV)/.dev
	$(PY) -m ops.load load $(LOAD_ARGS)

faults: $(VENV)/.dev
	$(PY) -m ops.load outage $(LOAD_ARGS)
	$(PY) -m ops.load kill-import
	$(PY) -m ops.load two-servers --control

bench: $(VENV)/.dev
	$(PY) -m bench $(BENCH_ARGS)

clean:
	rm -rf $(VENV) staticfiles db.sqlite3 .pytest_cache
