"""SHACL: the sample export conforms to schema/shapes.ttl; broken claims do not."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from pyshacl import validate
from rdflib import Graph, Literal, URIRef

from kg.model import Claim, RelationType
from kg.rdf.export import export_rdf
from kg.rdf.mapping import DEFAULT_BASE, claims_to_graph
from kg.rdf.vocab import KG, KG_IRI

ROOT = Path(__file__).resolve().parent.parent
SH = "http://www.w3.org/ns/shacl#"


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return Graph().parse(ROOT / "schema" / "shapes.ttl")


def _violations(data: Graph, shapes: Graph) -> tuple[bool, set[str]]:
    conforms, report, _ = validate(data, shacl_graph=shapes)
    paths = {str(p)[len(KG_IRI):] for p in report.objects(None, URIRef(SH + "resultPath"))}
    return bool(conforms), paths


def test_the_sample_export_conforms(gold_claims: list[Claim], shapes: Graph,
                                    tmp_path: Path) -> None:
    dump = export_rdf(gold_claims, tmp_path / "kg.ttl")
    conforms, paths = _violations(Graph().parse(dump), shapes)
    assert conforms, paths


def test_a_claim_without_a_subject_fails(gold_claims: list[Claim], shapes: Graph) -> None:
    g = claims_to_graph(gold_claims)
    claim = URIRef(f"{DEFAULT_BASE}claim/{gold_claims[0].id}")
    g.remove((claim, KG.subject, None))
    conforms, paths = _violations(g, shapes)
    assert not conforms
    assert "subject" in paths


def test_a_confidence_of_two_fails(gold_claims: list[Claim], shapes: Graph) -> None:
    broken = [dataclasses.replace(gold_claims[0], confidence=2.0), *gold_claims[1:]]
    conforms, paths = _violations(claims_to_graph(broken), shapes)
    assert not conforms
    assert paths == {"confidence"}


def test_a_claim_without_evidence_fails(gold_claims: list[Claim], shapes: Graph) -> None:
    broken = [dataclasses.replace(gold_claims[0], evidence=()), *gold_claims[1:]]
    conforms, paths = _violations(claims_to_graph(broken), shapes)
    assert not conforms
    assert paths == {"evidence"}


def test_a_non_arabic_predicate_label_fails(gold_claims: list[Claim], shapes: Graph) -> None:
    g = claims_to_graph(gold_claims)
    claim = URIRef(f"{DEFAULT_BASE}claim/{gold_claims[0].id}")
    g.set((claim, KG.label, Literal("bombed", lang="en")))
    conforms, paths = _violations(g, shapes)
    assert not conforms
    assert paths == {"label"}


def test_shapes_accept_exactly_the_relation_types(shapes: Graph) -> None:
    """The relation list in shapes.ttl stays in step with kg.model.RelationType."""
    q = f"""PREFIX sh: <{SH}> PREFIX kg: <{KG_IRI}>
    SELECT ?rel WHERE {{ ?p sh:path kg:relation ; sh:in/rdf:rest*/rdf:first ?rel }}"""
    listed = {str(row[0])[len(KG_IRI):] for row in shapes.query(q)}  # type: ignore[index]
    assert listed == {r.value for r in RelationType}
