"""Neo4j import files: neo4j-admin CSV (headers, counts, references) and the cypher-shell script,
run for real on FalkorDB and compared with `kg load falkordb`'s graph."""

from __future__ import annotations

import csv
import io
from dataclasses import replace
from pathlib import Path

import pytest
from falkordb_fixture import falkordb_server_fixture, falkordb_store_fixture  # noqa: F401

from kg import cypher
from kg.assemble import Assembly, assemble
from kg.model import Claim, EntityRef
from kg.neo4j_import import (
    ARRAY_DELIMITER,
    csv_files,
    cypher_literal,
    cypher_script,
    cypher_statements,
    import_files,
)
from kg.stores.falkordb_server import FalkorServer
from kg.stores.falkordb_store import FalkorStore, connect


def _rows(text: str) -> tuple[list[str], list[dict[str, str]]]:
    reader = csv.reader(io.StringIO(text))
    header = next(reader)
    return header, [dict(zip(header, row, strict=True)) for row in reader]


def _run_script(assembly: Assembly, store: FalkorStore) -> None:
    """Every statement after the Neo4j-only schema block, as cypher-shell would send it."""
    statements = list(cypher_statements(assembly))
    assert statements[: len(cypher.NEO4J_SCHEMA)] == list(cypher.NEO4J_SCHEMA)
    for text in statements[len(cypher.NEO4J_SCHEMA):]:
        assert "$" not in text.split("'")[0]  # parameter-free (outside string literals)
        store.run(text)


@pytest.mark.parametrize("value,expected", [
    (None, "null"), (True, "true"), (3, "3"), (0.85, "0.85"),
    ("قوات الكرامة", "'قوات الكرامة'"),
    ("x'}) DETACH DELETE n //", "'x\\'}) DETACH DELETE n //'"),
    ("a\\b\nc", "'a\\\\b\\nc'"),
    (["a", None], "['a', null]"),
    ({"id": "e1", "odd key": 1}, "{id: 'e1', `odd key`: 1}"),
])
def test_cypher_literals(value: object, expected: str) -> None:
    assert cypher_literal(value) == expected


def test_the_script_builds_the_same_graph_as_kg_load(
        gold_claims: list[Claim], falkordb_server: FalkorServer) -> None:
    assembly = assemble(gold_claims)
    assert falkordb_server.port is not None
    loaded = connect(falkordb_server.host, falkordb_server.port, "neo4j_import_loaded")
    scripted = connect(falkordb_server.host, falkordb_server.port, "neo4j_import_script")
    try:
        expected = loaded.load(assembly)
        _run_script(assembly, scripted)
        got = scripted.report()
        assert (got.nodes, got.edges) == (expected.nodes, expected.edges)
        assert got.labels == expected.labels and got.types == expected.types
        # and the same properties, e.g. every statement edge's corroboration
        q = ("MATCH (s)-[r]->(o) WHERE NOT s:Claim RETURN s.id, type(r), o.id, r.claims, "
             "r.outlets, r.contested ORDER BY s.id, type(r), o.id")
        assert scripted.query(q).rows == loaded.query(q).rows
        # running the script again changes nothing (every write is a MERGE)
        _run_script(assembly, scripted)
        again = scripted.report()
        assert (again.nodes, again.edges) == (expected.nodes, expected.edges)
    finally:
        for store in (loaded, scripted):
            store.clear()
            store.db.close()


def test_hostile_names_stay_data(gold_claims: list[Claim], falkordb_store: FalkorStore) -> None:
    evil = "x'}) DETACH DELETE n // \\ \" ; \n «قوات»"
    c = gold_claims[0]
    claims = [replace(c, subject=EntityRef("evil", evil, c.subject.type)), *gold_claims[1:]]
    _run_script(assemble(claims), falkordb_store)
    rows = falkordb_store.query("MATCH (e:Entity {id: 'evil'}) RETURN e.name").rows
    assert rows == [[evil]]
    assert falkordb_store.report().labels["Claim"] == len(gold_claims)  # nothing deleted


