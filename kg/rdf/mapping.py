"""Claims → RDF. Pure functions: the same claims and base always give the same quads.

The model (documented in ``schema/kg.ttl``, checked by ``schema/shapes.ttl``):

- every **entity** (and every agent of an attribution chain) is ``<base>entity/<id>``, typed by
  its kind (``kg:ArmedGroup`` …) and by ``kg:Actor``/``kg:Place``, with ``rdfs:label``\\@ar and
  ``owl:sameAs wd:Q…`` when it has a QID;
- every **claim** is an n-ary ``kg:Claim`` node ``<base>claim/<id>``: subject, relation, object,
  Arabic label, modality, evidence spans (text\\@ar + offsets; the first in the article also as
  ``kg:firstEvidence``), confidence, place, date;
  ``prov:wasDerivedFrom`` its article and ``prov:wasAttributedTo`` its reporter, via outlet and
  speaker, each also under its role (``kg:reportedBy``, ``kg:via``, ``kg:speaker``);
- every **statement** is a direct triple ``entity:lna kg:ASSAULT entity:misrata_airbase`` plus a
  ``kg:Statement`` node (an ``rdf:Statement`` reifying that triple) with its corroboration;
- in the quad formats, what an article says (the article, its claims and evidence) is in a named
  graph named by the article's IRI; entities, agents and statements are in the default graph.

A quad is four terms already in N-Triples syntax, UTF-8 encoded (``<iri>``, ``"text"@ar``,
``"3"^^<…#integer>``): a dump is then written line by line with no RDF object model in between
(a million quads in seconds, where building an rdflib graph takes minutes). Literals are
escaped by pyoxigraph, so the syntax is the engine's own. rdflib graphs of the same quads
(:func:`claims_to_graph`, :func:`claims_to_dataset`) serve the SHACL check and graph comparisons.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from types import SimpleNamespace
from typing import cast
from urllib.parse import quote

import pyoxigraph as ox
from rdflib import RDF, RDFS, XSD, Dataset, Graph
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.namespace import OWL, PROV, SDO
from rdflib.term import Node
from rdflib.util import from_n3

from kg.assemble import Assembly, assemble
from kg.errors import ExportError
from kg.events import Event
from kg.model import Agent, ArticleRef, Claim, EntityRef, EntityType, Modality, Statement, stable_id
from kg.rdf.vocab import KG, KG_IRI, SEM, WD, kg_terms

DEFAULT_BASE = "https://w3id.org/kg-libya/data/"

# (subject, predicate, object, graph): N-Triples terms as UTF-8; graph None = the default graph
Term = bytes
Quad = tuple[Term, Term, Term, Term | None]

PREFIXES: dict[str, str] = {
    "kg": KG_IRI,
    "prov": str(PROV),
    "schema": str(SDO),
    "sem": str(SEM),
    "wd": str(WD),
    "owl": str(OWL),
    "rdfs": str(RDFS),
    "xsd": str(XSD),
}
DATA_PREFIXES = (
    ("entity", "entity/"),
    ("article", "article/"),
    ("claim", "claim/"),
    ("statement", "statement/"),
    ("event", "event/"),
)


def _iri(iri: str) -> Term:
    return f"<{iri}>".encode()


# The vocabulary in N-Triples form, looked up once (a DefinedNamespace lookup per quad costs
# more than writing the quad). Attribute access keeps typos loud: K.ASSUALT raises.
K = SimpleNamespace(**{name: _iri(KG[name]) for name in kg_terms()})
TYPE, LABEL, SAME_AS = _iri(RDF.type), _iri(RDFS.label), _iri(OWL.sameAs)
RDF_SUBJECT, RDF_PREDICATE, RDF_OBJECT = _iri(RDF.subject), _iri(RDF.predicate), _iri(RDF.object)
PROV_AGENT, DERIVED_FROM = _iri(PROV.Agent), _iri(PROV.wasDerivedFrom)
ATTRIBUTED_TO = _iri(PROV.wasAttributedTo)
HEADLINE, URL, DATE_PUBLISHED = _iri(SDO.headline), _iri(SDO.url), _iri(SDO.datePublished)
PUBLISHER = _iri(SDO.publisher)
SEM_EVENT = _iri(SEM.Event)
SEM_HAS_PLACE, SEM_TIME_STAMP = _iri(SEM.hasPlace), _iri(SEM.hasTimeStamp)

KIND_CLASS: dict[EntityType, Term] = {
    EntityType.PERSON: K.Person,
    EntityType.ORG: K.Organisation,
    EntityType.ARMED_GROUP: K.ArmedGroup,
    EntityType.MEDIA: K.MediaOutlet,
    EntityType.GPE: K.GeopoliticalEntity,
    EntityType.LOC: K.Location,
    EntityType.FAC: K.Facility,
}
MODALITY_IRI: dict[Modality, Term] = {m: getattr(K, m.value) for m in Modality}
_RELATION_IRI = {name: getattr(K, name) for name in kg_terms() if name.isupper()}


def relation_iri(value: str) -> Term:
    return _RELATION_IRI[value]


def normalise_base(base: str) -> str:
    """A base IRI ends with ``/`` or ``#`` so that ids append cleanly; it must be an IRI."""
    base = base if base.endswith(("/", "#")) else base + "/"
    try:
        ox.NamedNode(base)
    except ValueError as exc:
        raise ExportError(
            f"the base '{base}' is not an IRI: {exc}",
            hint="pass an absolute IRI such as https://example.org/kg/",
        ) from exc
    return base


