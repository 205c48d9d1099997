"""The committed `exports/` is the build of the sample as the code stands, and the README's CLI
reference is the `--help` the code prints."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from test_build import snapshot

from kg.build import build

ROOT = Path(__file__).resolve().parent.parent
EXPORTS = ROOT / "exports"
MAIN_COMMAND = "kg build examples/articles --out exports/"


def test_exports_is_the_build_of_the_sample(tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)  # the README's command, run where the README says
    fresh = tmp_path / "exports"
    build(["examples/articles"], fresh)
    committed = {k: v for k, v in snapshot(EXPORTS).items() if k != ".gitignore"}
    made = snapshot(fresh)
    stale = sorted(k for k in made.keys() | committed.keys() if made.get(k) != committed.get(k))
    assert not stale, f"exports/ is stale ({', '.join(stale[:8])}…): run `{MAIN_COMMAND}`"


def test_exports_keeps_store_data_out_of_git() -> None:
    ignored = (EXPORTS / ".gitignore").read_text(encoding="utf-8").split()
    assert ".kg/" in ignored and "*.oxigraph*" in ignored


def test_the_readme_cli_reference_is_current() -> None:
    done = subprocess.run([sys.executable, str(ROOT / "scripts" / "cli_reference.py"), "--check"],
                          capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert done.returncode == 0, done.stderr


def test_the_readme_main_command_is_kg_build_on_the_sample() -> None:
    assert MAIN_COMMAND in (ROOT / "README.md").read_text(encoding="utf-8")
