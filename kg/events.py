"""Events: the claims of many articles about one happening, grouped, with who tells which story.

A claim is one reading of one sentence; an **event** is the one strike, seizure or meeting that
several claims may report. :func:`group_events` groups the claims of an assembly into events, and
an event is **contested** when the reports tell different stories about it.

Two claims report the same event (:func:`same_event`) when all of these hold:

1. **Type.** The same relation type, an event type (not a standing relation such as LEADS), and
   neither claim only plans or threatens it (modality ``planned`` or ``threatened``: nothing has
   happened yet). Asserted, alleged and denied claims all count: a denial is a story about the
   event too.
2. **Roles.** Subject and object are each the same entity, or *unknown* in one of the two claims
   (an unknown entity is one whose id is ``unknown``, or a generic collective of the gazetteer
   such as «المرتزقة», «الميليشيات»); at least one role must be the same known entity in both.
   Different known subjects still make one event (each report blames another actor for the
   same strike) when the object is the same known entity, both claims are dated, and either
   one of them denies ("not X" beside "Y did it") or they come from different articles that
   are not of the same side: one article, or one side, naming two attackers tells of two
   strikes.
3. **Date.** A claim's date is a window set by its precision: a resolved time expression
   («أمس», «يوم 4 مايو») gives one day; only the article's publication date gives the week up
   to it (news reports what happened in the days before); no date gives no window, which any
   date fits. Two windows must overlap, give or take :attr:`EventRules.day_tolerance` days (a
   night strike is «أمس» in one report and «فجر اليوم» in another).
4. **Place.** The event's place (the claim's place, else its object when that is a place) is
   the same entity, unknown in one claim, contains the other through the assembly's LOCATED_IN
   or PART_OF statements, or lies within :attr:`EventRules.radius_km` of it when both have
   coordinates.

Grouping is complete-linkage and deterministic: claims are taken best-dated first and a claim joins
an event only when it fits every claim already in it. A claim that fits more than one event joins
none of them and stays an event of its own: a guess would inflate one event's sources.

An event is contested when one claim denies what another asserts or alleges (``denial``), or
when the reports name different known actors as the one who did it (``blame``). Reports from
both sides that agree are corroboration, not contest (unlike a statement's ``contested``, which
only looks at sides).
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from kg.assemble import Assembly, claim_side
from kg.model import Claim, EntityRef, EntityType, Modality, RelationType, stable_id

UNKNOWN_ID = "unknown"  # a claim's subject or object when the article does not say who or what
PRECISIONS = ("day", "week", "unknown")  # ACLED's time_precision 1, 2; unknown has no date
_NOT_HAPPENED = frozenset({Modality.PLANNED, Modality.THREATENED})
_CONTAINMENT = frozenset({RelationType.LOCATED_IN, RelationType.PART_OF})
# The most specific place wins when the reports name several: a base before its town.
_PLACE_RANK = {EntityType.FAC: 0, EntityType.LOC: 1, EntityType.GPE: 2}


@dataclass(frozen=True)
class EntityFacts:
    """What the gazetteer knows about an entity beyond the claims: its side and, for a place,
    where it is."""

    side: str | None = None
    lat: float | None = None
    lon: float | None = None
    country: str | None = None
    admin1: str | None = None
    generic: bool = False  # a descriptive collective («المرتزقة»): says nothing of who exactly

    @property
    def has_coordinates(self) -> bool:
        return self.lat is not None and self.lon is not None

    @staticmethod
    def from_row(row: Mapping[str, Any]) -> EntityFacts:
        """From a gazetteer line (``side``, ``lat``, ``lon``, ``country``, ``admin1``,
        ``generic``, all optional)."""
        lat, lon = row.get("lat"), row.get("lon")
        return EntityFacts(
            side=row.get("side") or None,
            lat=float(lat) if lat is not None else None,
            lon=float(lon) if lon is not None else None,
            country=row.get("country") or None,
            admin1=row.get("admin1") or None,
            generic=bool(row.get("generic")),
        )


def facts_from_gazetteer(gazetteer: Any) -> dict[str, EntityFacts]:
    """Facts of every entry of a :class:`kg.extract.resources.Gazetteer`: sides, which
    entries are generic, and the places' coordinates, country and admin area."""
    generic = set(gazetteer.generic)
    return {
        e.id: EntityFacts(side=e.side, lat=e.lat, lon=e.lon, country=e.country,
                          admin1=e.admin1, generic=e.id in generic)
        for e in gazetteer.entities.values()
    }