_UNRESERVED = re.compile(r"[A-Za-z0-9_.~-]*")


def _local(id_: str) -> str:
    # ids are usually [a-z0-9_]; anything else (Arabic, spaces) is percent-encoded, which also
    # keeps every minted IRI valid under a valid base
    return id_ if _UNRESERVED.fullmatch(id_) else quote(id_, safe="-_.~")


# Literals repeat (labels, offsets, dates, confidences): cache their N-Triples form
@lru_cache(maxsize=1 << 16)
def _ar(text: str) -> Term:
    return str(ox.Literal(text, language="ar")).encode()


@lru_cache(maxsize=1 << 16)
def _str(text: str) -> Term:
    return str(ox.Literal(text)).encode()


_XSD_INTEGER, _XSD_DECIMAL, _XSD_BOOLEAN = _iri(XSD.integer), _iri(XSD.decimal), _iri(XSD.boolean)


@lru_cache(maxsize=1 << 12)
def _date(value: str) -> Term:
    """xsd:date for an ISO date, plain string otherwise (partial dates such as "2020-06")."""
    if len(value) == 10 and value[4] == "-" and value[7] == "-":
        return str(ox.Literal(value, datatype=ox.NamedNode(XSD.date))).encode()
    return _str(value)


@lru_cache(maxsize=1 << 16)
def _int(value: int) -> Term:
    return b'"%d"^^%b' % (value, _XSD_INTEGER)


@lru_cache(maxsize=1 << 12)
def _confidence(value: float) -> Term:
    # xsd:decimal from the shortest repr: 0.85 stays "0.85", not 0.84999…
    return b'"%s"^^%b' % (format(Decimal(repr(float(value))), "f").encode(), _XSD_DECIMAL)


_TRUE, _FALSE = b'"true"^^' + _XSD_BOOLEAN, b'"false"^^' + _XSD_BOOLEAN


def _any_uri(value: str) -> Term:
    return str(ox.Literal(value, datatype=ox.NamedNode(XSD.anyURI))).encode()


@dataclass(frozen=True)
class Iris:
    """How kg data IRIs are minted under one base: stable, readable, collision-free by kind."""

    base: str = DEFAULT_BASE

    def entity(self, id_: str) -> Term:
        return _entity_iri(self.base, id_)

    def outlet_key(self, name: str) -> str:
        """The id of an article's outlet known only by name (no reporter agent in its claims)."""
        return f"outlet-{stable_id(name, length=12)}"

    def article(self, id_: str) -> Term:
        return _article_iri(self.base, id_)

    def evidence(self, article_id: str, start: int, end: int) -> Term:
        # a span of the article's text: claims quoting the same words share the node
        return f"<{self.base}article/{_local(article_id)}/span/{start}-{end}>".encode()

    def claim(self, id_: str) -> Term:
        return f"<{self.base}claim/{_local(id_)}>".encode()

    def statement(self, id_: str) -> Term:
        return f"<{self.base}statement/{_local(id_)}>".encode()

    def event(self, id_: str) -> Term:
        return f"<{self.base}event/{_local(id_)}>".encode()


