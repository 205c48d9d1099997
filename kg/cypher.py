"""All Cypher kg sends to a property-graph store, as pure functions. Neo4j and FalkorDB share it.

Every builder returns query text built only from fixed vocabulary (labels and relationship types
from :class:`kg.model.RelationType` and the tables below), never from data: every value travels
as a query parameter, so a name like ``x'}) DETACH DELETE n //`` is stored as text. Writes are
``UNWIND $rows AS row … MERGE`` over batches of plain row dicts built by the ``*_rows`` functions.

The graph model::

    (:Entity:Actor|:Place:Person|... {id, name, type, aliases, qid, side})   GPE is both;
                                                                  outlets (:Outlet) and speakers
                                                                  (:Speaker) are entities too
    (:Article {id, outlet, title, date, url, path})
    (:Claim {id, statement, relation, label, modality, sentence, sentences, start, end,
             confidence, date, time, side, method})
    (c:Claim)-[:SUBJECT|OBJECT]->(:Entity)     (c)-[:IN_ARTICLE]->(:Article)
    (c)-[:REPORTED_BY|VIA]->(:Outlet)          (c)-[:SAID_BY]->(:Speaker)   (c)-[:AT]->(:Place)
    (s:Entity)-[:ASSAULT {id, label, labels, claims, articles, outlets, n_outlets, speakers,
                          sides, modalities, first_date, last_date, contested}]->(o:Entity)
    (:Event {id, type, label, labels, date, date_precision, n_sources, n_outlets, outlets,
             sides, modalities, contested, contested_why, versions, actors_blamed, sentence,
             latitude, longitude, geo_precision, admin1, country})
    (c:Claim)-[:REPORTS]->(e:Event)-[:ACTOR1|ACTOR2|BLAMED|AT]->(:Entity)

Statement edges are recomputed in Cypher from the ``Claim`` nodes in the store after each load,
so re-loading a file leaves identical counts and a second file updates the corroboration of the
statements it shares with the first. Events (:mod:`kg.events`) are grouped in Python over the
claims of one load: a load first deletes the events its claims reported before, then writes the
new ones, so a re-load replaces them; load every file at once (as ``kg build`` does) for events
reported across files.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Container, Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import islice
from typing import Any

from kg.assemble import Assembly, claim_side, statement_id
from kg.event_table import evidence_snippet
from kg.events import Event, group_events
from kg.model import Claim, EntityType, RelationType

Query = tuple[str, dict[str, Any]]
Row = dict[str, Any]

# A label per entity type (so Neo4j Browser can colour by type and queries can say :Person).
TYPE_LABELS: dict[EntityType, str] = {
    EntityType.PERSON: "Person", EntityType.ORG: "Org", EntityType.ARMED_GROUP: "ArmedGroup",
    EntityType.MEDIA: "Media", EntityType.GPE: "Gpe", EntityType.LOC: "Loc",
    EntityType.FAC: "Fac",
}
# Extra labels per entity type: Actor and/or Place (GPE both) and the type's own label.
# Only these strings reach query text.
ENTITY_LABELS: dict[EntityType, tuple[str, ...]] = {
    t: (*(lbl for lbl, on in (("Actor", t.is_actor), ("Place", t.is_place)) if on),
        TYPE_LABELS[t])
    for t in EntityType
}
_ENTITY_LABEL_NAMES = {"Actor", "Place", *TYPE_LABELS.values()}
# Attribution roles → (claim edge type, extra label of the agent node).
AGENT_ROLES: dict[str, tuple[str, str]] = {
    "reporter": ("REPORTED_BY", "Outlet"),
    "via": ("VIA", "Outlet"),
    "speaker": ("SAID_BY", "Speaker"),
}
# Every edge from a Claim to an Entity other than SUBJECT/OBJECT.
CLAIM_LINKS: tuple[str, ...] = ("REPORTED_BY", "VIA", "SAID_BY", "AT")
# Edges from an Event to its actors (actor 1, actor 2, every actor a report blames) and place.
EVENT_LINKS: tuple[str, ...] = ("ACTOR1", "ACTOR2", "BLAMED", "AT")

DEFAULT_BATCH_SIZE = 1000

# Uniqueness constraints and indexes. Neo4j's text is also shipped as schema/neo4j.cypher.
NEO4J_SCHEMA: tuple[str, ...] = (
    "CREATE CONSTRAINT entity_id IF NOT EXISTS FOR (n:Entity) REQUIRE n.id IS UNIQUE",
    "CREATE CONSTRAINT article_id IF NOT EXISTS FOR (n:Article) REQUIRE n.id IS UNIQUE",
    "CREATE CONSTRAINT claim_id IF NOT EXISTS FOR (n:Claim) REQUIRE n.id IS UNIQUE",
    "CREATE CONSTRAINT event_id IF NOT EXISTS FOR (n:Event) REQUIRE n.id IS UNIQUE",
    "CREATE INDEX claim_statement IF NOT EXISTS FOR (n:Claim) ON (n.statement)",
    "CREATE INDEX event_date IF NOT EXISTS FOR (n:Event) ON (n.date)",
    "CREATE INDEX entity_name IF NOT EXISTS FOR (n:Entity) ON (n.name)",
    "CREATE INDEX article_outlet IF NOT EXISTS FOR (n:Article) ON (n.outlet)",
)
# FalkorDB: (label, property) range indexes; the unique ones also get a unique constraint.
FALKORDB_INDEXES: tuple[tuple[str, str, bool], ...] = (
    ("Entity", "id", True),
    ("Article", "id", True),
    ("Claim", "id", True),
    ("Event", "id", True),
    ("Claim", "statement", False),
    ("Event", "date", False),
    ("Entity", "name", False),
    ("Article", "outlet", False),
)


def falkordb_index(label: str, prop: str) -> str:
    """``CREATE INDEX`` for one of :data:`FALKORDB_INDEXES` (no IF NOT EXISTS in FalkorDB)."""
    if (label, prop) not in {(lbl, p) for lbl, p, _ in FALKORDB_INDEXES}:
        raise ValueError(f"no such index in the graph model: {label}.{prop}")
    return f"CREATE INDEX FOR (n:{label}) ON (n.{prop})"


# ---------------------------------------------------------------- statements (query text)


def _labels(extra: Sequence[str], allowed: set[str]) -> str:
    for lbl in extra:
        if lbl not in allowed:  # a programming error, never user input
            raise ValueError(f"label {lbl!r} is not part of the graph model")
    return "".join(f":{lbl}" for lbl in extra)


def merge_entities(labels: Sequence[str]) -> str:
    """Entities with the given extra labels (a value of :data:`ENTITY_LABELS`).

    Aliases accumulate across loads; the canonical name and type are the latest file's.
    """
    set_labels = f"\nSET e{_labels(labels, _ENTITY_LABEL_NAMES)}" if labels else ""
    return (
        "UNWIND $rows AS row\n"
        "MERGE (e:Entity {id: row.id})\n"
        "SET e.name = row.name, e.type = row.type, e.qid = coalesce(row.qid, e.qid),\n"
        "    e.aliases = [a IN coalesce(e.aliases, []) WHERE NOT a IN row.aliases] + row.aliases"
        f"{set_labels}"
    )


def merge_agents(role: str) -> str:
    """Outlets and speakers of attribution chains: entity nodes, named only if still unnamed."""
    _, label = AGENT_ROLES[role]
    type_default = ", a.type = coalesce(a.type, 'MEDIA')" if label == "Outlet" else ""
    return (
        "UNWIND $rows AS row\n"
        "MERGE (a:Entity {id: row.id})\n"
        "SET a.name = coalesce(a.name, row.name), a.aliases = coalesce(a.aliases, []),\n"
        f"    a.side = coalesce(row.side, a.side){type_default}\n"
        f"SET a:Actor:{label}"
    )


MERGE_ARTICLES = (
    "UNWIND $rows AS row\n"
    "MERGE (a:Article {id: row.id})\n"
    "SET a.outlet = coalesce(row.outlet, a.outlet), a.title = coalesce(row.title, a.title),\n"
    "    a.date = coalesce(row.date, a.date), a.url = coalesce(row.url, a.url),\n"
    "    a.path = coalesce(row.path, a.path)"
)

MERGE_CLAIMS = (
    "UNWIND $rows AS row\n"
    "MERGE (c:Claim {id: row.id})\n"
    "SET c.statement = row.statement, c.relation = row.relation, c.label = row.label,\n"
    "    c.modality = row.modality, c.sentence = row.sentence, c.sentences = row.sentences,\n"
    "    c.start = row.start, c.end = row.end, c.confidence = row.confidence,\n"
    "    c.date = row.date, c.time = row.time, c.side = row.side, c.method = row.method\n"
    "WITH c, row\n"
    "MATCH (s:Entity {id: row.subject})\n"
    "MATCH (o:Entity {id: row.object})\n"
    "MATCH (a:Article {id: row.article})\n"
    "MERGE (c)-[:SUBJECT]->(s)\n"
    "MERGE (c)-[:OBJECT]->(o)\n"
    "MERGE (c)-[:IN_ARTICLE]->(a)"
)


def merge_claim_links(link: str) -> str:
    """Edges from claims to their reporter, via outlet, speaker or event place."""
    if link not in CLAIM_LINKS:
        raise ValueError(f"claim link {link!r} is not part of the graph model")
    return (
        "UNWIND $rows AS row\n"
        "MATCH (c:Claim {id: row.claim})\n"
        "MATCH (t:Entity {id: row.target})\n"
        f"MERGE (c)-[:{link}]->(t)"
    )


def merge_statements(relation: RelationType) -> str:
    """(Re)compute the typed statement edges with ids ``$ids`` from every Claim in the store.

    One statement per relation type because a relationship type cannot be a parameter; the type
    comes from the enum's fixed values. Lists follow claim-id order, so they are deterministic.
    """
    rel = RelationType(relation).value
    return (
        "UNWIND $ids AS sid\n"
        "MATCH (s:Entity)<-[:SUBJECT]-(c:Claim {statement: sid})-[:OBJECT]->(o:Entity)\n"
        "MATCH (c)-[:IN_ARTICLE]->(a:Article)\n"
        "OPTIONAL MATCH (c)-[:SAID_BY]->(sp:Entity)\n"
        "WITH sid, s, o, c, a, sp ORDER BY c.id\n"
        "WITH sid, s, o, collect(c.id) AS claim_ids, collect(DISTINCT c.label) AS labels,\n"
        "     collect(DISTINCT a.id) AS article_ids, collect(DISTINCT a.outlet) AS outlets,\n"
        "     collect(DISTINCT sp.name) AS speakers, collect(DISTINCT c.side) AS sides,\n"
        "     collect(DISTINCT c.modality) AS modalities,\n"
        "     min(c.date) AS first_date, max(c.date) AS last_date\n"
        f"MERGE (s)-[r:{rel}]->(o)\n"
        f"SET r.id = sid, r.relation = '{rel}', r.labels = labels,\n"
        "    r.label = reduce(t = head(labels), x IN tail(labels) | t + '، ' + x),\n"
        "    r.claims = size(claim_ids), r.claim_ids = claim_ids,\n"
        "    r.articles = size(article_ids), r.outlets = outlets, r.n_outlets = size(outlets),\n"
        "    r.speakers = speakers, r.sides = sides, r.modalities = modalities,\n"
        "    r.first_date = first_date, r.last_date = last_date,\n"
        "    r.contested = size(sides) > 1 OR ('denied' IN modalities AND size(modalities) > 1)"
    )


# Events this load's claims reported before: replaced by the events grouped now.
DELETE_STALE_EVENTS = (
    "UNWIND $claims AS cid\n"
    "MATCH (:Claim {id: cid})-[:REPORTS]->(e:Event)\n"
    "WITH DISTINCT e\n"
    "DETACH DELETE e"
)

MERGE_EVENTS = (
    "UNWIND $rows AS row\n"
    "MERGE (e:Event {id: row.id})\n"
    "SET e.type = row.type, e.label = row.label, e.labels = row.labels, e.date = row.date,\n"
    "    e.date_precision = row.date_precision, e.n_sources = row.n_sources,\n"
    "    e.n_outlets = row.n_outlets, e.outlets = row.outlets, e.sides = row.sides,\n"
    "    e.modalities = row.modalities, e.contested = row.contested,\n"
    "    e.contested_why = row.contested_why, e.versions = row.versions,\n"
    "    e.actors_blamed = row.actors_blamed, e.sentence = row.sentence,\n"
    "    e.latitude = row.latitude, e.longitude = row.longitude,\n"
    "    e.geo_precision = row.geo_precision, e.admin1 = row.admin1, e.country = row.country"
)

MERGE_EVENT_CLAIMS = (
    "UNWIND $rows AS row\n"
    "MATCH (c:Claim {id: row.claim})\n"
    "MATCH (e:Event {id: row.event})\n"
    "MERGE (c)-[:REPORTS]->(e)"
)


def merge_event_links(link: str) -> str:
    """Edges from events to their actors and place (one of :data:`EVENT_LINKS`)."""
    if link not in EVENT_LINKS:
        raise ValueError(f"event link {link!r} is not part of the graph model")
    return (
        "UNWIND $rows AS row\n"
        "MATCH (e:Event {id: row.event})\n"
        "MATCH (t:Entity {id: row.target})\n"
        f"MERGE (e)-[:{link}]->(t)"
    )


# ---------------------------------------------------------------- deltas (kg.graph_delta)

# Nodes that changed or went, deleted with their edges (changed ones are merged again after).
DELETE_EVENTS = "UNWIND $ids AS id\nMATCH (e:Event {id: id})\nDETACH DELETE e"
DELETE_CLAIMS = "UNWIND $ids AS id\nMATCH (c:Claim {id: id})\nDETACH DELETE c"
DELETE_ARTICLES = "UNWIND $ids AS id\nMATCH (a:Article {id: id})\nDETACH DELETE a"
DELETE_ENTITIES = "UNWIND $ids AS id\nMATCH (e:Entity {id: id})\nDETACH DELETE e"
# Entities changed in place: properties cleared (their edges kept), then merged again.
RESET_ENTITIES = (
    "UNWIND $ids AS id\n"
    "MATCH (e:Entity {id: id})\n"
    "SET e.name = null, e.type = null, e.qid = null, e.aliases = null, e.side = null"
)


def delete_statements(relation: RelationType) -> str:
    """Delete the statement edges ``$rows`` (``{id, subject, object}``) of one relation type:
    statements with no claim left."""
    rel = RelationType(relation).value
    return (
        "UNWIND $rows AS row\n"
        f"MATCH (:Entity {{id: row.subject}})-[r:{rel}]->(:Entity {{id: row.object}})\n"
        "WHERE r.id = row.id\n"
        "DELETE r"
    )


COUNT_NODES = "MATCH (n) RETURN count(n) AS n"
COUNT_EDGES = "MATCH ()-[r]->() RETURN count(r) AS n"
COUNT_BY_LABEL = (
    "MATCH (n) UNWIND labels(n) AS label RETURN label, count(*) AS n ORDER BY label"
)
COUNT_BY_TYPE = "MATCH ()-[r]->() RETURN type(r) AS type, count(*) AS n ORDER BY type"


# ---------------------------------------------------------------- rows (pure)


def _claim_date(c: Claim) -> str | None:
    return c.time.date if c.time and c.time.date else c.article.date


def entity_rows(assembly: Assembly) -> dict[tuple[str, ...], list[Row]]:
    """Entity rows grouped by their extra labels; aliases are the other spellings met in claims."""
    aliases: dict[str, set[str]] = defaultdict(set)
    for c in assembly.claims:
        for ref in (c.subject, c.object, c.place):
            if ref is not None and ref.mention and ref.mention != ref.name:
                aliases[ref.id].add(ref.mention)
    groups: dict[tuple[str, ...], list[Row]] = defaultdict(list)
    for e in assembly.entities.values():
        groups[ENTITY_LABELS[e.type]].append(
            {"id": e.id, "name": e.name, "type": e.type.value, "qid": e.qid,
             "aliases": sorted(aliases[e.id])}
        )
    return dict(groups)


def agent_rows(assembly: Assembly) -> dict[str, list[Row]]:
    """Reporter, via and speaker agents by role, one row per agent id and role."""
    groups: dict[str, dict[str, Row]] = {role: {} for role in AGENT_ROLES}
    for c in assembly.claims:
        att = c.attribution
        for role, agent in (("reporter", att.reporter), ("via", att.via),
                            ("speaker", att.speaker)):
            if agent is not None:
                groups[role].setdefault(
                    agent.id, {"id": agent.id, "name": agent.name, "side": agent.side})
    return {role: list(rows.values()) for role, rows in groups.items() if rows}


def article_rows(assembly: Assembly) -> list[Row]:
    return [
        {"id": a.id, "outlet": a.outlet, "title": a.title, "date": a.date, "url": a.url,
         "path": a.path}
        for a in assembly.articles.values()
    ]


def claim_row(c: Claim) -> Row:
    first = c.evidence[0] if c.evidence else None
    return {
        "id": c.id,
        "statement": statement_id(c.subject.id, c.relation.type, c.object.id),
        "subject": c.subject.id,
        "object": c.object.id,
        "article": c.article.id,
        "relation": c.relation.type.value,
        "label": c.relation.label,
        "modality": c.modality.value,
        "sentence": first.sentence if first else None,
        "sentences": [e.sentence for e in c.evidence],
        "start": first.start if first else None,
        "end": first.end if first else None,
        "confidence": c.confidence,
        "date": _claim_date(c),
        "time": c.time.text if c.time else None,
        "side": claim_side(c),
        "method": c.method,
    }


def claim_rows(assembly: Assembly) -> list[Row]:
    return [claim_row(c) for c in assembly.claims]


def claim_link_rows(assembly: Assembly) -> dict[str, list[Row]]:
    """Rows ``{claim, target}`` per claim edge type of :data:`CLAIM_LINKS`."""
    groups: dict[str, list[Row]] = defaultdict(list)
    for c in assembly.claims:
        att = c.attribution
        for link, ref in (("REPORTED_BY", att.reporter), ("VIA", att.via),
                          ("SAID_BY", att.speaker), ("AT", c.place)):
            if ref is not None:
                groups[link].append({"claim": c.id, "target": ref.id})
    return dict(groups)


def statement_ids(assembly: Assembly) -> dict[RelationType, list[str]]:
    """The ids of the assembly's statements, per relation type."""
    groups: dict[RelationType, list[str]] = defaultdict(list)
    for s in assembly.statements:
        groups[s.relation].append(s.id)
    return dict(groups)


