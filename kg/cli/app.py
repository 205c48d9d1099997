"""The Typer application and its command groups. Command modules register themselves here.

Each command parses arguments, calls one library function and prints; errors are raised as
:class:`kg.errors.KgError` and turned into one line by :func:`main`.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from kg import __version__

app = typer.Typer(
    name="kg",
    help="Turn Arabic news articles into a knowledge graph of actors, places and claims.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
load_app = typer.Typer(
    help="Load claims into a graph database (Neo4j, FalkorDB).", no_args_is_help=True
)
query_app = typer.Typer(help="Query a store with Cypher or SPARQL.", no_args_is_help=True)
export_app = typer.Typer(
    help="Export claims as RDF, HTML views or GraphML/GEXF.", no_args_is_help=True
)
app.add_typer(load_app, name="load")
app.add_typer(query_app, name="query")
app.add_typer(export_app, name="export")

# Options shared by the commands that run the extractor (kg extract, kg build).
GazetteerOption = Annotated[
    list[Path] | None,
    typer.Option("--gazetteer", help="Extra gazetteer file (JSONL); repeatable."),
]
LexiconOption = Annotated[
    list[Path] | None,
    typer.Option("--lexicon", help="Extra predicate/cue lexicon file (JSONL); repeatable."),
]

out = Console(soft_wrap=True)  # stdout: results
err = Console(stderr=True, soft_wrap=True)  # stderr: progress, warnings, errors


def _version(value: bool) -> None:
    if value:
        out.print(f"kg {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version.")
    ] = False,
    debug: Annotated[
        bool, typer.Option("--debug", help="Show the full traceback when something fails.")
    ] = False,
) -> None:
    """kg: Arabic news → knowledge graph."""


def main() -> None:
    """Console entry point: a KgError becomes one line on stderr and exit code 1."""
    from kg.errors import KgError

    try:
        app(prog_name="kg")
    except KgError as exc:
        if "--debug" in sys.argv[1:]:
            raise
        err.print(f"[bold red]kg: error:[/] {exc}", highlight=False, markup=True)
        sys.exit(1)
    except KeyboardInterrupt:
        err.print("kg: interrupted")
        sys.exit(130)