# entities and articles recur in many quads: mint each IRI once
@lru_cache(maxsize=1 << 16)
def _entity_iri(base: str, id_: str) -> Term:
    return f"<{base}entity/{_local(id_)}>".encode()


@lru_cache(maxsize=1 << 16)
def _article_iri(base: str, id_: str) -> Term:
    return f"<{base}article/{_local(id_)}>".encode()


def entity_quads(ref: EntityRef, iris: Iris) -> Iterator[Quad]:
    node = iris.entity(ref.id)
    yield node, TYPE, KIND_CLASS[ref.type], None
    if ref.type.is_actor:
        yield node, TYPE, K.Actor, None
    if ref.type.is_place:
        yield node, TYPE, K.Place, None
    yield node, LABEL, _ar(ref.name), None
    yield node, K.key, _str(ref.id), None
    if ref.qid:
        yield node, SAME_AS, _iri(WD + _local(ref.qid)), None


def agent_quads(
    agent: Agent, outlet: bool, known: dict[str, EntityRef], iris: Iris
) -> Iterator[Quad]:
    """An agent of an attribution chain; typed as an outlet or a speaker unless a known entity."""
    node = iris.entity(agent.id)
    yield node, TYPE, PROV_AGENT, None
    yield node, TYPE, K.Actor, None
    if outlet:
        yield node, TYPE, K.MediaOutlet, None
    if agent.id not in known:  # the entity's own name and key are already there
        yield node, LABEL, _ar(agent.name), None
        yield node, K.key, _str(agent.id), None
    if agent.side:
        yield node, K.side, _str(agent.side), None


def article_quads(ref: ArticleRef, publisher: Term | None, iris: Iris) -> Iterator[Quad]:
    node = iris.article(ref.id)
    yield node, TYPE, K.Article, node
    yield node, K.key, _str(ref.id), node
    if ref.title:
        yield node, HEADLINE, _ar(ref.title), node
    if ref.path:
        yield node, K.path, _str(ref.path), node
    if ref.url:
        yield node, URL, _any_uri(ref.url), node
    if ref.date:
        yield node, DATE_PUBLISHED, _date(ref.date), node
    if publisher is not None:
        yield node, PUBLISHER, publisher, node


def claim_quads(claim: Claim, iris: Iris) -> Iterator[Quad]:
    """The n-ary claim node, its evidence and attribution, in its article's named graph."""
    graph = iris.article(claim.article.id)
    node = iris.claim(claim.id)
    rel = claim.relation
    yield node, TYPE, K.Claim, graph
    if not rel.type.is_standing:
        yield node, TYPE, SEM_EVENT, graph  # an event claim describes a SEM event
    yield node, K.key, _str(claim.id), graph
    yield node, LABEL, _ar(f"{claim.subject.name} –{rel.label}→ {claim.object.name}"), graph
    yield node, K.subject, iris.entity(claim.subject.id), graph
    yield node, K.relation, relation_iri(rel.type.value), graph
    yield node, K.object, iris.entity(claim.object.id), graph
    yield node, K.label, _ar(rel.label), graph
    yield node, K.modality, MODALITY_IRI[claim.modality], graph
    yield node, K.confidence, _confidence(claim.confidence), graph
    yield node, DERIVED_FROM, graph, graph
    for ev in claim.evidence:
        span = iris.evidence(claim.article.id, ev.start, ev.end)
        yield node, K.evidence, span, graph
        yield span, TYPE, K.Evidence, graph
        yield span, K.text, _ar(ev.sentence), graph
        yield span, K.start, _int(ev.start), graph
        yield span, K.end, _int(ev.end), graph
    if claim.evidence:  # the span(s) starting first: one lookup for the sentence to quote
        first = min(ev.start for ev in claim.evidence)
        for ev in claim.evidence:
            if ev.start == first:
                span = iris.evidence(claim.article.id, ev.start, ev.end)
                yield node, K.firstEvidence, span, graph
    if claim.place is not None:
        yield node, K.place, iris.entity(claim.place.id), graph
    if claim.time is not None:
        yield node, K.timeText, _ar(claim.time.text), graph
        if claim.time.date:
            yield node, K.date, _date(claim.time.date), graph
    if claim.method:
        yield node, K.method, _str(claim.method), graph
    att = claim.attribution
    for role, agent in ((K.reportedBy, att.reporter), (K.via, att.via), (K.speaker, att.speaker)):
        if agent is not None:
            who = iris.entity(agent.id)
            yield node, role, who, graph
            yield node, ATTRIBUTED_TO, who, graph  # for queries that know only PROV


