"""Interactive HTML views of the claims graph: one self-contained, offline file per view.

pyvis builds each page (its ``Network`` holds the nodes, edges and vis-network options and its
``generate_html`` renders them) through our own template, because pyvis' template loads
Bootstrap (and, unless ``in_line``, vis-network and tom-select) from CDNs, does not escape node
ids in its select menu and writes files in the locale's encoding. Here every asset is inlined
from pyvis' own package, text reaches the page only as JSON (escaped for ``<script>``) or
through Jinja's autoescaping, the side panel is built with DOM text nodes, and files are
written as UTF-8.

Small views keep vis-network's physics; above ``physics_limit`` nodes the layout is computed
in Python (:mod:`kg.views.layout`) and physics is off, so thousands of nodes open at once.
"""

from __future__ import annotations

import functools
import json
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import pyvis
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup
from pyvis.network import Network

from kg.assemble import Assembly, statement_id
from kg.errors import ExportError
from kg.events import Event, group_events
from kg.model import Claim, EntityRef, EntityType, Modality, RelationType, Statement
from kg.views.event_pages import MAX_PAGE_EVENTS, export_event_views
from kg.views.highlight import evidence_marks, forget_marks
from kg.views.layout import layout_positions
from kg.views.selection import (
    MAX_VIEW_ENTITIES,
    MAX_VIEW_STATEMENTS,
    View,
    as_assembly,
    claims_by_statement,
    contested_view,
    degrees,
    event_statement_ids,
    hubs,
    neighbourhood_view,
    outlet_views,
    resolve_entity,
    trim_view,
    whole_view,
)
from kg.views.style import (
    CONTESTED_COLOR,
    EDGE_STYLES,
    FONT_STACK,
    NODE_STYLES,
    edge_legend,
    node_legend,
    side_style,
)

PHYSICS_LIMIT = 300  # nodes: above this, layout in Python and physics off
# Above this many statements a view opens without edge labels (they pile up around the hubs);
# they appear once the reader zooms in to EDGE_LABEL_ZOOM, and every edge's hover and click
# still say what it is.
EDGE_LABEL_LIMIT = 25
EDGE_LABEL_ZOOM = 1.6
MAX_CLAIMS_SHOWN = 12  # per statement in the side panel; the count says how many more
TEMPLATES = Path(__file__).parent / "templates"
_PYVIS_LIB = Path(pyvis.__file__).parent / "templates" / "lib"
_ASSETS = {
    "vis_js": "vis-9.1.2/vis-network.min.js",
    "vis_css": "vis-9.1.2/vis-network.css",
    "tom_js": "tom-select/tom-select.complete.min.js",
    "tom_css": "tom-select/tom-select.css",
    "utils_js": "bindings/utils.js",
}
_MODALITY_AR = {
    Modality.ASSERTED.value: "مؤكد",
    Modality.PLANNED.value: "مخطط",
    Modality.THREATENED.value: "تهديد",
    Modality.ALLEGED.value: "مزعوم",
    Modality.DENIED.value: "منفي",
}


@dataclass(frozen=True)
class Page:
    """One written view, as the index lists it."""

    path: Path
    kind: str
    title: str
    n_nodes: int
    n_edges: int
    total_nodes: int | None = None  # a trimmed view's full counts (selection.trim_view)
    total_edges: int | None = None


@lru_cache(maxsize=1)
def _assets() -> dict[str, Markup]:
    """pyvis' bundled vis-network, tom-select and highlight helpers, to inline in each page."""
    out = {}
    for key, rel in _ASSETS.items():
        text = (_PYVIS_LIB / rel).read_text(encoding="utf-8")
        # An inline element ends at the first "</script" or "</style": none today, but never
        # let one through ("<\\/" means the same inside a JS string or regular expression).
        out[key] = Markup(re.sub(r"</(?=script|style)", r"<\\/", text, flags=re.IGNORECASE))
    return out


@functools.cache
def _env() -> Environment:
    """One environment for every page: each template is compiled once, not once a view (the
    per-view data goes in through ``globals`` just before each render)."""
    return Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )


