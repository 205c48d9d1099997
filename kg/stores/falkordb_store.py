"""Load claims into FalkorDB and query it, through FalkorDB's own client (not its Bolt port).

:class:`FalkorStore` wraps a graph of a client handed in. :func:`load_falkordb` and
:func:`query_falkordb` are the one-call entry points of ``kg load falkordb`` and
``kg query cypher``: they connect to ``host:port``, or use the embedded server on a data directory
(starting it, and stopping it afterwards, when none runs there).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from kg import cypher
from kg.assemble import Assembly, assemble
from kg.claims_io import read_claims
from kg.errors import KgError, QueryError, StoreError
from kg.events import Event
from kg.model import Claim
from kg.stores import DEFAULT_DATA_DIR, DEFAULT_GRAPH, LoadReport, QueryResult
from kg.stores.falkordb_server import HOST, FalkorServer, running_server


def _redis_errors() -> tuple[type[Exception], type[Exception]]:
    from redis.exceptions import ConnectionError as RedisConnectionError
    from redis.exceptions import ResponseError

    return RedisConnectionError, ResponseError


def plain(value: Any) -> Any:
    """A FalkorDB result value as JSON-ready data: nodes and edges become dicts."""
    from falkordb import Edge, Node, Path

    if isinstance(value, Node):
        return {"labels": list(value.labels or []), **value.properties}
    if isinstance(value, Edge):
        return {"type": value.relation, **value.properties}
    if isinstance(value, Path):
        return [plain(n) for n in value.nodes()]
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    return value


def render(text: str, params: dict[str, Any]) -> str:
    """A statement with its parameters as the client sends them: a ``CYPHER`` header, values
    rendered by the client's own function (same quoting and escaping as ``graph.query``)."""
    from falkordb.helpers import stringify_param_value

    if not params:
        return text
    header = " ".join(f"`{k}`={stringify_param_value(v)}" for k, v in params.items())
    return f"CYPHER {header} {text}"


def connect(host: str, port: int, graph: str = DEFAULT_GRAPH) -> FalkorStore:
    """A store on the FalkorDB server at ``host:port``; a clear StoreError if it does not answer."""
    from falkordb import FalkorDB

    conn_error, _ = _redis_errors()
    try:  # the client's constructor already talks to the server
        db = FalkorDB(host=host, port=port, socket_connect_timeout=5)
        db.connection.ping()
    except conn_error as exc:
        raise StoreError(f"no FalkorDB server answers at {host}:{port}",
                         hint="start one, or leave out --host/--port to use the embedded "
                              "server") from exc
    return FalkorStore(db, graph)


