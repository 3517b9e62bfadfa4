# Päämaja — the two commands a new user needs: `make demo` and `make test`.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON_VERSION := $(shell cat .python-version)
# pyenv's interpreter named in .python-version, else whatever python3.13/3.12 is on PATH.
PYTHON ?= $(shell for p in "$$(pyenv root 2>/dev/null)/versions/$(PYTHON_VERSION)/bin/python" \
	"$$(command -v python3.13)" "$$(command -v python3.12)"; do [ -x "$$p" ] && echo "$$p" && break; done)
UV := .tools/bin/uv
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := $(VENV)

.PHONY: help install demo test lint format messages browser bench serve translations

help:
	@echo "make demo   install, load the demo content and serve http://127.0.0.1:$(PORT)"
	@echo "make test   install and run every test (PostgreSQL on 127.0.0.1:5432)"
	@echo "make lint   ruff check and format check"
	@echo "make bench  the benchmark suite (see README, Performance)"

$(UV):
	@test -n "$(PYTHON)" || { echo "Python $(PYTHON_VERSION) (or 3.12+) not found: install it with pyenv." >&2; exit 1; }
	$(PYTHON) -m venv .tools
	.tools/bin/pip install --quiet --disable-pip-version-check "uv==0.13.9"

$(VENV)/.installed: pyproject.toml uv.lock | $(UV)
	$(UV) sync --frozen --python "$(PYTHON)"
	@touch $@

install: $(VENV)/.installed messages

# Compiled translations are built, not committed (Babel compiles them; no gettext needed).
messages: $(VENV)/.installed
	@for lang in fi sv; do \
		po=site/locale/$$lang/LC_MESSAGES/django.po; \
		[ -f $$po ] && $(VENV)/bin/pybabel compile --statistics -i $$po -o $${po%.po}.mo -l $$lang 2>&1 | tail -1 || true; \
	done

# Extract every string (GNU gettext), fill the Finnish and Swedish translations from the
# dictionaries in site/locale/strings/, compile them, and list what is still untranslated
# in .tools/untranslated.txt (fails while anything is). See site/locale/translate.py.
translations: install browser
	@$(PY) site/locale/translate.py --extract --missing .tools/untranslated.txt; \
		status=$$?; $(MAKE) --no-print-directory messages; exit $$status

# Debian packages the tests need: Chromium for the browser tests (Playwright cannot
# download browsers here), poppler-utils to read PDFs back as text, gettext for the
# translation checks, postgresql-client's pg_dump for the privacy marker test. Installed only where missing.
browser:
	@missing=""; \
	command -v chromium >/dev/null || missing="$$missing chromium fonts-dejavu-core"; \
	command -v pdftotext >/dev/null || missing="$$missing poppler-utils"; \
	command -v xgettext >/dev/null || missing="$$missing gettext"; \
	command -v pg_dump >/dev/null || missing="$$missing postgresql-client"; \
	if [ -n "$$missing" ]; then \
		echo "Installing Debian packages for the tests:$$missing"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	fi

# The benchmark suite (README, Performance): its own PostgreSQL databases, gunicorn and
# Redis on 127.0.0.1, wrk from Debian. BENCH_ARGS=--reuse keeps loaded databases.
bench: install
	@command -v wrk >/dev/null || { \
		echo "Installing Debian's wrk for the benchmark..."; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
	$(PY) bench/run.py $(BENCH_ARGS)

# Card payments in the demo: real Stripe when STRIPE_SECRET_KEY is set in the environment,
# else localstripe (a stateful fake Stripe with a Stripe.js stand-in) on 127.0.0.1, so
# that a new user can pay with the test cards offline.
STRIPE_PORT ?= 8420
demo: export BASE_URL ?= http://127.0.0.1:$(PORT)
demo: install
	DJANGO_SETTINGS_MODULE=config.settings.dev $(PY) manage.py migrate --no-input
	DJANGO_SETTINGS_MODULE=config.settings.dev $(PY) manage.py load_demo
	@export DJANGO_SETTINGS_MODULE=config.settings.dev; \
	if [ -n "$$STRIPE_SECRET_KEY" ]; then \
		echo "Card payments: Stripe, with the keys from the environment."; \
	else \
		export STRIPE_API_BASE=http://127.0.0.1:$(STRIPE_PORT) \
			STRIPE_JS_URL=http://127.0.0.1:$(STRIPE_PORT)/js.stripe.com/v3/ \
			STRIPE_SECRET_KEY=sk_test_localstripe STRIPE_PUBLISHABLE_KEY=pk_test_localstripe \
			STRIPE_WEBHOOK_SECRET=whsec_localstripe_demo; \
		$(PY) manage.py run_localstripe --port $(STRIPE_PORT) \
			--webhook-url http://127.0.0.1:$(PORT)/stripe/webhook/ \
			--webhook-secret whsec_localstripe_demo & \
		stripe_pid=$$!; trap 'kill $$stripe_pid 2>/dev/null' EXIT INT TERM; \
		echo "Card payments: localstripe on http://127.0.0.1:$(STRIPE_PORT) (offline fake Stripe)."; \
		echo "  Test cards: 4242 4242 4242 4242 is accepted, 4000 0000 0000 0341 is declined."; \
	fi; \
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

test: install browser
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	DJANGO_SETTINGS_MODULE=config.settings.test $(PY) manage.py makemigrations --check --dry-run
	@# Known vulnerabilities in the locked dependencies (PyPI's advisory data) fail the run.
	$(UV) export --frozen --format requirements-txt --no-hashes --no-emit-project --quiet -o .tools/requirements-audit.txt
	$(VENV)/bin/pip-audit -r .tools/requirements-audit.txt --no-deps --disable-pip --vulnerability-service pypi --progress-spinner off
	$(VENV)/bin/pytest $(PYTEST_ARGS)
	@# The embedded SQLite default is a product too: the fuzz and webhook suites again on it.
	rm -f .tools/fuzz.sqlite3
	DATABASE_URL=sqlite:///$(CURDIR)/.tools/fuzz.sqlite3 $(VENV)/bin/pytest -q -p no:cacheprovider \
		tests/security/test_fuzz_crawl.py tests/bookings/test_webhook_property.py tests/security/test_issue13_errors.py

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .
