"""A FalkorDB graph patched with what changed equals a clean load of the same data, on a real
server: every node with its labels and properties, every edge with its properties."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from falkordb_fixture import falkordb_server_fixture, falkordb_store_fixture  # noqa: F401

from kg.assemble import assemble
from kg.events import group_events
from kg.graph_delta import GraphState, diff, graph_state
from kg.model import Claim, EntityType
from kg.stores.falkordb_server import FalkorServer
from kg.stores.falkordb_store import FalkorStore, connect

pytestmark = pytest.mark.falkordb


def everything(store: FalkorStore) -> tuple[list[str], list[str]]:
    """Every node and every edge, as sorted JSON lines (the store's internal ids left out)."""
    nodes = store.query("MATCH (n) RETURN labels(n), properties(n)").rows
    edges = store.query("MATCH (a)-[r]->(b) RETURN labels(a), a.id, type(r), labels(b), b.id,"
                        " properties(r)").rows
    dump = lambda rows: sorted(json.dumps(r, ensure_ascii=False, sort_keys=True)  # noqa: E731
                               for r in rows)
    return dump([[sorted(labels), props] for labels, props in nodes]), dump(edges)


@pytest.fixture()
def clean_store(falkordb_server: FalkorServer) -> Iterator[FalkorStore]:
    assert falkordb_server.port is not None
    store = connect(falkordb_server.host, falkordb_server.port, "clean-reference")
    yield store
    store.clear()
    store.db.close()


def _sync(store: FalkorStore, claims: list[Claim], state: Path) -> bool:
    assembly = assemble(claims)
    _, patched = store.sync(assembly, group_events(assembly), state)
    return patched


def _clean(store: FalkorStore, claims: list[Claim]) -> Any:
    store.clear()
    assembly = assemble(claims)
    store.load(assembly, events=group_events(assembly))
    return everything(store)


def _renamed(claims: list[Claim], entity_id: str, name: str) -> list[Claim]:
    """The claims with one entity's canonical name changed (as a gazetteer edit does)."""
    out = []
    for c in claims:
        for role in ("subject", "object"):
            ref = getattr(c, role)
            if ref.id == entity_id:
                c = replace(c, **{role: replace(ref, name=name)})
        out.append(c)
    return out


def test_each_kind_of_change_patches_the_graph_into_a_clean_load(
        falkordb_store: FalkorStore, clean_store: FalkorStore, gold_claims: list[Claim],
        tmp_path: Path) -> None:
    state = tmp_path / "state.json"
    articles = sorted({c.article.id for c in gold_claims})
    first = [c for c in gold_claims if c.article.id != articles[0]]
    assert not _sync(falkordb_store, first, state)  # no state yet: a whole load
    assert everything(falkordb_store) == _clean(clean_store, first)

    steps = {
        "an article added": gold_claims,
        "an article removed": [c for c in gold_claims if c.article.id != articles[-1]],
        "a claim dropped": [c for c in gold_claims if c.article.id != articles[-1]][1:],
        "an entity renamed": _renamed(gold_claims, "haftar", "المشير خليفة حفتر"),
        "a speaker renamed": [replace(c, attribution=replace(
            c.attribution, speaker=replace(c.attribution.speaker, name="متحدث آخر")))
            if c.attribution.speaker else c for c in gold_claims],
        "an outlet renamed": [replace(c, article=replace(c.article, outlet="منبر آخر"))
                              if c.article.id == articles[1] else c for c in gold_claims],
    }
    for step, claims in steps.items():
        assert _sync(falkordb_store, claims, state), step
        assert everything(falkordb_store) == _clean(clean_store, claims), step


def test_a_type_change_or_a_graph_changed_behind_its_back_loads_it_whole(
        falkordb_store: FalkorStore, gold_claims: list[Claim], tmp_path: Path) -> None:
    state = tmp_path / "state.json"
    _sync(falkordb_store, gold_claims, state)
    retyped = [replace(c, subject=replace(c.subject, type=EntityType.ORG))
               if c.subject.id == "haftar" else c for c in gold_claims]
    assert not _sync(falkordb_store, retyped, state)  # labels cannot be patched
    falkordb_store.query("CREATE (:Stray {id: 'x'})")
    assert not _sync(falkordb_store, gold_claims, state)  # not the graph the state describes
    assert falkordb_store.query("MATCH (n:Stray) RETURN count(n)").rows == [[0]]
    state.write_text("not json", encoding="utf-8")
    assert not _sync(falkordb_store, gold_claims, state)  # an unreadable state: whole


def test_the_delta_of_one_added_article_touches_only_its_part(gold_claims: list[Claim]) -> None:
    articles = sorted({c.article.id for c in gold_claims})
    before = [c for c in gold_claims if c.article.id != articles[0]]
    a, b = assemble(before), assemble(gold_claims)
    old, new = graph_state(a, group_events(a)), graph_state(b, group_events(b))
    delta = diff(old, new)
    assert delta is not None
    added = {c.id for c in gold_claims if c.article.id == articles[0]}
    assert delta.write_claims == added and delta.gone_claims == []
    assert delta.write_articles == {articles[0]} and delta.gone_articles == []
    assert diff(new, new) == diff(GraphState(**vars(new)), new)
    assert diff(new, new) is not None and diff(new, new).size == 0  # type: ignore[union-attr]
