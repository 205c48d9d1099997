"""The evaluation corpus's annotations hold together: every claim names known entities, every
outlet sits in one split, every article's metadata is complete. Evidence is checked against
whatever article texts are present (they are not in git)."""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

import pytest

from kg.model import RelationType

PARTS = Path(__file__).resolve().parent.parent / "eval" / "corpus" / "parts"
TEXTS = PARTS.parent / "texts"


def rows(name: str) -> list[dict]:
    out = []
    for part in sorted(PARTS.iterdir()):
        f = part / name
        if f.exists():
            out += [json.loads(line) for line in f.read_text(encoding="utf-8").splitlines() if line]
    return out


def test_there_is_a_corpus_of_many_outlets_and_conflicts() -> None:
    articles = rows("articles.jsonl")
    assert len(articles) >= 40
    assert len({a["outlet"] for a in articles}) >= 12
    assert sum(a["conflict"] != "libya" for a in articles) >= 8
    assert {a["split"] for a in articles} == {"dev", "test"}


def test_each_outlet_is_in_one_split() -> None:
    splits: dict[str, set[str]] = defaultdict(set)
    for a in rows("articles.jsonl"):
        splits[a["outlet"]].add(a["split"])
    assert {o: s for o, s in splits.items() if len(s) > 1} == {}


def test_articles_have_their_metadata() -> None:
    for a in rows("articles.jsonl"):
        assert a["url"].startswith("http"), a["id"]
        assert a["file"] == f"{a['id']}.txt"
        assert a["conflict"] in {"libya", "yemen", "sudan", "syria"}


def test_claims_name_known_entities_and_relations() -> None:
    entities = {e["id"] for e in rows("entities.jsonl")}
    files = {a["file"] for a in rows("articles.jsonl")}
    ids = set()
    for c in rows("claims.jsonl"):
        assert c["id"] not in ids
        ids.add(c["id"])
        assert c["article"] in files, c["id"]
        assert RelationType(c["relation"])
        for eid in (c["subject"], *c["object"].split("|")):
            assert eid in entities, (c["id"], eid)
        for chain in c.get("attribution", []):
            for key in ("reporter", "speaker", "via"):
                assert chain.get(key) in entities | {None}, (c["id"], key)
        assert c["evidence"], c["id"]


@pytest.mark.skipif(not TEXTS.exists(), reason="article texts are not in git; none are present")
def test_evidence_is_verbatim_in_the_texts_present() -> None:
    for c in rows("claims.jsonl"):
        text_file = TEXTS / c["article"]
        if text_file.exists():
            text = text_file.read_text(encoding="utf-8")
            for ev in c["evidence"]:
                assert ev in text, (c["id"], ev)
