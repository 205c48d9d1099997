"""The claims contract: ``claims.jsonl``, one JSON object per claim.

``claim_to_dict``/``claim_from_dict`` are exact inverses; ``read_claims`` validates every line
against ``schema/claim.schema.json`` and names the file, the line and the field when one is
malformed. Claims brought from elsewhere pass the same checks as kg's own, so what is read can
be written to every output: no QID that is not an IRI, no control character, no impossible date.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

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
from kg.validate import first_error, schema, unsafe_char


def claim_schema() -> dict[str, Any]:
    """The JSON Schema of one claims.jsonl line (shipped in the package)."""
    return schema("claim")


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
    article: dict[str, Any] = {
        "id": a.id,
        "path": a.path,
        "url": a.url,
        "outlet": a.outlet,
        "title": a.title,
        "date": a.date,
    }
    if a.record_id is not None:  # optional: files of .txt articles stay as they were
        article["record_id"] = a.record_id
    return {
        "id": claim.id,
        "article": article,
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
            record_id=a.get("record_id"),
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
    found = first_error("claim", d)
    if found is not None:
        raise ClaimsFormatError(source, line, *found)
    bad = unsafe_char(d)
    if bad is not None:
        raise ClaimsFormatError(source, line, bad[0], f"contains the control character {bad[1]}")
    for i, ev in enumerate(d["evidence"]):
        if ev["end"] < ev["start"]:
            raise ClaimsFormatError(source, line, f"evidence.{i}.end", "end is before start")
    for field, date in (("article.date", d["article"].get("date")),
                        ("time.date", (d.get("time") or {}).get("date"))):
        if date:
            try:
                datetime.date.fromisoformat(date[:10])
            except ValueError:
                raise ClaimsFormatError(source, line, field,
                                        f"{date[:10]!r} is not a calendar date") from None


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def parse_claim_line(raw: str, *, source: str = "<claims>", line: int = 0) -> Claim | None:
    """The claim of one claims.jsonl line (None for a blank line); raises ClaimsFormatError."""
    if not raw.strip():
        return None
    try:
        d = json.loads(raw, parse_constant=_no_constant)  # NaN is no confidence
    except json.JSONDecodeError as exc:
        raise ClaimsFormatError(source, line, "(line)",
                                f"not JSON: {exc.msg} at column {exc.colno}") from None
    except ValueError as exc:
        raise ClaimsFormatError(source, line, "(line)", f"not JSON: {exc}") from None
    except RecursionError:
        raise ClaimsFormatError(source, line, "(line)", "not JSON: nested too deeply") from None
    validate_claim_dict(d, source=source, line=line)
    return claim_from_dict(d)


def parse_claims(lines: Iterable[str], *, source: str = "<claims>") -> Iterator[Claim]:
    """Claims from JSON lines; blank lines are skipped, a bad line raises with its number."""
    for number, raw in enumerate(lines, start=1):
        claim = parse_claim_line(raw, source=source, line=number)
        if claim is not None:
            yield claim


def read_claims(path: str | Path) -> Iterator[Claim]:
    """Stream the claims of a claims.jsonl file (constant memory)."""
    p = Path(path)
    if p.is_dir():
        raise KgError(f"{p} is a folder, not a claims file",
                      hint="give the claims.jsonl file, e.g. exports/claims.jsonl")
    try:
        handle = p.open("rb")
    except OSError as exc:
        raise KgError(
            f"cannot open claims file {p}: {exc.strerror}", hint="run `kg extract` to make one"
        ) from None
    with handle:
        for number, data in enumerate(handle, start=1):
            try:
                raw = data.decode("utf-8")
            except UnicodeDecodeError as exc:
                raise ClaimsFormatError(str(p), number, "(line)",
                                        f"not UTF-8 text (byte {exc.start} of the line)") from None
            if number == 1:
                raw = raw.removeprefix("\ufeff")  # a BOM left by a Windows editor
            claim = parse_claim_line(raw, source=str(p), line=number)
            if claim is not None:
                yield claim


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
