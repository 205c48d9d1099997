"""Running ``kg`` as a user does: through the console entry point, in this process (fast) or as
a child process (for kills and concurrent runs). ``from cli_run import run_kg, kg_process``."""

from __future__ import annotations

import contextlib
import io
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "examples" / "articles"


@dataclass(frozen=True)
class Run:
    code: int
    out: str
    err: str

    @property
    def err_lines(self) -> list[str]:
        return [line for line in self.err.splitlines() if line.strip()]

    @property
    def first_line(self) -> str:
        return self.err_lines[0] if self.err_lines else ""

    @property
    def error_lines(self) -> list[str]:
        return [line for line in self.err_lines if line.startswith("kg: error:")]


def run_kg(*args: str | Path) -> Run:
    """``kg ARGS`` through :func:`kg.cli.main`, the console script's function: exit code,
    stdout and stderr. An exception escaping ``main`` (a traceback for a user) propagates."""
    from kg.cli import main

    argv = [str(a) for a in args]
    out, err = io.StringIO(), io.StringIO()
    saved = sys.argv
    sys.argv = ["kg", *argv]
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                main()
                code = 0
            except SystemExit as exc:
                code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    finally:
        sys.argv = saved
    return Run(code, out.getvalue(), err.getvalue())


def kg_process(*args: str | Path, timeout: float = 600) -> subprocess.CompletedProcess[str]:
    """``python -m kg ARGS`` as a child process."""
    return subprocess.run([sys.executable, "-m", "kg", *map(str, args)], capture_output=True,
                          text=True, cwd=ROOT, env=dict(os.environ), timeout=timeout)


def popen_kg(*args: str | Path) -> subprocess.Popen[str]:
    """``python -m kg ARGS`` started in its own process group (so a kill takes its children)."""
    return subprocess.Popen([sys.executable, "-m", "kg", *map(str, args)], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)
