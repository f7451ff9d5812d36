# ODOP Bazaar. `make run` serves the site, `make test` runs the suite; `make help` lists all.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
DEMO_LISTINGS ?= 300
HOST ?= 127.0.0.1
PORT ?= 8000
SMTP_PORT ?= 1025

.DEFAULT_GOAL := help
.PHONY: help setup run stack test test-browser lint fmt messages bench bench-checkout bench-slow-network clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-13s %s\n", $$1, $$2}'
	@echo "Variables: HOST=$(HOST) PORT=$(PORT) DEMO_LISTINGS=$(DEMO_LISTINGS) PYTHON=$(PYTHON)"
	@echo "  e.g. make run HOST=0.0.0.0 PORT=8080; DATABASE_URL/REDIS_URL switch to real services"
	@echo "Demo log-ins after make run (password odop-demo, or DEMO_PASSWORD), at /accounts/login/:"
	@echo "  buyer@demo.odop-bazaar.invalid (orders in every state), seller0@... to sellerN@... (sellers),"
	@echo "  curator@demo.odop-bazaar.invalid (/curate/)"

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
	SITE_URL=$${SITE_URL:-http://$(HOST):$(PORT)} $(PY) manage.py seed_demo --listings $(DEMO_LISTINGS)  # prints the demo log-ins
	$(PY) manage.py clearsessions  # database sessions: beat is not running here
	SITE_URL=$${SITE_URL:-http://$(HOST):$(PORT)} $(PY) manage.py runserver $(HOST):$(PORT)

# The real services of this machine; DATABASE_URL and REDIS_URL override them.
STACK_ENV = DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/odop_bazaar} \
	REDIS_URL=$${REDIS_URL:-redis://127.0.0.1:6379/0} EMAIL_URL=smtp://127.0.0.1:$(SMTP_PORT) SMTP_PORT=$(SMTP_PORT) \
	SITE_URL=$${SITE_URL:-http://$(HOST):$(PORT)} HOST=$(HOST) WEB_PORT=$(PORT)

stack: setup ## gunicorn, a worker per queue, beat and an SMTP sink (Procfile) on PostgreSQL and Redis
	@[ -n "$$DATABASE_URL" ] || createdb -h 127.0.0.1 -U postgres odop_bazaar 2>/dev/null || true
	$(STACK_ENV) $(PY) manage.py migrate --no-input
	$(STACK_ENV) $(PY) manage.py collectstatic --no-input -v0
	$(STACK_ENV) $(PY) manage.py load_reference_data
	$(STACK_ENV) $(PY) manage.py seed_demo --listings $(DEMO_LISTINGS)
	$(STACK_ENV) PATH=$(CURDIR)/$(VENV)/bin:$$PATH $(VENV)/bin/honcho start

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

bench-slow-network: setup ## First paint on DevTools' Slow 3G in Chromium (SQLite), into bench/RESULTS.md
	$(PY) bench/slow_network.py

clean: ## Remove the SQLite database, media and caches
	rm -rf db.sqlite3 db.sqlite3-* test-db.sqlite3* media staticfiles .pytest_cache
