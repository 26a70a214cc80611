# The two commands of the README: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install migrate demo worker beat lint format bench load e2e clean schema

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

migrate: install
	$(BIN)/python manage.py migrate --noinput

demo: migrate
	$(BIN)/python manage.py seed_demo

run: demo
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

worker: install
	$(BIN)/celery -A portal worker -l info

beat: install
	$(BIN)/celery -A portal beat -l info

test: install
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: install
	$(BIN)/python -m bench $(BENCH_ARGS)

# the committed copy of the API's contract (tests/api/test_schema_valid.py compares them)
# on PostgreSQL, as in production: the integer ranges of model fields come from the backend
schema: install
	@case "$$DATABASE_URL" in postgres*) ;; *) echo "make schema needs DATABASE_URL=postgres://..."; exit 1;; esac
	$(BIN)/python manage.py spectacular --file docs/openapi.yaml --fail-on-warn

clean:
	rm -rf $(VENV) var/db.sqlite3

load: install
	bash bench/load.sh