def statement_quads(st: Statement, outlets: Iterable[Term], iris: Iris) -> Iterator[Quad]:
    """The direct triple and the statement node carrying its corroboration (default graph)."""
    subj, obj = iris.entity(st.subject.id), iris.entity(st.object.id)
    pred = relation_iri(st.relation.value)
    yield subj, pred, obj, None
    node = iris.statement(st.id)
    yield node, TYPE, K.Statement, None
    yield node, RDF_SUBJECT, subj, None
    yield node, RDF_PREDICATE, pred, None
    yield node, RDF_OBJECT, obj, None
    yield node, K.key, _str(st.id), None
    for label in st.labels:
        yield node, K.label, _ar(label), None
    for cid in st.claim_ids:
        yield node, K.supportedBy, iris.claim(cid), None
    for aid in st.article_ids:
        yield node, K.article, iris.article(aid), None
    for outlet in sorted(set(outlets)):
        yield node, K.outlet, outlet, None
    for side in st.sides:
        yield node, K.side, _str(side), None
    for modality in st.modalities:
        yield node, K.modality, MODALITY_IRI[Modality(modality)], None
    yield node, K.claimCount, _int(st.n_claims), None
    yield node, K.articleCount, _int(st.n_articles), None
    yield node, K.outletCount, _int(st.n_outlets), None
    yield node, K.contested, _TRUE if st.contested else _FALSE, None
    if st.first_date:
        yield node, K.firstDate, _date(st.first_date), None
    if st.last_date:
        yield node, K.lastDate, _date(st.last_date), None


def event_quads(event: Event, iris: Iris) -> Iterator[Quad]:
    """An event grouped across articles (:mod:`kg.events`) as a ``kg:Event`` (a ``sem:Event``):
    its type and Arabic labels, actors (``kg:actor1``, ``kg:actor2``, every ``kg:blamed`` actor,
    all under ``sem:hasActor``), place, date and its precision, the claims that report it and
    whether, and why, it is contested (default graph)."""
    node = iris.event(event.id)
    yield node, TYPE, K.Event, None
    yield node, TYPE, SEM_EVENT, None
    yield node, K.key, _str(event.id), None
    yield node, K.eventType, relation_iri(event.type.value), None
    for label in event.labels:
        yield node, K.label, _ar(label), None
    for prop, ref in ((K.actor1, event.actor1), (K.actor2, event.actor2)):
        if ref is not None:
            yield node, prop, iris.entity(ref.id), None
    for ref in event.blamed:
        yield node, K.blamed, iris.entity(ref.id), None
    if event.place is not None:
        yield node, SEM_HAS_PLACE, iris.entity(event.place.id), None
    if event.date:
        yield node, SEM_TIME_STAMP, _date(event.date), None
    yield node, K.datePrecision, _str(event.date_precision), None
    for claim in event.claims:
        yield iris.claim(claim.id), K.reports, node, None
    for aid in event.article_ids:
        yield node, K.article, iris.article(aid), None
    for side in event.sides:
        yield node, K.side, _str(side), None
    yield node, K.articleCount, _int(event.n_sources), None
    yield node, K.outletCount, _int(event.n_outlets), None
    yield node, K.contested, _TRUE if event.contested else _FALSE, None
    for why in event.contested_why:
        yield node, K.contestedBecause, _str(why), None


def _publishers(assembly: Assembly, iris: Iris) -> tuple[dict[str, Term], dict[str, str]]:
    """article id → its outlet, and the outlets known only by name (id → name).

    The outlet is the reporter agent of the article's claims; an article whose claims name no
    reporter but whose metadata names an outlet gets an outlet IRI minted from that name.
    """
    out: dict[str, Term] = {}
    for c in assembly.claims:  # sorted by claim id: the first reporter wins, deterministically
        if c.attribution.reporter is not None:
            out.setdefault(c.article.id, iris.entity(c.attribution.reporter.id))
    named: dict[str, str] = {}
    for aid, ref in assembly.articles.items():
        if aid not in out and ref.outlet:
            key = iris.outlet_key(ref.outlet)
            out[aid] = iris.entity(key)
            named[key] = ref.outlet
    return out, named


