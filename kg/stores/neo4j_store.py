"""Load claims into Neo4j and query it with the official driver.

:class:`Neo4jStore` takes a driver handed in (never builds one): constraints and indexes first
(:data:`kg.cypher.NEO4J_SCHEMA`, also shipped as ``schema/neo4j.cypher``), then the batched
statements of :func:`kg.cypher.load_plan`, each in a managed write transaction
(``session.execute_write`` retries transient errors). The driver's failures become one-line
:class:`~kg.errors.StoreError`s: server unreachable, wrong credentials, no such database.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from kg import cypher
from kg.assemble import Assembly, assemble
from kg.claims_io import read_claims
from kg.errors import KgError, QueryError, StoreError
from kg.events import Event
from kg.model import Claim
from kg.stores import LoadReport, QueryResult

DEFAULT_URI = "bolt://localhost:7687"
DEFAULT_USER = "neo4j"
DEFAULT_DATABASE = "neo4j"
PASSWORD_ENV = "NEO4J_PASSWORD"
BOLT_SCHEMES = frozenset(
    {"bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc"})


def _write(tx: Any, text: str, params: dict[str, Any]) -> None:
    tx.run(text, params).consume()


def _read(tx: Any, text: str, params: dict[str, Any]) -> tuple[list[str], list[list[Any]]]:
    result = tx.run(text, params)
    columns = list(result.keys())
    return columns, [[plain(v) for v in record.values()] for record in result]


def plain(value: Any) -> Any:
    """A driver value as JSON-ready data: nodes and relationships become dicts."""
    from neo4j.graph import Node, Path, Relationship

    if isinstance(value, Node):
        return {"labels": sorted(value.labels), **dict(value.items())}
    if isinstance(value, Relationship):
        return {"type": value.type, **dict(value.items())}
    if isinstance(value, Path):
        return [plain(n) for n in value.nodes]
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if hasattr(value, "iso_format"):  # neo4j.time types
        return value.iso_format()
    return value


def translate(exc: Exception, uri: str, database: str) -> KgError | None:
    """The driver's exception as the one line a user needs; None when it is not one we know."""
    from neo4j.exceptions import AuthError, ClientError, ServiceUnavailable

    if isinstance(exc, ServiceUnavailable):
        return StoreError(f"cannot reach Neo4j at {uri}",
                          hint="is it running? `docker compose up -d neo4j`, then check --uri")
    if isinstance(exc, AuthError):
        return StoreError(f"Neo4j at {uri} refused the user name or password",
                          hint=f"set {PASSWORD_ENV} to the password in .env (NEO4J_AUTH)")
    code = getattr(exc, "code", None) or ""
    if isinstance(exc, ClientError) and code.endswith("DatabaseNotFound"):
        return StoreError(f"Neo4j at {uri} has no database {database!r}",
                          hint="check --database (Neo4j Community has only 'neo4j')")
    if isinstance(exc, ClientError) and ".Statement." in code:
        message = " ".join(str(getattr(exc, "message", None) or exc).split())
        return QueryError(f"Neo4j rejected the query: {message}")
    return None


