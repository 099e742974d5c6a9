# Two commands on a fresh machine with only Python 3.11+:
#   make build   set up .venv and build seeds/ into output/
#   make test    set up .venv (with the test extra) and run the test suite
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: build test setup clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

setup: $(STAMP)

build: $(STAMP)
	$(BIN)/kgraph build seeds -o output

test: $(STAMP)
	$(BIN)/python -m pytest

clean:
	rm -rf $(VENV) output/graph.ttl output/graph.html output/report.json
