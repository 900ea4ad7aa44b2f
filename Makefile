# The product's commands. `make run` serves the API on http://localhost:8080/api/, `make test` checks everything.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
# aws-sam-cli (with cfn-lint) lives in its own environment: its pins clash with the layer's pydantic.
SAM_VENV  := .venv-sam
SAM_STAMP := $(SAM_VENV)/.installed
SAM_CLI   := aws-sam-cli==1.170.0

.DEFAULT_GOAL := help
.PHONY: help venv tools run test infra sam-build deploy test-fast lint bench bench-quick admin migrate demo reindex openapi fuzz load clean

help: ## List the commands
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

$(STAMP): requirements-dev.txt layers/common/requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

$(SAM_STAMP):
	$(PYTHON) -m venv $(SAM_VENV)
	$(SAM_VENV)/bin/pip install --quiet --upgrade pip
	$(SAM_VENV)/bin/pip install --quiet "$(SAM_CLI)"
	touch $(SAM_STAMP)

venv: $(STAMP) ## Create the virtual environment with every dependency

tools: $(SAM_STAMP) ## Install aws-sam-cli and cfn-lint into .venv-sam

run: $(STAMP) ## Serve the API on http://localhost:8080/api/ (embedded PostgreSQL, moto S3/SQS) [PORT=8080] [DEMO=1]
	$(PY) -m local.runner $(if $(PORT),--port $(PORT)) $(if $(DEMO),--demo)

openapi: $(STAMP) ## Regenerate docs/openapi.json from the functions and template.yaml
	$(PY) -m local.openapi --output docs/openapi.json

test: $(STAMP) $(SAM_STAMP) ## Run every test: unit, integration, end-to-end, infrastructure
	$(PY) -m pytest tests -n 2 --dist loadfile -q

infra: $(STAMP) $(SAM_STAMP) ## Template checks (cfn-lint), sam build and imports of every built handler
	$(PY) -m pytest tests/infra -q

sam-build: $(STAMP) $(SAM_STAMP) ## sam validate --lint, sam build (no container), import every built handler
	$(PY) scripts/sam_build_check.py

deploy: sam-build ## Deploy with SAM (first time: make deploy GUIDED=1)
	$(SAM_VENV)/bin/sam deploy $(if $(GUIDED),--guided)

test-fast: $(STAMP) ## Unit and integration tests only
	$(PY) -m pytest tests/unit tests/integration -q

lint: $(STAMP) ## Lint and format check
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

migrate: $(STAMP) ## Apply database migrations (local database, or DATABASE_URL)
	$(PY) -m local.manage migrate

admin: $(STAMP) ## Create an administrator: make admin USERNAME=... PASSWORD=... [EMAIL=...]
	$(PY) -m local.manage create-admin --username "$(USERNAME)" $(if $(EMAIL),--email "$(EMAIL)")

demo: $(STAMP) ## Load the demo companies, jobs, skills, users and CVs into the local database
	$(PY) -m local.demo

bench: $(STAMP) ## Run every benchmark at full size (30-40 min), write docs/benchmarks.md and its plots [ONLY=area]
	$(PY) -m bench $(if $(ONLY),--only $(ONLY))

bench-quick: $(STAMP) ## Run every benchmark at small sizes (a few minutes) and write docs/benchmarks.md
	$(PY) -m bench --quick $(if $(ONLY),--only $(ONLY))

reindex: $(STAMP) ## Re-embed every job and CV with the configured embedder [PENDING=1] [ONLY=jobs|cvs]
	$(PY) -m local.reindex $(if $(PENDING),--pending) $(if $(ONLY),--only $(ONLY))

fuzz: $(STAMP) ## Long schemathesis run against a runner, as each role; prints the counts [EXAMPLES=20] [SEED=n]
	$(PY) -m tests.robustness.fuzz $(if $(EXAMPLES),--examples $(EXAMPLES)) $(if $(SEED),--seed $(SEED))

load: $(STAMP) ## Load test on loopback: prints rps, median/p99, errors, peak DB connections [USERS=20] [SECONDS=30]
	$(PY) -m bench.load_test $(if $(USERS),--users $(USERS)) $(if $(SECONDS),--seconds $(SECONDS))

clean: ## Remove the virtual environments, build output and local data
	rm -rf $(VENV) .venv-sam .aws-sam .local
