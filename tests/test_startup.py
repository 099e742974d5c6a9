"""Start-up: importing the command line loads no heavy library."""

from __future__ import annotations

import subprocess
import sys

import pytest

from kgraph.cli import main


def test_importing_the_command_line_loads_no_graph_or_nlp_library():
    code = ("import sys, kgraph.cli\n"
            "heavy = {'networkx', 'rdflib', 'spacy', 'pyoxigraph', 'yaml'} & set(sys.modules)\n"
            "assert not heavy, heavy")
    subprocess.run([sys.executable, "-c", code], check=True)


def test_the_help_lists_every_command(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["--help"])
    assert exit_info.value.code == 0
    listed = capsys.readouterr().out
    assert all(f"    {name} " in listed for name in ("build", "query", "validate", "serve"))
