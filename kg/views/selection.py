"""Which statements each view shows: the whole network, an entity's neighbourhood, what one
outlet claims, the contested statements. Pure functions over an :class:`~kg.assemble.Assembly`.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

from kg.assemble import Assembly, assemble, statement_id
from kg.errors import ExportError
from kg.events import Event, group_events
from kg.model import Claim, EntityRef, Statement, stable_id
from kg.normalize import normalize


@dataclass(frozen=True)
class View:
    """One page: a set of statements, the claims behind each, and how the index names it."""

    slug: str  # file name without .html
    kind: str  # "network", "entity", "outlet" or "contested"
    title: str
    statements: tuple[Statement, ...]
    claims: dict[str, tuple[Claim, ...]]  # statement id → its claims (in this view)
    focus: str | None = None  # the entity a neighbourhood view is centred on
    events: tuple[Event, ...] = ()  # the contested events the contested view lists
    # Set by trim_view on a view cut to what a browser draws: the untrimmed view's counts.
    total_entities: int | None = None
    total_statements: int | None = None

    def entity_ids(self) -> set[str]:
        return {e for s in self.statements for e in (s.subject.id, s.object.id)}


def as_assembly(claims_or_assembly: Assembly | Iterable[Claim]) -> Assembly:
    if isinstance(claims_or_assembly, Assembly):
        return claims_or_assembly
    return assemble(claims_or_assembly)


def claims_by_statement(assembly: Assembly) -> dict[str, tuple[Claim, ...]]:
    groups: dict[str, list[Claim]] = defaultdict(list)
    for c in assembly.claims:
        groups[statement_id(c.subject.id, c.relation.type, c.object.id)].append(c)
    return {sid: tuple(cs) for sid, cs in groups.items()}


def _slug(text: str) -> str:
    """A file-name-safe slug; Arabic or odd names get a short stable hash instead."""
    ascii_part = re.sub(r"[^A-Za-z0-9_-]+", "-", text).strip("-")[:40]
    if ascii_part and ascii_part == text:
        return ascii_part
    return f"{ascii_part + '-' if ascii_part else ''}{stable_id(text, length=8)}"


def degrees(statements: Iterable[Statement]) -> Counter[str]:
    """Entity id → how many of ``statements`` it is the subject or object of."""
    degree: Counter[str] = Counter()
    for s in statements:
        degree[s.subject.id] += 1
        degree[s.object.id] += 1
    return degree


# What one page draws at most. vis-network opens a few thousand nodes with the layout done in
# Python; the whole network of 10,000 articles (170,000 entities, 140 MB of page) opens in no
# browser, and laying it out cost more than extracting the articles did.
MAX_VIEW_ENTITIES = 1500
MAX_VIEW_STATEMENTS = 4000


def trim_view(view: View, max_entities: int = MAX_VIEW_ENTITIES,
              max_statements: int = MAX_VIEW_STATEMENTS) -> View:
    """``view`` cut to its ``max_entities`` most connected entities (the focus always among
    them) and, of the statements among them, the ``max_statements`` backed by most claims
    (ties by id). A view within both limits comes back as it is; a cut one keeps its full
    counts in ``total_entities`` and ``total_statements`` for the page to say what it leaves
    out (kg.graphml, kg.gexf and the stores hold every statement)."""
    degree = degrees(view.statements)
    if len(degree) <= max_entities and len(view.statements) <= max_statements:
        return view
    ranked = sorted(degree, key=lambda e: (e != view.focus, -degree[e], e))
    kept = set(ranked[:max_entities])
    among = [s for s in view.statements if s.subject.id in kept and s.object.id in kept]
    if len(among) > max_statements:
        best = {s.id for s in sorted(among, key=lambda s: (-s.n_claims, s.id))[:max_statements]}
        among = [s for s in among if s.id in best]
    return replace(view, statements=tuple(among),
                   claims={s.id: view.claims[s.id] for s in among if s.id in view.claims},
                   total_entities=len(degree), total_statements=len(view.statements))


ClaimsOf = Mapping[str, tuple[Claim, ...]]  # statement id → its claims


def whole_view(assembly: Assembly, by_sid: ClaimsOf | None = None) -> View:
    """Every statement. ``by_sid`` is :func:`claims_by_statement` of ``assembly`` when the
    caller already has it (the views of one export share it)."""
    return View("network", "network", "الشبكة كاملة · whole network", assembly.statements,
                claims_by_statement(assembly) if by_sid is None else dict(by_sid))


def event_statement_ids(event: Event) -> list[str]:
    """The statements whose claims report ``event``."""
    return sorted({statement_id(c.subject.id, c.relation.type, c.object.id)
                   for c in event.claims})


def contested_view(assembly: Assembly, events: Iterable[Event] | None = None,
                   by_sid: ClaimsOf | None = None) -> View:
    """Contested statements and the statements of contested events (``events``, else grouped
    from the assembly), with those events listed beside the graph."""
    evs = group_events(assembly) if events is None else tuple(events)
    contested = tuple(e for e in evs if e.contested)
    in_events = {sid for e in contested for sid in event_statement_ids(e)}
    chosen = tuple(s for s in assembly.statements if s.contested or s.id in in_events)
    by_sid = claims_by_statement(assembly) if by_sid is None else by_sid
    return View("contested", "contested", "روايات متعارضة · contested statements", chosen,
                {s.id: by_sid[s.id] for s in chosen}, events=contested)


def outlet_views(assembly: Assembly) -> list[View]:
    """One view per reporting outlet, built from that outlet's claims only, so its
    corroboration counts are what that outlet says."""
    by_outlet: dict[str, list[Claim]] = defaultdict(list)
    for c in assembly.claims:
        if c.article.outlet:
            by_outlet[c.article.outlet].append(c)
    views = []
    for outlet in sorted(by_outlet):
        sub = assemble(by_outlet[outlet])
        views.append(View(f"outlet-{_slug(outlet)}", "outlet", f"ما ينقله {outlet} · outlet",
                          sub.statements, claims_by_statement(sub)))
    return views


def neighbourhood_view(assembly: Assembly, entity_id: str, depth: int = 1,
                       by_sid: ClaimsOf | None = None) -> View:
    """Statements among the entities within ``depth`` links of ``entity_id`` (either direction)."""
    if depth not in (1, 2):
        raise ExportError(f"neighbourhood depth must be 1 or 2, not {depth}")
    adjacent: dict[str, set[str]] = defaultdict(set)
    for s in assembly.statements:
        adjacent[s.subject.id].add(s.object.id)
        adjacent[s.object.id].add(s.subject.id)
    reach = {entity_id}
    frontier = {entity_id}
    for _ in range(depth):
        frontier = {n for f in frontier for n in adjacent[f]} - reach
        reach |= frontier
    # Depth 1: the entity's own statements. Depth 2: also links among and beyond its neighbours.
    if depth == 1:
        chosen = tuple(s for s in assembly.statements if entity_id in (s.subject.id, s.object.id))
    else:
        chosen = tuple(s for s in assembly.statements
                       if s.subject.id in reach and s.object.id in reach)
    by_sid = claims_by_statement(assembly) if by_sid is None else by_sid
    entity = assembly.entities[entity_id]
    return View(f"entity-{_slug(entity_id)}", "entity", f"{entity.name} · depth {depth}", chosen,
                {s.id: by_sid[s.id] for s in chosen}, focus=entity_id)


def resolve_entity(assembly: Assembly, name_or_id: str) -> EntityRef:
    """The entity named ``name_or_id``: an exact id, an exact name, a name equal after Arabic
    normalisation, or the one name that contains it."""
    if name_or_id in assembly.entities:
        return assembly.entities[name_or_id]
    wanted = normalize(name_or_id).strip()
    entities = list(assembly.entities.values())
    for test in (lambda e: e.name == name_or_id, lambda e: normalize(e.name) == wanted):
        found = [e for e in entities if test(e)]
        if len(found) == 1:
            return found[0]
    found = [e for e in entities if wanted and wanted in normalize(e.name)]
    if len(found) == 1:
        return found[0]
    if found:
        names = "، ".join(sorted(e.name for e in found)[:8])
        raise ExportError(f"entity '{name_or_id}' matches several entities: {names}",
                          hint="give a longer name or the entity id")
    raise ExportError(f"no entity named '{name_or_id}' in these claims",
                      hint="use an entity id or canonical name from the claims file")


def hubs(assembly: Assembly, n: int) -> list[str]:
    """The ``n`` entity ids with most statements: default pages when none are chosen."""
    degree = degrees(assembly.statements)
    return sorted(degree, key=lambda e: (-degree[e], e))[:n]