def script_json(value: Any) -> Markup:
    """JSON that is safe inside an HTML ``<script>`` element: <, > and & are escaped so no
    name or sentence can close the element or start a comment."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    text = text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return Markup(text)


def _claim_detail(claim: Claim) -> dict[str, Any]:
    att = claim.attribution
    return {
        "outlet": claim.article.outlet or (att.reporter.name if att.reporter else None),
        "via": att.via.name if att.via else None,
        "speaker": att.speaker.name if att.speaker else None,
        "modality": claim.modality.value,
        "modality_ar": _MODALITY_AR.get(claim.modality.value, claim.modality.value),
        "label": claim.relation.label,
        "title": claim.article.title,
        "date": claim.article.date,
        "source": claim.article.url or claim.article.path,
        "evidence": [
            {"text": ev.sentence, "marks": [list(m) for m in evidence_marks(claim, ev.sentence)]}
            for ev in claim.evidence
        ],
    }


def _statement_detail(s: Statement, claims: tuple[Claim, ...]) -> dict[str, Any]:
    return {
        "subject": s.subject.name,
        "object": s.object.name,
        "relation": s.relation.value,
        "relation_ar": EDGE_STYLES[s.relation].name_ar,
        "labels": list(s.labels),
        "n_claims": s.n_claims,
        "n_articles": s.n_articles,
        "n_outlets": s.n_outlets,
        "outlets": list(s.outlets),
        "speakers": list(s.speakers),
        "sides": list(s.sides),
        "modalities": [_MODALITY_AR.get(m, m) for m in s.modalities],
        "first_date": s.first_date,
        "last_date": s.last_date,
        "contested": s.contested,
        "claims": [_claim_detail(c) for c in claims[:MAX_CLAIMS_SHOWN]],
        "more_claims": max(0, len(claims) - MAX_CLAIMS_SHOWN),
    }


def _edge_tooltip(s: Statement) -> str:
    """Plain text (vis-network shows a string title with innerText, never as HTML)."""
    lines = [
        f"{s.subject.name} ← {'، '.join(s.labels)} ← {s.object.name}",
        f"{s.relation.value} · {EDGE_STYLES[s.relation].name_ar}",
        f"{s.n_claims} ادعاء · {s.n_articles} مقال · {s.n_outlets} مصدر",
    ]
    if s.outlets:
        lines.append("المصادر: " + "، ".join(s.outlets))
    if s.speakers:
        lines.append("المتحدثون: " + "، ".join(s.speakers))
    if s.contested:
        lines.append("⚠ روايات متعارضة · contested")
    lines.append("(انقر للتفاصيل والأدلة · click for evidence)")
    return "\n".join(lines)


def _node(e: EntityRef, degree: int, focus: bool, large: bool) -> dict[str, Any]:
    style = NODE_STYLES[e.type]
    border = "#222222" if focus else (style.color if large else "#ffffff")
    node: dict[str, Any] = {
        "id": e.id,
        "label": e.name,
        "title": f"{e.name}\n{e.type.value} · {style.name_ar}\n{degree} علاقة"
        + (f"\nWikidata {e.qid}" if e.qid else ""),
        "shape": style.shape,
        "color": {
            "background": style.color,
            "border": border,
            "highlight": {"background": style.color, "border": "#000000"},
            "hover": {"background": style.color, "border": "#000000"},
        },
        "borderWidth": 4 if focus else 1.5,
        "value": degree,
        "etype": e.type.value,
        "kind": "both" if e.type is EntityType.GPE else ("actor" if e.type.is_actor else "place"),
    }
    if e.qid:
        node["qid"] = e.qid
    return node


def _edge(s: Statement, parallel: int, large: bool) -> dict[str, Any]:
    style = EDGE_STYLES[s.relation]
    edge: dict[str, Any] = {
        "id": s.id,
        "from": s.subject.id,
        "to": s.object.id,
        "label": "، ".join(s.labels),
        "title": _edge_tooltip(s),
        "color": {"color": style.color, "highlight": style.color, "hover": style.color,
                  "opacity": 0.45 if large else 0.85},
        "value": s.n_claims + s.n_outlets,  # corroboration: claims and distinct outlets
        "relation": s.relation.value,
        "outlets": list(s.outlets),
        "contested": s.contested,
    }
    if style.dashed:
        edge["dashes"] = True
    if s.contested and not large:  # shadows cost too much to draw on thousands of edges
        edge["shadow"] = {"enabled": True, "color": CONTESTED_COLOR, "size": 8, "x": 0, "y": 0}
    if not large and parallel:
        # Several statements between one pair: bend them apart so each stays readable.
        side = "curvedCW" if parallel % 2 else "curvedCCW"
        edge["smooth"] = {"enabled": True, "type": side, "roundness": 0.18 * ((parallel + 1) // 2)}
    return edge


def _options(n_nodes: int, physics: bool) -> dict[str, Any]:
    font = {"face": FONT_STACK, "strokeWidth": 4, "strokeColor": "#ffffff"}
    options: dict[str, Any] = {
        "nodes": {
            "font": {**font, "size": 20, "color": "#1a1a1a"},
            "scaling": {"min": 12, "max": 34,
                        "label": {"enabled": True, "min": 20, "max": 26, "drawThreshold": 7}},
        },
        "edges": {
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.55}},
            "font": {**font, "size": 14, "color": "#333333", "align": "middle"},
            "scaling": {"min": 1, "max": 9, "label": {"enabled": False, "drawThreshold": 8}},
            "selectionWidth": 2,
            "smooth": {"enabled": physics, "type": "continuous", "roundness": 0.3},
        },
        "interaction": {"hover": True, "tooltipDelay": 200, "multiselect": True,
                        "hideEdgesOnDrag": not physics, "hideEdgesOnZoom": not physics},
        "layout": {"randomSeed": 7, "improvedLayout": physics and n_nodes <= 150},
    }
    if physics:
        options["physics"] = {
            "enabled": True,
            "solver": "forceAtlas2Based",
            # Strong repulsion, long springs and full overlap avoidance: the hubs' many
            # neighbours spread out instead of stacking their labels on the hub.
            "forceAtlas2Based": {"gravitationalConstant": -150, "centralGravity": 0.02,
                                 "springLength": 150, "springConstant": 0.06,
                                 "avoidOverlap": 1.0},
            "stabilization": {"enabled": True, "iterations": 400, "fit": True},
            "minVelocity": 1.0,
        }
    else:
        options["physics"] = {"enabled": False}
    return options


def _event_card(e: Event) -> dict[str, Any]:
    """A contested event as the contested view lists it: when, where, each side's story."""
    lead = next((c for c in e.claims if e.actor1 and c.subject.id == e.actor1.id), e.claims[0])
    first = statement_id(lead.subject.id, lead.relation.type, lead.object.id)
    return {
        "id": e.id, "date": e.date, "place": e.place.name if e.place else None,
        "type_ar": EDGE_STYLES[e.type].name_ar, "n_sources": e.n_sources,
        "why": list(e.contested_why),
        "versions": [{"side": side_style(side).name_ar, "story": story}
                     for side, story in e.versions],
        # actor 1's statement first: the one the panel opens on
        "statements": sorted(event_statement_ids(e), key=lambda sid: sid != first),
    }


