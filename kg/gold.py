"""Gold annotations in the format of ``shared/gold/`` (entities.jsonl + claims.jsonl).

Used by ``kg evaluate`` to score an extractor, and to turn hand-made gold claims into the claims
contract (a user's own annotations load like any extractor's output).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kg.errors import DataFileError
from kg.model import (
    Agent,
    Article,
    ArticleRef,
    Attribution,
    Claim,
    EntityRef,
    EntityType,
    Evidence,
    Modality,
    Relation,
    RelationType,
)


@dataclass(frozen=True)
class GoldEntity:
    id: str
    name: str
    type: EntityType
    aliases: tuple[str, ...]


@dataclass(frozen=True)
class GoldClaim:
    id: str
    article: str  # file name of the article
    subject: str
    relation: RelationType
    label: str
    objects: tuple[str, ...]  # "a|b" accepts either
    modality: Modality
    core: bool
    attribution: tuple[dict[str, str | None], ...]
    evidence: tuple[str, ...]


@dataclass(frozen=True)
class Gold:
    entities: dict[str, GoldEntity]
    claims: tuple[GoldClaim, ...]


def _read_jsonl(path: Path) -> list[dict[str, Any]]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise DataFileError(
            f"cannot read gold file {path}: {exc.strerror}",
            hint="--gold takes a folder with entities.jsonl and claims.jsonl",
        ) from None
    rows = []
    for n, line in enumerate(lines, start=1):
        if line.strip():
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise DataFileError(f"{path}, line {n}: not JSON ({exc.msg})") from None
    return rows


def load_gold(folder: str | Path) -> Gold:
    folder = Path(folder)
    return gold_from_rows(
        _read_jsonl(folder / "entities.jsonl"),
        _read_jsonl(folder / "claims.jsonl"),
        source=str(folder),
    )


def gold_from_rows(
    entity_rows: list[dict[str, Any]], claim_rows: list[dict[str, Any]], *, source: str = "gold"
) -> Gold:
    """Gold from parsed entity and claim records (several annotation files merged, say)."""
    try:
        entities = {
            r["id"]: GoldEntity(
                r["id"], r["name"], EntityType(r["type"]), tuple(r.get("aliases", []))
            )
            for r in entity_rows
        }
        claims = tuple(
            GoldClaim(
                id=r["id"],
                article=r["article"],
                subject=r["subject"],
                relation=RelationType(r["relation"]),
                label=r.get("label", ""),
                objects=tuple(r["object"].split("|")),
                modality=Modality(r.get("modality", "asserted")),
                core=bool(r.get("core", False)),
                attribution=tuple(r.get("attribution", [])),
                evidence=tuple(r.get("evidence", [])),
            )
            for r in claim_rows
        )
    except (KeyError, ValueError) as exc:
        raise DataFileError(f"gold data in {source} is malformed: {exc}") from None
    return Gold(entities, claims)


def _ref(gold: Gold, eid: str, mention: str | None = None) -> EntityRef:
    e = gold.entities[eid]
    return EntityRef(id=e.id, name=e.name, type=e.type, mention=mention)


def gold_to_claims(
    gold: Gold, articles: dict[str, Article], sides: dict[str, str] | None = None
) -> list[Claim]:
    """Contract claims from gold: one claim per attribution chain, evidence located in the
    article text (``articles`` is keyed by file name)."""
    sides = sides or {}

    def agent(eid: str | None) -> Agent | None:
        if not eid:
            return None
        return Agent(eid, gold.entities[eid].name, sides.get(eid))

    out: list[Claim] = []
    for g in gold.claims:
        art = articles[g.article]
        evidence = []
        for ev in g.evidence:
            start = art.text.find(ev)
            if start >= 0:
                evidence.append(Evidence(ev, start, start + len(ev)))
        if not evidence:
            continue
        for chain in g.attribution:
            speaker = chain.get("speaker")
            modality = g.modality
            out.append(
                Claim(
                    id=Claim.make_id(
                        art.id, g.subject, g.relation, g.objects[0], speaker, modality
                    ),
                    article=ArticleRef(
                        art.id,
                        path=Path(art.source).name,
                        outlet=art.outlet,
                        title=art.title,
                        date=art.date,
                    ),
                    subject=_ref(gold, g.subject),
                    relation=Relation(g.relation, g.label or g.relation.value),
                    object=_ref(gold, g.objects[0]),
                    attribution=Attribution(
                        agent(chain.get("reporter")), agent(chain.get("via")), agent(speaker)
                    ),
                    modality=modality,
                    evidence=tuple(evidence),
                    confidence=1.0,
                    method="gold",
                )
            )
    return out
