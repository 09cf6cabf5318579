# unionflow: `make run` sets up everything and serves the demo; `make test` runs the whole suite.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: install run test lint translations i18n bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test]'
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

install: $(STAMP) translations

translations: $(STAMP)
	@if [ -d web/translations ]; then $(BIN)/pybabel compile -f -d web/translations >/dev/null; fi

i18n: $(STAMP)
	$(BIN)/python -m web.i18n_catalogs

run: install
	$(BIN)/unionflow init
	$(BIN)/unionflow demo
	$(BIN)/unionflow run --host $(HOST) --port $(PORT)

test: install
	$(BIN)/ruff check .
	$(BIN)/unionflow workflow check
	$(BIN)/pytest

lint: install
	$(BIN)/ruff check .

bench: install
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) instance .pytest_cache .ruff_cache .hypothesis
