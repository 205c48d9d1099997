"""`kg build`: articles → every output (claims, RDF, stores, views, Neo4j files) in one folder."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table
from rich.text import Text

from kg.cli.app import GazetteerOption, LexiconOption, MinConfidenceOption, app, event, out, say


def _one_line(text: str, width: int = 200) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


@app.command("build")
def build_command(
    paths: Annotated[
        list[Path], typer.Argument(help="Article files or folders (.txt, .jsonl, .html).",
                                   show_default=False)
    ],
    out_dir: Annotated[
        Path, typer.Option("--out", "-o", help="Folder to write every output to.")
    ] = Path("exports"),
    gazetteer: GazetteerOption = None,
    lexicon: LexiconOption = None,
    workers: Annotated[
        int, typer.Option("--workers", min=1, help="Worker processes for extraction.")
    ] = 1,
    scheduler: Annotated[
        str | None,
        typer.Option("--scheduler", help="Run the extraction on this Dask cluster (e.g. "
                                         "tcp://host:8786); inputs and --out must be paths "
                                         "every worker sees.", show_default=False),
    ] = None,
    no_cache: Annotated[
        bool, typer.Option("--no-cache", help="Extract every article again instead of reusing "
                                              "what the last build in this folder extracted.")
    ] = False,
    min_confidence: MinConfidenceOption = 0.0,
    neo4j: Annotated[
        str | None,
        typer.Option("--neo4j", help="Also load Neo4j at this Bolt URI (password from "
                                     "NEO4J_PASSWORD).", show_default=False),
    ] = None,
    neo4j_user: Annotated[str, typer.Option("--neo4j-user", help="Neo4j user name.")] = "neo4j",
    neo4j_database: Annotated[
        str, typer.Option("--neo4j-database", help="Neo4j database name.")
    ] = "neo4j",
) -> None:
    """Run the whole pipeline into one folder, with no server.

    Reads the articles, extracts claims.jsonl, writes RDF dumps (kg.ttl, kg.nq) and their SPARQL
    store, loads an embedded FalkorDB, draws the HTML views, writes GraphML/GEXF, Neo4j import
    files and summary.json; with --neo4j also loads Neo4j. Re-running updates every output
    and extracts only new or changed articles (and those a changed gazetteer or lexicon could
    touch); the result is the same as a build with --no-cache.

    Exit code: 0 when every input was read and every step worked; 1 when an input was
    skipped, a store failed (every file is still written) or an output could not be written;
    2 for a usage error.
    """
    from kg.build import build

    report = build(
        paths, out_dir, gazetteer=gazetteer or [], lexicon=lexicon or [], workers=workers,
        cache=not no_cache, scheduler=scheduler, min_confidence=min_confidence,
        neo4j_uri=neo4j, neo4j_user=neo4j_user, neo4j_database=neo4j_database,
        progress=lambda stage: say("·", "dim", stage),
    )
    for kind, items in (("skipped", report.skipped), ("duplicate", report.duplicates),
                        ("note", report.notes)):
        for item in items:
            event(kind, item)
    for name, message in report.store_errors.items():
        say("kg: error:", "bold red", f"{name}: {_one_line(message)}")

    table = Table(title=Text(f"kg build → {out_dir}"), show_header=False)
    table.add_column("what")
    table.add_column("value", justify="right")
    rows: list[tuple[str, object]] = [
        ("articles read", report.articles), ("articles skipped", len(report.skipped)),
        ("articles extracted", report.extracted), ("from the cache", report.cached),
        ("claims", report.claims), ("entities", report.entities),
        ("statements", report.statements), ("contested statements", report.contested),
        ("events", report.events), ("contested events", report.contested_events)]
    for name, store in report.stores.items():
        if "error" in store:
            rows.append((name, "failed"))
        elif "nodes" in store:
            rows.append((name, f"{store['nodes']} nodes, {store['edges']} edges"))
        elif "quads" in store:
            rows.append((name, f"{store['quads']} quads"))
    for label, value in rows:
        table.add_row(label, str(value))
    table.add_row("time", " · ".join(f"{k} {v:.1f}s" for k, v in report.timings.items()))
    out.print(table)
    out.print(f"open {out_dir / 'views' / 'index.html'} · summary in {out_dir / 'summary.json'}",
              highlight=False, markup=False)
    if report.exit_code:
        raise typer.Exit(report.exit_code)