def event_row(e: Event) -> Row:
    return {
        "id": e.id, "type": e.type.value, "label": "، ".join(e.labels), "labels": list(e.labels),
        "date": e.date, "date_precision": e.date_precision, "n_sources": e.n_sources,
        "n_outlets": e.n_outlets, "outlets": list(e.outlets), "sides": list(e.sides),
        "modalities": list(e.modalities), "contested": e.contested,
        "contested_why": list(e.contested_why),
        "versions": [f"{side or '?'}: {story}" for side, story in e.versions],
        "actors_blamed": [a.name for a in e.blamed], "sentence": evidence_snippet(e),
        "latitude": e.lat, "longitude": e.lon, "geo_precision": e.geo_precision,
        "admin1": e.admin1, "country": e.country,
    }


def event_link_rows(events: Sequence[Event]) -> dict[str, list[Row]]:
    """Rows ``{event, target}`` per edge type of :data:`EVENT_LINKS`."""
    groups: dict[str, list[Row]] = defaultdict(list)
    for e in events:
        for link, refs in (("ACTOR1", [e.actor1]), ("ACTOR2", [e.actor2]),
                           ("BLAMED", list(e.blamed)), ("AT", [e.place])):
            for ref in refs:
                if ref is not None:
                    groups[link].append({"event": e.id, "target": ref.id})
    return dict(groups)


