"""Property-based tests of the command line itself (issue 13): whatever files a user hands to
`kg extract` and `kg build` (random bytes, any encoding, Arabic with control characters, huge
lines, JSON lines with wrong types, odd file names), there is never a traceback, never an exit
code but 0, 1 or 2, and never a previous output lost: it is either kept byte for byte or
replaced by a whole new one."""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
from pathlib import Path
from typing import Any

import pytest
from cli_run import SAMPLE, Run, run_kg
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.build import WORK_DIR
from kg.claims_io import read_claims

PARAGRAPHS = [line for f in sorted(SAMPLE.glob("*.txt"))
              for line in f.read_text(encoding="utf-8").splitlines() if len(line) > 40]
CONTROLS = [chr(c) for c in (*range(0x00, 0x20), 0x7F, 0x85, 0x200F, 0x202E, 0xFEFF, 0xFFFE)]
ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "cp1256", "latin-1"]
NAMES = ["a.txt", "b.jsonl", "c.html", "d.ndjson", "e.pdf", "noext", "[red]«خبر» [b].txt",
         ".hidden.txt", os.fsdecode(b"\xff\xfe.txt"), "f.TXT"]

# These run the whole command many times: no deadline, no example database in the repository.
PROPERTY = settings(deadline=None, database=None, derandomize=False,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                           HealthCheck.large_base_example])


@st.composite
def arabic(draw: st.DrawFn, controls: bool = True) -> str:
    """Sample paragraphs, some with control characters (and NULs) sprinkled in."""
    text = "\n".join(draw(st.lists(st.sampled_from(PARAGRAPHS), min_size=1, max_size=6)))
    if controls and draw(st.booleans()):
        chars = list(text)
        for _ in range(draw(st.integers(1, 8))):
            chars.insert(draw(st.integers(0, len(chars))), draw(st.sampled_from(CONTROLS)))
        text = "".join(chars)
    return text


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner,
                                                                max_size=3),
    max_leaves=6)


@st.composite
def record_line(draw: st.DrawFn) -> str:
    """A JSONL line: a record with fields of any type, or not a record at all."""
    kind = draw(st.sampled_from(["record", "record", "value", "garbage"]))
    if kind == "garbage":
        return draw(st.text(max_size=50)).replace("\n", " ")
    if kind == "value":
        return json.dumps(draw(json_values))
    record: dict[str, Any] = {}
    for key in ("text", "title", "id", "date", "url", "outlet"):
        choice = draw(st.sampled_from(["absent", "good", "good", "any"]))
        if choice == "good":
            record[key] = draw(arabic()) if key == "text" else draw(st.text(max_size=30))
        elif choice == "any":
            record[key] = draw(json_values)
    # ensure_ascii: lone surrogates and controls travel as \\u escapes, as in real corpora
    return json.dumps(record, ensure_ascii=draw(st.booleans()))


@st.composite
def file_bytes(draw: st.DrawFn) -> bytes:
    kind = draw(st.sampled_from(["bytes", "encoded", "encoded", "huge", "jsonl", "jsonl"]))
    if kind == "bytes":
        return draw(st.binary(max_size=3000))
    if kind == "encoded":
        return draw(arabic()).encode(draw(st.sampled_from(ENCODINGS)), errors="replace")
    if kind == "huge":  # one huge line: of Arabic letters (over spaCy's limit) or of Latin ones
        n = draw(st.integers(100_000, 1_200_000))
        return (draw(st.sampled_from(["ا", "x", "قصف "])) * n).encode("utf-8")
    lines = draw(st.lists(record_line(), min_size=1, max_size=5))
    return ("\n".join(lines) + "\n").encode("utf-8")


class Files:
    """File name → contents, shown briefly in reports (a full repr would run to megabytes)."""

    def __init__(self, files: dict[str, bytes]) -> None:
        self.files = files

    def __repr__(self) -> str:
        return "Files({" + ", ".join(f"{n!r}: {d[:60]!r}… ({len(d)} bytes)"
                                     for n, d in self.files.items()) + "})"


inputs = st.dictionaries(st.sampled_from(NAMES), file_bytes(), min_size=1,
                         max_size=4).map(Files)


def _write(corpus: Path, files: Files) -> None:
    corpus.mkdir()
    for name, data in files.files.items():
        (corpus / name).write_bytes(data)


def _check_run(done: Run) -> None:
    assert done.code in (0, 1, 2), done.err
    assert "Traceback" not in done.err
    assert "unexpected" not in done.err, done.err  # a bug caught by the last-resort handler
    assert all(line.startswith(("kg: error:", "skipped ", "duplicate ", "note ", "· "))
               or " claims → " in line for line in done.err_lines), done.err


@pytest.fixture(scope="module")
def previous_claims(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("previous") / "claims.jsonl"
    assert run_kg("extract", SAMPLE / "000_2a849f42f2125fbf.txt", "-o", out).code == 0
    return out


@settings(PROPERTY, max_examples=25)
@given(files=inputs)
def test_kg_extract_never_breaks_or_loses_the_previous_output(
        previous_claims: Path, files: Files) -> None:
    previous = previous_claims.read_bytes()
    with tempfile.TemporaryDirectory() as tmp:
        corpus, out = Path(tmp) / "corpus", Path(tmp) / "claims.jsonl"
        _write(corpus, files)
        out.write_bytes(previous)

        done = run_kg("extract", corpus, "-o", out)

        _check_run(done)
        summary = [line for line in done.err_lines if " claims → " in line]
        if out.read_bytes() != previous:  # replaced: by a whole, valid claims file
            [line] = summary
            articles, claims = (int(w) for w in re.findall(r"(\d+) (?:articles|claims)", line))
            assert articles >= 1
            assert len(list(read_claims(out))) == claims
        elif done.code == 1 and not summary:
            assert "no article could be read" in done.error_lines[0]
        assert sorted(p.name for p in Path(tmp).iterdir()) == ["claims.jsonl", "corpus"]


@pytest.fixture(scope="module")
def previous_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("previous_build") / "out"
    assert run_kg("build", SAMPLE / "001_ec81cedba57e5876.txt", "--out", out).code == 0
    return out


def _files(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*"))
            if p.is_file() and not p.relative_to(out).as_posix().startswith(
                (f"{WORK_DIR}/", "kg.nq.oxigraph/"))}


@settings(PROPERTY, max_examples=5)
@given(files=inputs)
def test_kg_build_never_breaks_or_loses_the_previous_build(
        previous_build: Path, files: Files) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        corpus, out = Path(tmp) / "corpus", Path(tmp) / "out"
        _write(corpus, files)
        shutil.copytree(previous_build, out, ignore=shutil.ignore_patterns("*.oxigraph",
                                                                           WORK_DIR))
        before = _files(out)

        done = run_kg("build", corpus, "--out", out)

        _check_run(done)
        summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
        if done.error_lines and "no article could be read" in done.error_lines[0]:
            assert _files(out) == before  # nothing read: every file as it was
        else:
            assert summary["complete"] is True, done.err
            assert summary["articles"] >= 1
            list(read_claims(out / "claims.jsonl"))
            assert done.code == (1 if summary["skipped"] or any(
                "error" in s for s in summary["stores"].values()) else 0)
