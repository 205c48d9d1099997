"""The `kg` command line: a thin layer over the library. One module per area of commands."""

from kg.cli import (  # noqa: F401  (importing a module registers its commands)
    build_cmds,
    event_cmds,
    extract_cmds,
    graph_cmds,
    html_cmds,
    rdf_cmds,
    read_cmds,
)
from kg.cli.app import app, main

__all__ = ["app", "main"]
