"""Neo4j: the exact statements and driver calls (a recording fake: Neo4j cannot run here), and
the same integration checks as FalkorDB when NEO4J_URI points at a real server."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest
from graph_checks import (
    check_saved_queries,
    check_statements_match_assembly,
    denial_claim,
    scary_claim,
    snapshot,
    statement_edges,
)
from neo4j.exceptions import AuthError, Neo4jError, ServiceUnavailable

from kg import cypher
from kg.assemble import assemble, statement_id
from kg.errors import QueryError, StoreError
from kg.model import Claim, RelationType
from kg.stores.neo4j_store import Neo4jStore, load_neo4j, open_driver


class FakeResult:
    def __init__(self, rows: list[dict[str, Any]]) -> None:
        self.rows = rows

    def consume(self) -> None:
        return None

    def keys(self) -> list[str]:
        return list(self.rows[0]) if self.rows else []

    def __iter__(self) -> Iterator[Any]:
        return iter(FakeRecord(r) for r in self.rows)


class FakeRecord:
    def __init__(self, row: dict[str, Any]) -> None:
        self.row = row

    def values(self) -> list[Any]:
        return list(self.row.values())


class FakeSession:
    """Records (transaction kind, query, params); answers count queries with 0."""

    def __init__(self, driver: FakeDriver, database: str) -> None:
        self.driver, self.database = driver, database

    def __enter__(self) -> FakeSession:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def _tx(self, kind: str) -> Any:
        session = self

        class Tx:
            def run(self, text: str, params: dict[str, Any]) -> FakeResult:
                if session.driver.fail is not None:
                    raise session.driver.fail
                session.driver.calls.append((kind, session.database, text, params))
                return FakeResult([{"n": 0}] if "RETURN count(" in text else [])
        return Tx()

    def execute_write(self, fn: Any, *args: Any) -> Any:
        return fn(self._tx("write"), *args)

    def execute_read(self, fn: Any, *args: Any) -> Any:
        return fn(self._tx("read"), *args)


class FakeDriver:
    def __init__(self, fail: Exception | None = None) -> None:
        self.calls: list[tuple[str, str, str, dict[str, Any]]] = []
        self.fail = fail

    def session(self, database: str) -> FakeSession:
        return FakeSession(self, database)


def test_load_runs_schema_then_the_plan_in_write_transactions(
        gold_claims: list[Claim]) -> None:
    driver = FakeDriver()
    Neo4jStore(driver, "news").load(gold_claims, batch_size=25)
    writes = [c for c in driver.calls if c[0] == "write"]
    n_schema = len(cypher.NEO4J_SCHEMA)
    assert [c[2] for c in writes[:n_schema]] == list(cypher.NEO4J_SCHEMA)
    expected = list(cypher.load_plan(assemble(gold_claims), 25))
    assert [(c[2], c[3]) for c in writes[n_schema:]] == expected
    assert {c[1] for c in driver.calls} == {"news"}
    # Afterwards only read transactions: the counts of the report.
    assert all(c[0] == "read" for c in driver.calls[len(writes):])


def test_query_uses_a_read_transaction_with_parameters() -> None:
    driver = FakeDriver()
    result = Neo4jStore(driver).query("MATCH (n {name: $name}) RETURN count(n) AS n",
                                      {"name": "x'}) DETACH DELETE n //"})
    assert driver.calls == [("read", "neo4j", "MATCH (n {name: $name}) RETURN count(n) AS n",
                             {"name": "x'}) DETACH DELETE n //"})]
    assert result.columns == ["n"] and result.rows == [[0]]


def _neo4j_error(code: str, message: str) -> Neo4jError:
    return Neo4jError._hydrate_neo4j(code=code, message=message)


@pytest.mark.parametrize(("error", "message"), [
    (ServiceUnavailable("Couldn't connect to localhost:7687"), "cannot reach Neo4j at bolt://h"),
    (AuthError("The client is unauthorized"), "refused the user name or password"),
    (_neo4j_error("Neo.ClientError.Database.DatabaseNotFound",
                  "Database does not exist. Database name: 'nope'."), "has no database 'nope'"),
])
def test_driver_failures_become_one_line_store_errors(error: Exception, message: str) -> None:
    store = Neo4jStore(FakeDriver(fail=error), "nope", "bolt://h")
    with pytest.raises(StoreError, match=message) as info:
        store.load([])
    assert "\n" not in str(info.value)


def test_a_bad_query_is_a_query_error() -> None:
    error = _neo4j_error("Neo.ClientError.Statement.SyntaxError", "Invalid input 'RETRN'")
    with pytest.raises(QueryError, match="Neo4j rejected the query: Invalid input"):
        Neo4jStore(FakeDriver(fail=error)).query("RETRN 1")


def test_missing_password_and_bad_uri_fail_before_connecting() -> None:
    with pytest.raises(StoreError, match="NEO4J_PASSWORD is not set"), \
            open_driver("bolt://localhost:7687", "neo4j", None):
        pass
    with pytest.raises(StoreError, match="not a Neo4j Bolt URI"), \
            open_driver("http://localhost:7474", "neo4j", "x"):
        pass


def test_an_unreachable_server_is_one_line(gold_claims_path: Any) -> None:
    from kg.stores.falkordb_server import free_port

    with pytest.raises(StoreError, match="cannot reach Neo4j"):
        load_neo4j(gold_claims_path, uri=f"bolt://127.0.0.1:{free_port()}", password="x")


# ---------------------------------------------------------------- integration (real Neo4j)

NEO4J_URI = os.environ.get("NEO4J_URI")
needs_neo4j = pytest.mark.skipif(
    not NEO4J_URI, reason="set NEO4J_URI (and NEO4J_PASSWORD, NEO4J_USER, NEO4J_DATABASE) to "
                          "run against a real Neo4j, e.g. `docker compose up -d neo4j`")


@pytest.fixture()
def neo4j_store() -> Iterator[Neo4jStore]:
    assert NEO4J_URI is not None
    with open_driver(NEO4J_URI, os.environ.get("NEO4J_USER", "neo4j"),
                     os.environ.get("NEO4J_PASSWORD")) as driver:
        store = Neo4jStore(driver, os.environ.get("NEO4J_DATABASE", "neo4j"), NEO4J_URI)
        store.clear()
        yield store
        store.clear()


@pytest.mark.neo4j
@needs_neo4j
def test_neo4j_saved_queries_and_statements(neo4j_store: Neo4jStore,
                                            gold_claims: list[Claim]) -> None:
    assembly = assemble(gold_claims)
    neo4j_store.load(assembly, batch_size=7)
    check_statements_match_assembly(neo4j_store, assembly)
    check_saved_queries(neo4j_store, assembly)


@pytest.mark.neo4j
@needs_neo4j
def test_neo4j_reload_is_idempotent_and_second_file_merges(
        neo4j_store: Neo4jStore, gold_claims: list[Claim]) -> None:
    neo4j_store.load(gold_claims)
    first = snapshot(neo4j_store)
    neo4j_store.load(gold_claims, batch_size=3)
    assert snapshot(neo4j_store) == first
    neo4j_store.load([denial_claim()])
    edge = statement_edges(neo4j_store)[
        statement_id("lna", RelationType.ASSAULT, "misrata_airbase")]
    assert edge["claims"] == 3 and edge["contested"] is True
    check_statements_match_assembly(neo4j_store, assemble([*gold_claims, denial_claim()]))


@pytest.mark.neo4j
@needs_neo4j
def test_neo4j_injection_is_stored_as_text(neo4j_store: Neo4jStore,
                                           gold_claims: list[Claim]) -> None:
    neo4j_store.load(gold_claims)
    before = neo4j_store.report().nodes
    neo4j_store.load([scary_claim()])
    assert neo4j_store.report().nodes == before + 4
    rows = neo4j_store.query("MATCH (e:Entity {id: 'scary'}) RETURN e.name").rows
    assert rows == [[scary_claim().subject.name]]


@pytest.mark.neo4j
@needs_neo4j
def test_neo4j_wrong_password_and_database() -> None:
    assert NEO4J_URI is not None
    with pytest.raises(StoreError, match="refused the user name or password"), \
            open_driver(NEO4J_URI, "neo4j", "definitely-wrong"):
        pass
    with open_driver(NEO4J_URI, os.environ.get("NEO4J_USER", "neo4j"),
                     os.environ.get("NEO4J_PASSWORD")) as driver, \
            pytest.raises(StoreError, match="has no database"):
        Neo4jStore(driver, "no-such-db", NEO4J_URI).query("RETURN 1")
