"""The exact Cypher kg sends, its parameters, and that data never reaches query text."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from graph_checks import SCARY, scary_claim

from kg import cypher
from kg.assemble import assemble, statement_id
from kg.model import Claim, RelationType

ROOT = Path(__file__).resolve().parent.parent


def test_entity_statement_text() -> None:
    assert cypher.merge_entities(("Actor", "Place")) == (
        "UNWIND $rows AS row\n"
        "MERGE (e:Entity {id: row.id})\n"
        "SET e.name = row.name, e.type = row.type, e.qid = coalesce(row.qid, e.qid),\n"
        "    e.aliases = [a IN coalesce(e.aliases, []) WHERE NOT a IN row.aliases] + row.aliases\n"
        "SET e:Actor:Place"
    )


def test_claim_statement_merges_on_ids_and_links_by_id() -> None:
    text = cypher.MERGE_CLAIMS
    assert text.startswith("UNWIND $rows AS row\nMERGE (c:Claim {id: row.id})\n")
    for line in ("MATCH (s:Entity {id: row.subject})", "MATCH (o:Entity {id: row.object})",
                 "MATCH (a:Article {id: row.article})", "MERGE (c)-[:SUBJECT]->(s)",
                 "MERGE (c)-[:OBJECT]->(o)", "MERGE (c)-[:IN_ARTICLE]->(a)"):
        assert line in text.splitlines()
    assert "CREATE" not in text


def test_agent_and_link_statements() -> None:
    assert cypher.merge_agents("speaker") == (
        "UNWIND $rows AS row\n"
        "MERGE (a:Entity {id: row.id})\n"
        "SET a.name = coalesce(a.name, row.name), a.aliases = coalesce(a.aliases, []),\n"
        "    a.side = coalesce(row.side, a.side)\n"
        "SET a:Actor:Speaker"
    )
    assert "a.type = coalesce(a.type, 'MEDIA')" in cypher.merge_agents("reporter")
    assert cypher.merge_claim_links("SAID_BY") == (
        "UNWIND $rows AS row\n"
        "MATCH (c:Claim {id: row.claim})\n"
        "MATCH (t:Entity {id: row.target})\n"
        "MERGE (c)-[:SAID_BY]->(t)"
    )


@pytest.mark.parametrize("relation", list(RelationType))
def test_one_statement_edge_builder_per_relation_type(relation: RelationType) -> None:
    text = cypher.merge_statements(relation)
    assert text.startswith("UNWIND $ids AS sid\n")
    assert f"MERGE (s)-[r:{relation.value}]->(o)" in text
    assert f"r.relation = '{relation.value}'" in text
    assert "r.contested = size(sides) > 1 OR ('denied' IN modalities AND size(modalities) > 1)" \
        in text


@pytest.mark.parametrize("bad", [("Actor", "Place) DETACH DELETE (e"), ("Outlet",), ("person",)])
def test_labels_outside_the_model_are_refused(bad: tuple[str, ...]) -> None:
    with pytest.raises(ValueError, match="not part of the graph model"):
        cypher.merge_entities(bad)


def test_unknown_links_and_relations_are_refused() -> None:
    with pytest.raises(ValueError):
        cypher.merge_claim_links("KNOWS]->(x) DELETE x //")
    with pytest.raises(ValueError):
        cypher.merge_statements("ASSAULT]->(o) DELETE o //")  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        cypher.falkordb_index("Entity", "id) DELETE")


def test_gpe_is_actor_and_place() -> None:
    from kg.model import EntityType

    assert cypher.ENTITY_LABELS[EntityType.GPE] == ("Actor", "Place", "Gpe")
    assert cypher.ENTITY_LABELS[EntityType.FAC] == ("Place", "Fac")
    assert cypher.ENTITY_LABELS[EntityType.PERSON] == ("Actor", "Person")


def test_claim_row(gold_claims: list[Claim]) -> None:
    claim = next(c for c in gold_claims if c.attribution.speaker
                 and c.attribution.speaker.id == "manfour" and c.object.id == "misrata_airbase")
    row = cypher.claim_row(claim)
    assert row["statement"] == statement_id("lna", RelationType.ASSAULT, "misrata_airbase")
    assert (row["subject"], row["relation"], row["label"], row["object"]) == (
        "lna", "ASSAULT", "قصف", "misrata_airbase")
    assert row["sentence"] == claim.evidence[0].sentence
    assert (row["start"], row["end"]) == (claim.evidence[0].start, claim.evidence[0].end)
    assert row["sentences"] == [e.sentence for e in claim.evidence]
    assert row["side"] == "lna"  # the speaker's side
    assert row["modality"] == "asserted" and row["date"] is None


def test_load_plan_order_and_batches(gold_claims: list[Claim]) -> None:
    assembly = assemble(gold_claims)
    plan = list(cypher.load_plan(assembly, batch_size=10))
    texts = [t for t, _ in plan]
    first_claims = texts.index(cypher.MERGE_CLAIMS)
    assert all("MERGE (e:Entity" in t or "MERGE (a:" in t for t in texts[:first_claims])
    assert texts[-1].startswith("UNWIND $ids AS sid")
    assert all(len(p.get("rows", p.get("ids", []))) <= 10 for _, p in plan)
    claims_sent = [r["id"] for t, p in plan if t == cypher.MERGE_CLAIMS for r in p["rows"]]
    assert sorted(claims_sent) == sorted(c.id for c in gold_claims)
    ids_sent = [i for t, p in plan if t.startswith("UNWIND $ids") for i in p["ids"]]
    assert sorted(ids_sent) == sorted(s.id for s in assembly.statements)
    with pytest.raises(ValueError):
        list(cypher.load_plan(assembly, batch_size=0))


def test_batches_consume_rows_one_batch_at_a_time() -> None:
    taken: list[int] = []

    def rows() -> Iterator[int]:
        for i in range(5):
            taken.append(i)
            yield i

    batches = cypher.batches(rows(), 2)
    assert next(batches) == [0, 1] and taken == [0, 1]
    assert list(batches) == [[2, 3], [4]]
    assert list(cypher.batches([], 3)) == []


def test_injection_travels_only_as_a_parameter() -> None:
    plan = list(cypher.load_plan(assemble([scary_claim()])))
    assert plan
    for text, _ in plan:
        assert SCARY not in text and "x'" not in text
    entity = next(r for t, p in plan if "MERGE (e:Entity" in t for r in p["rows"]
                  if r["id"] == "scary")
    assert entity["name"] == SCARY and entity["aliases"] == [SCARY + "'"]


def test_schema_file_is_the_loader_schema() -> None:
    text = (ROOT / "schema" / "neo4j.cypher").read_text(encoding="utf-8")
    statements = [s.strip() for s in text.split(";") if s.strip()]
    statements = ["\n".join(ln for ln in s.splitlines() if not ln.startswith("//")).strip()
                  for s in statements]
    assert statements == list(cypher.NEO4J_SCHEMA)


def test_parse_saved_query_header() -> None:
    saved = cypher.parse_saved_query(
        "// title: Who backs whom\n// param: entity = قوات الكرامة\n// param: limit = 5\n"
        "MATCH (n) RETURN n LIMIT $limit", "q")
    assert saved.title == "Who backs whom"
    assert saved.params == {"entity": "قوات الكرامة", "limit": 5}


def test_every_saved_query_has_a_header() -> None:
    files = sorted((ROOT / "queries").glob("*.cypher"))
    assert len(files) >= 10
    for f in files:
        text = f.read_text(encoding="utf-8")
        saved = cypher.parse_saved_query(text, f.stem)
        assert saved.title != f.stem, f"{f.name} has no // title:"
        assert "// answers:" in text, f"{f.name} does not say what it answers"
        for name in {w[1:].rstrip(",)") for w in text.split() if w.startswith("$")}:
            assert name in saved.params, f"{f.name}: ${name} has no default"
