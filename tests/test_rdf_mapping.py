"""The RDF model: round trips in every format, stable IRIs, named graphs, the vocabulary."""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
from pathlib import Path
from typing import BinaryIO

import pytest
from rdflib import RDF, RDFS, Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import OWL, PROV

from kg.errors import ExportError
from kg.model import Claim, EntityRef, EntityType, RelationType
from kg.rdf import export
from kg.rdf.export import FORMATS, export_rdf
from kg.rdf.mapping import DEFAULT_BASE, claims_to_dataset, claims_to_graph
from kg.rdf.vocab import KG, KG_IRI, WD, kg_terms

ROOT = Path(__file__).resolve().parent.parent
PARSERS = {"ttl": "turtle", "nt": "nt", "nq": "nquads", "trig": "trig", "jsonld": "json-ld"}
ENTITY = DEFAULT_BASE + "entity/"
# rdflib's own N-Quads, TriG and JSON-LD parsers call its deprecated ConjunctiveGraph and
# Dataset.default_context (rdflib 7.x); the parsers are what these tests check the dumps with
pytestmark = pytest.mark.filterwarnings(
    "ignore:.*is deprecated, use Dataset:DeprecationWarning:rdflib")


def _parse(path: Path, fmt: str) -> Dataset:
    ds = Dataset()
    ds.parse(path, format=PARSERS[fmt])
    return ds


def _graphs(ds: Dataset) -> dict[str, Graph]:
    return {str(g.identifier): g for g in ds.graphs() if len(g)}


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_round_trip_is_isomorphic_in_every_format(
    fmt: str, gold_claims: list[Claim], tmp_path: Path
) -> None:
    first = export_rdf(gold_claims, tmp_path / f"a.{fmt}")
    second = export_rdf(list(reversed(gold_claims)), tmp_path / f"b.{fmt}")
    a, b = _parse(first, fmt), _parse(second, fmt)
    expected = claims_to_graph(gold_claims)
    # every format holds the whole model …
    union = Graph()
    for s, p, o, _ in a.quads((None, None, None, None)):
        union.add((s, p, o))
    assert isomorphic(union, expected)
    # … and two exports of the same claims are the same graphs, graph by graph
    ga, gb = _graphs(a), _graphs(b)
    assert ga.keys() == gb.keys()
    for name in ga:
        assert isomorphic(ga[name], gb[name]), name


@pytest.mark.parametrize("fmt", ["nq", "trig", "jsonld"])
def test_quad_formats_keep_one_named_graph_per_article(
    fmt: str, gold_claims: list[Claim], tmp_path: Path
) -> None:
    ds = _parse(export_rdf(gold_claims, tmp_path / f"kg.{fmt}"), fmt)
    articles = {c.article.id for c in gold_claims}
    names = {n for n in _graphs(ds) if "/article/" in n}
    assert names == {f"{DEFAULT_BASE}article/{a}" for a in articles}
    claim = next(c for c in gold_claims if c.id == "950a656962fb053d")
    graph = ds.graph(URIRef(f"{DEFAULT_BASE}article/{claim.article.id}"))
    assert (URIRef(f"{DEFAULT_BASE}claim/{claim.id}"), RDF.type, KG.Claim) in graph


def test_same_claims_same_iris_in_any_order(gold_claims: list[Claim], tmp_path: Path) -> None:
    a = export_rdf(gold_claims, tmp_path / "a.nq")
    b = export_rdf(sorted(gold_claims, key=lambda c: c.object.id), tmp_path / "b.nq")
    lines_a = sorted(a.read_text(encoding="utf-8").splitlines())
    assert lines_a == sorted(b.read_text(encoding="utf-8").splitlines())
    assert not any("_:" in line for line in lines_a)  # no blank nodes: every node has an IRI


_EXPORT = """
import sys
from kg.claims_io import read_claims
from kg.rdf.export import export_rdf
export_rdf(list(read_claims(sys.argv[1])), sys.argv[2])
"""


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_every_format_gives_the_same_bytes_in_every_process(
    fmt: str, gold_claims_path: Path, tmp_path: Path
) -> None:
    """`kg build` outputs are compared byte for byte: no hash order may leak into a dump."""
    outputs = []
    for seed in ("1", "2"):
        out = tmp_path / f"{seed}.{fmt}"
        subprocess.run([sys.executable, "-c", _EXPORT, str(gold_claims_path), str(out)],
                       check=True, env={**os.environ, "PYTHONHASHSEED": seed}, timeout=120)
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]


def test_nquads_lines_are_unique_and_sorted(gold_claims: list[Claim], tmp_path: Path) -> None:
    lines = export_rdf(gold_claims, tmp_path / "kg.nq").read_bytes().splitlines(keepends=True)
    assert lines == sorted(set(lines))
    assert all(line.endswith(b" .\n") for line in lines)


