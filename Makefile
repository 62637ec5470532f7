# Two commands: `make run` and `make test`. Both set everything up first.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
DEV_ENV := var/dev.env
MESSAGES := $(patsubst %.po,%.mo,$(wildcard locale/*/LC_MESSAGES/django.po))
LOAD_DEV_ENV := set -a && . ./$(DEV_ENV) && set +a &&

# Fixed, public values for the test run only; never used anywhere else.
TEST_ENV := DEBUG=0 HTTPS=0 \
	SECRET_KEY=test-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz \
	ALLOWED_HOSTS=localhost,127.0.0.1,testserver \
	FIELD_ENCRYPTION_KEYS=dGVzdC1vbmx5LWtleS0wMDAwMDAwMDAwMDAwMDAwMDA=

.PHONY: run test setup migrate demo worker lint format messages bench soak lighthouse clean html-checker

run: setup migrate demo
	@echo "Mend is at http://127.0.0.1:8000 (Ctrl+C to stop)"
	$(LOAD_DEV_ENV) $(PY) manage.py runserver 127.0.0.1:8000

test: setup
	$(TEST_ENV) $(PY) -m pytest $(PYTEST_ARGS)

setup: $(VENV)/.installed $(DEV_ENV) $(MESSAGES)

# Translations are compiled here, never committed (gettext's msgfmt).
$(MESSAGES): locale/%/LC_MESSAGES/django.mo: locale/%/LC_MESSAGES/django.po
	msgfmt --check -o $@ $<

$(VENV)/.installed: pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else "Mend needs Python 3.12 or newer; set PYTHON=/path/to/python3.12")'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -e ".[dev]"
	@touch $@

$(DEV_ENV):
	@mkdir -p var
	@echo "Writing development settings to $(DEV_ENV)"
	@{ echo "DEBUG=1"; \
	   echo "SECRET_KEY=$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))')"; \
	   echo "FIELD_ENCRYPTION_KEYS=$$($(PY) -c 'import base64, os; print(base64.urlsafe_b64encode(os.urandom(32)).decode())')"; \
	} > $(DEV_ENV)

migrate: setup
	$(LOAD_DEV_ENV) $(PY) manage.py migrate --no-input --verbosity 0

demo: migrate
	$(LOAD_DEV_ENV) $(PY) manage.py seed_demo

worker: setup
	$(LOAD_DEV_ENV) TASKS_BACKEND=database $(PY) manage.py db_worker

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: setup
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Refresh the Persian catalogue from the code and templates; then translate
# the new entries in locale/fa/LC_MESSAGES/django.po.
messages: setup
	$(LOAD_DEV_ENV) $(PY) manage.py makemessages -l fa --ignore ".venv/*" \
		--ignore "var/*" --ignore "tests/*" --ignore "bench/*"

# The Nu HTML Checker that tests/test_html_validity.py runs (needs npm, and
# Java 17 or newer to run it); without it that test is skipped.
VNU_JAR := var/vnu/node_modules/vnu-jar/build/dist/vnu.jar
html-checker: $(VNU_JAR)
$(VNU_JAR):
	@mkdir -p var/vnu
	npm install --silent --no-audit --no-fund --prefix var/vnu vnu-jar@26

# Not part of `make test`: minutes of load on loopback (see bench/README.md).
bench: setup
	$(PY) bench/run.py $(BENCH_ARGS)

# Not part of `make test`: a few hundred couples for a few minutes (bench/README.md).
soak: setup
	$(PY) bench/soak.py $(SOAK_ARGS)

lighthouse: setup
	$(PY) bench/lighthouse.py

clean:
	rm -rf $(VENV) var
