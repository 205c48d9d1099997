"""`kg export html`, `kg export graphml`, `kg export gexf`: views for people and for Gephi."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kg.claims_io import read_claims
from kg.cli.app import GazetteerOption, MaxEventsOption, err, export_app, out
from kg.events import events_from_claims
from kg.views import export_gexf, export_graphml, export_html
from kg.views.event_pages import MAX_PAGE_EVENTS
from kg.views.selection import MAX_VIEW_ENTITIES, MAX_VIEW_STATEMENTS


@export_app.command("html")
def export_html_command(
    claims: Annotated[Path, typer.Argument(help="The claims.jsonl file to draw.")],
    output: Annotated[
        Path, typer.Option("-o", "--output", help="Directory to write index.html and the views to.")
    ],
    entity: Annotated[
        list[str] | None,
        typer.Option("--entity", "-e",
                     help="An entity (id or Arabic name) to give its own neighbourhood page; "
                          "repeat for several. Default: the five most connected entities."),
    ] = None,
    depth: Annotated[
        int, typer.Option("--depth", min=1, max=2,
                          help="Neighbourhood depth of the entity pages: 1 or 2 links.")
    ] = 1,
    gazetteer: GazetteerOption = None,
    max_entities: Annotated[
        int, typer.Option("--max-entities", min=1,
                          help="Entities a view draws at most: a bigger view shows its most "
                               "connected ones and says so (kg.graphml has them all).")
    ] = MAX_VIEW_ENTITIES,
    max_statements: Annotated[
        int, typer.Option("--max-statements", min=1,
                          help="Statements a view draws at most: those backed by most claims.")
    ] = MAX_VIEW_STATEMENTS,
    max_events: MaxEventsOption = MAX_PAGE_EVENTS,
) -> None:
    """Write interactive HTML views (whole network, entity pages, one per outlet, contested
    statements and events, the event map and timeline, and an index). Each page is one
    offline file: open it in any browser."""
    read = list(read_claims(claims))
    pages = export_html(read, output, entity or None, depth=depth,
                        events=events_from_claims(read, gazetteer or []),
                        max_entities=max_entities, max_statements=max_statements,
                        max_events=max_events)
    for page in pages[1:]:
        counts = (f"{page.n_nodes} of {page.n_edges} events placed or dated"
                  if page.kind == "events" else
                  f"{page.n_nodes} entities, {page.n_edges} statements")
        err.print(f"{page.path.name}: {counts}", highlight=False)
    out.print(str(pages[0].path), highlight=False)


@export_app.command("graphml")
def export_graphml_command(
    claims: Annotated[Path, typer.Argument(help="The claims.jsonl file to export.")],
    output: Annotated[Path, typer.Option("-o", "--output", help="The .graphml file to write.")],
) -> None:
    """Write the entity graph (one edge per statement) as GraphML for yEd, Cytoscape, Gephi."""
    out.print(str(export_graphml(read_claims(claims), output)), highlight=False)


@export_app.command("gexf")
def export_gexf_command(
    claims: Annotated[Path, typer.Argument(help="The claims.jsonl file to export.")],
    output: Annotated[Path, typer.Option("-o", "--output", help="The .gexf file to write.")],
) -> None:
    """Write the entity graph (one edge per statement) as GEXF for Gephi."""
    out.print(str(export_gexf(read_claims(claims), output)), highlight=False)
