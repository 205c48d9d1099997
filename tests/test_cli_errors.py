"""Every error path of issue 13, as a user meets it: the exit code follows the one rule (0 all
read, 1 something skipped or failed, 2 usage error), the first line on stderr names the cause,
and an error line also says how to fix it. No traceback, no `--debug` needed."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from pathlib import Path

import pytest
from cli_run import SAMPLE, run_kg

from kg.atomic import AtomicFile
from kg.build import Outputs

ONE = SAMPLE / "000_2a849f42f2125fbf.txt"


@dataclass(frozen=True)
class Case:
    """``setup(tmp)`` makes the files and returns the arguments (and a lock to hold, if any)."""

    setup: Callable[[Path], tuple[list[str | Path], AbstractContextManager[object]]]
    code: int
    first_line: str  # a regex the first stderr line must match
    fix: str | None = None  # what the error line must say about the fix
    error: bool = True  # False: only skipped inputs, the rest done, so no error line


def _args(*args: str | Path) -> tuple[list[str | Path], AbstractContextManager[object]]:
    return list(args), nullcontext()


def _bad_gazetteer(tmp: Path) -> Path:
    path = tmp / "mine.jsonl"
    path.write_text(json.dumps({"id": "x", "name": "س", "type": "GPE", "qid": "Q1> <http://x/>"})
                    + "\n", encoding="utf-8")
    return path


def _claims_with_bad_qid(tmp: Path, gold: Path) -> Path:
    path = tmp / "claims.jsonl"
    d = json.loads(gold.read_text(encoding="utf-8").splitlines()[0])
    d["subject"]["qid"] = "Q1> <http://x/>"
    path.write_text(json.dumps(d, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def _folder(tmp: Path, **files: bytes) -> Path:
    corpus = tmp / "corpus"
    corpus.mkdir()
    for name, data in files.items():
        (corpus / name.replace("__", ".")).write_bytes(data)
    return corpus


def _link(tmp: Path, target: Path) -> Path:
    link = tmp / "link.txt"
    link.symlink_to(target)
    return link


def _loop(tmp: Path) -> Path:
    (tmp / "a.txt").symlink_to(tmp / "b.txt")
    (tmp / "b.txt").symlink_to(tmp / "a.txt")
    return tmp / "a.txt"


def _nul_article(tmp: Path) -> Path:
    data = ONE.read_bytes()
    (tmp / "nul.txt").write_bytes(data[:50] + b"\x00" + data[50:])
    return tmp / "nul.txt"


GOLD = Path(__file__).resolve().parent / "fixtures" / "gold_claims.jsonl"

CASES: dict[str, Case] = {
    # 1: nothing read, previous output kept
    "extract a missing input": Case(
        lambda t: _args("extract", t / "nonexistent", "-o", t / "c.jsonl"), 1,
        r"skipped .*/nonexistent: no such file or folder$"),
    # 2: an empty folder
    "extract an empty folder": Case(
        lambda t: _args("extract", _folder(t), "-o", t / "c.jsonl"), 1,
        r"skipped .*/corpus: no article files \(\.txt, \.jsonl, \.html\) in this folder$"),
    # 3: something skipped
    "extract with a skipped input": Case(
        lambda t: _args("extract", _folder(t, a__txt=ONE.read_bytes(), b__txt=b""), "-o",
                        t / "c.jsonl"), 1,
        r"skipped .*/corpus/b\.txt: empty file$", error=False),
    "read with a skipped input": Case(
        lambda t: _args("read", _folder(t, a__txt=ONE.read_bytes(), b__txt=b"")), 1,
        r"skipped .*/corpus/b\.txt: empty file$", error=False),
    "read nothing readable": Case(
        lambda t: _args("read", t / "nonexistent"), 1,
        r"skipped .*/nonexistent: no such file or folder$"),
    # 4: links that lead nowhere
    "extract a broken link": Case(
        lambda t: _args("extract", _link(t, t / "gone.txt"), "-o", t / "c.jsonl"), 1,
        r"skipped .*/link\.txt: broken symbolic link: it points to .*/gone\.txt, which does "
        r"not exist \(fix or remove the link\)$"),
    "extract a link loop": Case(
        lambda t: _args("extract", _loop(t), "-o", t / "c.jsonl"), 1,
        r"skipped .*/a\.txt: symbolic link loop: it never leads to a file"),
    # 5: user data files
    "extract with a bad gazetteer line": Case(
        lambda t: _args("extract", ONE, "-o", t / "c.jsonl", "--gazetteer", _bad_gazetteer(t)),
        1, r"kg: error: .*/mine\.jsonl, line 1, field 'qid': 'Q1> <http://x/>' does not match",
        "see kg/data/gazetteer.schema.json"),
    "build with a bad gazetteer line": Case(
        lambda t: _args("build", ONE, "--out", t / "out", "--gazetteer", _bad_gazetteer(t)),
        1, r"kg: error: .*/mine\.jsonl, line 1, field 'qid': ", "see kg/data/gazetteer.schema"),
    "claims brought from elsewhere with a bad qid": Case(
        lambda t: _args("export", "rdf", _claims_with_bad_qid(t, GOLD), "-o", t / "kg.ttl"), 1,
        r"kg: error: .*/claims\.jsonl, line 1, field 'subject\.qid': ",
        "see schema/claim.schema.json"),
    "a base IRI that is no IRI": Case(
        lambda t: _args("export", "rdf", GOLD, "-o", t / "kg.ttl", "--base", "http://x/> <y"), 2,
        r"kg: error: Invalid value for '--base': .* which an IRI cannot hold",
        "see `kg export rdf --help`"),
    # 6: one writer per output
    "extract into a file another run writes": Case(
        lambda t: (["extract", ONE, "-o", t / "c.jsonl"], AtomicFile(t / "c.jsonl", "kg extract")),
        1, r"kg: error: another kg extract is writing to .*/c\.jsonl", "wait for it to finish"),
    "build into a folder another build writes": Case(
        lambda t: (["build", ONE, "--out", t / "out"], Outputs(t / "out")), 1,
        r"kg: error: another kg build is writing to .*/out", "wait for it to finish"),
    "extract into a folder": Case(
        lambda t: _args("extract", ONE, "-o", t), 1, r"kg: error: cannot write .*: it is a folder",
        "give a file name with -o"),
    "extract into a missing folder": Case(
        lambda t: _args("extract", ONE, "-o", t / "none" / "c.jsonl"), 1,
        r"kg: error: cannot write to .*/none: No such file or directory",
        "choose a writable location"),
    # 7: a stray NUL is repaired, and said
    "extract an article with a stray NUL": Case(
        lambda t: _args("extract", _nul_article(t), "-o", t / "c.jsonl"), 0,
        r"note .*/nul\.txt: removed 1 NUL byte$"),
    # claims files
    "stats of a missing claims file": Case(
        lambda t: _args("stats", t / "none.jsonl"), 1,
        r"kg: error: cannot open claims file .*none\.jsonl: No such file or directory",
        "run `kg extract` to make one"),
    "stats of a folder": Case(
        lambda t: _args("stats", t), 1, r"kg: error: .* is a folder, not a claims file",
        "give the claims.jsonl file"),
    # usage errors
    "an unknown option": Case(
        lambda t: _args("extract", ONE, "--bogus"), 2, r"kg: error: No such option: --bogus",
        "see `kg extract --help`"),
    "a missing argument": Case(
        lambda t: _args("build"), 2, r"kg: error: Missing argument", "see `kg build --help`"),
    "zero workers": Case(
        lambda t: _args("extract", ONE, "--workers", "0"), 2,
        r"kg: error: Invalid value for '--workers'", "see `kg extract --help`"),
    "an unknown result format": Case(
        lambda t: _args("query", "cypher", "MATCH (n) RETURN n", "-f", "xml"), 2,
        r"kg: error: Invalid value for --format: unknown output format 'xml'",
        "see `kg query cypher --help`"),
}


@pytest.mark.parametrize("name", list(CASES))
def test_an_error_path_gives_its_exit_code_and_first_line(name: str, tmp_path: Path) -> None:
    case = CASES[name]
    args, lock = case.setup(tmp_path)
    with lock:
        done = run_kg(*args)
    assert done.code == case.code, done.err
    assert re.match(case.first_line, done.first_line), done.first_line
    assert "Traceback" not in done.err and "unexpected" not in done.err
    if case.code and case.error:
        [error] = done.error_lines  # one error line ...
        assert case.fix is None or case.fix in error  # ... that says how to fix it
        assert error.endswith(")"), error  # every error line ends with its fix in brackets
    else:
        assert done.error_lines == []
    for line in done.err_lines:  # every line is one line: no wrapped or multi-line messages
        assert "\n" not in line and len(line) < 600
    shutil.rmtree(tmp_path, ignore_errors=True)
