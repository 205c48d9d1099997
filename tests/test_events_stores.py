"""Events in the Cypher stores: the exact statements, a real FalkorDB, and Neo4j when one runs."""

from __future__ import annotations

import os

import pytest
from event_checks import check_events_match, store_events
from falkordb_fixture import falkordb_server_fixture, falkordb_store_fixture  # noqa: F401

from kg import cypher
from kg.assemble import assemble
from kg.events import Event, group_events
from kg.model import Claim
from kg.stores.falkordb_store import FalkorStore
from tests.test_events import fixture_claims, fixture_facts  # noqa: F401  (a fixture)

NEO4J_URI = os.environ.get("NEO4J_URI")


@pytest.fixture(scope="module")
def fixture_events(fixture_claims: list[Claim]) -> tuple[Event, ...]:  # noqa: F811
    return group_events(fixture_claims, fixture_facts())


def test_event_statement_texts() -> None:
    assert cypher.MERGE_EVENT_CLAIMS == (
        "UNWIND $rows AS row\n"
        "MATCH (c:Claim {id: row.claim})\n"
        "MATCH (e:Event {id: row.event})\n"
        "MERGE (c)-[:REPORTS]->(e)"
    )
    assert cypher.merge_event_links("BLAMED") == (
        "UNWIND $rows AS row\n"
        "MATCH (e:Event {id: row.event})\n"
        "MATCH (t:Entity {id: row.target})\n"
        "MERGE (e)-[:BLAMED]->(t)"
    )
    assert cypher.MERGE_EVENTS.startswith("UNWIND $rows AS row\nMERGE (e:Event {id: row.id})\n")
    assert cypher.DELETE_STALE_EVENTS.startswith(
        "UNWIND $claims AS cid\nMATCH (:Claim {id: cid})-[:REPORTS]->(e:Event)\n")
    with pytest.raises(ValueError, match="not part of the graph model"):
        cypher.merge_event_links("ACTOR1]->(x) DETACH DELETE x //")
    assert "CREATE CONSTRAINT event_id IF NOT EXISTS FOR (n:Event) REQUIRE n.id IS UNIQUE" \
        in cypher.NEO4J_SCHEMA


def test_events_load_after_claims_and_before_statement_edges(
        fixture_claims: list[Claim], fixture_events: tuple[Event, ...]) -> None:  # noqa: F811
    plan = list(cypher.load_plan(assemble(fixture_claims), 2, fixture_events))
    texts = [t for t, _ in plan]
    last_claim_link = max(i for i, t in enumerate(texts) if "MATCH (c:Claim {id: row.claim})\n"
                          "MATCH (t:Entity" in t)
    first_event = texts.index(cypher.DELETE_STALE_EVENTS)
    assert last_claim_link < first_event < texts.index(cypher.MERGE_EVENTS)
    assert max(i for i, t in enumerate(texts) if "Event" in t) < min(
        i for i, t in enumerate(texts) if t.startswith("UNWIND $ids AS sid"))
    rows = [r for t, p in plan if t == cypher.MERGE_EVENTS for r in p["rows"]]
    assert sorted(r["id"] for r in rows) == sorted(e.id for e in fixture_events)
    strike = next(r for r in rows if r["contested"])
    assert strike["contested_why"] == ["denial", "blame"]
    watiya = fixture_facts()["watiya_airbase"]
    assert (strike["latitude"], strike["longitude"], strike["date"]) == (
        watiya.lat, watiya.lon, "2020-05-09")
    assert sorted(strike["actors_blamed"]) == sorted(["قوات الكرامة", "تركيا"])


@pytest.mark.falkordb
def test_falkordb_holds_the_events_and_the_contested_one(
        falkordb_store: FalkorStore, fixture_claims: list[Claim],  # noqa: F811
        fixture_events: tuple[Event, ...]) -> None:
    falkordb_store.load(fixture_claims, batch_size=3, events=fixture_events)
    check_events_match(falkordb_store, fixture_events)
    contested = falkordb_store.query(
        "MATCH (c:Claim)-[:REPORTS]->(e:Event {contested: true})-[:AT]->(p:Place) "
        "MATCH (c)-[:IN_ARTICLE]->(a:Article) "
        "RETURN p.name AS place, e.date AS date, collect(DISTINCT a.outlet) AS outlets, "
        "collect(DISTINCT c.modality) AS modalities").records()
    assert len(contested) == 1
    row = contested[0]
    assert (row["place"], row["date"]) == ("قاعدة الوطية الجوية", "2020-05-09")
    assert {"قناة ليبيا الأحرار", "قناة ليبيا الحدث"} <= set(row["outlets"])
    assert set(row["modalities"]) == {"asserted", "denied"}


@pytest.mark.falkordb
def test_falkordb_reload_replaces_events(
        falkordb_store: FalkorStore, fixture_claims: list[Claim],  # noqa: F811
        fixture_events: tuple[Event, ...]) -> None:
    falkordb_store.load(fixture_claims, events=fixture_events)
    first = falkordb_store.report()
    falkordb_store.load(fixture_claims, batch_size=2, events=fixture_events)
    assert falkordb_store.report() == first
    # Re-grouped without the denial: the old contested event is gone, not left beside the new.
    without = [c for c in fixture_claims if c.modality.value != "denied"]
    regrouped = group_events(without, fixture_facts())
    falkordb_store.load(without, events=regrouped)
    got = store_events(falkordb_store)
    assert set(got) == {e.id for e in regrouped}
    assert not any(r["contested"] and "denial" in r["why"] for r in got.values())


@pytest.mark.falkordb
def test_events_default_to_grouping_the_loaded_claims(
        falkordb_store: FalkorStore, gold_claims: list[Claim]) -> None:
    falkordb_store.load(gold_claims)
    check_events_match(falkordb_store, group_events(gold_claims))


@pytest.mark.neo4j
@pytest.mark.skipif(NEO4J_URI is None, reason="set NEO4J_URI (and NEO4J_PASSWORD) to run")
def test_neo4j_holds_the_events(fixture_claims: list[Claim],  # noqa: F811
                                fixture_events: tuple[Event, ...]) -> None:
    from kg.stores.neo4j_store import Neo4jStore, open_driver

    assert NEO4J_URI is not None
    with open_driver(NEO4J_URI, os.environ.get("NEO4J_USER", "neo4j"),
                     os.environ.get("NEO4J_PASSWORD")) as driver:
        store = Neo4jStore(driver, os.environ.get("NEO4J_DATABASE", "neo4j"), NEO4J_URI)
        store.clear()
        try:
            store.load(fixture_claims, events=fixture_events)
            check_events_match(store, fixture_events)
        finally:
            store.clear()


