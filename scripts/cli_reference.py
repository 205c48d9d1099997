"""The README's CLI reference, generated from `kg … --help` (plain text, 100 columns, no colour).

    python scripts/cli_reference.py           # print the section
    python scripts/cli_reference.py --write   # replace it in README.md between the markers
    python scripts/cli_reference.py --check   # exit 1 when README.md differs (CI, tests)
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

# Fixed, colourless output whatever the terminal; set before typer/rich are imported.
os.environ.update({"COLUMNS": "100", "TERMINAL_WIDTH": "100", "NO_COLOR": "1", "TERM": "dumb",
                   "_TYPER_FORCE_DISABLE_TERMINAL": "1"})
os.environ.pop("FORCE_COLOR", None)

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
START, END = "<!-- cli-reference:start -->", "<!-- cli-reference:end -->"


def command_paths() -> list[tuple[str, ...]]:
    """Every command and group of the `kg` app, depth first, in the order `--help` lists them."""
    import typer.main

    from kg.cli import app

    root = typer.main.get_command(app)
    paths: list[tuple[str, ...]] = []

    def walk(cmd: Any, path: tuple[str, ...]) -> None:
        paths.append(path)
        if hasattr(cmd, "list_commands"):  # a group (typer ships its own click classes)
            ctx = cmd.context_class(cmd)
            for name in cmd.list_commands(ctx):
                sub = cmd.get_command(ctx, name)
                if sub is not None and not sub.hidden:
                    walk(sub, (*path, name))

    walk(root, ())
    return paths


def help_text(path: tuple[str, ...]) -> str:
    from typer.testing import CliRunner

    from kg.cli import app

    result = CliRunner().invoke(app, [*path, "--help"], prog_name="kg", color=False,
                                terminal_width=100)
    if result.exit_code != 0:
        raise SystemExit(f"kg {' '.join(path)} --help failed: {result.output}")
    return "\n".join(line.rstrip() for line in result.output.strip("\n").splitlines())


def render() -> str:
    """The section's body: one fenced block of help text per command."""
    parts = ["Generated from `--help` by `python scripts/cli_reference.py --write`; "
             "a test checks it is current.\n"]
    for path in command_paths():
        title = " ".join(("kg", *path))
        parts.append(f"### `{title}`\n\n```text\n{help_text(path)}\n```\n")
    return "\n".join(parts)


def replace_section(readme: str, body: str) -> str:
    start, end = readme.index(START) + len(START), readme.index(END)
    return readme[:start] + "\n" + body + readme[end:]


def main() -> int:
    body = render()
    if "--write" in sys.argv[1:] or "--check" in sys.argv[1:]:
        readme = README.read_text(encoding="utf-8")
        if START not in readme or END not in readme:
            print(f"README.md has no {START} … {END} markers", file=sys.stderr)
            return 1
        new = replace_section(readme, body)
        if "--check" in sys.argv[1:]:
            if new != readme:
                print("README.md's CLI reference is out of date: run "
                      "python scripts/cli_reference.py --write", file=sys.stderr)
                return 1
            return 0
        README.write_text(new, encoding="utf-8")
        return 0
    sys.stdout.write(body)
    return 0


if __name__ == "__main__":
    sys.exit(main())
