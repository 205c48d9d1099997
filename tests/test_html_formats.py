"""GraphML and GEXF exports read back by networkx with the same nodes and edges."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest

from kg.assemble import assemble, to_networkx
from kg.model import Claim
from kg.views import export_gexf, export_graphml


def edge_set(g: nx.MultiDiGraph) -> set[tuple[str, str, str]]:
    return {(str(u), str(v), d["relation"]) for u, v, d in g.edges(data=True)}


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_round_trip(tmp_path: Path, gold_claims: list[Claim], fmt: str) -> None:
    original = to_networkx(assemble(gold_claims))
    if fmt == "graphml":
        back = nx.read_graphml(export_graphml(gold_claims, tmp_path / "g.graphml"),
                               force_multigraph=True)
    else:
        back = nx.read_gexf(export_gexf(gold_claims, tmp_path / "g.gexf"))
    assert set(back.nodes) == {str(n) for n in original.nodes}
    assert edge_set(back) == edge_set(original)
    assert back.nodes["lna"]["name"] == "قوات الكرامة"  # Arabic survives, UTF-8
    assert back.nodes["lna"]["label"] == "قوات الكرامة"  # what Gephi shows
    claims = {(u, v, d["relation"]): d["claims"] for u, v, d in back.edges(data=True)}
    assert all(isinstance(n, int) and n >= 1 for n in claims.values())
