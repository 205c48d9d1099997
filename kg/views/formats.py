"""GraphML and GEXF exports of :func:`kg.assemble.to_networkx`, for Gephi, Cytoscape, yEd.

Both formats take only scalar attributes (str, int, float, bool) and GEXF also refuses keys it
cannot type; this module makes every attribute one of those and gives each edge a string key,
so what networkx writes it reads back with the same nodes and edges.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import networkx as nx

from kg.assemble import Assembly, to_networkx
from kg.errors import ExportError
from kg.model import Claim
from kg.views.selection import as_assembly


def _scalar(value: Any) -> str | int | float | bool:
    if isinstance(value, bool | int | float | str):
        return value
    if value is None:
        return ""
    if isinstance(value, list | tuple | set | frozenset):
        return "|".join(str(v) for v in value)
    return str(value)


def graph_for_export(claims_or_assembly: Assembly | Iterable[Claim]) -> nx.MultiDiGraph:
    """The assembled graph with only GraphML/GEXF-safe attribute values; nodes also get a
    ``label`` (the Arabic name), which Gephi shows."""
    g = to_networkx(as_assembly(claims_or_assembly))
    out = nx.MultiDiGraph()
    for node, data in g.nodes(data=True):
        attrs = {k: _scalar(v) for k, v in data.items()}
        attrs.setdefault("label", attrs.get("name", str(node)))
        out.add_node(str(node), **attrs)
    for u, v, key, data in g.edges(keys=True, data=True):
        out.add_edge(str(u), str(v), key=str(key), **{k: _scalar(x) for k, x in data.items()})
    return out


def _write(kind: str, writer: Any, graph: nx.MultiDiGraph, path: str | Path) -> Path:
    target = Path(path)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        writer(graph, target, encoding="utf-8")
    except OSError as exc:
        raise ExportError(f"cannot write {kind} to {target}: {exc.strerror or exc}",
                          hint="choose a writable output path") from exc
    return target


def export_graphml(claims_or_assembly: Assembly | Iterable[Claim], path: str | Path) -> Path:
    """Write the graph as GraphML (UTF-8); return the path written."""
    return _write("GraphML", nx.write_graphml, graph_for_export(claims_or_assembly), path)


def export_gexf(claims_or_assembly: Assembly | Iterable[Claim], path: str | Path) -> Path:
    """Write the graph as GEXF 1.2 for Gephi (UTF-8); return the path written."""
    return _write("GEXF", nx.write_gexf, graph_for_export(claims_or_assembly), path)