class Neo4jStore:
    """One database of a Neo4j server, through a driver the caller owns and closes."""

    def __init__(self, driver: Any, database: str = DEFAULT_DATABASE, uri: str = "") -> None:
        self.driver = driver
        self.database = database
        self.uri = uri or "the server"

    @contextmanager
    def _errors(self) -> Iterator[None]:
        from neo4j.exceptions import Neo4jError, ServiceUnavailable

        try:
            yield
        except (Neo4jError, ServiceUnavailable) as exc:
            error = translate(exc, self.uri, self.database)
            if error is None:
                raise
            raise error from exc

    def ensure_schema(self) -> None:
        """Uniqueness constraints and indexes (IF NOT EXISTS: safe to repeat)."""
        with self._errors(), self.driver.session(database=self.database) as session:
            for text in cypher.NEO4J_SCHEMA:
                session.execute_write(_write, text, {})

    def execute(self, plan: Iterable[cypher.Query]) -> int:
        """Each statement in its own managed write transaction."""
        n = 0
        with self._errors(), self.driver.session(database=self.database) as session:
            for text, params in plan:
                session.execute_write(_write, text, params)
                n += 1
        return n

    def load(self, claims: Iterable[Claim] | Assembly,
             batch_size: int = cypher.DEFAULT_BATCH_SIZE,
             events: Sequence[Event] | None = None) -> LoadReport:
        assembly = claims if isinstance(claims, Assembly) else assemble(claims)
        self.ensure_schema()
        n = self.execute(cypher.load_plan(assembly, batch_size, events))
        return self.report(len(assembly.claims), len(assembly.statements), n)

    def query(self, text: str, params: dict[str, Any] | None = None) -> QueryResult:
        """A read query in a managed read transaction."""
        with self._errors(), self.driver.session(database=self.database) as session:
            columns, rows = session.execute_read(_read, text, params or {})
        return QueryResult(columns, rows)

    def report(self, claims: int = 0, statements: int = 0, queries: int = 0) -> LoadReport:
        return LoadReport(
            claims=claims, statements=statements, queries=queries,
            nodes=self.query(cypher.COUNT_NODES).rows[0][0],
            edges=self.query(cypher.COUNT_EDGES).rows[0][0],
            labels={r[0]: r[1] for r in self.query(cypher.COUNT_BY_LABEL).rows},
            types={r[0]: r[1] for r in self.query(cypher.COUNT_BY_TYPE).rows},
        )

    def clear(self) -> None:
        """Delete every node and edge of the database (tests and fresh starts)."""
        with self._errors(), self.driver.session(database=self.database) as session:
            session.execute_write(_write, "MATCH (n) DETACH DELETE n", {})


@contextmanager
def open_driver(uri: str, user: str, password: str | None) -> Iterator[Any]:
    """An official driver for ``uri``, verified, closed on exit."""
    import neo4j
    from neo4j.exceptions import ConfigurationError, Neo4jError, ServiceUnavailable

    if password is None:
        raise StoreError(f"no Neo4j password: {PASSWORD_ENV} is not set",
                         hint=f"export {PASSWORD_ENV}=<the password in .env>")
    if uri.split("://", 1)[0] not in BOLT_SCHEMES:
        raise StoreError(f"not a Neo4j Bolt URI: {uri!r}",
                         hint="use bolt://host:7687 or neo4j://host:7687")
    try:
        driver = neo4j.GraphDatabase.driver(uri, auth=(user, password))
    except (ValueError, ConfigurationError) as exc:
        raise StoreError(f"not a Neo4j URI: {uri!r}",
                         hint="use bolt://host:7687 or neo4j://host:7687") from exc
    try:
        try:
            driver.verify_connectivity()
        except (Neo4jError, ServiceUnavailable) as exc:
            error = translate(exc, uri, "")
            if error is None:
                raise
            raise error from exc
        yield driver
    finally:
        driver.close()


def load_neo4j(path: Path | str, *, uri: str = DEFAULT_URI, user: str = DEFAULT_USER,
               password: str | None = None, database: str = DEFAULT_DATABASE,
               batch_size: int = cypher.DEFAULT_BATCH_SIZE) -> LoadReport:
    """Read a claims file and load it into a Neo4j database."""
    claims = list(read_claims(path))
    with open_driver(uri, user, password) as driver:
        return Neo4jStore(driver, database, uri).load(claims, batch_size)


def query_neo4j(text: str, params: dict[str, Any] | None = None, *, uri: str = DEFAULT_URI,
                user: str = DEFAULT_USER, password: str | None = None,
                database: str = DEFAULT_DATABASE) -> QueryResult:
    """Run one read query against a Neo4j database."""
    with open_driver(uri, user, password) as driver:
        return Neo4jStore(driver, database, uri).query(text, params)
