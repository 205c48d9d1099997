"""What changed in a property graph between two builds, and the statements that apply it.

A clean load (:func:`kg.cypher.load_plan` on an empty graph) costs about as much as extracting
the articles again. A re-build after adding 1% of articles changes a few percent of the nodes
and edges, so :func:`delta_plan` writes only those: every node and edge of the graph model is
given a fingerprint (a hash of the rows that make it, and of what it takes from other nodes),
and the fingerprints of the last load (:class:`GraphState`, saved beside the store) are
compared with this build's.

* Claims, articles and events that changed or went are deleted with their edges, then the new
  and changed ones are merged as a clean load merges them. A claim's fingerprint covers its
  article and the agents it names, so a claim whose article or speaker changed is re-made and
  its edges with it; an event is re-made when any of its claims is.
* Entities are never deleted while they are in use (their claims' and statements' edges would
  go with them): a changed one has its properties cleared and set again by the same merges.
  An entity no longer in the data is deleted. One whose labels changed (its type changed)
  needs a clean load: labels cannot be cleared the same way.
* Statement edges are recomputed, from the claims in the store, for the statements whose
  claims changed; those with no claim left are deleted.

The result equals a clean load of the same data (``tests/test_falkordb_delta.py`` compares
every node, edge and property of the two).
"""

from __future__ import annotations

import hashlib
import json
import pickle
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from kg import cypher
from kg.assemble import Assembly
from kg.events import Event
from kg.model import RelationType

STATE_VERSION = 2


def _digest(value: Any) -> str:
    # pickle: rows are dicts in a fixed key order of lists, strings, numbers and None, which
    # it writes the same in every process, and several times faster than json.dumps
    return hashlib.blake2b(pickle.dumps(value, protocol=5), digest_size=12).hexdigest()


@dataclass
class GraphState:
    """The fingerprints of one load: node id → fingerprint per kind; a statement's also
    keeps its subject and object ids (to find its edge) and relation."""

    entities: dict[str, str] = field(default_factory=dict)
    labels: dict[str, list[str]] = field(default_factory=dict)  # entity id → its labels
    articles: dict[str, str] = field(default_factory=dict)
    claims: dict[str, str] = field(default_factory=dict)
    events: dict[str, str] = field(default_factory=dict)
    statements: dict[str, list[str]] = field(default_factory=dict)  # [fp, subj, rel, obj]
    nodes: int = 0  # the store's counts after the load: a store changed since is not patched
    edges: int = 0

    def save(self, path: Path) -> None:
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps({"version": STATE_VERSION, **asdict(self)},
                                  ensure_ascii=False), encoding="utf-8")
        tmp.replace(path)

    @staticmethod
    def read(path: Path) -> GraphState | None:
        """The saved state, or None when there is none or it cannot be read."""
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if data.pop("version", None) != STATE_VERSION:
                return None
            return GraphState(**data)
        except (OSError, ValueError, TypeError):
            return None


def graph_state(assembly: Assembly, events: Sequence[Event]) -> GraphState:
    """The fingerprints of the graph a clean load of ``assembly`` and ``events`` makes."""
    state = GraphState()
    node_rows: dict[str, list[Any]] = defaultdict(list)
    for labels, rows in sorted(cypher.entity_rows(assembly).items()):
        for row in rows:
            node_rows[row["id"]].append(["entity", row])
            state.labels[row["id"]] = sorted(labels)
    for role, rows in cypher.agent_rows(assembly).items():
        for row in rows:
            node_rows[row["id"]].append([role, row])
            label = cypher.AGENT_ROLES[role][1]
            state.labels[row["id"]] = sorted({*state.labels.get(row["id"], ()), "Actor", label})
    state.entities = {eid: _digest(rows) for eid, rows in node_rows.items()}
    state.articles = {row["id"]: _digest(row) for row in cypher.article_rows(assembly)}
    links: dict[str, list[list[str]]] = defaultdict(list)
    for link, rows in cypher.claim_link_rows(assembly).items():
        for row in rows:
            links[row["claim"]].append([link, row["target"]])
    # A claim's edges go to entity ids, which survive a change of the entity in place; its
    # statement takes the speaker's name and the article's outlet, so the statement's
    # fingerprint covers the speaker node and the claim's covers its article.
    by_statement: dict[str, list[str]] = defaultdict(list)
    for c in assembly.claims:
        fp = _digest([cypher.claim_row(c), state.articles[c.article.id], links[c.id]])
        state.claims[c.id] = fp
        speaker = c.attribution.speaker
        sid = cypher.statement_id(c.subject.id, c.relation.type, c.object.id)
        by_statement[sid].append(fp + (state.entities[speaker.id] if speaker else ""))
    for s in assembly.statements:
        state.statements[s.id] = [_digest(sorted(by_statement[s.id])), s.subject.id,
                                  s.relation.value, s.object.id]
    event_links = cypher.event_link_rows(events)
    targets: dict[str, list[list[str]]] = defaultdict(list)
    for link in cypher.EVENT_LINKS:
        for row in event_links.get(link, []):
            targets[row["event"]].append([link, row["target"]])
    for e in events:
        state.events[e.id] = _digest([cypher.event_row(e), targets[e.id],
                                      [state.claims[c.id] for c in e.claims]])
    return state