def test_csv_headers_counts_and_references(
        gold_claims: list[Claim], falkordb_store: FalkorStore) -> None:
    assembly = assemble(gold_claims)
    files = csv_files(assembly)
    report = falkordb_store.load(assembly)

    header, entities = _rows(files["entities.csv"])
    assert header[:2] == ["id:ID(Entity)", ":LABEL"] and "aliases:string[]" in header
    header, articles = _rows(files["articles.csv"])
    assert header[:2] == ["id:ID(Article)", ":LABEL"]
    header, claims = _rows(files["claims.csv"])
    assert header[:2] == ["id:ID(Claim)", ":LABEL"]
    assert {"start:int", "end:int", "confidence:float", "sentences:string[]"} <= set(header)
    header, claim_entity = _rows(files["claim_entity_edges.csv"])
    assert header == [":START_ID(Claim)", ":END_ID(Entity)", ":TYPE"]
    header, claim_article = _rows(files["claim_article_edges.csv"])
    assert header == [":START_ID(Claim)", ":END_ID(Article)", ":TYPE"]
    header, statements = _rows(files["statements.csv"])
    assert header[:3] == [":START_ID(Entity)", ":END_ID(Entity)", ":TYPE"]
    assert {"claims:int", "contested:boolean", "outlets:string[]"} <= set(header)
    header, events = _rows(files["events.csv"])
    assert header[:2] == ["id:ID(Event)", ":LABEL"]
    assert {"n_sources:int", "contested:boolean", "latitude:float"} <= set(header)
    header, claim_event = _rows(files["claim_event_edges.csv"])
    assert header == [":START_ID(Claim)", ":END_ID(Event)", ":TYPE"]
    header, event_entity = _rows(files["event_entity_edges.csv"])
    assert header == [":START_ID(Event)", ":END_ID(Entity)", ":TYPE"]

    # the same nodes and edges as the loaded graph, label by label and type by type
    assert len(entities) == report.labels["Entity"]
    assert len(articles) == report.labels["Article"] == len(assembly.articles)
    assert len(claims) == report.labels["Claim"] == len(gold_claims)
    assert len(events) == report.labels["Event"]
    assert len(entities) + len(articles) + len(claims) + len(events) == report.nodes
    edge_rows = claim_entity + claim_article + statements + claim_event + event_entity
    assert len(edge_rows) == report.edges
    labels: dict[str, int] = {}
    for row in entities + articles + claims + events:
        for label in row[":LABEL"].split(ARRAY_DELIMITER):
            labels[label] = labels.get(label, 0) + 1
    assert labels == report.labels
    types: dict[str, int] = {}
    for row in edge_rows:
        types[row[":TYPE"]] = types.get(row[":TYPE"], 0) + 1
    assert types == report.types

    # neo4j-admin refuses an edge to an id that no node file has
    entity_ids = {r["id:ID(Entity)"] for r in entities}
    claim_ids = {r["id:ID(Claim)"] for r in claims}
    assert len(entity_ids) == len(entities) and len(claim_ids) == len(claims)  # no duplicates
    assert all(r[":START_ID(Claim)"] in claim_ids and r[":END_ID(Entity)"] in entity_ids
               for r in claim_entity)
    assert {r[":END_ID(Article)"] for r in claim_article} <= {r["id:ID(Article)"]
                                                             for r in articles}
    assert all(r[":START_ID(Entity)"] in entity_ids and r[":END_ID(Entity)"] in entity_ids
               for r in statements)
    event_ids = {r["id:ID(Event)"] for r in events}
    assert all(r[":START_ID(Claim)"] in claim_ids and r[":END_ID(Event)"] in event_ids
               for r in claim_event)
    assert all(r[":START_ID(Event)"] in event_ids and r[":END_ID(Entity)"] in entity_ids
               for r in event_entity)


def test_array_elements_keep_their_semicolons_out_of_the_delimiter(
        gold_claims: list[Claim]) -> None:
    c = gold_claims[0]
    claims = [replace(c, relation=replace(c.relation, label="قصف; دك")), *gold_claims[1:]]
    _, statements = _rows(csv_files(assemble(claims))["statements.csv"])
    labels = [r["labels:string[]"] for r in statements if "قصف؛ دك" in r["labels:string[]"]]
    assert labels
    assert all("قصف؛ دك" in lbl.split(ARRAY_DELIMITER) for lbl in labels)


def test_import_files_layout(gold_claims: list[Claim]) -> None:
    files = import_files(assemble(gold_claims))
    assert sorted(files) == sorted([
        "import/entities.csv", "import/articles.csv", "import/claims.csv",
        "import/claim_entity_edges.csv", "import/claim_article_edges.csv",
        "import/statements.csv", "import/events.csv", "import/claim_event_edges.csv",
        "import/event_entity_edges.csv", "load.cypher", "README.md"])
    script = cypher_script(assemble(gold_claims))
    first = [s.strip() for s in script.split(";\n")][: len(cypher.NEO4J_SCHEMA)]
    assert all(s.splitlines()[-1].startswith("CREATE ") for s in first)  # constraints first
    assert "neo4j-admin database import full" in files["README.md"]


def test_the_streamed_files_are_the_files(gold_claims: list[Claim], tmp_path: Path) -> None:
    from kg.events import group_events
    from kg.neo4j_import import write_import_files

    assembly = assemble(gold_claims)
    events = group_events(assembly)
    files = import_files(assembly, events)
    written = write_import_files(tmp_path, assembly, events)
    assert sorted(written) == sorted(files)
    for rel, text in files.items():
        assert (tmp_path / rel).read_bytes() == text.encode("utf-8"), rel
