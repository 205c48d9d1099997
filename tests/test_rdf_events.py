"""Events in RDF: each grouped event is a kg:Event (a sem:Event) in the dumps, with its actors,
the claims that report it, and why it is contested; the SHACL shapes check it; SPARQL finds
the contested ones."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from pyshacl import validate
from rdflib import RDF, Graph, Literal, Namespace, URIRef

from kg.assemble import assemble
from kg.claims_io import read_claims
from kg.events import events_from_claims
from kg.model import Modality
from kg.rdf.export import export_rdf
from kg.rdf.vocab import KG, SEM

ROOT = Path(__file__).resolve().parent.parent
GOLD_CLAIMS = ROOT / "tests" / "fixtures" / "gold_claims.jsonl"
DATA = Namespace("https://w3id.org/kg-libya/data/")


@pytest.fixture(scope="module")
def contested_dump(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, tuple]:
    """The gold sample claims plus a denial of one of their strikes by another article."""
    claims = list(read_claims(GOLD_CLAIMS))
    strike = next(c for c in claims if c.relation.type.value == "ASSAULT" and c.time is None)
    denial = replace(
        strike,
        id="denial-1",
        article=replace(strike.article, id="other-article", outlet="قناة ليبيا الحدث"),
        modality=Modality.DENIED,
    )
    events = events_from_claims([*claims, denial])
    out = tmp_path_factory.mktemp("rdf") / "kg.ttl"
    export_rdf(assemble([*claims, denial]), out, events=events)
    return out, events


def test_every_event_is_a_sem_event_with_its_claims(contested_dump: tuple[Path, tuple]) -> None:
    path, events = contested_dump
    g = Graph().parse(path)
    nodes = set(g.subjects(predicate=None, object=KG.Event))
    assert len(nodes) == len(events) > 0
    for event in events:
        node = URIRef(f"{DATA}event/{event.id}")
        assert (node, RDF.type, SEM.Event) in g
        reporters = set(g.subjects(KG.reports, node))
        assert reporters == {URIRef(f"{DATA}claim/{c.id}") for c in event.claims}
        if event.actor1 is not None:
            assert (node, KG.actor1, URIRef(f"{DATA}entity/{event.actor1.id}")) in g
        assert (node, KG.contested, Literal(event.contested)) in g


def test_a_denied_strike_is_contested_in_rdf(contested_dump: tuple[Path, tuple]) -> None:
    path, events = contested_dump
    contested = [e for e in events if e.contested]
    assert contested, "the denial by another outlet makes one event contested"
    g = Graph().parse(path)
    node = URIRef(f"{DATA}event/{contested[0].id}")
    assert (node, KG.contestedBecause, Literal("denial")) in g


def test_the_events_conform_to_the_shapes(contested_dump: tuple[Path, tuple]) -> None:
    path, _ = contested_dump
    g = Graph().parse(path)
    conforms, _, text = validate(g, shacl_graph=Graph().parse(ROOT / "schema" / "shapes.ttl"))
    assert conforms, text


def test_an_event_without_a_reporting_claim_fails_the_shapes(
    contested_dump: tuple[Path, tuple],
) -> None:
    path, _ = contested_dump
    g = Graph()
    for s, p, o in Graph().parse(path):
        if p != KG.reports:
            g.add((s, p, o))
    conforms, _, _ = validate(g, shacl_graph=Graph().parse(ROOT / "schema" / "shapes.ttl"))
    assert not conforms
