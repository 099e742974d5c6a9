"""The ``kgraph`` command: a thin layer over the Python API.

Library errors become one line on stderr and a non-zero exit status, here and only here.
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from kgraph.errors import KgraphError, UsageError

__all__ = ["main"]

EXIT_CODES = """exit status:
  0  success (also when some inputs were skipped; they are listed in report.json)
  1  nothing usable could be built (no input could be read, a vocabulary is broken)
  2  a wrong argument or option (a missing path, a bad query)"""


def _build(args: argparse.Namespace) -> int:
    from kgraph.pipeline import build, write_outputs

    kg = build(args.paths or ["seeds"], spacy_model=args.spacy_model, base_iri=args.base_iri,
               vocab=args.vocab)
    report = write_outputs(kg, args.output)
    for skip in report["skipped"]:
        print(f"kgraph: skipped {skip['file']}: {skip['reason']}", file=sys.stderr)
    if not args.quiet:
        counts = ", ".join(f"{n} {k}" for k, n in report["counts"].items())
        print(f"{report['documents']} documents, {len(report['skipped'])} skipped, "
              f"{report['triples']} triples ({counts})")
        out = Path(args.output)
        print(f"wrote {out / 'graph.ttl'}, {out / 'graph.html'}, {out / 'report.json'}")
    return 0


def _query(args: argparse.Namespace) -> int:
    from kgraph.query import format_result, run_query

    if (args.query is None) == (args.file is None):
        raise UsageError("give a query or -f FILE.rq, not both or neither")
    if args.file is not None:
        try:
            text = Path(args.file).read_text(encoding="utf-8")
        except OSError as exc:
            raise UsageError(f"cannot read query file {args.file}: {exc.strerror}") from None
    else:
        text = args.query
    sys.stdout.write(format_result(run_query(args.graph, text), args.format))
    return 0


def _parser() -> argparse.ArgumentParser:
    from kgraph.ids import DEFAULT_BASE_IRI
    from kgraph.query import FORMATS

    parser = argparse.ArgumentParser(
        prog="kgraph", description="Build a knowledge graph from a folder of documents.",
        epilog=EXIT_CODES, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"kgraph {_version()}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    build = commands.add_parser(
        "build", help="read documents and write graph.ttl, graph.html and report.json",
        description="Read documents (.txt and .md, their kind told by content) and write "
                    "graph.ttl, graph.html and report.json.",
        epilog=EXIT_CODES, formatter_class=argparse.RawDescriptionHelpFormatter)
    build.add_argument("paths", nargs="*", metavar="PATH",
                       help="files or folders to read (default: seeds/)")
    build.add_argument("-o", "--output", default="output", metavar="DIR",
                       help="folder to write into (default: output/)")
    build.add_argument("--spacy-model", metavar="NAME",
                       help="an installed trained spaCy pipeline whose ORG entities add to the "
                            "rules (default: none, spacy.blank('en') with kgraph's components)")
    build.add_argument("--vocab", metavar="DIR",
                       help="folder of SKOS vocabularies (*.ttl) to use instead of ontology/vocab")
    build.add_argument("--base-iri", default=DEFAULT_BASE_IRI, metavar="IRI",
                       help=f"namespace of the graph's own IRIs (default: {DEFAULT_BASE_IRI})")
    build.add_argument("-q", "--quiet", action="store_true", help="print nothing on success")
    build.set_defaults(func=_build)

    query = commands.add_parser(
        "query", help="run a SPARQL query over a graph.ttl",
        description="Run a SPARQL SELECT or ASK query over a Turtle file and print the rows.",
        epilog=EXIT_CODES, formatter_class=argparse.RawDescriptionHelpFormatter)
    query.add_argument("graph", metavar="GRAPH.ttl", help="the graph to query")
    query.add_argument("query", nargs="?", metavar="QUERY", help="the SPARQL query text")
    query.add_argument("-f", "--file", metavar="FILE.rq", help="read the query from a file")
    query.add_argument("--format", choices=FORMATS, default="table",
                       help="output format (default: table)")
    query.set_defaults(func=_query)
    return parser


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("kgraph")
    except PackageNotFoundError:
        return "unknown"


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    logging.basicConfig(level=logging.WARNING, format="kgraph: %(message)s")
    args = _parser().parse_args(argv)
    try:
        return args.func(args)
    except KgraphError as exc:
        print(f"kgraph: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("kgraph: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
