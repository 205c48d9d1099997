"""The `kg` command line: a thin layer over the library. One module per area of commands."""

from kg.cli import read_cmds  # noqa: F401  (registers commands)
from kg.cli.app import app, main

__all__ = ["app", "main"]