@dataclass(frozen=True)
class Delta:
    """The ids to delete and to (re)write to turn the last load's graph into this one's."""

    gone_claims: list[str]
    gone_articles: list[str]
    gone_events: list[str]
    gone_entities: list[str]
    reset_entities: list[str]  # changed in place: properties cleared, then merged again
    gone_statements: list[list[str]]  # [id, subject, relation, object]
    write_entities: set[str]
    write_articles: set[str]
    write_claims: set[str]
    write_events: set[str]
    write_statements: set[str]

    @property
    def size(self) -> int:
        return sum(map(len, (self.gone_claims, self.gone_articles, self.gone_events,
                             self.gone_entities, self.write_entities, self.write_articles,
                             self.write_claims, self.write_events, self.write_statements)))


def _changed(old: dict[str, Any], new: dict[str, Any]) -> tuple[list[str], set[str]]:
    """Ids gone or changed (to delete), and ids new or changed (to write)."""
    gone = sorted(k for k, v in old.items() if new.get(k) != v)
    write = {k for k, v in new.items() if old.get(k) != v}
    return gone, write


def diff(old: GraphState, new: GraphState) -> Delta | None:
    """The delta from ``old`` to ``new``; None when it cannot be applied in place (an
    entity's labels changed)."""
    if any(old.labels[e] != labels for e, labels in new.labels.items() if e in old.labels):
        return None
    gone_claims, write_claims = _changed(old.claims, new.claims)
    # a re-made article loses its claims' edges to it; their fingerprints cover the article,
    # so they are re-made with it
    gone_articles, write_articles = _changed(old.articles, new.articles)
    gone_events, write_events = _changed(old.events, new.events)
    changed_entities, write_entities = _changed(old.entities, new.entities)
    gone_entities = [e for e in changed_entities if e not in new.entities]
    reset = [e for e in changed_entities if e in new.entities]
    old_st = {sid: v[0] for sid, v in old.statements.items()}
    new_st = {sid: v[0] for sid, v in new.statements.items()}
    stale, write_statements = _changed(old_st, new_st)
    gone_statements = [[sid, *old.statements[sid][1:]] for sid in stale if sid not in new_st]
    return Delta(gone_claims, gone_articles, gone_events, gone_entities, reset,
                 gone_statements, write_entities, write_articles, write_claims, write_events,
                 write_statements)


def delta_plan(assembly: Assembly, events: Sequence[Event], delta: Delta,
               batch_size: int = cypher.DEFAULT_BATCH_SIZE) -> Iterator[cypher.Query]:
    """The statements that apply ``delta``: deletions first, then the same merges as
    :func:`kg.cypher.load_plan`, restricted to what is new or changed."""
    batched = cypher.batched
    yield from batched(cypher.DELETE_EVENTS, delta.gone_events, batch_size, "ids")
    yield from batched(cypher.DELETE_CLAIMS, delta.gone_claims, batch_size, "ids")
    yield from batched(cypher.DELETE_ARTICLES, delta.gone_articles, batch_size, "ids")
    yield from batched(cypher.DELETE_ENTITIES, delta.gone_entities, batch_size, "ids")
    yield from batched(cypher.RESET_ENTITIES, delta.reset_entities, batch_size, "ids")
    for relation in RelationType:
        rows = [{"id": sid, "subject": s, "object": o}
                for sid, s, rel, o in delta.gone_statements if rel == relation.value]
        yield from batched(cypher.delete_statements(relation), rows, batch_size)
    yield from cypher.merge_plan(
        assembly, [e for e in events if e.id in delta.write_events], batch_size,
        cypher.Subset(delta.write_entities, delta.write_articles, delta.write_claims,
                      delta.write_statements))
