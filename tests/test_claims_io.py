"""The claims contract: lossless round trip, validation errors with line and field."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from kg.claims_io import claim_schema, claim_to_dict, parse_claims, read_claims, write_claims
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

ROOT = Path(__file__).resolve().parent.parent


def full_claim() -> Claim:
    """A claim with every optional field filled."""
    return Claim(
        id=Claim.make_id("a1", "lna", RelationType.ASSAULT, "misrata_airbase", "manfour"),
        article=ArticleRef(
            "a1",
            path="000.txt",
            url="https://example.org/x",
            outlet="أوج",
            title="عنوان",
            date="2019-08-18",
        ),
        subject=EntityRef("lna", "قوات الكرامة", EntityType.ARMED_GROUP, "قوات الكرامة", "Q1"),
        relation=Relation(RelationType.ASSAULT, "قصف"),
        object=EntityRef(
            "misrata_airbase", "قاعدة مصراتة الجوية", EntityType.FAC, "قاعدة مصراتة الجوية"
        ),
        attribution=Attribution(
            reporter=Agent("awj", "أوج"),
            via=Agent("al_arabiya", "العربية"),
            speaker=Agent("manfour", "محمد منفور", side="lna"),
        ),
        modality=Modality.ASSERTED,
        evidence=(Evidence("عمليات القصف", 10, 22), Evidence("استهداف مواقع", 40, 53)),
        confidence=0.85,
        place=EntityRef("misrata", "مصراتة", EntityType.GPE, "مصراتة"),
        time=TimeExpr("اليوم الأحد", "2019-08-18"),
        method="nominal:التي شنتها",
    )


def test_round_trip_is_lossless(gold_claims: list[Claim]) -> None:
    claims = [full_claim(), *gold_claims]
    buf = io.StringIO()
    assert write_claims(claims, buf) == len(claims)
    back = list(parse_claims(buf.getvalue().splitlines()))
    assert back == claims


def test_file_round_trip(tmp_path: Path, gold_claims_path: Path) -> None:
    claims = list(read_claims(gold_claims_path))
    out = tmp_path / "claims.jsonl"
    with out.open("w", encoding="utf-8") as fh:
        write_claims(claims, fh)
    assert list(read_claims(out)) == claims
    # Arabic is written as text, not \u escapes, so the file is readable.
    assert "قوات الكرامة" in out.read_text(encoding="utf-8")


def test_schema_file_is_the_packaged_schema() -> None:
    on_disk = json.loads((ROOT / "schema" / "claim.schema.json").read_text(encoding="utf-8"))
    assert on_disk == claim_schema()


def _line(**changes: object) -> str:
    d = claim_to_dict(full_claim())
    for dotted, value in changes.items():
        target = d
        *path, last = dotted.split("__")
        for key in path:
            target = target[key]
        if value is ...:
            del target[last]
        else:
            target[last] = value
    return json.dumps(d, ensure_ascii=False)


@pytest.mark.parametrize(
    ("bad", "field"),
    [
        (_line(relation__type="BOMBED"), "relation.type"),
        (_line(subject__type="TRIBE"), "subject.type"),
        (_line(modality="rumoured"), "modality"),
        (_line(confidence=1.5), "confidence"),
        (_line(evidence=[]), "evidence"),
        (_line(evidence=[{"sentence": "x", "start": -1, "end": 3}]), "evidence.0.start"),
        (_line(evidence=[{"sentence": "x", "start": 9, "end": 3}]), "evidence.0.end"),
        (_line(object=...), "object"),
        (_line(subject__qid="1234"), "subject.qid"),
        (_line(article__date="yesterday"), "article.date"),
        (_line(unknown_field=1), "unknown_field"),
        # issue 13, case 5: nothing that cannot be an IRI or be written out gets through
        (_line(subject__qid="Q1> <http://x/>"), "subject.qid"),
        (_line(subject__qid="Q1\n"), "subject.qid"),  # Python's "$" would let this pass
        (_line(object__qid="Q0"), "object.qid"),
        (_line(subject__name="قوات\x00الكرامة"), "subject.name"),
        (_line(relation__label="قصف\ud800"), "relation.label"),
        (_line(article__date="2019-13-45"), "article.date"),
        (_line(time__date="2019-02-30"), "time.date"),
        (_line(article__record_id=17), "article.record_id"),
        (_line(attribution__reporter={"id": "awj"}), "attribution.reporter.name"),
        (_line(evidence=[{"sentence": "x", "start": 0, "end": 10**30}]), "evidence.0.end"),
        (_line(confidence="high"), "confidence"),
        ('{"id": 1, "confidence": NaN}', "(line)"),
        ("[1, 2]", "(line)"),
        ("[" * 100_000, "(line)"),
    ],
    ids=lambda v: v if isinstance(v, str) and len(v) < 40 else "",
)
def test_malformed_line_names_line_and_field(bad: str, field: str) -> None:
    good = _line()
    with pytest.raises(ClaimsFormatError) as info:
        list(parse_claims([good, "", good, bad], source="claims.jsonl"))
    assert info.value.line == 4
    assert info.value.field == field
    assert str(info.value).startswith(f"claims.jsonl, line 4, field '{field}'")
    assert "\n" not in str(info.value) and len(str(info.value)) < 400  # one readable line


def test_not_json_line() -> None:
    with pytest.raises(ClaimsFormatError, match=r"line 2.*not JSON"):
        list(parse_claims([_line(), "{oops"]))


def test_missing_claims_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(KgError, match="cannot open claims file"):
        list(read_claims(tmp_path / "nope.jsonl"))


def test_a_record_id_is_kept_beside_the_hash() -> None:
    claim = full_claim()
    with_id = Claim(**{**claim.__dict__, "article": ArticleRef(
        "a1", path="corpus.jsonl:3", record_id="agency-2019-0815")})
    line = json.dumps(claim_to_dict(with_id), ensure_ascii=False)
    assert json.loads(line)["article"]["record_id"] == "agency-2019-0815"
    assert list(parse_claims([line])) == [with_id]
    assert "record_id" not in claim_to_dict(claim)["article"]  # optional: absent when unknown


def test_a_claims_file_that_is_not_utf8_names_its_line(tmp_path: Path) -> None:
    path = tmp_path / "claims.jsonl"
    path.write_bytes(("\ufeff" + _line() + "\n").encode() + b"\xff\xfe{}\n")
    with pytest.raises(ClaimsFormatError, match=r"line 2, field '\(line\)': not UTF-8"):
        list(read_claims(path))


def test_a_folder_given_as_claims_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(KgError, match="is a folder, not a claims file"):
        list(read_claims(tmp_path))