@dataclass(frozen=True)
class EventRules:
    """The tolerances of :func:`same_event`."""

    day_tolerance: int = 1  # days two date windows may miss each other by
    report_window: int = 6  # days before publication an undated report's event may lie
    radius_km: float = 25.0  # two places with coordinates this close are one place


@dataclass(frozen=True)
class Event:
    """One happening and every claim that reports it."""

    id: str
    type: RelationType
    labels: tuple[str, ...]  # the Arabic predicates as the reports write them
    actor1: EntityRef | None  # who did it (the known subject most reports name), None: unknown
    actor2: EntityRef | None  # to whom or what
    actor1_side: str | None
    actor2_side: str | None
    blamed: tuple[EntityRef, ...]  # every known actor a report names as the one who did it
    place: EntityRef | None
    date: str | None  # ISO day; with precision "week", the day of the first report
    date_precision: str  # one of PRECISIONS
    claims: tuple[Claim, ...]
    article_ids: tuple[str, ...]
    outlets: tuple[str, ...]
    sides: tuple[str, ...]  # the sides the reports speak for
    modalities: tuple[str, ...]
    contested_why: tuple[str, ...] = ()  # "denial" and/or "blame"
    lat: float | None = None
    lon: float | None = None
    geo_precision: int | None = None  # 1: the place's own coordinates; 2: a containing place's
    admin1: str | None = None
    country: str | None = None
    versions: tuple[tuple[str, str], ...] = field(default=())  # (side or "", story) per side

    @property
    def contested(self) -> bool:
        return bool(self.contested_why)

    @property
    def n_sources(self) -> int:
        """Distinct articles behind the event."""
        return len(self.article_ids)

    @property
    def n_outlets(self) -> int:
        return len(self.outlets)


# ---------------------------------------------------------------- what one claim says


@dataclass(frozen=True)
class _Reading:
    """What the grouping needs of one claim."""

    claim: Claim
    subject: str | None  # None: unknown
    object: str | None
    place: str | None
    lo: date | None  # the date window; None when undated
    hi: date | None
    precision: str
    side: str | None


def _day(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def claim_window(claim: Claim, rules: EventRules = EventRules()
                 ) -> tuple[date | None, date | None, str]:
    """``(first day, last day, precision)`` the claim's event may lie in (see the module doc)."""
    day = _day(claim.time.date if claim.time else None)
    if day is not None:
        return day, day, "day"
    published = _day(claim.article.date)
    if published is not None:
        return published - timedelta(days=rules.report_window), published, "week"
    return None, None, "unknown"


def event_place(claim: Claim) -> EntityRef | None:
    """Where the claim's event happened: its place, else its object when that is a place."""
    if claim.place is not None:
        return claim.place
    return claim.object if claim.object.type.is_place else None


def is_event_claim(claim: Claim) -> bool:
    """Whether the claim reports something that happened (or denies it did)."""
    return not claim.relation.type.is_standing and claim.modality not in _NOT_HAPPENED


@dataclass(frozen=True)
class EventContext:
    """What :func:`same_event` looks up beyond the two claims."""

    facts: Mapping[str, EntityFacts] = field(default_factory=dict)
    within: Mapping[str, frozenset[str]] = field(default_factory=dict)  # place → containers
    rules: EventRules = EventRules()

    def unknown(self, entity_id: str) -> bool:
        f = self.facts.get(entity_id)
        return entity_id == UNKNOWN_ID or (f is not None and f.generic)

    def reading(self, claim: Claim) -> _Reading:
        lo, hi, precision = claim_window(claim, self.rules)
        place = event_place(claim)
        return _Reading(
            claim=claim,
            subject=None if self.unknown(claim.subject.id) else claim.subject.id,
            object=None if self.unknown(claim.object.id) else claim.object.id,
            place=place.id if place is not None and not self.unknown(place.id) else None,
            lo=lo, hi=hi, precision=precision, side=claim_side(claim),
        )


def containment(assembly: Assembly) -> dict[str, frozenset[str]]:
    """Each place → every place that contains it, by the LOCATED_IN and PART_OF statements."""
    return _closure((s.subject.id, s.object.id) for s in assembly.statements
                    if s.relation in _CONTAINMENT and s.subject.type.is_place
                    and s.object.type.is_place)


def _claims_containment(claims: Iterable[Claim]) -> dict[str, frozenset[str]]:
    """:func:`containment` of the assembly of ``claims`` (sorted by id), without assembling
    every statement: a statement's entities are those of its first claim."""
    first: dict[tuple[str, RelationType, str], Claim] = {}
    for c in claims:
        if c.relation.type in _CONTAINMENT:
            first.setdefault((c.subject.id, c.relation.type, c.object.id), c)
    return _closure((c.subject.id, c.object.id) for c in first.values()
                    if c.subject.type.is_place and c.object.type.is_place)


def _closure(links: Iterable[tuple[str, str]]) -> dict[str, frozenset[str]]:
    """Each place → every place above it through the (place, container) ``links``."""
    parents: dict[str, set[str]] = defaultdict(set)
    for place, container in links:
        parents[place].add(container)
    out = {}
    for place in parents:
        seen: set[str] = set()
        todo = list(parents[place])
        while todo:
            p = todo.pop()
            if p not in seen and p != place:
                seen.add(p)
                todo.extend(parents.get(p, ()))
        out[place] = frozenset(seen)
    return out


def distance_km(a: EntityFacts, b: EntityFacts) -> float:
    """Great-circle distance between two places with coordinates (haversine, mean radius)."""
    assert a.lat is not None and a.lon is not None and b.lat is not None and b.lon is not None
    p1, p2 = math.radians(a.lat), math.radians(b.lat)
    dp, dl = p2 - p1, math.radians(b.lon - a.lon)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(h))