def _legend_types(view: View) -> tuple[set[EntityType], set[RelationType]]:
    etypes = {e.type for s in view.statements for e in (s.subject, s.object)}
    return etypes, {s.relation for s in view.statements}


def build_network(view: View, *, physics_limit: int = PHYSICS_LIMIT) -> tuple[Network, dict]:
    """The pyvis network of ``view`` and the side panel's details (statement id → facts)."""
    entities: dict[str, EntityRef] = {}
    for s in view.statements:
        for e in (s.subject, s.object):
            entities.setdefault(e.id, e)
    degree = degrees(view.statements)
    physics = len(entities) <= physics_limit
    nodes = [_node(e, degree[e.id], e.id == view.focus, not physics) for e in entities.values()]
    if not physics:
        pos = layout_positions(entities, ((s.subject.id, s.object.id) for s in view.statements))
        for n in nodes:
            n["x"], n["y"] = pos[n["id"]]
    seen_pairs: Counter[frozenset[str]] = Counter()
    edges = []
    for s in view.statements:
        pair = frozenset((s.subject.id, s.object.id))
        edges.append(_edge(s, seen_pairs[pair], not physics))
        seen_pairs[pair] += 1
    net = Network(height="100%", width="100%", directed=True, neighborhood_highlight=True,
                  select_menu=True, filter_menu=True, heading=view.title,
                  cdn_resources="in_line")
    # Set pyvis' lists directly: add_edge checks membership in a list per call (O(n·m)).
    net.nodes = nodes
    net.node_ids = [n["id"] for n in nodes]
    net.edges = edges
    net.options = _options(len(nodes), physics)
    details = {s.id: _statement_detail(s, view.claims.get(s.id, ())) for s in view.statements}
    return net, details


def render_view(view: View, *, physics_limit: int = PHYSICS_LIMIT, index_href: str | None = None,
                subtitle: str = "") -> str:
    """The HTML text of one view: a complete page with every script and style inline."""
    net, details = build_network(view, physics_limit=physics_limit)
    etypes, rtypes = _legend_types(view)
    outlets = sorted({o for s in view.statements for o in s.outlets})
    env = _env()
    env.globals.update(
        _assets(),
        kg={
            "title": view.title,
            "subtitle": subtitle,
            "kind": view.kind,
            "font_stack": FONT_STACK,
            "node_legend": node_legend(etypes),
            "edge_legend": edge_legend(rtypes),
            "outlets": outlets,
            "index_href": index_href,
            "n_nodes": len(net.nodes),
            "n_edges": len(net.edges),
            "total_nodes": view.total_entities,
            "total_edges": view.total_statements,
            "focus": view.focus,
            "details_json": script_json(details),
            "nodes_json": script_json(net.nodes),
            "edges_json": script_json(net.edges),
            "options_json": script_json(net.options),
            "contested_color": CONTESTED_COLOR,
            "edge_label_zoom": EDGE_LABEL_ZOOM if len(net.edges) > EDGE_LABEL_LIMIT else 0,
            "n_events": len(view.events),
            "events_json": script_json([_event_card(e) for e in view.events]),
        },
    )
    net.templateEnv = env
    net.path = "view.html"
    return str(net.generate_html(name=f"{view.slug}.html"))


