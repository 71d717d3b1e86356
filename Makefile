# Two commands on a fresh machine: `make run` and `make test`. Everything else is optional.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
LMS := $(BIN)/lms

.PHONY: run serve test lint format translations check-python clean

check-python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "Python 3.11 or newer is needed (found: $$($(PYTHON) --version))."; exit 1; }

$(BIN)/activate: | check-python
	$(PYTHON) -m venv $(VENV)

# The stamp is rebuilt whenever pyproject.toml changes, so dependencies stay current.
$(VENV)/.installed: pyproject.toml | $(BIN)/activate
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $@

translations: $(VENV)/.installed
	@$(LMS) translate compile

run: $(VENV)/.installed translations
	$(LMS) db upgrade
	$(LMS) demo load
	@echo "Serving http://127.0.0.1:5000 (Ctrl+C to stop)"
	$(LMS) run --host 127.0.0.1 --port 5000

# Production: gunicorn, settings from the environment (see "Production" in the README).
serve: $(VENV)/.installed translations
	$(LMS) db upgrade
	$(BIN)/gunicorn --config python:lms.gunicorn_conf lms.wsgi:app

lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format: $(VENV)/.installed
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# The suite runs on SQLite, then again on PostgreSQL when TEST_DATABASE_URL is set.
# Test-only tools from the npm registry (axe-core, the Nu Html Checker), pinned by package-lock.json.
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

test: $(VENV)/.installed node_modules/.installed translations lint
	$(BIN)/pytest
	@if [ -n "$$TEST_DATABASE_URL" ]; then \
		echo "Again on PostgreSQL ($$TEST_DATABASE_URL)"; \
		LMS_TEST_DATABASE=postgresql $(BIN)/pytest; \
	fi

clean:
	rm -rf $(VENV) node_modules .pytest_cache .ruff_cache test-output