def _places_fit(a: str | None, b: str | None, ctx: EventContext) -> bool:
    if a is None or b is None or a == b:
        return True
    if b in ctx.within.get(a, ()) or a in ctx.within.get(b, ()):
        return True
    fa, fb = ctx.facts.get(a), ctx.facts.get(b)
    if fa is not None and fb is not None and fa.has_coordinates and fb.has_coordinates:
        return distance_km(fa, fb) <= ctx.rules.radius_km
    return False


def _dates_fit(a: _Reading, b: _Reading, tolerance: int) -> bool:
    if a.lo is None or b.lo is None:
        return True
    assert a.hi is not None and b.hi is not None
    slack = timedelta(days=tolerance)
    return a.lo <= b.hi + slack and b.lo <= a.hi + slack


def _role_fits(a: str | None, b: str | None) -> bool:
    return a is None or b is None or a == b


def _fits(a: _Reading, b: _Reading, ctx: EventContext) -> bool:
    ca, cb = a.claim, b.claim
    if ca.relation.type is not cb.relation.type or not (is_event_claim(ca) and is_event_claim(cb)):
        return False
    return _fits_same_type(a, b, ctx)


def _fits_same_type(a: _Reading, b: _Reading, ctx: EventContext) -> bool:
    """:func:`_fits` for two event claims of one type (what :func:`cluster` compares)."""
    ca, cb = a.claim, b.claim
    if not _dates_fit(a, b, ctx.rules.day_tolerance) or not _places_fit(a.place, b.place, ctx):
        return False
    if not _role_fits(a.object, b.object):
        return False
    if _role_fits(a.subject, b.subject):
        shared = (a.subject is not None and a.subject == b.subject) or (
            a.object is not None and a.object == b.object)
        return shared
    # Two known, different actors: one event only as two versions of one dated strike. One
    # article, or one side, that names both tells of two strikes, unless it denies one.
    if a.object is None or a.object != b.object or a.lo is None or b.lo is None:
        return False
    if Modality.DENIED in (ca.modality, cb.modality):
        return True
    return ca.article.id != cb.article.id and (a.side is None or b.side is None
                                               or a.side != b.side)


def same_event(a: Claim, b: Claim, ctx: EventContext | None = None) -> bool:
    """Whether two claims report the same event, by the rules of the module doc."""
    ctx = ctx or EventContext()
    return _fits(ctx.reading(a), ctx.reading(b), ctx)


# ---------------------------------------------------------------- grouping


def _order(r: _Reading) -> tuple[int, str, str]:
    return PRECISIONS.index(r.precision), r.lo.isoformat() if r.lo else "", r.claim.id