def event_claim_rows(events: Sequence[Event]) -> list[Row]:
    return [{"claim": c.id, "event": e.id} for e in events for c in e.claims]


# ---------------------------------------------------------------- the load plan


def batches(rows: Iterable[Any], size: int) -> Iterator[list[Any]]:
    """Lists of ``size`` rows; ``rows`` is consumed lazily, one batch at a time."""
    if size < 1:
        raise ValueError("batch size must be at least 1")
    items = iter(rows)
    while batch := list(islice(items, size)):
        yield batch


def batched(text: str, rows: Iterable[Any], size: int, key: str = "rows") -> Iterator[Query]:
    for batch in batches(rows, size):
        yield text, {key: batch}


def load_plan(assembly: Assembly, batch_size: int = DEFAULT_BATCH_SIZE,
              events: Sequence[Event] | None = None) -> Iterator[Query]:
    """Every write statement that loads ``assembly``, in dependency order, in batches.

    Nodes first (entities, agents, articles), then claims with their edges, then the events
    (``events``, else :func:`kg.events.group_events` of the assembly, without coordinates),
    then the statement edges recomputed from all claims in the store.
    """
    return merge_plan(assembly, group_events(assembly) if events is None else events,
                      batch_size)


@dataclass(frozen=True)
class Subset:
    """The ids of each kind a :func:`merge_plan` writes (what changed: kg.graph_delta)."""

    entities: Container[str]
    articles: Container[str]
    claims: Container[str]
    statements: Container[str]


