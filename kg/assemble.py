"""Assembly: claims from many articles → entities and statements with their corroboration.

A statement is the (subject, relation type, object) that several claims may support. It is
*contested* when its claims come from more than one side of the conflict, or when one claim
asserts what another denies.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

import networkx as nx

from kg.model import ArticleRef, Claim, EntityRef, Modality, RelationType, Statement, stable_id


@dataclass(frozen=True)
class Assembly:
    """Everything downstream stores and views need, derived from claims only."""

    claims: tuple[Claim, ...]
    entities: dict[str, EntityRef]  # id → the entity (mention dropped)
    articles: dict[str, ArticleRef]
    statements: tuple[Statement, ...]

    def statement_of(self, claim: Claim) -> Statement:
        sid = statement_id(claim.subject.id, claim.relation.type, claim.object.id)
        return next(s for s in self.statements if s.id == sid)


def statement_id(subject_id: str, relation: RelationType, object_id: str) -> str:
    return stable_id(subject_id, relation.value, object_id)


def claim_side(claim: Claim) -> str | None:
    """The side a claim speaks for: its speaker's, else the reporting outlet's."""
    att = claim.attribution
    for agent in (att.speaker, att.via, att.reporter):
        if agent is not None and agent.side:
            return agent.side
    return None


def _canonical(ref: EntityRef) -> EntityRef:
    return EntityRef(id=ref.id, name=ref.name, type=ref.type, mention=None, qid=ref.qid)


def _is_contested(claims: list[Claim]) -> bool:
    sides = {s for s in (claim_side(c) for c in claims) if s}
    modalities = {c.modality for c in claims}
    return len(sides) > 1 or (Modality.DENIED in modalities and len(modalities) > 1)


def build_statement(claims: list[Claim]) -> Statement:
    """The statement the given claims (all with one subject, relation and object) support."""
    first = claims[0]
    dates = sorted(
        d for d in (c.time.date if c.time and c.time.date else c.article.date for c in claims) if d
    )
    return Statement(
        id=statement_id(first.subject.id, first.relation.type, first.object.id),
        subject=_canonical(first.subject),
        relation=first.relation.type,
        object=_canonical(first.object),
        labels=tuple(sorted({c.relation.label for c in claims})),
        claim_ids=tuple(sorted(c.id for c in claims)),
        article_ids=tuple(sorted({c.article.id for c in claims})),
        outlets=tuple(sorted({c.article.outlet for c in claims if c.article.outlet})),
        speakers=tuple(
            sorted({c.attribution.speaker.name for c in claims if c.attribution.speaker})
        ),
        sides=tuple(sorted({s for s in (claim_side(c) for c in claims) if s})),
        modalities=tuple(sorted({c.modality.value for c in claims})),
        first_date=dates[0] if dates else None,
        last_date=dates[-1] if dates else None,
        contested=_is_contested(claims),
    )


def assemble(claims: Iterable[Claim]) -> Assembly:
    """Group claims into statements; collect entities and articles. Order-independent output."""
    all_claims = tuple(sorted(claims, key=lambda c: c.id))
    entities: dict[str, EntityRef] = {}
    articles: dict[str, ArticleRef] = {}
    groups: dict[tuple[str, RelationType, str], list[Claim]] = defaultdict(list)
    for c in all_claims:
        for ref in (c.subject, c.object, c.place):
            if ref is not None and ref.id not in entities:  # canonical copy only when new
                entities[ref.id] = _canonical(ref)
        articles.setdefault(c.article.id, c.article)
        groups[(c.subject.id, c.relation.type, c.object.id)].append(c)
    statements = tuple(sorted((build_statement(g) for g in groups.values()), key=lambda s: s.id))
    return Assembly(all_claims, dict(sorted(entities.items())), articles, statements)


def to_networkx(assembly: Assembly) -> nx.MultiDiGraph:
    """Entities as nodes, one edge per statement keyed by its relation type."""
    g = nx.MultiDiGraph()
    for e in assembly.entities.values():
        g.add_node(
            e.id,
            name=e.name,
            type=e.type.value,
            qid=e.qid or "",
            actor=e.type.is_actor,
            place=e.type.is_place,
        )
    for s in assembly.statements:
        g.add_edge(
            s.subject.id,
            s.object.id,
            key=s.relation.value,
            relation=s.relation.value,
            label="، ".join(s.labels),
            claims=s.n_claims,
            articles=s.n_articles,
            outlets="|".join(s.outlets),
            contested=s.contested,
            statement=s.id,
        )
    return g
