"""`kg export rdf` and `kg query sparql`: RDF dumps of claims and SPARQL over them."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table
from rich.text import Text

from kg.cli.app import err, export_app, out, query_app
from kg.rdf.export import export_rdf
from kg.rdf.mapping import DEFAULT_BASE
from kg.rdf.sparql import query_sparql, to_csv, to_json


class RdfFormat(str, Enum):
    ttl = "ttl"
    nt = "nt"
    nq = "nq"
    trig = "trig"
    jsonld = "jsonld"


class ResultFormat(str, Enum):
    table = "table"
    csv = "csv"
    json = "json"


def _params(pairs: list[str]) -> dict[str, str]:
    params: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise typer.BadParameter(f"{pair!r} is not name=value, e.g. --param "
                                     "entity=قوات الكرامة", param_hint="--param")
        params[name.strip().lstrip("?")] = value
    return params


def _base_iri(value: str) -> str:
    from kg.validate import check_base_iri

    try:
        return check_base_iri(value)
    except ValueError as exc:  # a usage error: the IRI is refused before any file is read
        raise typer.BadParameter(str(exc)) from None


@export_app.command("rdf")
def export_rdf_command(
    claims: Annotated[Path, typer.Argument(help="The claims.jsonl file to export.")],
    output: Annotated[
        Path, typer.Option("-o", "--output", help="The RDF file to write (e.g. kg.nq).")
    ],
    fmt: Annotated[
        RdfFormat | None,
        typer.Option("--format", "-f",
                     help="ttl, nt, nq, trig or jsonld; inferred from the suffix when omitted. "
                          "nq, trig and jsonld keep one named graph per article."),
    ] = None,
    base: Annotated[
        str, typer.Option("--base", callback=_base_iri,
                          help="Base IRI of entities, articles, claims, statements.")
    ] = DEFAULT_BASE,
) -> None:
    """Export claims as an RDF dump (kg ontology, PROV-O attribution, named graph per article)."""
    path = export_rdf(claims, output, fmt.value if fmt else None, base=base)
    err.print(f"wrote {path}", highlight=False)


@query_app.command("sparql")
def query_sparql_command(
    query: Annotated[
        str, typer.Argument(help="SPARQL text, @file.rq, or a path to a .rq file.")
    ],
    data: Annotated[
        Path,
        typer.Option("--data", "-d",
                     help="An RDF dump (.ttl/.nt/.nq/.trig/.jsonld) or a pyoxigraph store "
                          "directory; a dump is loaded once into <dump>.oxigraph/ and reused."),
    ],
    fmt: Annotated[
        ResultFormat, typer.Option("--format", "-f", help="table, csv or json.")
    ] = ResultFormat.table,
    param: Annotated[
        list[str] | None,
        typer.Option("--param", "-p",
                     help="name=value: sets the query's VALUES ?name { … } block "
                          "(e.g. --param entity=قوات الكرامة); repeatable."),
    ] = None,
) -> None:
    """Answer a SPARQL query over a dump with pyoxigraph (all graphs form the default graph)."""
    result = query_sparql(query, data, params=_params(param or []))
    if fmt is ResultFormat.csv:
        typer.echo(to_csv(result), nl=False)
    elif fmt is ResultFormat.json:
        typer.echo(to_json(result))
    else:
        table = Table(*result.columns)
        for row in result.rows:
            table.add_row(*(Text("" if v is None else str(v)) for v in row))
        out.print(table)
        err.print(f"{len(result.rows)} row(s)", highlight=False)
