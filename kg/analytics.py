"""Analytics over an assembly: plain documented functions, in the networkx style.

Each function takes an :class:`~kg.assemble.Assembly` (or its networkx graph) and returns plain
data, sorted so that the output is the same for the same claims.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import networkx as nx

from kg.assemble import Assembly, assemble, to_networkx
from kg.claims_io import read_claims
from kg.events import Event, contested_events, group_events
from kg.model import RelationType, Statement


@dataclass(frozen=True)
class Centrality:
    id: str
    name: str
    degree: int  # statements the actor takes part in (as subject or object)
    claims: int  # claims behind those statements
    centrality: float  # networkx degree centrality over the statement graph


def most_central_actors(graph: nx.MultiDiGraph, n: int = 10) -> list[Centrality]:
    """Actors ranked by the number of claims they take part in, then statements, then name.

    ``graph`` is :func:`kg.assemble.to_networkx` output: one edge per statement with a ``claims``
    weight. Places that are not actors (LOC, FAC) are left out.
    """
    centrality = nx.degree_centrality(graph) if len(graph) > 1 else {}
    ranked = []
    for node, data in graph.nodes(data=True):
        if not data.get("actor"):
            continue
        edges = list(graph.in_edges(node, data=True)) + list(graph.out_edges(node, data=True))
        ranked.append(Centrality(
            id=node, name=data.get("name", node), degree=len(edges),
            claims=sum(int(d.get("claims", 1)) for _, _, d in edges),
            centrality=round(centrality.get(node, 0.0), 4),
        ))
    ranked.sort(key=lambda c: (-c.claims, -c.degree, c.name))
    return ranked[:n]


def action_matrix(assembly: Assembly, include_standing: bool = False
                  ) -> dict[RelationType, dict[str, dict[str, int]]]:
    """Who acts on whom: relation type → subject name → object name → number of claims.

    Standing relations (LEADS, MEMBER_OF, PART_OF, LOCATED_IN) are left out unless asked for.
    """
    matrix: dict[RelationType, dict[str, dict[str, int]]] = defaultdict(
        lambda: defaultdict(dict))
    for s in assembly.statements:
        if s.relation.is_standing and not include_standing:
            continue
        row = matrix[s.relation][s.subject.name]
        row[s.object.name] = row.get(s.object.name, 0) + s.n_claims
    return {rel: {subj: dict(sorted(objs.items())) for subj, objs in sorted(rows.items())}
            for rel, rows in sorted(matrix.items(), key=lambda kv: kv[0].value)}


def most_corroborated(assembly: Assembly, n: int = 10) -> list[Statement]:
    """Statements backed by the most outlets, then articles, then claims."""
    return sorted(
        assembly.statements,
        key=lambda s: (-s.n_outlets, -s.n_articles, -s.n_claims, s.subject.name, s.object.name),
    )[:n]


def contested_statements(assembly: Assembly) -> list[Statement]:
    """Statements whose claims come from opposing sides or that one claim denies."""
    return sorted((s for s in assembly.statements if s.contested),
                  key=lambda s: (-s.n_claims, s.subject.name, s.object.name))


def single_source_statements(assembly: Assembly) -> list[Statement]:
    """Statements that only one article backs."""
    return [s for s in assembly.statements if s.n_articles == 1]


@dataclass(frozen=True)
class Summary:
    """What ``kg stats`` prints."""

    claims: int
    entities: int
    actors: int
    places: int
    articles: int
    outlets: tuple[str, ...]
    statements: int
    single_source: int
    relations: dict[str, int]  # relation type → claims
    central: list[Centrality]
    corroborated: list[Statement]
    contested: list[Statement]
    matrix: dict[RelationType, dict[str, dict[str, int]]]
    events: int = 0
    contested_events: list[Event] | None = None  # see kg.events: denial or blame


def summary(assembly: Assembly, n: int = 10) -> Summary:
    """Counts, the most central actors, the most corroborated and the contested statements
    and events."""
    relations: dict[str, int] = defaultdict(int)
    for c in assembly.claims:
        relations[c.relation.type.value] += 1
    entities = assembly.entities.values()
    events = group_events(assembly)
    return Summary(
        claims=len(assembly.claims),
        entities=len(assembly.entities),
        actors=sum(1 for e in entities if e.type.is_actor),
        places=sum(1 for e in entities if e.type.is_place),
        articles=len(assembly.articles),
        outlets=tuple(sorted({a.outlet for a in assembly.articles.values() if a.outlet})),
        statements=len(assembly.statements),
        single_source=len(single_source_statements(assembly)),
        relations=dict(sorted(relations.items(), key=lambda kv: (-kv[1], kv[0]))),
        central=most_central_actors(to_networkx(assembly), n),
        corroborated=most_corroborated(assembly, n),
        contested=contested_statements(assembly),
        matrix=action_matrix(assembly),
        events=len(events),
        contested_events=contested_events(events),
    )


def file_summary(path: Path | str, n: int = 10) -> Summary:
    """:func:`summary` of a claims.jsonl file."""
    return summary(assemble(read_claims(path)), n)
