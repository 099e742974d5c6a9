"""Start-up: the command line loads only what the command it runs needs."""

from __future__ import annotations

import subprocess
import sys

import pytest

from kgraph.cli import _parser


def test_importing_the_command_line_loads_no_graph_or_nlp_library():
    code = ("import sys, kgraph.cli\n"
            "heavy = {'networkx', 'rdflib', 'spacy', 'pyoxigraph', 'yaml'} & set(sys.modules)\n"
            "assert not heavy, heavy")
    subprocess.run([sys.executable, "-c", code], check=True)


@pytest.mark.parametrize("argv", [
    ["build"], ["build", "a", "b", "-o", "out", "--workers", "2", "--format", "ttl,nt", "-q"],
    ["query", "g.ttl", "SELECT * {}", "--format", "csv"], ["query", "--list"],
    ["validate", "g.ttl", "--shapes", "s.ttl"], ["serve", "g.ttl", "--port", "0"],
])
def test_a_parser_for_one_command_reads_it_as_the_full_parser_does(argv):
    assert vars(_parser(argv[0]).parse_args(argv)) == vars(_parser().parse_args(argv))
