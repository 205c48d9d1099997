"""Claims → RDF. Pure functions: the same claims and base always give the same quads.

The model (documented in ``schema/kg.ttl``, checked by ``schema/shapes.ttl``):

- every **entity** (and every agent of an attribution chain) is ``<base>entity/<id>``, typed by
  its kind (``kg:ArmedGroup`` …) and by ``kg:Actor``/``kg:Place``, with ``rdfs:label``\\@ar and
  ``owl:sameAs wd:Q…`` when it has a QID;
- every **claim** is an n-ary ``kg:Claim`` node ``<base>claim/<id>``: subject, relation, object,
  Arabic label, modality, evidence spans (text\\@ar + offsets), confidence, place, date;
  ``prov:wasDerivedFrom`` its article and ``prov:wasAttributedTo`` its reporter, via outlet and
  speaker, each also under its role (``kg:reportedBy``, ``kg:via``, ``kg:speaker``);
- every **statement** is a direct triple ``entity:lna kg:ASSAULT entity:misrata_airbase`` plus a
  ``kg:Statement`` node (an ``rdf:Statement`` reifying that triple) with its corroboration;
- in the quad formats, what an article says (the article, its claims and evidence) is in a named
  graph named by the article's IRI; entities, agents and statements are in the default graph.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from urllib.parse import quote

from rdflib import RDF, RDFS, XSD, Dataset, Graph, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.namespace import OWL, PROV, SDO

from kg.assemble import Assembly, assemble
from kg.model import Agent, ArticleRef, Claim, EntityRef, EntityType, Modality, Statement, stable_id
from kg.rdf.vocab import KG, KG_IRI, SEM, WD

DEFAULT_BASE = "https://w3id.org/kg-libya/data/"

# (subject, predicate, object, graph); graph None = the default graph
Quad = tuple[URIRef, URIRef, URIRef | Literal, URIRef | None]

KIND_CLASS: dict[EntityType, URIRef] = {
    EntityType.PERSON: KG.Person,
    EntityType.ORG: KG.Organisation,
    EntityType.ARMED_GROUP: KG.ArmedGroup,
    EntityType.MEDIA: KG.MediaOutlet,
    EntityType.GPE: KG.GeopoliticalEntity,
    EntityType.LOC: KG.Location,
    EntityType.FAC: KG.Facility,
}

MODALITY_IRI: dict[Modality, URIRef] = {m: KG[m.value] for m in Modality}

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


def normalise_base(base: str) -> str:
    """A base IRI ends with ``/`` or ``#`` so that ids append cleanly."""
    return base if base.endswith(("/", "#")) else base + "/"


def _local(id_: str) -> str:
    # ids are usually [a-z0-9_]; anything else (Arabic, spaces) is percent-encoded
    return quote(id_, safe="-_.~")


@dataclass(frozen=True)
class Iris:
    """How kg data IRIs are minted under one base: stable, readable, collision-free by kind."""

    base: str = DEFAULT_BASE

    def entity(self, id_: str) -> URIRef:
        return URIRef(f"{self.base}entity/{_local(id_)}")

    def outlet_by_name(self, name: str) -> URIRef:
        """An article's outlet known only by name (no reporter agent in its claims)."""
        return self.entity(f"outlet-{stable_id(name, length=12)}")

    def article(self, id_: str) -> URIRef:
        return URIRef(f"{self.base}article/{_local(id_)}")

    def evidence(self, article_id: str, start: int, end: int) -> URIRef:
        # a span of the article's text: claims quoting the same words share the node
        return URIRef(f"{self.base}article/{_local(article_id)}/span/{start}-{end}")

    def claim(self, id_: str) -> URIRef:
        return URIRef(f"{self.base}claim/{_local(id_)}")

    def statement(self, id_: str) -> URIRef:
        return URIRef(f"{self.base}statement/{_local(id_)}")


# rdflib's Literal() parses and normalises its value: cache the ones that repeat (labels,
# offsets, dates, confidences), which roughly halves the time to build a large graph
@lru_cache(maxsize=1 << 16)
def _ar(text: str) -> Literal:
    return Literal(text, lang="ar")


@lru_cache(maxsize=1 << 12)
def _date(value: str) -> Literal:
    """xsd:date for an ISO date, plain string otherwise (partial dates such as "2020-06")."""
    if len(value) == 10 and value[4] == "-" and value[7] == "-":
        return Literal(value, datatype=XSD.date)
    return Literal(value)


@lru_cache(maxsize=1 << 16)
def _int(value: int) -> Literal:
    return Literal(value, datatype=XSD.integer)