def _write(path: Path, text: str) -> None:
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise ExportError(f"cannot write {path}: {exc.strerror or exc}",
                          hint="choose a writable output directory") from exc


def choose_views(assembly: Assembly, entities: Iterable[str] | None, depth: int,
                 hub_pages: int, events: Sequence[Event] | None = None) -> list[View]:
    """The whole network, the entity pages (chosen, or the biggest hubs when ``entities`` is
    None), one page per outlet, and the contested statements and events."""
    if entities is None:
        focus = hubs(assembly, hub_pages)
    else:
        focus = list(dict.fromkeys(resolve_entity(assembly, e).id for e in entities))
    by_sid = claims_by_statement(assembly)  # once: every view of the assembly looks it up
    return [
        whole_view(assembly, by_sid),
        *(neighbourhood_view(assembly, e, depth, by_sid) for e in focus),
        *outlet_views(assembly),
        contested_view(assembly, events, by_sid),
    ]


def export_html(
    claims_or_assembly: Assembly | Iterable[Claim],
    out_dir: str | Path,
    entities: Iterable[str] | None = None,
    *,
    depth: int = 1,
    hub_pages: int = 5,
    physics_limit: int = PHYSICS_LIMIT,
    events: Sequence[Event] | None = None,
    max_entities: int = MAX_VIEW_ENTITIES,
    max_statements: int = MAX_VIEW_STATEMENTS,
    max_events: int = MAX_PAGE_EVENTS,
) -> list[Page]:
    """Write ``index.html``, one page per view, and the event map and timeline into
    ``out_dir``; return the pages written (index first). ``entities`` are names or ids; None
    means the ``hub_pages`` biggest hubs. ``events`` (with coordinates: see
    :func:`kg.events.group_events`) default to the claims' events without coordinates. A view
    bigger than ``max_entities`` or ``max_statements`` shows its most connected part and says
    so (:func:`~kg.views.selection.trim_view`); the event pages carry at most ``max_events``."""
    assembly = as_assembly(claims_or_assembly)
    if not assembly.statements:
        raise ExportError("no claims to draw", hint="check that the claims file is not empty")
    evs = tuple(group_events(assembly) if events is None else events)
    views = choose_views(assembly, entities, depth, hub_pages, evs)
    out = Path(out_dir)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ExportError(f"cannot create {out}: {exc.strerror or exc}",
                          hint="choose a writable output directory") from exc
    pages = []
    try:
        for view in views:
            view = trim_view(view, max_entities, max_statements)
            path = out / f"{view.slug}.html"
            _write(path, render_view(view, physics_limit=physics_limit, index_href="index.html"))
            pages.append(Page(path, view.kind, view.title, len(view.entity_ids()),
                              len(view.statements), view.total_entities,
                              view.total_statements))
        map_path, timeline_path = export_event_views(evs, out, index_href="index.html",
                                                       max_events=max_events)
    finally:  # the marks' cache holds the claims' entities and sentences: not past the export
        forget_marks()
    located = sum(1 for e in evs if e.lat is not None)
    pages += [Page(map_path, "events", "خريطة الأحداث · event map", located, len(evs)),
              Page(timeline_path, "events", "الخط الزمني للأحداث · event timeline",
                   sum(1 for e in evs if e.date), len(evs))]
    index = out / "index.html"
    _write(index, render_index(pages, assembly))
    return [Page(index, "index", "index", len(assembly.entities), len(assembly.statements)),
            *pages]


def render_index(pages: list[Page], assembly: Assembly) -> str:
    groups: dict[str, list[Page]] = defaultdict(list)
    for p in pages:
        groups[p.kind].append(p)
    n_outlets = len({c.article.outlet for c in assembly.claims if c.article.outlet})
    return _env().get_template("index.html").render(
        groups=groups,
        font_stack=FONT_STACK,
        n_claims=len(assembly.claims),
        n_statements=len(assembly.statements),
        n_entities=len(assembly.entities),
        n_articles=len(assembly.articles),
        n_outlets=n_outlets,
    )
