"""`kg export events`, `kg export map`, `kg export timeline`: the events of a claims file."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kg.claims_io import read_claims
from kg.cli.app import GazetteerOption, MaxEventsOption, err, export_app, out
from kg.event_table import export_events
from kg.events import events_from_claims
from kg.views.event_pages import MAX_PAGE_EVENTS, write_view


@export_app.command("events")
def export_events_command(
    claims: Annotated[Path, typer.Argument(help="The claims.jsonl file to group into events.")],
    output: Annotated[
        Path, typer.Option("-o", "--output", help="Directory to write events.csv and "
                                                  "events.jsonl to.")
    ],
    gazetteer: GazetteerOption = None,
) -> None:
    """Write the event table: events.csv (UTF-8 with BOM, ACLED-like columns; opens in Excel
    and LibreOffice with Arabic intact) and events.jsonl (PLOVER/POLECAT-shaped records)."""
    events = events_from_claims(read_claims(claims), gazetteer or [])
    for path in export_events(events, output):
        out.print(str(path), highlight=False)
    err.print(f"{len(events)} events, {sum(1 for e in events if e.contested)} contested",
              highlight=False)


def _view(kind: str, claims: Path, output: Path, gazetteer: list[Path] | None,
          max_events: int) -> None:
    events = events_from_claims(read_claims(claims), gazetteer or [])
    out.print(str(write_view(kind, events, output, max_events)), highlight=False)


@export_app.command("map")
def export_map_command(
    claims: Annotated[Path, typer.Argument(help="The claims.jsonl file to map.")],
    output: Annotated[Path, typer.Option("-o", "--output", help="The .html file to write.")],
    gazetteer: GazetteerOption = None,
    max_events: MaxEventsOption = MAX_PAGE_EVENTS,
) -> None:
    """Write the event map: one offline HTML file, events as points on the region's outline,
    coloured by type, sized by sources, filterable by date and side."""
    _view("map", claims, output, gazetteer, max_events)


@export_app.command("timeline")
def export_timeline_command(
    claims: Annotated[Path, typer.Argument(help="The claims.jsonl file to draw.")],
    output: Annotated[Path, typer.Option("-o", "--output", help="The .html file to write.")],
    gazetteer: GazetteerOption = None,
    max_events: MaxEventsOption = MAX_PAGE_EVENTS,
) -> None:
    """Write the event timeline: one offline HTML file, events per day by side and type."""
    _view("timeline", claims, output, gazetteer, max_events)
