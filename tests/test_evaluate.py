"""`kg evaluate`: one line per error a user can act on."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

from typer.testing import CliRunner

from kg.claims_io import write_claims
from kg.cli import app
from kg.evaluate import evaluate
from kg.extract import Extractor
from kg.gold import load_gold
from kg.model import Article

runner = CliRunner()


def _gold(folder: Path, claims: list[dict[str, object]]) -> Path:
    folder.mkdir()
    entities = [
        {"id": "lna", "name": "قوات الكرامة", "type": "ARMED_GROUP", "aliases": ["قوات حفتر"]},
        {"id": "gna", "name": "حكومة الوفاق", "type": "ORG", "aliases": ["قوات الوفاق"]},
        {"id": "sirte", "name": "سرت", "type": "GPE", "aliases": ["مدينة سرت"]},
        {"id": "jufra", "name": "الجفرة", "type": "FAC", "aliases": ["قاعدة الجفرة"]},
    ]
    (folder / "entities.jsonl").write_text(
        "".join(json.dumps(e, ensure_ascii=False) + "\n" for e in entities), encoding="utf-8"
    )
    (folder / "claims.jsonl").write_text(
        "".join(json.dumps(c, ensure_ascii=False) + "\n" for c in claims), encoding="utf-8"
    )
    return folder


def test_each_error_is_a_line_with_its_sentence_and_rule(tmp_path: Path) -> None:
    text = "قصفت قوات حفتر مدينة سرت. وأعلنت قوات الوفاق أنها ستواصل الدفاع عن قاعدة الجفرة."
    article_file = tmp_path / "a.txt"
    article_file.write_text(text, encoding="utf-8")
    article = Article(id=Article.make_id(text), text=text, source=str(article_file))
    claims_file = tmp_path / "claims.jsonl"
    with claims_file.open("w", encoding="utf-8") as out:
        write_claims(Extractor.load()(article), out)
    gold = _gold(
        tmp_path / "gold",
        [
            # found: the attack on Sirte, but the gold says the GNA did it (a wrong subject)
            {
                "id": "g1",
                "article": "a.txt",
                "subject": "gna",
                "relation": "ASSAULT",
                "object": "sirte",
                "core": True,
                "evidence": ["قصفت قوات حفتر مدينة سرت"],
            },
            # nothing in the extractor's output for this sentence
            {
                "id": "g2",
                "article": "a.txt",
                "subject": "gna",
                "relation": "MOBILIZE",
                "object": "jufra",
                "core": False,
                "evidence": ["الدفاع عن قاعدة الجفرة"],
            },
        ],
    )
    result = runner.invoke(
        app, ["evaluate", str(claims_file), "--gold", str(gold), "--articles", str(article_file)]
    )
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    miss1 = next(line for line in lines if "MISS g1" in line)
    assert "«قصفت قوات حفتر مدينة سرت»" in miss1
    assert "read there: قوات الكرامة –ASSAULT" in miss1 and "(wrong subject)" in miss1
    miss2 = next(line for line in lines if "MISS g2" in line)
    # the whole sentence, not only the gold evidence
    assert "وأعلنت قوات الوفاق أنها ستواصل الدفاع عن قاعدة الجفرة" in miss2
    assert "nothing read in that sentence" in miss2
    false = next(line for line in lines if line.strip().startswith("FALSE"))
    assert "قوات الكرامة –ASSAULT/قصف→ سرت [verb]" in false


def test_one_claim_per_triple_and_no_error_for_a_second_alias(tmp_path: Path) -> None:
    text = "قصفت قوات حفتر مدينة سرت."
    article = Article(id=Article.make_id(text), text=text, source=str(tmp_path / "a.txt"))
    (claim,) = Extractor.load()(article)
    # the same triple from another speaker, and the same body under another entity id
    again = replace(claim, id="again")
    alias = replace(claim, id="alias", subject=replace(claim.subject, id="other-id"))
    gold = load_gold(
        _gold(
            tmp_path / "gold",
            [
                {
                    "id": "g1",
                    "article": "a.txt",
                    "subject": "lna",
                    "relation": "ASSAULT",
                    "object": "sirte",
                    "core": True,
                    "evidence": ["قصفت قوات حفتر مدينة سرت"],
                }
            ],
        )
    )
    ev = evaluate([claim, again, alias], gold)
    assert (ev.overall.tp, ev.overall.predicted, len(ev.false_positives)) == (1, 1, 0)
    # a claim of another triple is still an error
    wrong = replace(
        claim, id="wrong", object=replace(claim.object, id="x", name="بنغازي", mention="بنغازي")
    )
    ev = evaluate([claim, wrong], gold)
    assert [c.id for c in ev.false_positives] == ["wrong"]


def test_a_gold_alias_written_after_li_matches_the_name_it_contains() -> None:
    from kg.evaluate import _variants

    # «للمجلس» is ل + «المجلس»; «للواء 73» is ل + «اللواء 73» (the two lams written once)
    assert "المجلس العسكري" in _variants("للمجلس العسكري")
    assert "اللواء 73" in _variants("للواء 73")
