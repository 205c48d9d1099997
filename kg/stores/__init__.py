"""Property-graph stores: Neo4j (the user's server) and FalkorDB (embedded or a server).

Both run the statements of :mod:`kg.cypher`; this module holds what they share: the load report,
query results as plain values, and their table/JSON/CSV rendering.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg.cypher import SavedQuery, parse_saved_query
from kg.errors import QueryError

DEFAULT_GRAPH = "kg"
DEFAULT_DATA_DIR = Path(".kg") / "falkordb"
FORMATS = ("table", "json", "csv")


@dataclass(frozen=True)
class LoadReport:
    """What a load sent and what the store holds afterwards."""

    claims: int
    statements: int
    queries: int
    nodes: int
    edges: int
    labels: dict[str, int] = field(default_factory=dict)
    types: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class QueryResult:
    """Column names and rows of plain values (nodes and edges become dicts)."""

    columns: list[str]
    rows: list[list[Any]]

    def records(self) -> list[dict[str, Any]]:
        return [dict(zip(self.columns, row, strict=True)) for row in self.rows]


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)


def render(result: QueryResult, fmt: str) -> str:
    """``json`` (a list of objects), ``csv`` (a header line, lists as JSON) or ``table`` text
    (tab-separated; the CLI draws a nicer table itself)."""
    if fmt == "json":
        return json.dumps(result.records(), ensure_ascii=False, indent=2)
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(result.columns)
        writer.writerows([_cell(v) for v in row] for row in result.rows)
        return buf.getvalue().rstrip("\n")
    if fmt == "table":
        lines = ["\t".join(result.columns)]
        lines += ["\t".join(_cell(v) for v in row) for row in result.rows]
        return "\n".join(lines)
    raise QueryError(f"unknown output format {fmt!r}", hint=f"use one of {', '.join(FORMATS)}")


def cell_text(value: Any) -> str:
    """A value as one table cell."""
    return _cell(value)


def load_saved_query(query: str) -> SavedQuery:
    """``query`` itself, or, when it names a ``.cypher`` file, that file with its defaults."""
    if not query.strip().endswith(".cypher"):
        return SavedQuery(name="", title="", params={}, text=query)
    path = Path(query.strip())
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise QueryError(f"cannot read saved query {path}: {exc.strerror}",
                         hint="see the queries/ folder for the saved queries") from exc
    return parse_saved_query(text, path.stem)