@pytest.mark.parametrize("fmt", ["nq", "nt", "ttl"])
def test_a_dump_spilled_in_chunks_has_the_bytes_of_one_sorted_in_memory(
    gold_claims: list[Claim], tmp_path: Path, fmt: str
) -> None:
    from kg.rdf.export import LineDump

    whole = LineDump.of(gold_claims).write(tmp_path / f"whole.{fmt}").read_bytes()
    spill = tmp_path / "chunks"
    with LineDump.of(gold_claims, spill=spill, chunk_lines=97) as dump:
        assert len(dump.chunks) > 3  # the lines were written out in several sorted chunks
        spilled = dump.write(tmp_path / f"spilled.{fmt}").read_bytes()
    assert spilled == whole
    assert not list(spill.iterdir())  # the chunks are gone with the dump


def test_a_base_that_is_not_an_iri_is_an_export_error(
    gold_claims: list[Claim], tmp_path: Path
) -> None:
    with pytest.raises(ExportError, match="not an IRI"):
        export_rdf(gold_claims, tmp_path / "kg.nt", base="kg data")
    assert not list(tmp_path.iterdir())


def test_base_iri_is_configurable(gold_claims: list[Claim]) -> None:
    g = claims_to_graph(gold_claims, base="http://example.org/libya")
    lna = URIRef("http://example.org/libya/entity/lna")
    assert (lna, KG.ASSAULT, URIRef("http://example.org/libya/entity/misrata_airbase")) in g
    assert not any(str(s).startswith(DEFAULT_BASE) for s in g.subjects())


def test_claim_node_carries_the_whole_reading(gold_claims: list[Claim]) -> None:
    g = claims_to_graph(gold_claims)
    c = URIRef(f"{DEFAULT_BASE}claim/950a656962fb053d")
    ent = lambda i: URIRef(ENTITY + i)  # noqa: E731
    assert g.value(c, KG.subject) == ent("lna")
    assert g.value(c, KG.relation) == KG.ASSAULT
    assert g.value(c, KG.object) == ent("misrata_airbase")
    assert g.value(c, KG.label) == Literal("قصف", lang="ar")
    assert g.value(c, KG.modality) == KG.asserted
    assert g.value(c, KG.confidence).toPython() == 1
    assert g.value(c, PROV.wasDerivedFrom) == URIRef(f"{DEFAULT_BASE}article/00d152774ed446ae")
    # the attribution keeps each agent's role, and PROV sees all three
    assert g.value(c, KG.reportedBy) == ent("awj")
    assert g.value(c, KG.via) == ent("al_arabiya")
    assert g.value(c, KG.speaker) == ent("manfour")
    assert set(g.objects(c, PROV.wasAttributedTo)) == {ent("awj"), ent("al_arabiya"),
                                                         ent("manfour")}
    spans = {(str(g.value(e, KG.text)), int(g.value(e, KG.start)), int(g.value(e, KG.end)))
             for e in g.objects(c, KG.evidence)}
    assert ("عمليات القصف التي شنتها اليوم الأحد، قوات الكرامة على قاعدة مصراتة الجوية",
            1124, 1197) in spans
    assert all(g.value(e, KG.text).language == "ar" for e in g.objects(c, KG.evidence))


def test_the_first_evidence_span_is_linked_directly(gold_claims: list[Claim]) -> None:
    """kg:firstEvidence: the span(s) of a claim's evidence that start first, one lookup away."""
    claim = next(c for c in gold_claims if len(c.evidence) > 1)
    earliest = min(claim.evidence, key=lambda ev: ev.start)
    spans = [*claim.evidence, dataclasses.replace(earliest, end=earliest.end + 9)]
    first = earliest.start
    g = claims_to_graph([dataclasses.replace(claim, evidence=tuple(reversed(spans)))])
    c = URIRef(f"{DEFAULT_BASE}claim/{claim.id}")
    linked = {(int(g.value(e, KG.start)), int(g.value(e, KG.end)))
              for e in g.objects(c, KG.firstEvidence)}
    assert linked == {(ev.start, ev.end) for ev in spans if ev.start == first}
    assert len(linked) == 2  # two spans start there: both are first
    assert set(g.objects(c, KG.firstEvidence)) <= set(g.objects(c, KG.evidence))


def test_statement_is_a_direct_triple_and_a_node_with_corroboration(
    gold_claims: list[Claim],
) -> None:
    g = claims_to_graph(gold_claims)
    lna, base = URIRef(ENTITY + "lna"), URIRef(ENTITY + "misrata_airbase")
    assert (lna, KG.ASSAULT, base) in g
    (st,) = [s for s in g.subjects(RDF.type, KG.Statement)
             if g.value(s, RDF.subject) == lna and g.value(s, RDF.object) == base]
    assert g.value(st, RDF.predicate) == KG.ASSAULT
    assert {str(c).rsplit("/", 1)[1] for c in g.objects(st, KG.supportedBy)} == {
        "7474f34362bce189", "950a656962fb053d"}
    assert int(g.value(st, KG.claimCount)) == 2
    assert int(g.value(st, KG.articleCount)) == 1
    assert set(g.objects(st, KG.outlet)) == {URIRef(ENTITY + "awj")}
    assert g.value(st, KG.contested).toPython() is False


