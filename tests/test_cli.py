"""The command line as a user meets it: help everywhere, version, one-line errors."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from kg import __version__
from kg.cli import app

runner = CliRunner()


def _commands(group: Any, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Every command path under ``group`` (Typer ships its own click: duck-type the groups)."""
    found = [prefix]
    if hasattr(group, "commands"):
        for name, cmd in group.commands.items():
            found += _commands(cmd, (*prefix, name))
    return found


ALL_COMMANDS = _commands(typer.main.get_command(app))


def test_the_expected_commands_exist() -> None:
    names = {" ".join(c) for c in ALL_COMMANDS}
    assert {"read", "load", "query", "export"} <= names


@pytest.mark.parametrize("path", ALL_COMMANDS, ids=lambda p: " ".join(p) or "kg")
def test_every_command_has_help(path: tuple[str, ...]) -> None:
    result = runner.invoke(app, [*path, "--help"])
    assert result.exit_code == 0, result.output
    assert "Usage:" in result.output
    cmd = typer.main.get_command(app)
    for name in path:
        cmd = cmd.commands[name]
    assert (cmd.help or "").strip(), f"kg {' '.join(path)} has no help text"
    for param in cmd.params:
        if param.param_type_name == "option" and param.name != "help":
            assert (param.help or "").strip(), f"option {param.opts} of kg {' '.join(path)}"


def test_version() -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.output.strip() == f"kg {__version__}"


def _kg(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kg", *args], capture_output=True, text=True, timeout=120
    )


def test_error_is_one_line_without_traceback(tmp_path: Path) -> None:
    result = _kg("read", str(tmp_path / "missing.txt"))
    assert result.returncode == 1
    lines = [ln for ln in result.stderr.splitlines() if ln.strip()]
    assert lines[-1].startswith("kg: error:")
    assert "Traceback" not in result.stderr


def test_debug_shows_the_traceback(tmp_path: Path) -> None:
    result = _kg("--debug", "read", str(tmp_path / "missing.txt"))
    assert result.returncode != 0
    assert "Traceback" in result.stderr


def test_read_prints_what_was_read(articles_dir: Path) -> None:
    result = runner.invoke(app, ["read", "--json", str(articles_dir)])
    assert result.exit_code == 0, result.output
    assert result.output.count('"outlet": "أوج"') == 3
    assert '"outlet": "يافع نيوز"' in result.output


def test_the_exit_code_rule_is_documented() -> None:
    """One rule for every command (0 all read, 1 something skipped or failed, 2 usage error),
    written down where users look."""
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Exit codes and errors", 1)[1].split("\n## ", 1)[0]
    for code, words in (("0", "every input was read"), ("1", "skipped or failed"),
                        ("2", "usage error")):
        assert f"| `{code}` | " in section and words in section
    for command in ("build", "extract", "read"):
        help_text = runner.invoke(app, [command, "--help"], terminal_width=200).output
        assert "Exit code: 0 when every input was read" in " ".join(help_text.split())
