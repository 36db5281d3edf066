# Two commands do everything on a fresh machine:
#   make run    set up .venv, build the data if needed, start the dashboard
#   make test   set up .venv (with test tools), build the data, run every test
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8501
PROCESSED := data/processed/CURRENT
# The data is rebuilt when the raw data, the build (geo/build/) or what it shares with the app
# changes: editing a chart or a page does not rebuild it.
BUILD_SHARED := geo/schema.py geo/store.py geo/basemap.py geo/iso.py geo/text.py geo/paths.py geo/files.py
DATA_INPUTS := $(shell find data/raw data/reference geo/build -type f -not -name '*.pyc' 2>/dev/null) $(BUILD_SHARED)

# The interface's translations: gettext catalogues (Babel), compiled at set-up.
CATALOGUES := $(wildcard locale/*/LC_MESSAGES/messages.po)
COMPILED := $(CATALOGUES:.po=.mo)

.PHONY: run test test-fast lint lock build refresh bench clean i18n

run: $(VENV)/.runtime $(PROCESSED) $(COMPILED)
	UNESCO_ATLAS_REBUILD=on $(BIN)/streamlit run serve.py --server.port $(PORT)

test: $(VENV)/.dev $(PROCESSED) $(COMPILED)
	$(BIN)/python -m pytest

# Unit and page (AppTest) tests only: no browser, no server (a minute or two).
test-fast: $(VENV)/.dev $(PROCESSED) $(COMPILED)
	$(BIN)/python -m pytest tests/unit tests/app -m "not e2e"

lint: $(VENV)/.dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

# Pin every package with its hashes from requirements*.txt (needs the package index).
lock: $(VENV)/.dev
	$(BIN)/pip-compile --quiet --generate-hashes --strip-extras --allow-unsafe --no-emit-index-url \
		--no-emit-find-links -o requirements.lock requirements.txt
	$(BIN)/pip-compile --quiet --generate-hashes --strip-extras --allow-unsafe --no-emit-index-url \
		--no-emit-find-links -o requirements-dev.lock requirements-dev.txt

# Extract every interface text of geo/labels.py again and merge it into each language's catalogue
# (new texts arrive untranslated: the catalogue tests then say which).
i18n: $(VENV)/.runtime
	$(BIN)/pybabel extract -F babel.cfg -k N_ -k P_:1,2 --no-default-keywords --omit-header --no-location \
		-o locale/messages.pot .
	$(BIN)/pybabel update -i locale/messages.pot -d locale -D messages --no-fuzzy-matching --ignore-obsolete

locale/%/LC_MESSAGES/messages.mo: locale/%/LC_MESSAGES/messages.po | $(VENV)/.runtime
	$(BIN)/pybabel compile -i $< -o $@

build: $(VENV)/.runtime
	$(BIN)/python -m geo build

refresh: $(VENV)/.runtime
	$(BIN)/python -m geo refresh

bench: $(VENV)/.dev $(PROCESSED) $(COMPILED)
	$(BIN)/python -m bench

$(PROCESSED): $(DATA_INPUTS) | $(VENV)/.runtime
	$(BIN)/python -m geo build

$(VENV)/.runtime: requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements.lock
	touch $@

$(VENV)/.dev: requirements-dev.lock $(VENV)/.runtime
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements-dev.lock
	touch $@

clean:
	rm -rf $(VENV) data/processed
