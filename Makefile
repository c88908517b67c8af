# Sipon. A new user needs two commands: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
export SIPON_LOCAL ?= 1

.PHONY: run test setup install lint bench otp messages compile-messages help

help:
	@echo "make run    - set up everything, load the Klaten demo, serve on http://127.0.0.1:$(PORT)/"
	@echo "make test   - set up everything and run the whole test suite"
	@echo "make lint   - ruff, mypy, the import layers (lint-imports) and the migration check"
	@echo "make bench  - run the benchmarks in bench/ (figures go to docs/performance.md)"
	@echo "make otp USER=operator - current two-factor code of a demo staff account"

$(BIN)/.installed: requirements.lock requirements-dev.lock
	@$(PYTHON) -c 'import sys; assert sys.version_info[:2] == (3, 11), "Sipon needs Python 3.11, found " + sys.version' 
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.lock
	touch $@

install: $(BIN)/.installed

# Translations: the compiled .mo is committed so a machine without GNU gettext still gets English.
# After changing texts: `make messages`, translate locale/en/LC_MESSAGES/*.po, `make compile-messages`.
messages: install
	$(BIN)/python manage.py makemessages -l en --ignore=.venv --ignore=var --ignore=staticfiles --no-obsolete
	$(BIN)/python manage.py makemessages -d djangojs -l en --ignore=.venv --ignore=var --ignore=staticfiles --ignore=static/vendor --no-obsolete

compile-messages: install
	$(BIN)/python manage.py compilemessages --ignore=.venv --ignore=var --ignore=staticfiles --ignore=bench -l en

setup: install
	$(BIN)/python manage.py migrate --noinput -v 0
	$(BIN)/python manage.py createcachetable
	$(BIN)/python manage.py collectstatic --noinput -v 0
	$(BIN)/python manage.py load_demo

run: setup
	PORT=$(PORT) scripts/run.sh

test: install
	scripts/test.sh

lint: install
	$(BIN)/ruff check .
	$(BIN)/mypy .
	$(BIN)/lint-imports
	SIPON_TESTING=1 $(BIN)/python manage.py makemigrations --check --dry-run

bench: install
	@command -v wrk >/dev/null || { echo "make bench needs wrk: apt-get install -y wrk"; exit 1; }
	$(BIN)/python bench/run.py

otp: install
	@$(BIN)/python manage.py demo_otp $(USER)
