"""The claims contract: ``claims.jsonl``, one JSON object per claim.

``claim_to_dict``/``claim_from_dict`` are exact inverses; ``read_claims`` validates every line
against ``schema/claim.schema.json`` and names the line and the field when one is malformed.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import IO, Any

import jsonschema

from kg.errors import ClaimsFormatError, KgError
from kg.model import (
    Agent,
    ArticleRef,
    Attribution,
    Claim,
    EntityRef,
    EntityType,
    Evidence,
    Modality,
    Relation,
    RelationType,
    TimeExpr,
)


@lru_cache(maxsize=1)
def claim_schema() -> dict[str, Any]:
    """The JSON Schema of one claims.jsonl line (shipped in the package)."""
    text = resources.files("kg.data").joinpath("claim.schema.json").read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


@lru_cache(maxsize=1)
def _validator() -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(claim_schema())


def _entity_to_dict(ref: EntityRef) -> dict[str, Any]:
    return {
        "id": ref.id,
        "name": ref.name,
        "type": ref.type.value,
        "mention": ref.mention,
        "qid": ref.qid,
    }


def _entity_from_dict(d: dict[str, Any]) -> EntityRef:
    return EntityRef(
        id=d["id"],
        name=d["name"],
        type=EntityType(d["type"]),
        mention=d.get("mention"),
        qid=d.get("qid"),
    )


def _agent_to_dict(agent: Agent | None) -> dict[str, Any] | None:
    if agent is None:
        return None
    return {"id": agent.id, "name": agent.name, "side": agent.side}


def _agent_from_dict(d: dict[str, Any] | None) -> Agent | None:
    if d is None:
        return None
    return Agent(id=d["id"], name=d["name"], side=d.get("side"))


def claim_to_dict(claim: Claim) -> dict[str, Any]:
    """The claims-contract form of ``claim`` (a JSON-ready dict)."""
    a = claim.article
    return {
        "id": claim.id,
        "article": {
            "id": a.id,
            "path": a.path,
            "url": a.url,
            "outlet": a.outlet,
            "title": a.title,
            "date": a.date,
        },
        "subject": _entity_to_dict(claim.subject),
        "relation": {"type": claim.relation.type.value, "label": claim.relation.label},
        "object": _entity_to_dict(claim.object),
        "attribution": {
            "reporter": _agent_to_dict(claim.attribution.reporter),
            "via": _agent_to_dict(claim.attribution.via),
            "speaker": _agent_to_dict(claim.attribution.speaker),
        },
        "modality": claim.modality.value,
        "evidence": [
            {"sentence": e.sentence, "start": e.start, "end": e.end} for e in claim.evidence
        ],
        "confidence": claim.confidence,
        "place": _entity_to_dict(claim.place) if claim.place else None,
        "time": {"text": claim.time.text, "date": claim.time.date} if claim.time else None,
        "method": claim.method,
    }


def claim_from_dict(d: dict[str, Any]) -> Claim:
    """Build a Claim from an already validated contract dict."""
    a = d["article"]
    att = d["attribution"]
    t = d.get("time")
    return Claim(
        id=d["id"],
        article=ArticleRef(
            id=a["id"],
            path=a.get("path"),
            url=a.get("url"),
            outlet=a.get("outlet"),
            title=a.get("title"),
            date=a.get("date"),
        ),
        subject=_entity_from_dict(d["subject"]),
        relation=Relation(RelationType(d["relation"]["type"]), d["relation"]["label"]),
        object=_entity_from_dict(d["object"]),
        attribution=Attribution(
            reporter=_agent_from_dict(att.get("reporter")),
            via=_agent_from_dict(att.get("via")),
            speaker=_agent_from_dict(att.get("speaker")),
        ),
        modality=Modality(d["modality"]),
        evidence=tuple(Evidence(e["sentence"], e["start"], e["end"]) for e in d["evidence"]),
        confidence=float(d["confidence"]),
        place=_entity_from_dict(d["place"]) if d.get("place") else None,
        time=TimeExpr(t["text"], t.get("date")) if t else None,
        method=d.get("method"),
    )


def validate_claim_dict(d: Any, *, source: str = "<claims>", line: int = 0) -> None:
    """Raise ClaimsFormatError naming the first offending field of ``d``."""
    errors = sorted(_validator().iter_errors(d), key=lambda e: list(e.absolute_path))
    if errors:
        err = errors[0]
        field = ".".join(str(p) for p in err.absolute_path) or "(line)"
        raise ClaimsFormatError(source, line, field, err.message)
    for i, ev in enumerate(d["evidence"]):
        if ev["end"] < ev["start"]:
            raise ClaimsFormatError(source, line, f"evidence.{i}.end", "end is before start")


def parse_claims(lines: Iterable[str], *, source: str = "<claims>") -> Iterator[Claim]:
    """Claims from JSON lines; blank lines are skipped, a bad line raises with its number."""
    for number, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        try:
            d = json.loads(raw)
        except json.JSONDecodeError as exc:
            raise ClaimsFormatError(source, number, "(line)", f"not JSON: {exc.msg}") from None
        validate_claim_dict(d, source=source, line=number)
        yield claim_from_dict(d)


def read_claims(path: str | Path) -> Iterator[Claim]:
    """Stream the claims of a claims.jsonl file (constant memory)."""
    p = Path(path)
    try:
        handle = p.open(encoding="utf-8")
    except OSError as exc:
        raise KgError(
            f"cannot open claims file {p}: {exc.strerror}", hint="run `kg extract` to make one"
        ) from None
    with handle:
        try:
            yield from parse_claims(handle, source=str(p))
        except UnicodeDecodeError:
            raise KgError(f"{p} is not UTF-8 text", hint="claims.jsonl is always UTF-8") from None


def dumps_claim(claim: Claim) -> str:
    """One claims.jsonl line (no newline). Arabic stays readable: no \\u escapes."""
    return json.dumps(claim_to_dict(claim), ensure_ascii=False, sort_keys=False)


def write_claims(claims: Iterable[Claim], out: IO[str]) -> int:
    """Write claims as JSON lines to an open text stream; returns how many were written."""
    n = 0
    for claim in claims:
        out.write(dumps_claim(claim))
        out.write("\n")
        n += 1
    return n