def test_entities_are_typed_by_kind_with_arabic_labels(gold_claims: list[Claim]) -> None:
    g = claims_to_graph(gold_claims)
    lna, misrata = URIRef(ENTITY + "lna"), URIRef(ENTITY + "misrata")
    assert {KG.ArmedGroup, KG.Actor} <= set(g.objects(lna, RDF.type))
    assert {KG.GeopoliticalEntity, KG.Actor, KG.Place} <= set(g.objects(misrata, RDF.type))
    assert KG.Actor not in set(g.objects(URIRef(ENTITY + "misrata_airbase"), RDF.type))
    assert list(g.objects(lna, RDFS.label)) == [Literal("قوات الكرامة", lang="ar")]
    assert KG.MediaOutlet in set(g.objects(URIRef(ENTITY + "awj"), RDF.type))


def test_an_entity_with_a_qid_is_the_same_as_its_wikidata_item(
    gold_claims: list[Claim],
) -> None:
    claim = gold_claims[0]
    haftar = EntityRef(id="haftar", name="خليفة حفتر", type=EntityType.PERSON, qid="Q1318893")
    g = claims_to_graph([dataclasses.replace(claim, subject=haftar)])
    assert (URIRef(ENTITY + "haftar"), OWL.sameAs, WD.Q1318893) in g
    assert not list(g.objects(URIRef(ENTITY + "misrata_airbase"), OWL.sameAs))


def test_an_outlet_known_only_by_name_still_publishes(gold_claims: list[Claim]) -> None:
    claim = next(c for c in gold_claims if c.attribution.reporter is not None)
    orphan = dataclasses.replace(claim, attribution=dataclasses.replace(
        claim.attribution, reporter=None, via=None, speaker=None))
    g = claims_to_graph([orphan])
    from rdflib.namespace import SDO
    (publisher,) = g.objects(URIRef(f"{DEFAULT_BASE}article/{claim.article.id}"), SDO.publisher)
    assert g.value(publisher, RDFS.label) == Literal(claim.article.outlet, lang="ar")
    assert (publisher, RDF.type, KG.MediaOutlet) in g


def test_dataset_puts_entities_and_statements_in_the_default_graph(
    gold_claims: list[Claim],
) -> None:
    ds = claims_to_dataset(gold_claims)
    lna = URIRef(ENTITY + "lna")
    default = ds.default_graph
    assert (lna, RDF.type, KG.ArmedGroup) in default
    assert (lna, KG.ASSAULT, URIRef(ENTITY + "misrata_airbase")) in default
    assert not list(default.subjects(RDF.type, KG.Claim))


def test_a_typo_in_the_vocabulary_raises() -> None:
    assert URIRef(KG_IRI + "ASSAULT") == KG.ASSAULT
    with pytest.raises(AttributeError):
        _ = KG.ASSUALT
    with pytest.raises(AttributeError):
        _ = KG["wasReportedBy"]


def _declared(path: Path) -> set[str]:
    g = Graph().parse(path)
    return {str(s)[len(KG_IRI):] for s in g.subjects() if str(s).startswith(KG_IRI)}


def test_ontology_declares_every_term_and_nothing_else() -> None:
    declared = _declared(ROOT / "schema" / "kg.ttl")
    assert declared == kg_terms()
    assert {r.value for r in RelationType} <= declared


def test_every_relation_type_has_arabic_and_english_labels() -> None:
    g = Graph().parse(ROOT / "schema" / "kg.ttl")
    for rel in RelationType:
        langs = {lit.language for lit in g.objects(KG[rel.value], RDFS.label)}
        assert langs == {"ar", "en"}, rel
        assert (KG[rel.value], RDF.type, OWL.ObjectProperty) in g


def test_unknown_format_or_unwritable_path_is_an_export_error(
    gold_claims: list[Claim], tmp_path: Path
) -> None:
    with pytest.raises(ExportError, match="format"):
        export_rdf(gold_claims, tmp_path / "kg.xml")
    with pytest.raises(ExportError, match="format"):
        export_rdf(gold_claims, tmp_path / "kg.ttl", "rdfxml")
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(ExportError, match="cannot write"):
        export_rdf(gold_claims, blocker / "kg.ttl")


def test_disk_full_midway_keeps_the_previous_file_and_no_partial_one(
    gold_claims: list[Claim], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "kg.nt"
    target.write_text("previous", encoding="utf-8")

    def half_then_full(quads: object, stream: BinaryIO, *args: object) -> None:
        stream.write(b"<a> <b> ")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(export, "write_quads", half_then_full)
    with pytest.raises(ExportError, match="No space left"):
        export_rdf(gold_claims, target)
    assert target.read_text(encoding="utf-8") == "previous"
    assert [p.name for p in tmp_path.iterdir()] == ["kg.nt"]  # no temporary file left
