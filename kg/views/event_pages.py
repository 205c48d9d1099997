"""The event views: a map of where events happened and a timeline of who did what when.

Two offline single-file pages over :func:`kg.events.group_events`. The map draws each event as a
point on the region's outline (:mod:`kg.views.outline`, Natural Earth, public domain) with
Leaflet (BSD-2-Clause, shipped in ``assets/`` with its licence, inlined in the page): no tile
server, no request. Colour is the event type, size the number of articles, a red ring marks a
contested event. The timeline stacks the events of each day in one lane per side of actor 1,
coloured by type. Both filter by date range, side, type and contest, and a click shows the
event's versions and evidence in the side panel.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from kg.assemble import claim_side
from kg.errors import ExportError
from kg.event_table import evidence_snippet
from kg.events import Event
from kg.model import Claim
from kg.views.highlight import evidence_marks
from kg.views.outline import ASSETS, load_outline
from kg.views.style import CONTESTED_COLOR, EDGE_STYLES, FONT_STACK, side_style

TEMPLATES = Path(__file__).parent / "templates"
MAX_CLAIMS_SHOWN = 12
# Events one page carries at most: each brings its claims and evidence as script data, and
# the 54,000 events of 10,000 articles made two pages of 120 MB that no browser opens.
MAX_PAGE_EVENTS = 5000
_MODALITY_AR = {"asserted": "مؤكد", "planned": "مخطط", "threatened": "تهديد",
                "alleged": "مزعوم", "denied": "منفي"}
_WHY_AR = {"denial": "نفي", "blame": "اتهام أطراف مختلفة"}
_PRECISION_AR = {"day": "اليوم", "week": "الأسبوع السابق للنشر", "unknown": "غير معروف"}


def _inline(text: str) -> Markup:
    """An asset as inline text: no "</script" can end its element early."""
    return Markup(re.sub(r"</(?=script|style)", r"<\\/", text, flags=re.IGNORECASE))


@lru_cache(maxsize=1)
def _leaflet() -> dict[str, Markup]:
    js = (ASSETS / "leaflet.js").read_text(encoding="utf-8")
    js = re.sub(r"//# sourceMappingURL=\S+", "", js)  # no map file to fetch
    # The default attribution links to leafletjs.com; the page sets its own, offline one.
    js = js.replace('href="https://leafletjs.com"', 'data-href="leafletjs.com"')
    css = (ASSETS / "leaflet.css").read_text(encoding="utf-8")
    # The marker and layer-control images are not used; never let the page ask for them.
    css = re.sub(r"url\((?!#)[^)]*\)", "none", css)
    return {"leaflet_js": _inline(js), "leaflet_css": _inline(css)}


def _script_json(value: Any) -> Markup:
    from kg.views.html import script_json

    return script_json(value)


def _claim_detail(c: Claim) -> dict[str, Any]:
    att = c.attribution
    side = claim_side(c)
    return {
        "outlet": c.article.outlet or (att.reporter.name if att.reporter else None),
        "speaker": att.speaker.name if att.speaker else None,
        "side": side, "side_ar": side_style(side).name_ar,
        "subject": c.subject.name, "label": c.relation.label, "object": c.object.name,
        "modality": c.modality.value, "modality_ar": _MODALITY_AR.get(c.modality.value, ""),
        "date": c.time.date if c.time and c.time.date else c.article.date,
        "time": c.time.text if c.time else None,
        "title": c.article.title, "source": c.article.url or c.article.path,
        "evidence": [{"text": ev.sentence,
                      "marks": [list(m) for m in evidence_marks(c, ev.sentence)]}
                     for ev in c.evidence],
    }


def event_detail(e: Event) -> dict[str, Any]:
    """What a page knows of one event: for drawing, filtering and the side panel."""
    style = EDGE_STYLES[e.type]
    side = e.actor1_side or ""
    return {
        "id": e.id, "type": e.type.value, "type_ar": style.name_ar, "color": style.color,
        "labels": list(e.labels), "date": e.date, "precision": e.date_precision,
        "precision_ar": _PRECISION_AR[e.date_precision],
        "actor1": e.actor1.name if e.actor1 else None,
        "actor2": e.actor2.name if e.actor2 else None,
        "side": side, "side_ar": side_style(side).name_ar,
        "blamed": [a.name for a in e.blamed],
        "place": e.place.name if e.place else None, "admin1": e.admin1,
        "lat": e.lat, "lon": e.lon, "n_sources": e.n_sources, "outlets": list(e.outlets),
        "sides": [side_style(s).name_ar for s in e.sides],
        "contested": e.contested, "why": [_WHY_AR[w] for w in e.contested_why],
        "versions": [{"side": side_style(s).name_ar, "story": story} for s, story in e.versions],
        "snippet": evidence_snippet(e),
        "claims": [_claim_detail(c) for c in e.claims[:MAX_CLAIMS_SHOWN]],
        "more_claims": max(0, len(e.claims) - MAX_CLAIMS_SHOWN),
    }


def _legend(events: Sequence[Event]) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    types = sorted({e.type for e in events}, key=lambda t: list(EDGE_STYLES).index(t))
    sides = sorted({e.actor1_side or "" for e in events}, key=lambda s: (s == "", s))
    return ([{"key": t.value, "name_ar": EDGE_STYLES[t].name_ar, "color": EDGE_STYLES[t].color}
             for t in types],
            [{"key": s, "name_ar": side_style(s).name_ar, "color": side_style(s).color}
             for s in sides])


@functools.cache
def _env() -> Environment:  # one environment: each template is compiled once
    return Environment(loader=FileSystemLoader(str(TEMPLATES)),
                       autoescape=select_autoescape(default=True, default_for_string=True),
                       trim_blocks=True, lstrip_blocks=True)


def events_json(events: Sequence[Event]) -> Markup:
    """Every event's details as the pages' script data (the map and the timeline share it)."""
    return _script_json([event_detail(e) for e in events])


def top_events(events: Sequence[Event], limit: int = MAX_PAGE_EVENTS) -> list[Event]:
    """At most ``limit`` of ``events``, in their order: those reported by most sources, then
    the latest (ties by id)."""
    if len(events) <= limit:
        return list(events)
    ranked = sorted(events, key=lambda e: e.id)  # stable sorts: the last key counts first
    ranked.sort(key=lambda e: e.date or "", reverse=True)  # ISO days; undated ("") last
    ranked.sort(key=lambda e: -e.n_sources)
    keep = {e.id for e in ranked[:limit]}
    return [e for e in events if e.id in keep]


def _page(template: str, events: Sequence[Event], title: str, index_href: str | None,
          extra: dict[str, Any], data: Markup | None, n_total: int | None = None) -> str:
    types, sides = _legend(events)
    dates = sorted(e.date for e in events if e.date)
    return _env().get_template(template).render(
        title=title, font_stack=Markup(FONT_STACK), contested_color=CONTESTED_COLOR,
        index_href=index_href, types=types, sides=sides,
        n_total=n_total if n_total is not None and n_total > len(events) else None,
        first_date=dates[0] if dates else "", last_date=dates[-1] if dates else "",
        n_events=len(events), n_contested=sum(1 for e in events if e.contested),
        events_json=events_json(events) if data is None else data, **extra)


def _bounds(events: Sequence[Event]) -> list[list[float]]:
    """South-west and north-east corners to open the map on: the events', else Libya's."""
    pts = [(e.lat, e.lon) for e in events if e.lat is not None and e.lon is not None]
    if not pts:
        return [[19.5, 9.3], [33.2, 25.2]]
    lats, lons = [p[0] for p in pts], [p[1] for p in pts]
    pad = max(0.5, 0.1 * max(max(lats) - min(lats), max(lons) - min(lons)))
    return [[min(lats) - pad, min(lons) - pad], [max(lats) + pad, max(lons) + pad]]


def render_map(events: Sequence[Event], *, index_href: str | None = None,
               data: Markup | None = None, n_total: int | None = None) -> str:
    """The HTML text of the map view (one file, every asset inline); ``data`` is
    :func:`events_json` of ``events`` when the caller already has it, ``n_total`` the number
    of events ``events`` were chosen from (the page says so)."""
    on_map = sum(1 for e in events if e.lat is not None)
    return _page("map.html", events, "خريطة الأحداث · event map", index_href, {
        **_leaflet(), "outline_json": _script_json(load_outline()),
        "bounds_json": _script_json(_bounds(events)), "n_on_map": on_map,
        "max_radius": 6 + 4 * math.sqrt(max((e.n_sources for e in events), default=1)),
    }, data, n_total)


def render_timeline(events: Sequence[Event], *, index_href: str | None = None,
                    data: Markup | None = None, n_total: int | None = None) -> str:
    """The HTML text of the timeline view: events per day, one lane per side (``data`` and
    ``n_total`` as for :func:`render_map`)."""
    return _page("timeline.html", events, "الخط الزمني للأحداث · event timeline", index_href,
                 {"n_dated": sum(1 for e in events if e.date)}, data, n_total)


def _write(path: Path, text: str) -> None:
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise ExportError(f"cannot write {path}: {exc.strerror or exc}",
                          hint="choose a writable output directory") from exc


def write_view(kind: str, events: Iterable[Event], path: str | Path,
               max_events: int = MAX_PAGE_EVENTS) -> Path:
    """Write one event view, ``"map"`` or ``"timeline"``, to ``path``, with at most
    ``max_events`` events (:func:`top_events`)."""
    render = {"map": render_map, "timeline": render_timeline}.get(kind)
    if render is None:
        raise ExportError(f"no event view {kind!r}", hint="use map or timeline")
    p = Path(path)
    every = list(events)
    _write(p, render(top_events(every, max_events), n_total=len(every)))
    return p


def export_event_views(events: Iterable[Event], out_dir: str | Path,
                       index_href: str | None = None,
                       max_events: int = MAX_PAGE_EVENTS) -> list[Path]:
    """Write ``map.html`` and ``timeline.html`` into ``out_dir``, each with at most
    ``max_events`` events (:func:`top_events`); return their paths."""
    every = list(events)
    evs = top_events(every, max_events)
    out = Path(out_dir)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ExportError(f"cannot create {out}: {exc.strerror or exc}",
                          hint="choose a writable output directory") from exc
    paths = [out / "map.html", out / "timeline.html"]
    data = events_json(evs)  # the same for both pages: build it once
    _write(paths[0], render_map(evs, index_href=index_href, data=data, n_total=len(every)))
    _write(paths[1], render_timeline(evs, index_href=index_href, data=data,
                                     n_total=len(every)))
    return paths
