"""The events as tables: ``events.csv`` for spreadsheets (ACLED-like columns) and
``events.jsonl`` shaped like PLOVER/POLECAT event records.

The CSV is UTF-8 with a byte-order mark: Excel and LibreOffice then read the Arabic as Arabic
(without the mark Excel assumes the locale's code page). Lists inside a cell are joined with
`` | `` so a spreadsheet filter can still search them.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from kg.assemble import claim_side
from kg.errors import ExportError
from kg.events import Event
from kg.model import Claim, EntityRef, Modality

SNIPPET_CHARS = 280  # evidence cells stay readable in a spreadsheet row
LIST_SEP = " | "
_TIME_PRECISION = {"day": 1, "week": 2}  # ACLED's time_precision codes

# Column → what it holds. The README's table of columns is checked against this.
CSV_COLUMNS: dict[str, str] = {
    "event_id": "stable id of the event (a hash of the claims behind it)",
    "event_date": "ISO date of the event; with precision week, the day of the first report",
    "date_precision": "day (a dated expression such as «أمس»), week (only the publication "
                      "date: on or up to six days before) or unknown",
    "time_precision": "ACLED's code for the same: 1 day, 2 week, empty when unknown",
    "event_type": "PLOVER event type (ASSAULT, SEIZE, COERCE, ...)",
    "label_ar": "the Arabic predicates the reports use (قصف، استهدف ...)",
    "actor1": "who did it: the known actor most reports name (Arabic canonical name)",
    "actor1_id": "kg entity id of actor 1",
    "actor1_side": "actor 1's side in the conflict (lna, gna, ...), from the gazetteer",
    "actor2": "to whom or what it was done",
    "actor2_id": "kg entity id of actor 2",
    "actor2_side": "actor 2's side",
    "actors_blamed": "every actor a report names as the one who did it (several when the "
                     "sides blame different actors)",
    "location": "where: the most specific place the reports name",
    "location_id": "kg entity id of the place",
    "admin1": "first-level administrative area of the place",
    "country": "ISO 3166 alpha-2 country code of the place",
    "latitude": "WGS84 latitude (decimal degrees), empty when the place has no coordinates",
    "longitude": "WGS84 longitude",
    "geo_precision": "1: the place's own coordinates; 2: those of a place containing it",
    "n_sources": "number of articles that report the event",
    "n_outlets": "number of distinct outlets among them",
    "outlets": "the outlets",
    "reporting_sides": "the sides the reports speak for (the speaker's, else the outlet's)",
    "contested": "1 when the reports tell different stories, else 0",
    "contested_why": "denial (one report denies what another asserts) and/or blame (reports "
                     "name different actors)",
    "modalities": "asserted, alleged, denied: how the reports put it",
    "versions": "each side's version of the event (side: subject ← predicate ← object)",
    "evidence_ar": "an Arabic sentence from the best-supported report",
    "sources": "paths or URLs of the articles",
    "claim_ids": "ids of the claims behind the event (claims.jsonl)",
}


def _name(ref: EntityRef | None) -> str:
    return ref.name if ref is not None else ""


def _id(ref: EntityRef | None) -> str:
    return ref.id if ref is not None else ""


def _snippet(text: str, limit: int = SNIPPET_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def best_claim(event: Event) -> Claim:
    """The report that best carries the event: asserted before alleged before denied, then the
    most confident, then the first by id."""
    rank = {Modality.ASSERTED: 0, Modality.ALLEGED: 1, Modality.DENIED: 2}
    return min(event.claims, key=lambda c: (rank.get(c.modality, 3), -c.confidence, c.id))


def evidence_snippet(event: Event) -> str:
    c = best_claim(event)
    return _snippet(c.evidence[0].sentence) if c.evidence else ""


def _sources(event: Event) -> list[str]:
    return sorted({c.article.url or c.article.path or c.article.id for c in event.claims})


def event_row(event: Event) -> dict[str, Any]:
    """One CSV row (the keys of :data:`CSV_COLUMNS`); lists joined with :data:`LIST_SEP`."""
    return {
        "event_id": event.id,
        "event_date": event.date or "",
        "date_precision": event.date_precision,
        "time_precision": _TIME_PRECISION.get(event.date_precision, ""),
        "event_type": event.type.value,
        "label_ar": "، ".join(event.labels),
        "actor1": _name(event.actor1),
        "actor1_id": _id(event.actor1),
        "actor1_side": event.actor1_side or "",
        "actor2": _name(event.actor2),
        "actor2_id": _id(event.actor2),
        "actor2_side": event.actor2_side or "",
        "actors_blamed": LIST_SEP.join(e.name for e in event.blamed),
        "location": _name(event.place),
        "location_id": _id(event.place),
        "admin1": event.admin1 or "",
        "country": event.country or "",
        "latitude": "" if event.lat is None else event.lat,
        "longitude": "" if event.lon is None else event.lon,
        "geo_precision": event.geo_precision or "",
        "n_sources": event.n_sources,
        "n_outlets": event.n_outlets,
        "outlets": LIST_SEP.join(event.outlets),
        "reporting_sides": LIST_SEP.join(event.sides),
        "contested": int(event.contested),
        "contested_why": LIST_SEP.join(event.contested_why),
        "modalities": LIST_SEP.join(event.modalities),
        "versions": LIST_SEP.join(f"{side or '?'}: {story}" for side, story in event.versions),
        "evidence_ar": evidence_snippet(event),
        "sources": LIST_SEP.join(_sources(event)),
        "claim_ids": LIST_SEP.join(c.id for c in event.claims),
    }


def _actor(ref: EntityRef | None, side: str | None) -> dict[str, Any] | None:
    if ref is None:
        return None
    return {"id": ref.id, "name": ref.name, "type": ref.type.value, "qid": ref.qid,
            "side": side}


def _claim_source(c: Claim) -> dict[str, Any]:
    att = c.attribution
    return {
        "claim_id": c.id,
        "article_id": c.article.id,
        "outlet": c.article.outlet,
        "publication_date": c.article.date,
        "url": c.article.url,
        "path": c.article.path,
        "speaker": att.speaker.name if att.speaker else None,
        "side": claim_side(c),
        "actor": c.subject.name,
        "modality": c.modality.value,
        "text": c.evidence[0].sentence if c.evidence else None,
    }


def event_record(event: Event) -> dict[str, Any]:
    """A PLOVER/POLECAT-shaped record: event type, actor and recipient, location, and the
    stories behind it (PLOVER's ``sources``), plus kg's contest fields."""
    return {
        "event_id": event.id,
        "event_date": event.date,
        "date_precision": event.date_precision,
        "event_type": event.type.value,
        "event_mode": None,  # PLOVER modes (e.g. "aerial") are not read from the text yet
        "contexts": [],
        "event_text": evidence_snippet(event),
        "labels_ar": list(event.labels),
        "actor": _actor(event.actor1, event.actor1_side),
        "recipient": _actor(event.actor2, event.actor2_side),
        "actors_blamed": [e.name for e in event.blamed],
        "location": None if event.place is None else {
            "placename": event.place.name, "id": event.place.id, "type": event.place.type.value,
            "admin1": event.admin1, "country": event.country,
            "lat": event.lat, "lon": event.lon, "geo_precision": event.geo_precision,
        },
        "n_sources": event.n_sources,
        "outlets": list(event.outlets),
        "reporting_sides": list(event.sides),
        "contested": event.contested,
        "contested_why": list(event.contested_why),
        "versions": [{"side": side or None, "story": story} for side, story in event.versions],
        "sources": [_claim_source(c) for c in event.claims],
        "language": "ar",
    }


def write_events_csv(events: Iterable[Event], path: str | Path) -> int:
    """Write ``events.csv`` (UTF-8 with BOM); returns the number of rows."""
    p = Path(path)
    n = 0
    try:
        with p.open("w", encoding="utf-8-sig", newline="") as fh:
            writer = csv.DictWriter(fh, fieldnames=list(CSV_COLUMNS))
            writer.writeheader()
            for e in events:
                writer.writerow(event_row(e))
                n += 1
    except OSError as exc:
        raise ExportError(f"cannot write {p}: {exc.strerror or exc}",
                          hint="choose a writable output directory") from exc
    return n


def write_events_jsonl(events: Iterable[Event], path: str | Path) -> int:
    """Write one PLOVER-shaped JSON record per line (UTF-8, Arabic unescaped)."""
    p = Path(path)
    n = 0
    try:
        with p.open("w", encoding="utf-8") as fh:
            for e in events:
                fh.write(json.dumps(event_record(e), ensure_ascii=False))
                fh.write("\n")
                n += 1
    except OSError as exc:
        raise ExportError(f"cannot write {p}: {exc.strerror or exc}",
                          hint="choose a writable output directory") from exc
    return n


def read_events_csv(path: str | Path) -> list[dict[str, str]]:
    """The rows of an ``events.csv`` as dicts of text, as a spreadsheet would read them."""
    with Path(path).open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def export_events(events: Iterable[Event], out_dir: str | Path) -> list[Path]:
    """Write ``events.csv`` and ``events.jsonl`` into ``out_dir``; return their paths."""
    evs = list(events)
    out = Path(out_dir)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ExportError(f"cannot create {out}: {exc.strerror or exc}",
                          hint="choose a writable output directory") from exc
    write_events_csv(evs, out / "events.csv")
    write_events_jsonl(evs, out / "events.jsonl")
    return [out / "events.csv", out / "events.jsonl"]
