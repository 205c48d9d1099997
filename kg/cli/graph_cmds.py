"""`kg stats`, `kg load neo4j|falkordb` and `kg query cypher`: thin wrappers over kg.stores."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from kg.cli.app import app, err, load_app, out, query_app
from kg.stores import DEFAULT_DATA_DIR, DEFAULT_GRAPH, FORMATS, LoadReport, QueryResult

ClaimsArg = Annotated[Path, typer.Argument(help="A claims.jsonl file (the output of kg extract).",
                                           show_default=False)]
BatchOpt = Annotated[int, typer.Option("--batch-size", min=1,
                                       help="Rows per UNWIND statement.")]


def _report(report: LoadReport, where: str) -> None:
    out.print(f"loaded {report.claims} claims ({report.statements} statements) into {where} "
              f"in {report.queries} statements: the graph now has {report.nodes} nodes and "
              f"{report.edges} edges", highlight=False)


@app.command("stats")
def stats(
    claims: ClaimsArg,
    top: Annotated[int, typer.Option("--top", min=1, help="How many rows per ranking.")] = 10,
) -> None:
    """Counts, the most central actors, the most corroborated and the contested statements
    and events."""
    from kg.analytics import file_summary

    s = file_summary(claims, top)
    out.print(f"{s.claims} claims · {s.statements} statements ({s.single_source} single-source) · "
              f"{s.entities} entities ({s.actors} actors, {s.places} places) · "
              f"{s.articles} articles · outlets: {', '.join(s.outlets) or '-'}", highlight=False)
    rel = Table(title="Claims by relation type")
    rel.add_column("relation")
    rel.add_column("claims", justify="right")
    for name, n in s.relations.items():
        rel.add_row(name, str(n))
    out.print(rel)
    central = Table(title="Most central actors")
    for col in ("actor", "claims", "statements", "degree centrality"):
        central.add_column(col)
    for c in s.central:
        central.add_row(c.name, str(c.claims), str(c.degree), f"{c.centrality:.3f}")
    out.print(central)
    for title, statements in (("Most corroborated statements", s.corroborated),
                              ("Contested statements", s.contested)):
        t = Table(title=title)
        for col in ("subject", "relation", "object", "claims", "articles", "outlets", "sides"):
            t.add_column(col)
        for st in statements:
            t.add_row(st.subject.name, f"{st.relation.value} ({'، '.join(st.labels)})",
                      st.object.name, str(st.n_claims), str(st.n_articles),
                      ", ".join(st.outlets), ", ".join(st.sides))
        if not statements:
            t.add_row("(none)", "", "", "", "", "", "")
        out.print(t)
    t = Table(title=f"Contested events (of {s.events} events)")
    for col in ("date", "event", "place", "blamed", "why", "outlets"):
        t.add_column(col)
    for e in s.contested_events or []:
        t.add_row(e.date or "", f"{e.type.value} ({'، '.join(e.labels)})",
                  e.place.name if e.place else "", "، ".join(a.name for a in e.blamed),
                  ", ".join(e.contested_why), ", ".join(e.outlets))
    if not s.contested_events:
        t.add_row("(none)", "", "", "", "", "")
    out.print(t)
    matrix = Table(title="Who acts on whom (claims, by relation type)")
    for col in ("relation", "subject", "objects"):
        matrix.add_column(col)
    for relation, rows in s.matrix.items():
        for subject, objects in rows.items():
            matrix.add_row(relation.value, subject,
                           ", ".join(f"{o} ({n})" for o, n in objects.items()))
    out.print(matrix)


@load_app.command("neo4j")
def load_neo4j_cmd(
    claims: ClaimsArg,
    uri: Annotated[str, typer.Option("--uri", help="Bolt URI of the Neo4j server.")]
    = "bolt://localhost:7687",
    user: Annotated[str, typer.Option("--user", help="Neo4j user name.")] = "neo4j",
    database: Annotated[str, typer.Option("--database", help="Neo4j database name.")] = "neo4j",
    batch_size: BatchOpt = 1000,
) -> None:
    """Load claims into Neo4j (password from NEO4J_PASSWORD): constraints, then batched MERGE."""
    from kg.stores.neo4j_store import PASSWORD_ENV, load_neo4j

    report = load_neo4j(claims, uri=uri, user=user, password=os.environ.get(PASSWORD_ENV),
                        database=database, batch_size=batch_size)
    _report(report, f"Neo4j {uri} (database {database})")


HostOpt = Annotated[str | None, typer.Option(
    "--host", help="Use the FalkorDB server on this host instead of the embedded one.")]
PortOpt = Annotated[int | None, typer.Option("--port", help="Port of that FalkorDB server.")]
DataDirOpt = Annotated[Path, typer.Option(
    "--data-dir", help="Data directory of the embedded FalkorDB server (started and stopped "
                       "as needed).")]
GraphOpt = Annotated[str, typer.Option("--graph", help="FalkorDB graph name.")]


@load_app.command("falkordb")
def load_falkordb_cmd(
    claims: ClaimsArg,
    host: HostOpt = None,
    port: PortOpt = None,
    data_dir: DataDirOpt = DEFAULT_DATA_DIR,
    graph: GraphOpt = DEFAULT_GRAPH,
    batch_size: BatchOpt = 1000,
) -> None:
    """Load claims into FalkorDB: the embedded server on --data-dir, or --host/--port."""
    from kg.stores.falkordb_store import load_falkordb

    report = load_falkordb(claims, host=host, port=port, data_dir=data_dir, graph=graph,
                           batch_size=batch_size)
    where = f"{host or 'localhost'}:{port or 6379}" if host or port else str(data_dir)
    _report(report, f"FalkorDB graph {graph!r} ({where})")


def _params(pairs: list[str]) -> dict[str, Any]:
    params: dict[str, Any] = {}
    for pair in pairs:
        name, sep, raw = pair.partition("=")
        if not sep or not name.strip():
            raise typer.BadParameter(f"{pair!r} is not name=value, e.g. --param "
                                     "entity=قوات الكرامة or --param limit=5",
                                     param_hint="--param")
        try:
            params[name.strip()] = json.loads(raw)
        except ValueError:
            params[name.strip()] = raw
    return params


def _print(result: QueryResult, fmt: str) -> None:
    from kg.stores import cell_text, render

    if fmt != "table":
        out.print(render(result, fmt), markup=False, highlight=False, soft_wrap=True)
        return
    table = Table(show_lines=False)
    for col in result.columns:
        table.add_column(col, overflow="fold")
    for row in result.rows:
        table.add_row(*(cell_text(v) for v in row))
    out.print(table)
    err.print(f"{len(result.rows)} row{'s' if len(result.rows) != 1 else ''}")


@query_app.command("cypher")
def query_cypher(
    query: Annotated[str, typer.Argument(
        help="A Cypher query, or the path of a saved query file (queries/*.cypher).",
        show_default=False)],
    param: Annotated[list[str] | None, typer.Option(
        "--param", "-p", help="A query parameter name=value (JSON values keep their type); "
                              "overrides a saved query's default. Repeatable.")] = None,
    uri: Annotated[str | None, typer.Option(
        "--uri", help="Query Neo4j at this Bolt URI (password from NEO4J_PASSWORD) instead of "
                      "FalkorDB.")] = None,
    user: Annotated[str, typer.Option("--user", help="Neo4j user name.")] = "neo4j",
    database: Annotated[str, typer.Option("--database", help="Neo4j database name.")] = "neo4j",
    host: HostOpt = None,
    port: PortOpt = None,
    data_dir: DataDirOpt = DEFAULT_DATA_DIR,
    graph: GraphOpt = DEFAULT_GRAPH,
    fmt: Annotated[str, typer.Option("--format", "-f", help=f"Output: {', '.join(FORMATS)}.")]
    = "table",
) -> None:
    """Run a Cypher query against FalkorDB (default: the embedded store) or Neo4j (--uri)."""
    from kg.stores import load_saved_query

    if fmt not in FORMATS:
        raise typer.BadParameter(f"unknown output format {fmt!r}: use one of "
                                 f"{', '.join(FORMATS)}", param_hint="--format")
    saved = load_saved_query(query)
    params = {**saved.params, **_params(param or [])}
    if uri is not None:
        from kg.stores.neo4j_store import PASSWORD_ENV, query_neo4j

        result = query_neo4j(saved.text, params, uri=uri, user=user,
                             password=os.environ.get(PASSWORD_ENV), database=database)
    else:
        from kg.stores.falkordb_store import query_falkordb

        result = query_falkordb(saved.text, params, host=host, port=port, data_dir=data_dir,
                                graph=graph)
    _print(result, fmt)