class FalkorStore:
    """One named graph of a FalkorDB server. The client is handed in; nothing runs here."""

    def __init__(self, db: Any, graph: str = DEFAULT_GRAPH) -> None:
        self.db = db
        self.graph_name = graph
        self.graph = db.select_graph(graph)

    def run(self, query: str, params: dict[str, Any] | None = None) -> Any:
        """Run one write statement of :mod:`kg.cypher`; a failure is a StoreError."""
        conn_error, response_error = _redis_errors()
        try:
            return self.graph.query(query, params)
        except conn_error as exc:
            raise StoreError(f"lost the FalkorDB server: {exc}") from exc
        except response_error as exc:
            raise StoreError(f"FalkorDB rejected a statement: {exc}") from exc

    def ensure_schema(self) -> None:
        """Range indexes and unique constraints on ids (FalkorDB has no IF NOT EXISTS)."""
        _, response_error = _redis_errors()
        for label, prop, unique in cypher.FALKORDB_INDEXES:
            with contextlib.suppress(response_error):  # "already indexed"
                self.graph.query(cypher.falkordb_index(label, prop))
            if unique:
                with contextlib.suppress(response_error):  # "constraint already exists"
                    self.graph.create_node_unique_constraint(label, prop)

    def execute(self, plan: Iterable[cypher.Query]) -> int:
        """Run the statements in order, one at a time, and return how many ran.

        The client sends parameters as a ``CYPHER name=value`` text header rendered in Python;
        building the plan's rows and rendering them takes about a third of a load's time. A
        worker thread does both for the next statement while the server runs this one (the
        waiting thread holds no GIL), so the load costs about the server's time alone.
        """
        items = iter(plan)

        def render_next() -> str | None:
            item = next(items, None)
            return None if item is None else render(*item)

        n = 0
        with ThreadPoolExecutor(max_workers=1) as pool:
            pending = pool.submit(render_next)  # the plan is only ever iterated by the worker
            while (query := pending.result()) is not None:
                pending = pool.submit(render_next)
                self.run(query)
                n += 1
        return n

    def load(self, claims: Iterable[Claim] | Assembly,
             batch_size: int = cypher.DEFAULT_BATCH_SIZE,
             events: Sequence[Event] | None = None) -> LoadReport:
        """Schema first, then the batched statements of :func:`kg.cypher.load_plan` (with
        ``events``, or the events grouped from the claims)."""
        assembly = claims if isinstance(claims, Assembly) else assemble(claims)
        self.ensure_schema()
        n = self.execute(cypher.load_plan(assembly, batch_size, events))
        return self.report(len(assembly.claims), len(assembly.statements), n)

    def sync(self, assembly: Assembly, events: Sequence[Event], state_file: Path,
             batch_size: int = cypher.DEFAULT_BATCH_SIZE,
             max_share: float = 0.5) -> tuple[LoadReport, bool]:
        """Make the graph a clean load of ``assembly`` and ``events``, writing only what
        changed since the load that saved ``state_file`` (:mod:`kg.graph_delta`) when the
        graph is still that load's and the change is small (at most ``max_share`` of its
        nodes and edges); else clear it and load it whole. Returns the report and whether the
        graph was patched. The state is removed before the graph is touched and saved after,
        so an interrupted update leads to a whole load next time."""
        from kg.graph_delta import GraphState, delta_plan, diff, graph_state

        new = graph_state(assembly, events)
        old = GraphState.read(state_file)
        state_file.unlink(missing_ok=True)
        delta = None
        if old is not None:
            try:
                counts = (self.query(cypher.COUNT_NODES).rows[0][0],
                          self.query(cypher.COUNT_EDGES).rows[0][0])
            except KgError:  # no such graph any more
                counts = None
            if counts == (old.nodes, old.edges):
                delta = diff(old, new)
        patched = (old is not None and delta is not None
                   and delta.size <= max_share * (old.nodes + old.edges))
        if patched:
            assert delta is not None
            n = self.execute(delta_plan(assembly, events, delta, batch_size))
        else:
            self.clear()
            self.ensure_schema()
            n = self.execute(cypher.load_plan(assembly, batch_size, events))
        loaded = self.report(len(assembly.claims), len(assembly.statements), n)
        new.nodes, new.edges = loaded.nodes, loaded.edges
        new.save(state_file)
        return loaded, patched

    def report(self, claims: int = 0, statements: int = 0, queries: int = 0) -> LoadReport:
        labels = {r[0]: r[1] for r in self.query(cypher.COUNT_BY_LABEL).rows}
        types = {r[0]: r[1] for r in self.query(cypher.COUNT_BY_TYPE).rows}
        return LoadReport(
            claims=claims, statements=statements, queries=queries,
            nodes=self.query(cypher.COUNT_NODES).rows[0][0],
            edges=self.query(cypher.COUNT_EDGES).rows[0][0],
            labels=labels, types=types,
        )

    def query(self, text: str, params: dict[str, Any] | None = None) -> QueryResult:
        """Run a user's query; a syntax or runtime error is a one-line QueryError."""
        conn_error, response_error = _redis_errors()
        try:
            result = self.graph.query(text, params)
        except conn_error as exc:
            raise StoreError(f"lost the FalkorDB server: {exc}") from exc
        except response_error as exc:
            raise QueryError(f"FalkorDB rejected the query: {' '.join(str(exc).split())}") \
                from exc
        columns = [h[1] for h in result.header]
        return QueryResult(columns, [[plain(v) for v in row] for row in result.result_set])

    def clear(self) -> None:
        """Delete the graph (all its nodes, edges and indexes)."""
        _, response_error = _redis_errors()
        with contextlib.suppress(response_error):  # an empty graph does not exist yet
            self.graph.delete()
        self.graph = self.db.select_graph(self.graph_name)


@contextlib.contextmanager
def open_store(host: str | None = None, port: int | None = None,
               data_dir: Path | str | None = None,
               graph: str = DEFAULT_GRAPH) -> Iterator[FalkorStore]:
    """The server at ``host:port``; else the one kg runs on ``data_dir``; else start one there,
    stopping it (and so saving the graph) on exit."""
    if host is not None or port is not None:
        store = connect(host or HOST, port or 6379, graph)
        try:
            yield store
        finally:
            store.db.close()
        return
    data_dir = Path(data_dir or DEFAULT_DATA_DIR)
    live = running_server(data_dir)
    if live is not None:
        store = connect(HOST, live, graph)
        try:
            yield store
        finally:
            store.db.close()
        return
    with FalkorServer(data_dir) as server:
        assert server.port is not None
        store = connect(HOST, server.port, graph)
        try:
            yield store
        finally:
            store.db.close()


def load_falkordb(path: Path | str, *, host: str | None = None, port: int | None = None,
                  data_dir: Path | str | None = None, graph: str = DEFAULT_GRAPH,
                  batch_size: int = cypher.DEFAULT_BATCH_SIZE) -> LoadReport:
    """Read a claims file and load it into FalkorDB (see :func:`open_store` for which server)."""
    claims = list(read_claims(path))
    with open_store(host, port, data_dir, graph) as store:
        return store.load(claims, batch_size)


def query_falkordb(text: str, params: dict[str, Any] | None = None, *, host: str | None = None,
                   port: int | None = None, data_dir: Path | str | None = None,
                   graph: str = DEFAULT_GRAPH) -> QueryResult:
    """Run one Cypher query against FalkorDB (see :func:`open_store` for which server)."""
    if host is None and port is None:
        data_dir = Path(data_dir or DEFAULT_DATA_DIR)
        if not (data_dir / "dump.rdb").exists() and running_server(data_dir) is None:
            raise QueryError(f"no graph in {data_dir}",
                             hint="load one first: kg load falkordb claims.jsonl")
    with open_store(host, port, data_dir, graph) as store:
        return store.query(text, params)
