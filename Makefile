# The product's commands. `make run` serves the API on http://localhost:8080/api/, `make test` checks everything.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.DEFAULT_GOAL := help
.PHONY: help venv run test test-fast unit integration e2e infra lint bench admin migrate demo reindex openapi fuzz clean

help: ## List the commands
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(STAMP): requirements-dev.txt layers/common/requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

venv: $(STAMP) ## Create the virtual environment with every dependency

run: $(STAMP) ## Serve the API on http://localhost:8080/api/ (embedded PostgreSQL, moto S3/SQS)
	$(PY) -m local.runner $(if $(DEMO),--demo)

test: $(STAMP) ## Run every test: unit, integration, end-to-end, infrastructure
	$(PY) -m pytest tests -n 2 --dist loadgroup -q

test-fast: $(STAMP) ## Unit and integration tests only
	$(PY) -m pytest tests/unit tests/integration -q

lint: $(STAMP) ## Lint and format check
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

migrate: $(STAMP) ## Apply database migrations (local database, or DATABASE_URL)
	$(PY) -m local.manage migrate

admin: $(STAMP) ## Create an administrator: make admin USERNAME=... PASSWORD=... [EMAIL=...]
	$(PY) -m local.manage create-admin --username "$(USERNAME)" $(if $(EMAIL),--email "$(EMAIL)")

bench: $(STAMP) ## Run the benchmarks and print their numbers
	$(PY) -m bench

clean: ## Remove the virtual environments, build output and local data
	rm -rf $(VENV) .venv-sam .aws-sam .local