def merge_plan(assembly: Assembly, events: Sequence[Event],
               batch_size: int = DEFAULT_BATCH_SIZE,
               only: Subset | None = None) -> Iterator[Query]:
    """:func:`load_plan`'s merges; with ``only``, of those ids alone (``events`` are the ones
    to write), and without deleting the events the claims reported before (a delta deletes
    what changed first)."""

    def kept(rows: list[Row], ids: Container[str] | None, key: str = "id") -> list[Row]:
        return rows if ids is None else [r for r in rows if r[key] in ids]

    entities, articles, claim_ids, statements = (
        (None, None, None, None) if only is None
        else (only.entities, only.articles, only.claims, only.statements))
    for labels, rows in sorted(entity_rows(assembly).items()):
        yield from batched(merge_entities(labels), kept(rows, entities), batch_size)
    agents = agent_rows(assembly)
    for role in AGENT_ROLES:
        yield from batched(merge_agents(role), kept(agents.get(role, []), entities),
                           batch_size)
    yield from batched(MERGE_ARTICLES, kept(article_rows(assembly), articles), batch_size)
    # Claim and event rows are built a batch at a time (map): a store that runs a statement
    # while the next is prepared (FalkorStore.execute) never waits for all of them at once.
    claims = assembly.claims if claim_ids is None else [c for c in assembly.claims
                                                        if c.id in claim_ids]
    yield from batched(MERGE_CLAIMS, map(claim_row, claims), batch_size)
    links = claim_link_rows(assembly)
    for link in CLAIM_LINKS:
        yield from batched(merge_claim_links(link), kept(links.get(link, []), claim_ids,
                                                         "claim"), batch_size)
    if only is None:
        yield from batched(DELETE_STALE_EVENTS, [c.id for c in assembly.claims], batch_size,
                           "claims")
    yield from batched(MERGE_EVENTS, map(event_row, events), batch_size)
    yield from batched(MERGE_EVENT_CLAIMS, event_claim_rows(events), batch_size)
    event_links = event_link_rows(events)
    for link in EVENT_LINKS:
        yield from batched(merge_event_links(link), event_links.get(link, []), batch_size)
    ids = statement_ids(assembly)
    for relation in RelationType:
        chosen = ids.get(relation, [])
        if statements is not None:
            chosen = [sid for sid in chosen if sid in statements]
        yield from batched(merge_statements(relation), chosen, batch_size, "ids")


# ---------------------------------------------------------------- saved queries (queries/*.cypher)


@dataclass(frozen=True)
class SavedQuery:
    """A saved query file: its header's title and parameter defaults, and the Cypher text."""

    name: str
    title: str
    params: dict[str, Any]
    text: str


def _param_value(raw: str) -> Any:
    try:
        return json.loads(raw)
    except ValueError:
        return raw


def parse_saved_query(text: str, name: str = "") -> SavedQuery:
    """Read the ``// title:`` and ``// param: name = default`` header lines of a saved query.

    A default that parses as JSON (``10``, ``true``, ``"x"``) keeps its type; anything else is
    a string, so ``// param: entity = قوات الكرامة`` needs no quotes.
    """
    title, params = name, {}
    for line in text.splitlines():
        m = _HEADER.match(line)
        if m and m["key"] == "title":
            title = m["value"].strip()
        elif m and m["key"] == "param":
            pname, sep, default = m["value"].partition("=")
            if sep:
                params[pname.strip()] = _param_value(default.strip())
    return SavedQuery(name=name, title=title, params=params, text=text)


_HEADER = re.compile(r"^//\s*(?P<key>title|param):\s*(?P<value>.*)$")