@lru_cache(maxsize=1 << 12)
def _confidence(value: float) -> Literal:
    # xsd:decimal from the shortest repr: 0.85 stays "0.85", not 0.84999…
    return Literal(Decimal(repr(float(value))), datatype=XSD.decimal)


def entity_quads(ref: EntityRef, iris: Iris) -> Iterator[Quad]:
    node = iris.entity(ref.id)
    yield node, RDF.type, KIND_CLASS[ref.type], None
    if ref.type.is_actor:
        yield node, RDF.type, KG.Actor, None
    if ref.type.is_place:
        yield node, RDF.type, KG.Place, None
    yield node, RDFS.label, _ar(ref.name), None
    yield node, KG.key, Literal(ref.id), None
    if ref.qid:
        yield node, OWL.sameAs, WD[ref.qid], None


def agent_quads(
    agent: Agent, outlet: bool, known: dict[str, EntityRef], iris: Iris
) -> Iterator[Quad]:
    """An agent of an attribution chain; typed as an outlet or a speaker unless a known entity."""
    node = iris.entity(agent.id)
    yield node, RDF.type, PROV.Agent, None
    yield node, RDF.type, KG.Actor, None
    if outlet:
        yield node, RDF.type, KG.MediaOutlet, None
    if agent.id not in known:  # the entity's own name and key are already there
        yield node, RDFS.label, _ar(agent.name), None
        yield node, KG.key, Literal(agent.id), None
    if agent.side:
        yield node, KG.side, Literal(agent.side), None


def article_quads(ref: ArticleRef, publisher: URIRef | None, iris: Iris) -> Iterator[Quad]:
    node = iris.article(ref.id)
    yield node, RDF.type, KG.Article, node
    yield node, KG.key, Literal(ref.id), node
    if ref.title:
        yield node, SDO.headline, _ar(ref.title), node
    if ref.path:
        yield node, KG.path, Literal(ref.path), node
    if ref.url:
        yield node, SDO.url, Literal(ref.url, datatype=XSD.anyURI), node
    if ref.date:
        yield node, SDO.datePublished, _date(ref.date), node
    if publisher is not None:
        yield node, SDO.publisher, publisher, node


def claim_quads(claim: Claim, iris: Iris) -> Iterator[Quad]:
    """The n-ary claim node, its evidence and attribution, in its article's named graph."""
    graph = iris.article(claim.article.id)
    node = iris.claim(claim.id)
    rel = claim.relation
    yield node, RDF.type, KG.Claim, graph
    if not rel.type.is_standing:
        yield node, RDF.type, SEM.Event, graph  # an event claim describes a SEM event
    yield node, KG.key, Literal(claim.id), graph
    yield node, RDFS.label, _ar(f"{claim.subject.name} –{rel.label}→ {claim.object.name}"), graph
    yield node, KG.subject, iris.entity(claim.subject.id), graph
    yield node, KG.relation, KG[rel.type.value], graph
    yield node, KG.object, iris.entity(claim.object.id), graph
    yield node, KG.label, _ar(rel.label), graph
    yield node, KG.modality, MODALITY_IRI[claim.modality], graph
    yield node, KG.confidence, _confidence(claim.confidence), graph
    yield node, PROV.wasDerivedFrom, graph, graph
    for ev in claim.evidence:
        span = iris.evidence(claim.article.id, ev.start, ev.end)
        yield node, KG.evidence, span, graph
        yield span, RDF.type, KG.Evidence, graph
        yield span, KG.text, _ar(ev.sentence), graph
        yield span, KG.start, _int(ev.start), graph
        yield span, KG.end, _int(ev.end), graph
    if claim.place is not None:
        yield node, KG.place, iris.entity(claim.place.id), graph
    if claim.time is not None:
        yield node, KG.timeText, _ar(claim.time.text), graph
        if claim.time.date:
            yield node, KG.date, _date(claim.time.date), graph
    if claim.method:
        yield node, KG.method, Literal(claim.method), graph
    att = claim.attribution
    for role, agent in ((KG.reportedBy, att.reporter), (KG.via, att.via),
                        (KG.speaker, att.speaker)):
        if agent is not None:
            who = iris.entity(agent.id)
            yield node, role, who, graph
            yield node, PROV.wasAttributedTo, who, graph  # for queries that know only PROV