def assembly_quads(
    assembly: Assembly, base: str = DEFAULT_BASE, events: Iterable[Event] = ()
) -> Iterator[Quad]:
    """Every quad of the kg RDF model for ``assembly`` and its ``events`` (duplicates possible:
    writers dedup)."""
    iris = Iris(normalise_base(base))
    for ref in assembly.entities.values():
        yield from entity_quads(ref, iris)
    agents: dict[str, tuple[Agent, bool]] = {}
    for c in assembly.claims:
        att = c.attribution
        for agent, is_outlet in ((att.reporter, True), (att.via, True), (att.speaker, False)):
            if agent is not None:
                seen = agents.get(agent.id)
                agents[agent.id] = (agent, is_outlet or (seen is not None and seen[1]))
    for agent, is_outlet in agents.values():
        yield from agent_quads(agent, is_outlet, assembly.entities, iris)
    publishers, named_outlets = _publishers(assembly, iris)
    for key, name in named_outlets.items():
        node = iris.entity(key)
        yield node, TYPE, K.MediaOutlet, None
        yield node, TYPE, K.Actor, None
        yield node, LABEL, _ar(name), None
        yield node, K.key, _str(key), None
    for aid, article in assembly.articles.items():
        yield from article_quads(article, publishers.get(aid), iris)
    for c in assembly.claims:
        yield from claim_quads(c, iris)
    for st in assembly.statements:
        outlets = (publishers[a] for a in st.article_ids if a in publishers)
        yield from statement_quads(st, outlets, iris)
    for event in events:
        yield from event_quads(event, iris)


def as_assembly(claims: Iterable[Claim] | Assembly) -> Assembly:
    return claims if isinstance(claims, Assembly) else assemble(claims)


# ---- rdflib views of the same quads: for the SHACL check, graph comparisons and users of rdflib


def bind_prefixes(graph: Graph, base: str = DEFAULT_BASE) -> None:
    base = normalise_base(base)
    for prefix, iri in PREFIXES.items():
        graph.bind(prefix, iri, override=True)
    for prefix, path in DATA_PREFIXES:
        graph.bind(prefix, base + path, override=True)


@lru_cache(maxsize=1 << 16)
def _rdflib_term(term: Term) -> Node:
    return cast(Node, from_n3(term.decode()))  # an IRI or a literal: never None here


def rdflib_quads(quads: Iterable[Quad]) -> Iterator[tuple[Node, Node, Node, Node | None]]:
    """The quads as rdflib terms."""
    for s, p, o, g in quads:
        yield (
            _rdflib_term(s),
            _rdflib_term(p),
            _rdflib_term(o),
            None if g is None else _rdflib_term(g),
        )


def claims_to_dataset(claims: Iterable[Claim] | Assembly, base: str = DEFAULT_BASE) -> Dataset:
    """An rdflib Dataset: entities and statements in the default graph, one graph per article."""
    ds = Dataset()
    bind_prefixes(ds, base)
    graphs: dict[Node | None, Graph] = {None: ds.graph(DATASET_DEFAULT_GRAPH_ID)}
    batch = []
    for s, p, o, g in rdflib_quads(assembly_quads(as_assembly(claims), base)):
        graph = graphs.get(g)
        if graph is None:
            graph = graphs[g] = ds.graph(g)  # type: ignore[arg-type]
        batch.append((s, p, o, graph))
    ds.addN(batch)
    return ds


def claims_to_graph(claims: Iterable[Claim] | Assembly, base: str = DEFAULT_BASE) -> Graph:
    """The same model as one rdflib graph (what the triple formats hold)."""
    g = Graph()
    bind_prefixes(g, base)
    g.addN((s, p, o, g) for s, p, o, _ in rdflib_quads(assembly_quads(as_assembly(claims), base)))
    return g


__all__ = [
    "DEFAULT_BASE",
    "PREFIXES",
    "Iris",
    "Quad",
    "assembly_quads",
    "claims_to_dataset",
    "claims_to_graph",
    "normalise_base",
    "rdflib_quads",
]
