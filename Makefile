# ODOP Bazaar. `make run` serves the site, `make test` runs the suite; `make help` lists all.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
DEMO_LISTINGS ?= 300
HOST ?= 127.0.0.1
PORT ?= 8000

.DEFAULT_GOAL := help
.PHONY: help setup run test test-browser lint fmt messages bench bench-checkout clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-13s %s\n", $$1, $$2}'
	@echo "Variables: HOST=$(HOST) PORT=$(PORT) DEMO_LISTINGS=$(DEMO_LISTINGS) PYTHON=$(PYTHON)"
	@echo "  e.g. make run HOST=0.0.0.0 PORT=8080; DATABASE_URL/REDIS_URL switch to real services"

$(VENV)/.installed: requirements.txt requirements-dev.txt
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 is needed (set PYTHON=...)"; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -r requirements-dev.txt
	touch $@

# axe-core (npm, pinned in package-lock.json) checks accessibility in the browser tests only,
# so `make run` works without node.
node_modules/.installed: package.json package-lock.json
	@if command -v npm >/dev/null; then npm ci --no-audit --no-fund && touch $@; \
	else echo "npm not found: skipping axe-core (the accessibility tests need it; apt-get install npm)"; fi

setup: $(VENV)/.installed node_modules/.installed ## Create .venv, install, compile translations, npm ci
	$(PY) manage.py compile_translations

run: setup ## Migrate SQLite (or DATABASE_URL), load real data and demo data, serve on HOST:PORT (127.0.0.1:8000)
	$(PY) manage.py migrate --no-input
	$(PY) manage.py collectstatic --no-input -v0  # whitenoise serves these when DEBUG=0
	$(PY) manage.py load_reference_data
	$(PY) manage.py seed_demo --listings $(DEMO_LISTINGS)
	SITE_URL=$${SITE_URL:-http://$(HOST):$(PORT)} $(PY) manage.py runserver $(HOST):$(PORT)

test: setup ## Run the whole suite (SQLite, or PostgreSQL and Redis when DATABASE_URL/REDIS_URL are set)
	$(PY) -m pytest $(PYTEST_ARGS)

lint: setup ## ruff check and format check
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

fmt: setup ## Fix what ruff can
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

messages: setup ## Extract translatable text into locale/hi (needs GNU gettext)
	$(PY) manage.py makemessages -l hi --no-obsolete --ignore=.venv --ignore=bench
	$(PY) manage.py compile_translations

bench: setup ## Storefront benchmark on PostgreSQL (see bench/README.md)
	bash bench/run.sh

bench-checkout: setup ## Checkout benchmark: 50 buyers on PostgreSQL, into bench/RESULTS.md
	$(PY) bench/checkout.py

clean: ## Remove the SQLite database, media and caches
	rm -rf db.sqlite3 db.sqlite3-* test-db.sqlite3* media staticfiles .pytest_cache