def cluster(readings: list[_Reading], ctx: EventContext) -> list[list[_Reading]]:
    """Complete-linkage groups of event readings of one relation type (see the module doc),
    in a stable order.

    Readings come by precision, then date: within a precision the first day only grows, so a
    group whose earliest last day is already out of reach can never take a later reading of
    that precision and leaves the entity's live list. That keeps the work per reading to the
    groups near its date, not every group its actor ever had (the cost grew with the square
    of the corpus).
    """
    groups: list[list[_Reading]] = []
    hi_min: list[date | None] = []  # per group: the earliest last day of its dated members
    members: list[set[str]] = []  # per group: its known role entities
    objects: list[str | None] = []  # per group: its known object, if any
    by_entity: dict[str, list[int]] = defaultdict(list)  # known role entity → its groups
    live: dict[str, list[int]] = {}  # the same, less the groups out of reach, in this precision
    slack = timedelta(days=ctx.rules.day_tolerance)
    precision = None
    for r in sorted(readings, key=_order):
        if r.precision != precision:
            precision, live = r.precision, {}
        roles = [e for e in dict.fromkeys((r.subject, r.object)) if e]
        candidates: set[int] = set()
        for e in roles:
            if r.lo is None:  # undated: fits any date
                candidates.update(by_entity[e])
                continue
            lo = r.lo
            near = [g for g in live.get(e, by_entity[e])
                    if (h := hi_min[g]) is None or lo <= h + slack]
            live[e] = near
            candidates.update(near)
        # a group's members fit each other, so it holds at most one known object
        fits = [g for g in sorted(candidates)
                if (r.object is None or objects[g] is None or objects[g] == r.object)
                and all(_fits_same_type(r, m, ctx) for m in groups[g])]
        if len(fits) == 1:
            index = fits[0]
            groups[index].append(r)
            h = hi_min[index]
            if r.hi is not None and (h is None or r.hi < h):
                hi_min[index] = r.hi
            objects[index] = objects[index] or r.object
        else:  # no event fits, or several do and choosing one would be a guess
            index = len(groups)
            groups.append([r])
            hi_min.append(r.hi)
            objects.append(r.object)
            members.append(set())
        for e in roles:
            if e not in members[index]:
                members[index].add(e)
                by_entity[e].append(index)
                if e in live:
                    live[e].append(index)
    return groups


def _most(refs: Iterable[EntityRef], weight: Mapping[str, int] | None = None
          ) -> EntityRef | None:
    """The entity with the highest ``weight``, then the most claims, then the first name."""
    refs = list(refs)
    if not refs:
        return None
    counts = Counter(r.id for r in refs)
    by_id = {r.id: r for r in refs}
    w = weight or {}
    best = min(counts, key=lambda i: (-w.get(i, 0), -counts[i], by_id[i].name, i))
    return _bare(by_id[best])


def _bare(ref: EntityRef) -> EntityRef:
    return EntityRef(id=ref.id, name=ref.name, type=ref.type, mention=None, qid=ref.qid)


def _entity_side(entity: EntityRef | None, claims: Iterable[Claim], ctx: EventContext
                 ) -> str | None:
    if entity is None:
        return None
    f = ctx.facts.get(entity.id)
    if f is not None and f.side:
        return f.side
    for c in claims:  # a speaker agent of the same id may carry the side
        for agent in (c.attribution.speaker, c.attribution.via, c.attribution.reporter):
            if agent is not None and agent.id == entity.id and agent.side:
                return agent.side
    return None


def _location(place: EntityRef | None, ctx: EventContext
              ) -> tuple[float | None, float | None, int | None, str | None, str | None]:
    """Coordinates (the place's own, else its nearest container's), admin area and country."""
    if place is None:
        return None, None, None, None, None
    own = ctx.facts.get(place.id, EntityFacts())
    if own.has_coordinates:
        return own.lat, own.lon, 1, own.admin1, own.country
    for container in sorted(ctx.within.get(place.id, ())):
        f = ctx.facts.get(container)
        if f is not None and f.has_coordinates:
            return f.lat, f.lon, 2, own.admin1 or f.admin1, own.country or f.country
    return None, None, None, own.admin1, own.country


def _story(c: Claim) -> str:
    verb = "نفى" if c.modality is Modality.DENIED else c.relation.label
    return f"{c.subject.name} ← {verb} ← {c.object.name}"


