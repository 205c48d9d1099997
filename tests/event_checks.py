"""Assertions on the events of a Cypher store, shared by the FalkorDB and Neo4j tests.

Expected answers come from :func:`kg.events.group_events` in Python, an independent path from
the Cypher that writes the store.
"""

from __future__ import annotations

from typing import Any

from kg.events import Event


def store_events(store: Any) -> dict[str, dict[str, Any]]:
    """Every Event node with its claims, actors and place, by event id."""
    rows = store.query(
        "MATCH (e:Event) "
        "OPTIONAL MATCH (c:Claim)-[:REPORTS]->(e) "
        "WITH e, collect(c.id) AS claims "
        "OPTIONAL MATCH (e)-[:BLAMED]->(b:Entity) "
        "WITH e, claims, collect(b.id) AS blamed "
        "OPTIONAL MATCH (e)-[:ACTOR1]->(a1:Entity) "
        "OPTIONAL MATCH (e)-[:ACTOR2]->(a2:Entity) "
        "OPTIONAL MATCH (e)-[:AT]->(p:Entity) "
        "RETURN e.id AS id, e.type AS type, e.date AS date, e.date_precision AS precision, "
        "e.n_sources AS n_sources, e.outlets AS outlets, e.contested AS contested, "
        "e.contested_why AS why, e.latitude AS lat, e.longitude AS lon, claims, blamed, "
        "a1.id AS actor1, a2.id AS actor2, p.id AS place"
    ).records()
    return {r["id"]: r for r in rows}


def check_events_match(store: Any, events: tuple[Event, ...]) -> None:
    got = store_events(store)
    assert set(got) == {e.id for e in events}
    for e in events:
        row = got[e.id]
        assert sorted(row["claims"]) == sorted(c.id for c in e.claims)
        assert sorted(row["blamed"]) == sorted(b.id for b in e.blamed)
        assert (row["type"], row["date"], row["precision"]) == (
            e.type.value, e.date, e.date_precision)
        assert (row["actor1"], row["actor2"], row["place"]) == (
            e.actor1 and e.actor1.id, e.actor2 and e.actor2.id, e.place and e.place.id)
        assert row["n_sources"] == e.n_sources and sorted(row["outlets"]) == list(e.outlets)
        assert row["contested"] is e.contested and list(row["why"]) == list(e.contested_why)
        assert (row["lat"], row["lon"]) == (e.lat, e.lon)
