"""Incremental builds: a re-run extracts only what is new, changed, or touched by a change of
the data in use, and writes the same bytes as a clean build of the same inputs."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from test_build import snapshot

from kg.build import WORK_DIR, BuildReport, build, open_cache
from kg.cache import CACHE_FILE
from kg.extract import extract_claims

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "examples" / "articles"
SHIPPED = ROOT / "kg" / "data" / "gazetteer.jsonl"


def _build(inputs: Path, out: Path, **kw: object) -> BuildReport:
    return build([inputs], out, falkordb=False, **kw)  # type: ignore[arg-type]


def _same_as_clean(inputs: Path, out: Path, tmp: Path, **kw: object) -> None:
    clean = tmp / "clean"
    shutil.rmtree(clean, ignore_errors=True)
    _build(inputs, clean, cache=False, **kw)
    assert snapshot(out) == snapshot(clean)


def _shipped_entry(entity_id: str) -> dict:
    for line in SHIPPED.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        if row["id"] == entity_id:
            return row
    raise LookupError(entity_id)


def _texts_with(folder: Path, *words: str) -> int:
    return sum(1 for p in folder.glob("*.txt") if any(w in p.read_text(encoding="utf-8")
                                                     for w in words))


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "articles"
    shutil.copytree(SAMPLE, folder)
    return folder


def test_a_rerun_extracts_nothing_and_writes_the_same_bytes(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = _build(corpus, out)
    assert (first.extracted, first.cached) == (5, 0)
    before = snapshot(out)
    again = _build(corpus, out)
    assert (again.extracted, again.cached) == (0, 5)
    assert snapshot(out) == before
    _same_as_clean(corpus, out, tmp_path)


def test_added_changed_and_removed_articles(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    new = corpus / "new.txt"
    shutil.copy(corpus / "000_2a849f42f2125fbf.txt", tmp_path / "keep.txt")
    (corpus / "000_2a849f42f2125fbf.txt").rename(tmp_path / "held_back.txt")
    _build(corpus, out)

    (tmp_path / "held_back.txt").rename(new)  # a new input
    report = _build(corpus, out)
    assert (report.extracted, report.cached) == (1, 4)
    _same_as_clean(corpus, out, tmp_path)

    changed = corpus / "001_ec81cedba57e5876.txt"  # an input whose text changed
    changed.write_text(changed.read_text(encoding="utf-8").replace("طرابلس", "الزاوية", 1),
                       encoding="utf-8")
    report = _build(corpus, out)
    assert (report.extracted, report.cached) == (1, 4)
    _same_as_clean(corpus, out, tmp_path)

    new.unlink()  # a removed input: its claims are gone from every output
    report = _build(corpus, out)
    assert (report.extracted, report.cached) == (0, 4)
    claims = (out / "claims.jsonl").read_text(encoding="utf-8")
    assert "new.txt" not in claims
    _same_as_clean(corpus, out, tmp_path)
    with sqlite3.connect(out / WORK_DIR / CACHE_FILE) as db:  # and from the cache
        assert db.execute("SELECT COUNT(*) FROM article").fetchone()[0] == 4


def test_a_gazetteer_change_re_extracts_only_the_articles_it_can_touch(
        corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    _build(corpus, out)
    wagner = _shipped_entry("wagner")
    renamed = {**wagner, "name": "مجموعة فاغنر العسكرية"}
    user = tmp_path / "wagner.jsonl"
    user.write_text(json.dumps(renamed, ensure_ascii=False) + "\n", encoding="utf-8")

    report = _build(corpus, out, gazetteer=[user])
    touched = _texts_with(corpus, "فاغنر", "فاجنر", "واغنر", "المرتزقة الروس", "مرتزقة روس")
    assert 1 <= touched < 5
    assert report.extracted == touched
    assert "مجموعة فاغنر العسكرية" in (out / "claims.jsonl").read_text(encoding="utf-8")
    _same_as_clean(corpus, out, tmp_path, gazetteer=[user])

    # an entry no article names changes nothing and re-extracts nothing
    user.write_text(user.read_text(encoding="utf-8") + json.dumps(
        {"id": "test_unseen", "name": "كتيبة لا وجود لها", "type": "ARMED_GROUP"},
        ensure_ascii=False) + "\n", encoding="utf-8")
    report = _build(corpus, out, gazetteer=[user])
    assert (report.extracted, report.cached) == (0, 5)
    _same_as_clean(corpus, out, tmp_path, gazetteer=[user])


def test_a_lexicon_change_re_extracts_everything(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    _build(corpus, out)
    lexicon = tmp_path / "lexicon.jsonl"
    lexicon.write_text(json.dumps({"kind": "words", "class": "force_heads",
                                   "words": ["زوارق"]}, ensure_ascii=False) + "\n",
                       encoding="utf-8")
    report = _build(corpus, out, lexicon=[lexicon])
    assert (report.extracted, report.cached) == (5, 0)


def test_a_damaged_cache_is_replaced_and_the_build_goes_on(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    _build(corpus, out)
    (out / WORK_DIR / CACHE_FILE).write_bytes(b"not a database" * 100)
    report = _build(corpus, out)
    assert (report.extracted, report.cached) == (5, 0)
    assert any("unreadable cache" in n.reason for n in report.notes)
    clean = tmp_path / "clean"
    _build(corpus, clean, cache=False)
    got, want = snapshot(out), snapshot(clean)
    assert got.pop("summary.json") != want.pop("summary.json")  # it says so, in its notes
    assert got == want


# Edits of shipped entries, each applied as a user gazetteer line replacing the entry: after
# each, claims from the cache plus re-extracted articles equal a clean extraction.
EDITS = [
    ("turkey", {"name": "الجمهورية التركية"}),  # a new canonical name
    ("turkey", {"type": "ORG"}),  # a new type
    ("misrata", {"aliases": []}),  # every alias but the name dropped
    ("hun", {"side": "gna"}),
    ("unsc", {"aliases": ["مجلس الأمن", "مجلس الامن الدولي", "المجلس"]}),  # a broad new alias
    ("mitiga_airport", {"qid": None, "name": "مطار معيتيقة الدولي"}),
]


@pytest.mark.parametrize(("entity_id", "change"), EDITS, ids=[f"{e}-{'-'.join(c)}"
                                                              for e, c in EDITS])
def test_cached_claims_equal_a_clean_extraction_after_a_gazetteer_edit(
        tmp_path: Path, entity_id: str, change: dict) -> None:
    def lines(gazetteer: list[Path], cache_dir: Path | None) -> list[str]:
        cache = open_cache(cache_dir, gazetteer, []) if cache_dir else None
        try:
            return [line for r in extract_claims([SAMPLE], gazetteer=gazetteer, cache=cache)
                    for line in r.lines]
        finally:
            if cache is not None:
                cache.close()

    out = tmp_path / "out"
    lines([], out)  # the cache holds the shipped gazetteer's claims
    user = tmp_path / "edit.jsonl"
    user.write_text(json.dumps({**_shipped_entry(entity_id), **change}, ensure_ascii=False)
                    + "\n", encoding="utf-8")
    assert lines([user], out) == lines([user], None)


def _store_quads(out: Path) -> set[str]:
    import pyoxigraph as ox

    store = ox.Store(str(out / "kg.nq.oxigraph" / "store"))
    try:
        return {str(q) for q in store}
    finally:
        del store


def _dump_quads(out: Path) -> set[str]:
    import pyoxigraph as ox

    return {str(q) for q in ox.parse(path=str(out / "kg.nq"))}


def test_the_sparql_store_takes_only_the_changed_quads(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = _build(corpus, out)
    assert first.stores["sparql"]["loaded"] == "whole dump"
    one = corpus / "001_ec81cedba57e5876.txt"
    one.write_text(one.read_text(encoding="utf-8") + "\nوقصفت قوات الردع معسكر اليرموك أمس.\n",
                   encoding="utf-8")
    again = _build(corpus, out)
    assert again.stores["sparql"]["loaded"] == "changed quads"
    assert _store_quads(out) == _dump_quads(out)  # exactly the new dump, nothing of the old
    _same_as_clean(corpus, out, tmp_path)


def test_a_big_change_or_a_stale_store_loads_the_whole_dump(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    _build(corpus, out)
    for p in sorted(corpus.glob("*.txt"))[:3]:
        p.unlink()
    report = _build(corpus, out)
    assert report.stores["sparql"]["loaded"] == "whole dump"  # most quads changed
    assert _store_quads(out) == _dump_quads(out)
    (out / "kg.nq.oxigraph" / "kg-source.json").unlink()  # a store no longer known to match
    one = next(corpus.glob("*.txt"))
    one.write_text(one.read_text(encoding="utf-8") + "\nوقصفت قوات الردع معسكر اليرموك.\n",
                   encoding="utf-8")
    report = _build(corpus, out)
    assert report.stores["sparql"]["loaded"] == "whole dump"
    assert _store_quads(out) == _dump_quads(out)


def test_a_damaged_store_is_loaded_afresh_in_the_same_build(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    _build(corpus, out)
    store = out / "kg.nq.oxigraph" / "store"
    for f in store.glob("*.sst"):
        f.write_bytes(b"not a table")  # still stamped as the dump's, but unreadable
    one = corpus / "001_ec81cedba57e5876.txt"
    one.write_text(one.read_text(encoding="utf-8") + "\nوقصفت قوات الردع معسكر اليرموك أمس.\n",
                   encoding="utf-8")
    report = _build(corpus, out)
    assert "sparql" not in report.store_errors
    assert report.stores["sparql"]["loaded"] == "whole dump"
    assert _store_quads(out) == _dump_quads(out)