def build_event(readings: list[_Reading], ctx: EventContext) -> Event:
    """The event the given (already grouped) readings report."""
    readings = sorted(readings, key=lambda r: r.claim.id)
    claims = [r.claim for r in readings]
    first = claims[0]
    told = [c for c in claims if c.modality is not Modality.DENIED]
    # Actor 1: the known subject most non-denying reports name, then most reports of any kind.
    asserted = Counter(c.subject.id for c in told)
    actor1 = _most((r.claim.subject for r in readings if r.subject),
                   asserted)
    actor2 = _most(r.claim.object for r in readings if r.object)
    places = [p for p in (event_place(c) for c in claims) if p and not ctx.unknown(p.id)]
    place = None
    if places:
        counts = Counter(p.id for p in places)
        best = min(places, key=lambda p: (_PLACE_RANK.get(p.type, 3), -counts[p.id], p.id))
        place = _bare(best)
    dated = sorted((r for r in readings if r.lo), key=_order)
    if dated and dated[0].precision == "day":
        days: Counter[date] = Counter(r.lo for r in dated if r.precision == "day" and r.lo)
        day = min(days, key=lambda d: (-days[d], d))
        when, precision = day.isoformat(), "day"
    elif dated:
        when, precision = min(r.hi for r in dated if r.hi).isoformat(), "week"
    else:
        when, precision = None, "unknown"
    why = []
    if told and len(told) < len(claims):
        why.append("denial")
    if len({c.subject.id for c in told if not ctx.unknown(c.subject.id)}) > 1:
        why.append("blame")
    lat, lon, geo, admin1, country = _location(place, ctx)
    versions: dict[str, set[str]] = defaultdict(set)
    for c in claims:
        versions[claim_side(c) or ""].add(_story(c))
    return Event(
        id=stable_id("event", *(c.id for c in claims)),
        type=first.relation.type,
        labels=tuple(sorted({c.relation.label for c in claims})),
        actor1=actor1,
        actor2=actor2,
        actor1_side=_entity_side(actor1, claims, ctx),
        actor2_side=_entity_side(actor2, claims, ctx),
        blamed=tuple(sorted({c.subject.id: _bare(c.subject) for c in told
                             if not ctx.unknown(c.subject.id)}.values(), key=lambda e: e.id)),
        place=place,
        date=when,
        date_precision=precision,
        claims=tuple(claims),
        article_ids=tuple(sorted({c.article.id for c in claims})),
        outlets=tuple(sorted({c.article.outlet for c in claims if c.article.outlet})),
        sides=tuple(sorted({s for s in (claim_side(c) for c in claims) if s})),
        modalities=tuple(sorted({c.modality.value for c in claims})),
        contested_why=tuple(why),
        lat=lat, lon=lon, geo_precision=geo, admin1=admin1, country=country,
        versions=tuple((side, "؛ ".join(sorted(stories)))
                       for side, stories in sorted(versions.items())),
    )


def group_events(claims_or_assembly: Assembly | Iterable[Claim],
                 facts: Mapping[str, EntityFacts] | None = None,
                 rules: EventRules = EventRules()) -> tuple[Event, ...]:
    """Every event the claims report, ordered by date (undated last), type and id.

    ``facts`` (entity id → :class:`EntityFacts`, e.g. :func:`facts_from_gazetteer`) gives the
    actors' sides, which entities are generic, and the places' coordinates; without it events
    still group, with no coordinates and sides taken from the claims' speakers.
    """
    if isinstance(claims_or_assembly, Assembly):
        claims, within = claims_or_assembly.claims, containment(claims_or_assembly)
    else:  # the claims in assembly order; of the statements only the containment ones count
        claims = tuple(sorted(claims_or_assembly, key=lambda c: c.id))
        within = _claims_containment(claims)
    ctx = EventContext(facts=facts or {}, within=within, rules=rules)
    readings = [ctx.reading(c) for c in claims if is_event_claim(c)]
    by_type: dict[RelationType, list[_Reading]] = defaultdict(list)
    for r in readings:
        by_type[r.claim.relation.type].append(r)
    events = [build_event(g, ctx) for t in sorted(by_type, key=lambda t: t.value)
              for g in cluster(by_type[t], ctx)]
    return tuple(sorted(events, key=lambda e: (e.date is None, e.date or "", e.type.value, e.id)))


def events_from_claims(claims: Iterable[Claim], gazetteer: Iterable[Any] = ()
                       ) -> tuple[Event, ...]:
    """:func:`group_events` with the facts of the shipped gazetteer and the user's files."""
    from kg.extract.resources import load_gazetteer

    return group_events(claims, facts_from_gazetteer(load_gazetteer(list(gazetteer))))


def contested_events(events: Iterable[Event]) -> list[Event]:
    """The contested events, most reported first."""
    return sorted((e for e in events if e.contested), key=lambda e: (-e.n_sources, e.id))
