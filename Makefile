# Two commands do everything on a fresh machine:
#   make run    set up .venv, build the data if needed, start the dashboard
#   make test   set up .venv (with test tools), build the data, run every test
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8501
PROCESSED := data/processed/CURRENT
DATA_INPUTS := $(shell find data/raw data/reference geo -type f -not -name '*.pyc' 2>/dev/null)

.PHONY: run test build refresh bench clean

run: $(VENV)/.runtime $(PROCESSED)
	UNESCO_ATLAS_REBUILD=on $(BIN)/streamlit run dashboard.py --server.port $(PORT)

test: $(VENV)/.dev $(PROCESSED)
	$(BIN)/python -m pytest

build: $(VENV)/.runtime
	$(BIN)/python -m geo build

refresh: $(VENV)/.runtime
	$(BIN)/python -m geo refresh

bench: $(VENV)/.dev $(PROCESSED)
	$(BIN)/python -m bench

$(PROCESSED): $(DATA_INPUTS) | $(VENV)/.runtime
	$(BIN)/python -m geo build

$(VENV)/.runtime: requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: requirements-dev.txt $(VENV)/.runtime
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $@

clean:
	rm -rf $(VENV) data/processed
