# Two commands do everything on a fresh machine with Python 3.11+ and make:
#   make run    create .venv, install, and start the app on the bundled data
#   make test   create .venv, install the test extras, and run the whole suite
# While you work:
#   make check  the suite without the tests marked slow (browsers, the benchmark, 200,000 rows,
#               the largest property tests): under a minute
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
DATA   ?=
# `make run DATA=path/to/folder` starts the app on another data folder.
RUN_ARGS := $(if $(DATA),-- --data "$(DATA)",)

.PHONY: run test check validate bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11+ is needed"'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/streamlit run app.py $(RUN_ARGS)

test: $(STAMP)
	$(BIN)/python -m pytest

check: $(STAMP)
	$(BIN)/python -m pytest -m "not slow"

validate: $(STAMP)
	$(BIN)/pain-atlas validate $(if $(DATA),--data "$(DATA)",)

bench: $(STAMP)
	$(BIN)/pain-atlas bench $(if $(DATA),--data "$(DATA)",)

clean:
	rm -rf $(VENV) artifacts .pytest_cache
