"""The ``kgraph`` command: a thin layer over the Python API.

Library errors become one line on stderr and a non-zero exit status, here and only here.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path
from typing import Any, NoReturn

from kgraph import _config
from kgraph.cli_types import Parser, formats, non_negative, port, positive, seconds
from kgraph.errors import KgraphError, UsageError

__all__ = ["main"]

_EXIT = "exit status:\n"
EXIT_CODES = {
    "kgraph": _EXIT + """  0  success
  1  the command could not do its work (see each command's --help)
  2  a wrong argument or option""",
    "build": _EXIT + """  0  success (also when some inputs were skipped; they are listed in report.json)
  1  nothing usable could be built (no input could be read, a vocabulary is missing,
     empty or broken, a worker process ended)
  2  a wrong argument or option (a missing path, an output folder that cannot be written)""",
    "query": _EXIT + """  0  the rows (or the ASK answer) were printed
  2  a wrong argument or option (a missing or unreadable graph, a query that does not
     parse or is not a SELECT or ASK, an unknown named query)""",
    "validate": _EXIT + """  0  the graph conforms to the shapes
  1  the graph does not conform (the violations are printed)
  2  a wrong argument or option (a missing or unreadable graph or shapes file, pySHACL
     not installed)""",
    "serve": _EXIT + """  0  stopped by Ctrl-C or kill
  2  a wrong argument or option (a missing or unreadable graph, a port out of range or
     taken, a timeout or row cap that is not above 0)""",
    "evaluate": _EXIT + """  0  the scores were printed
  2  a wrong argument or option (a missing or unreadable graph, a gold file that is not
     in the README's format)""",
}


def _build(args: argparse.Namespace) -> int:
    from kgraph.pipeline import build, write_outputs

    if not args.paths and not Path("seeds").is_dir():
        raise UsageError("give the files or folders to read: kgraph build PATH... "
                         "(the default, seeds/, is not in this folder)")
    _writable_folder(args.output)
    root = logging.getLogger()
    level = root.level
    if args.quiet:  # warnings (Dask's logging too) go; errors still show
        root.setLevel(logging.ERROR)
    try:
        kg = build(args.paths or ["seeds"], spacy_model=args.spacy_model,
                   base_iri=args.base_iri, vocab=args.vocab, workers=args.workers,
                   max_file_size=args.max_file_size,
                   cache=None if args.no_cache else Path(args.output) / _config.CACHE_FILE,
                   progress=not args.quiet and sys.stderr.isatty(), engine=args.engine,
                   scheduler=args.scheduler, batch_size=args.batch_size,
                   exclude=[args.output])
    finally:
        root.setLevel(level)
    report = write_outputs(kg, args.output, formats=args.format, max_nodes=args.max_nodes)
    _tell([f"skipped {s['file']}: {s['reason']}" for s in report["skipped"]], "skipped")
    if not args.quiet:
        _tell([f"note: {n['file']}: {n['note']}" for n in report["notes"]], "notes")
        counts = ", ".join(f"{n} {k}" for k, n in report["counts"].items())
        print(f"{report['documents']} documents, {len(report['skipped'])} skipped, "
              f"{report['triples']} triples ({counts})")
        out = Path(args.output)
        files = [out / f"graph.{name}" for name in args.format] + [out / "report.json"]
        print(f"wrote {', '.join(map(str, files))}")
    return 0


def _writable_folder(folder: str) -> None:
    """Make the output folder (as the build would) and write in it, before any work."""
    import tempfile

    path = Path(folder)
    if path.exists() and not path.is_dir():
        raise UsageError(f"output {folder} is a file, not a folder (-o DIR)")
    try:
        path.mkdir(parents=True, exist_ok=True)
        tempfile.TemporaryFile(dir=path).close()
    except OSError as exc:
        raise UsageError(f"cannot write in the output folder {folder}: "
                         f"{exc.strerror or exc}") from None


def _tell(lines: list[str], what: str, most: int = 20) -> None:
    """Lines on stderr, at most ``most`` of them: report.json has them all."""
    for line in lines[:most]:
        print(f"kgraph: {line}", file=sys.stderr)
    if len(lines) > most:
        print(f"kgraph: ... and {len(lines) - most} more {what} (see report.json)", file=sys.stderr)


def _query(args: argparse.Namespace) -> int:
    from kgraph.query import format_result, named_queries, named_query, parse_binding, run_query

    if args.list:
        for q in named_queries():
            params = " ".join(f"[--bind {var}=...]" for var, _ in q.params)
            print(f"{q.name}  {params}".rstrip() + f"\n    {q.description}")
        return 0
    if args.graph is None:
        raise UsageError("give the graph to query: kgraph query GRAPH.ttl ...")
    if sum(x is not None for x in (args.query, args.file, args.name)) != 1:
        raise UsageError("give one of a query, -f FILE.rq or -n NAME (see --list)")
    bindings = dict(parse_binding(b) for b in args.bind)
    if args.name is not None:
        named = named_query(args.name)
        unknown = set(bindings) - {var for var, _ in named.params}
        if unknown:
            takes = ", ".join(f"?{var}" for var, _ in named.params) or "none"
            raise UsageError(f"query {named.name} has no parameter ?{min(unknown)} "
                             f"(its parameters: {takes})")
        text = named.text
    elif args.file is not None:
        try:
            text = Path(args.file).read_text(encoding="utf-8")
        except OSError as exc:
            raise UsageError(f"cannot read query file {args.file}: {exc.strerror}") from None
    else:
        text = args.query
    sys.stdout.write(format_result(run_query(args.graph, text, bindings=bindings), args.format))
    return 0


def _validate(args: argparse.Namespace) -> int:
    from kgraph.validate import validate

    report = validate(args.graph, shapes=args.shapes)
    if not report.conforms:
        sys.stdout.write(report.text)
        print(f"kgraph: {args.graph} does not conform: {report.summary}", file=sys.stderr)
        return 1
    if not args.quiet:
        print(f"{args.graph} conforms to {args.shapes or 'ontology/shapes.ttl'}")
    return 0


def _serve(args: argparse.Namespace) -> int:
    from kgraph.serve import serve

    serve(args.graph, host=args.host, port=args.port, timeout=args.timeout,
          max_rows=args.max_rows, log=lambda line: print(line, file=sys.stderr, flush=True))
    return 0


def _evaluate(args: argparse.Namespace) -> int:
    from kgraph.evaluate import evaluate, format_scores

    sys.stdout.write(format_scores(evaluate(args.graph, *args.gold), show_errors=args.show_errors))
    return 0


def _command(commands: Any, name: str, summary: str, description: str) -> argparse.ArgumentParser:
    """A subcommand with its one-line summary, description and its exit statuses."""
    parser: argparse.ArgumentParser = commands.add_parser(
        name, help=summary, description=description, epilog=EXIT_CODES[name],
        formatter_class=argparse.RawDescriptionHelpFormatter)
    return parser


def _parser() -> argparse.ArgumentParser:
    """The parser of the command line: every subcommand, with its options and help."""
    parser = Parser(
        prog="kgraph", description="Build a knowledge graph from a folder of documents.",
        epilog=EXIT_CODES["kgraph"], formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"kgraph {_version()}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True,
                                     parser_class=Parser)
    for add in (_add_build, _add_query, _add_validate, _add_serve, _add_evaluate):
        add(commands)
    return parser


def _add_build(commands: Any) -> None:
    build = _command(
        commands, "build", "read documents and write graph.ttl, graph.html and report.json",
        "Read documents (.txt and .md, their kind told by content) and write "
        "graph.ttl, graph.html and report.json.")
    build.add_argument("paths", nargs="*", metavar="PATH",
                       help="files or folders to read (default: seeds/)")
    build.add_argument("-o", "--output", default=_config.OUTPUT_DIR, metavar="DIR",
                       help="folder to write into (default: output/)")
    build.add_argument("--spacy-model", metavar="NAME",
                       help="an installed trained spaCy pipeline whose ORG entities add to the "
                            "rules (default: none, spacy.blank('en') with kgraph's components)")
    build.add_argument("--vocab", metavar="DIR",
                       help="folder of SKOS vocabularies (*.ttl) to use instead of ontology/vocab")
    build.add_argument("--base-iri", default=_config.BASE_IRI, metavar="IRI",
                       help=f"namespace of the graph's own IRIs (default: {_config.BASE_IRI})")
    build.add_argument("--format", type=formats, default=_config.DEFAULT_FORMATS,
                       metavar="LIST",
                       help=f"comma-separated output formats: {', '.join(_config.FORMATS)} "
                            f"(default: {','.join(_config.DEFAULT_FORMATS)})")
    build.add_argument("--workers", type=positive, metavar="N",
                       help="processes for reading and extraction (default: all cores); "
                            "any number gives the same graph")
    build.add_argument("--max-file-size", type=positive, default=_config.MAX_FILE_SIZE,
                       metavar="BYTES", help="skip (and report) larger files "
                                             f"(default: {_config.MAX_FILE_SIZE:,})")
    build.add_argument("--max-nodes", type=non_negative, metavar="N",
                       help="node budget of graph.html; above it the most connected nodes are "
                            f"shown (default: {_config.MAX_NODES}; 0: no limit)")
    build.add_argument("--engine", choices=("local", "dask"), default="local",
                       help="where ingest and extraction run: local worker processes, or a "
                            "Dask cluster (needs the dask extra) (default: local)")
    build.add_argument("--scheduler", metavar="ADDRESS",
                       help="with --engine dask: a running scheduler (tcp://host:8786); "
                            "default: a local cluster of --workers processes")
    build.add_argument("--batch-size", type=positive, default=_config.BATCH_SIZE, metavar="N",
                       help="files per batch given to a worker and per cache transaction "
                            f"(default: {_config.BATCH_SIZE}); any size gives the same graph")
    build.add_argument("--no-cache", action="store_true",
                       help=f"extract every file again instead of reusing DIR/{_config.CACHE_FILE}")
    build.add_argument("-q", "--quiet", action="store_true",
                       help="no summary, notes or progress bar (skipped files are still "
                            "reported: something was not read)")
    build.set_defaults(func=_build)


def _add_query(commands: Any) -> None:
    query = _command(
        commands, "query", "run a SPARQL query over a graph.ttl",
        "Run a SPARQL SELECT or ASK query over a Turtle file and print the rows. "
        "The query is given inline, read from a file (-f) or named (-n; see --list). "
        "Options may come before or after the query.")
    from kgraph.query import FORMATS

    query.add_argument("graph", nargs="?", metavar="GRAPH.ttl", help="the graph to query")
    query.add_argument("query", nargs="?", metavar="QUERY", help="the SPARQL query text")
    query.add_argument("-f", "--file", metavar="FILE.rq", help="read the query from a file")
    query.add_argument("-n", "--name", metavar="NAME", help="run a named query (see --list)")
    query.add_argument("--bind", action="append", default=[], metavar="VAR=VALUE",
                       help="fix a variable before the query runs; <...> binds an IRI, "
                            "anything else a string (repeatable)")
    query.add_argument("--list", action="store_true", help="list the named queries and exit")
    query.add_argument("--format", choices=FORMATS, default="table",
                       help="output format (default: table)")
    query.set_defaults(func=_query)


def _add_validate(commands: Any) -> None:
    validate = _command(
        commands, "validate", "check a graph.ttl against the SHACL shapes (needs kgraph[sparql])",
        "Check a graph against ontology/shapes.ttl with pySHACL; print the "
        "violations and exit 1 when a shape fails.")
    validate.add_argument("graph", metavar="GRAPH.ttl", help="the graph to check")
    validate.add_argument("--shapes", metavar="SHAPES.ttl",
                          help="SHACL shapes to use instead of ontology/shapes.ttl")
    validate.add_argument("-q", "--quiet", action="store_true", help="print nothing on success")
    validate.set_defaults(func=_validate)


def _add_serve(commands: Any) -> None:
    serve = _command(
        commands, "serve", "a read-only SPARQL endpoint over a graph.ttl",
        "Serve a graph at http://HOST:PORT/sparql (SPARQL 1.1 Protocol, queries "
        "only) until interrupted.")
    from kgraph.serve import DEFAULT_MAX_ROWS, DEFAULT_PORT, DEFAULT_TIMEOUT

    serve.add_argument("graph", metavar="GRAPH.ttl", help="the graph to serve")
    serve.add_argument("--host", default="127.0.0.1",
                       help="address to bind (default: 127.0.0.1, this machine only)")
    serve.add_argument("--port", type=port, default=DEFAULT_PORT,
                       help=f"port to listen on, 0 for any free one (default: {DEFAULT_PORT})")
    serve.add_argument("--timeout", type=seconds, default=DEFAULT_TIMEOUT, metavar="SECONDS",
                       help=f"stop a query after this long (default: {DEFAULT_TIMEOUT:g})")
    serve.add_argument("--max-rows", type=positive, default=DEFAULT_MAX_ROWS, metavar="N",
                       help=f"refuse results longer than this (default: {DEFAULT_MAX_ROWS})")
    serve.set_defaults(func=_serve)


def _add_evaluate(commands: Any) -> None:
    evaluate = _command(
        commands, "evaluate", "measure a graph.ttl against hand-labelled gold entities and relations",
        "Print precision, recall and F1 of the graph's entities (per class, overall, and the "
        "macro F1 of Specialty, Technique and Organization) and relations (per relation, "
        "overall and macro) against gold files in the README's format.")
    evaluate.add_argument("graph", metavar="GRAPH.ttl", help="the graph to measure")
    evaluate.add_argument("gold", nargs="+", metavar="GOLD.json",
                          help="gold labels: entities, relations or both (several files merge)")
    evaluate.add_argument("--show-errors", action="store_true",
                          help="first list each missed and extra entity and relation")
    evaluate.set_defaults(func=_evaluate)


def _version() -> str:
    from kgraph.resources import version

    return version()


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    logging.basicConfig(level=logging.WARNING, format="kgraph: %(message)s")
    argv = sys.argv[1:] if argv is None else argv
    args = _parser().parse_args(argv)  # SystemExit for --help, --version, a wrong argument
    try:
        return args.func(args)
    except KgraphError as exc:
        print(f"kgraph: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("kgraph: interrupted", file=sys.stderr)
        return 130


def run() -> NoReturn:
    """The ``kgraph`` program: :func:`main`, then a quick exit.

    A build leaves its graph in memory, and freeing it object by object at interpreter exit
    takes a share of a large build's time for nothing: the process is ending. Every output
    file is closed by now; standard streams and logging are flushed before leaving.
    """
    code = main()
    sys.stdout.flush()
    sys.stderr.flush()
    logging.shutdown()
    os._exit(code)


if __name__ == "__main__":
    run()
