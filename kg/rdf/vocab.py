"""The kg vocabulary as a closed rdflib namespace: ``KG.ASSAULT`` works, ``KG.ASSUALT`` raises.

Namespace IRI: ``https://w3id.org/kg-libya/ontology#`` (declared in ``schema/kg.ttl``; a test
checks that every term here is declared there and vice versa). The data IRIs (entities, articles,
claims …) live under a separate, configurable base: see :mod:`kg.rdf.mapping`.
"""

from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import DefinedNamespace

KG_IRI = "https://w3id.org/kg-libya/ontology#"
SEM = Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")
WD = Namespace("http://www.wikidata.org/entity/")


class KG(DefinedNamespace):
    """Terms of the kg ontology (schema/kg.ttl)."""

    _NS = Namespace(KG_IRI)
    _fail = True  # a typo raises AttributeError instead of minting a new IRI

    # Classes: actors and their kinds
    Actor: URIRef
    Person: URIRef
    Organisation: URIRef
    ArmedGroup: URIRef
    MediaOutlet: URIRef
    GeopoliticalEntity: URIRef
    # Classes: places
    Place: URIRef
    Location: URIRef
    Facility: URIRef
    # Classes: sources, claims, statements
    Article: URIRef
    Claim: URIRef
    Evidence: URIRef
    Statement: URIRef
    Event: URIRef  # one happening grouped across articles (kg.events), a sem:Event
    Modality: URIRef

    # Modalities (instances of kg:Modality)
    asserted: URIRef
    planned: URIRef
    threatened: URIRef
    alleged: URIRef
    denied: URIRef

    # Identity
    key: URIRef  # the id used in claims.jsonl ("lna", "00d152774ed446ae" …)
    side: URIRef  # conflict side an agent speaks for ("lna", "gna")
    path: URIRef  # the article's file path as read

    # Claim (n-ary) properties
    subject: URIRef
    relation: URIRef
    object: URIRef
    label: URIRef
    modality: URIRef
    evidence: URIRef
    firstEvidence: URIRef
    confidence: URIRef
    place: URIRef
    date: URIRef
    timeText: URIRef
    method: URIRef
    reportedBy: URIRef
    via: URIRef
    speaker: URIRef

    # Evidence properties
    text: URIRef
    start: URIRef
    end: URIRef

    # Statement (corroboration) properties
    supportedBy: URIRef
    article: URIRef
    outlet: URIRef
    claimCount: URIRef
    articleCount: URIRef
    outletCount: URIRef
    contested: URIRef
    firstDate: URIRef
    lastDate: URIRef

    # Event properties (kg.events: one happening and the claims that report it)
    reports: URIRef  # claim → the event it reports
    eventType: URIRef
    actor1: URIRef
    actor2: URIRef
    blamed: URIRef
    datePrecision: URIRef
    contestedBecause: URIRef

    # One object property per kg.model.RelationType
    ASSAULT: URIRef
    SEIZE: URIRef
    COERCE: URIRef
    MOBILIZE: URIRef
    THREATEN: URIRef
    ACCUSE: URIRef
    REQUEST: URIRef
    CONSULT: URIRef
    AGREE: URIRef
    COOPERATE: URIRef
    SUPPORT: URIRef
    AID: URIRef
    RETREAT: URIRef
    SANCTION: URIRef
    REJECT: URIRef
    PROTEST: URIRef
    CONCEDE: URIRef
    LEADS: URIRef
    MEMBER_OF: URIRef
    PART_OF: URIRef
    LOCATED_IN: URIRef


def kg_terms() -> set[str]:
    """The local names of every term of :class:`KG`."""
    return {name for name in KG.__annotations__ if not name.startswith("_")}