def statement_quads(st: Statement, outlets: Iterable[URIRef], iris: Iris) -> Iterator[Quad]:
    """The direct triple and the statement node carrying its corroboration (default graph)."""
    subj, pred, obj = iris.entity(st.subject.id), KG[st.relation.value], iris.entity(st.object.id)
    yield subj, pred, obj, None
    node = iris.statement(st.id)
    yield node, RDF.type, KG.Statement, None
    yield node, RDF.subject, subj, None
    yield node, RDF.predicate, pred, None
    yield node, RDF.object, obj, None
    yield node, KG.key, Literal(st.id), None
    for label in st.labels:
        yield node, KG.label, _ar(label), None
    for cid in st.claim_ids:
        yield node, KG.supportedBy, iris.claim(cid), None
    for aid in st.article_ids:
        yield node, KG.article, iris.article(aid), None
    for outlet in sorted(set(outlets)):
        yield node, KG.outlet, outlet, None
    for side in st.sides:
        yield node, KG.side, Literal(side), None
    for modality in st.modalities:
        yield node, KG.modality, MODALITY_IRI[Modality(modality)], None
    yield node, KG.claimCount, _int(st.n_claims), None
    yield node, KG.articleCount, _int(st.n_articles), None
    yield node, KG.outletCount, _int(st.n_outlets), None
    yield node, KG.contested, Literal(st.contested), None
    if st.first_date:
        yield node, KG.firstDate, _date(st.first_date), None
    if st.last_date:
        yield node, KG.lastDate, _date(st.last_date), None


def _publishers(assembly: Assembly, iris: Iris) -> tuple[dict[str, URIRef], dict[URIRef, str]]:
    """article id → its outlet, and the outlets known only by name (IRI → name).

    The outlet is the reporter agent of the article's claims; an article whose claims name no
    reporter but whose metadata names an outlet gets an outlet IRI minted from that name.
    """
    out: dict[str, URIRef] = {}
    for c in assembly.claims:  # sorted by claim id: the first reporter wins, deterministically
        if c.attribution.reporter is not None:
            out.setdefault(c.article.id, iris.entity(c.attribution.reporter.id))
    named: dict[URIRef, str] = {}
    for aid, ref in assembly.articles.items():
        if aid not in out and ref.outlet:
            out[aid] = iris.outlet_by_name(ref.outlet)
            named[out[aid]] = ref.outlet
    return out, named


def assembly_quads(assembly: Assembly, base: str = DEFAULT_BASE) -> Iterator[Quad]:
    """Every quad of the kg RDF model for ``assembly`` (duplicates possible; a graph dedups)."""
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
    for node, name in named_outlets.items():
        yield node, RDF.type, KG.MediaOutlet, None
        yield node, RDF.type, KG.Actor, None
        yield node, RDFS.label, _ar(name), None
        yield node, KG.key, Literal(str(node).rsplit("/", 1)[-1]), None
    for aid, article in assembly.articles.items():
        yield from article_quads(article, publishers.get(aid), iris)
    for c in assembly.claims:
        yield from claim_quads(c, iris)
    for st in assembly.statements:
        outlets = (publishers[a] for a in st.article_ids if a in publishers)
        yield from statement_quads(st, outlets, iris)


def bind_prefixes(graph: Graph, base: str = DEFAULT_BASE) -> None:
    base = normalise_base(base)
    for prefix, iri in PREFIXES.items():
        graph.bind(prefix, iri, override=True)
    for prefix, path in (("entity", "entity/"), ("article", "article/"), ("claim", "claim/"),
                         ("statement", "statement/")):
        graph.bind(prefix, base + path, override=True)


def claims_to_dataset(claims: Iterable[Claim] | Assembly, base: str = DEFAULT_BASE) -> Dataset:
    """An rdflib Dataset: entities and statements in the default graph, one graph per article."""
    assembly = claims if isinstance(claims, Assembly) else assemble(claims)
    ds = Dataset()
    bind_prefixes(ds, base)
    graphs: dict[URIRef | None, Graph] = {None: ds.graph(DATASET_DEFAULT_GRAPH_ID)}
    batch: list[tuple[URIRef, URIRef, URIRef | Literal, Graph]] = []
    for s, p, o, g in assembly_quads(assembly, base):
        graph = graphs.get(g)
        if graph is None:
            graph = graphs[g] = ds.graph(g)
        batch.append((s, p, o, graph))
    ds.addN(batch)
    return ds


def claims_to_graph(claims: Iterable[Claim] | Assembly, base: str = DEFAULT_BASE) -> Graph:
    """The same model as one graph (for triple formats: Turtle, N-Triples)."""
    assembly = claims if isinstance(claims, Assembly) else assemble(claims)
    g = Graph()
    bind_prefixes(g, base)
    g.addN((s, p, o, g) for s, p, o, _ in assembly_quads(assembly, base))
    return g


__all__ = [
    "DEFAULT_BASE",
    "PREFIXES",
    "Iris",
    "assembly_quads",
    "claims_to_dataset",
    "claims_to_graph",
    "normalise_base",
]
