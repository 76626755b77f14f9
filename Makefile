# Borgernet: `make run` to try it, `make test` to test it. Both set everything up first.
PYTHON ?= python3
PYTEST_WORKERS ?= 2
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app wsgi
DEPS_STAMP := $(VENV)/.stamp-deps
NODE_STAMP := node_modules/.stamp-ci
STATIC_STAMP := static/vendor/.stamp-build
# The static build purges the design system's CSS against the templates and the app's Python,
# and precompresses static/: it runs again whenever one of them changed.
STATIC_INPUTS := $(shell find templates app static/css static/js static/img -type f \
	\( -name '*.html' -o -name '*.py' -o -name '*.css' -o -name '*.js' -o -name '*.svg' \) 2>/dev/null)
PO_FILES := $(wildcard translations/*/LC_MESSAGES/messages.po)
MO_FILES := $(PO_FILES:.po=.mo)

.PHONY: run test setup db demo messages lint clean

run: setup db demo
	$(FLASK) run --host 127.0.0.1 --port 5000

test: setup
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS) --dist loadfile $(PYTEST_ARGS)

setup: $(DEPS_STAMP) $(STATIC_STAMP) $(MO_FILES)

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(DEPS_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $@

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

$(STATIC_STAMP): $(NODE_STAMP) $(DEPS_STAMP) scripts/build_static.py purgecss.config.cjs $(STATIC_INPUTS)
	$(BIN)/python scripts/build_static.py
	touch $@

translations/%/LC_MESSAGES/messages.mo: translations/%/LC_MESSAGES/messages.po $(DEPS_STAMP)
	$(BIN)/pybabel compile --use-fuzzy -i $< -o $@

db: setup
	$(FLASK) db upgrade

demo: db
	$(FLASK) seed-demo

# Extract new strings into the catalogues (then translate translations/en/.../messages.po).
messages: $(DEPS_STAMP)
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext -k stored_danish -o translations/messages.pot .
	$(BIN)/pybabel update -i translations/messages.pot -d translations --no-fuzzy-matching

lint: $(DEPS_STAMP)
	$(BIN)/ruff check app tests bench

clean:
	rm -rf $(VENV) node_modules static/vendor instance/*.sqlite translations/*/LC_MESSAGES/*.mo
	find static -name '*.br' -delete -o -name '*.gz' -delete

# Benchmarks and the reliability drill (PostgreSQL, wrk; minutes, not part of `make test`).
.PHONY: bench drill
bench: setup
	bash bench/run.sh

drill: setup
	bash bench/drill.sh
