"""`kg extract` as a careless user meets it: a failed run never costs the previous output, the
exit code follows the one rule (0 all read, 1 something skipped or failed, 2 usage error), and
two runs writing one file at once never lose or mix output."""

from __future__ import annotations

import json
import os
import shutil
import signal
import time
from pathlib import Path

import pytest
from cli_run import SAMPLE, kg_process, popen_kg, run_kg

from kg.claims_io import read_claims


@pytest.fixture(scope="module")
def sample_claims(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """The sample articles' claims.jsonl, as a good previous output."""
    out = tmp_path_factory.mktemp("sample") / "claims.jsonl"
    done = run_kg("extract", SAMPLE, "-o", out)
    assert done.code == 0, done.err
    data = out.read_bytes()
    assert data.count(b"\n") > 10
    return data


def leftovers(folder: Path, keep: set[str]) -> list[str]:
    """Files a run left behind besides the ones named in ``keep`` (temporary files, locks)."""
    return sorted(p.name for p in folder.iterdir() if p.name not in keep)


def test_a_failed_extract_keeps_the_previous_output(tmp_path: Path, sample_claims: bytes) -> None:
    """Issue 13, case 1: a run that reads nothing never replaces a good claims file."""
    out = tmp_path / "claims.jsonl"
    out.write_bytes(sample_claims)

    done = run_kg("extract", tmp_path / "nonexistent", "-o", out)

    assert done.code == 1
    assert out.read_bytes() == sample_claims
    [error] = done.error_lines
    assert "no article could be read" in error and "nonexistent" in error
    assert leftovers(tmp_path, {"claims.jsonl"}) == []


def test_extract_of_an_empty_folder_is_an_error_and_keeps_the_output(
        tmp_path: Path, sample_claims: bytes) -> None:
    """Issue 13, case 2: an empty folder is "no article could be read", as in kg build."""
    empty = tmp_path / "empty"
    empty.mkdir()
    out = tmp_path / "claims.jsonl"
    out.write_bytes(sample_claims)

    done = run_kg("extract", empty, "-o", out)

    assert done.code == 1
    assert out.read_bytes() == sample_claims
    [error] = done.error_lines
    assert "no article could be read" in error and str(empty) in error
    assert "no article files" in error  # the cause, not just the symptom


def test_extract_exits_1_when_an_input_was_skipped(tmp_path: Path) -> None:
    """Issue 13, case 3: skipped inputs make exit code 1; the good articles are still written."""
    corpus = tmp_path / "corpus"
    shutil.copytree(SAMPLE, corpus)
    (corpus / "zz_empty.txt").write_bytes(b"")
    (corpus / "zz_english.txt").write_text("Not Arabic at all. " * 30, encoding="utf-8")
    out, clean = tmp_path / "claims.jsonl", tmp_path / "clean.jsonl"

    done = run_kg("extract", corpus, "-o", out)

    assert done.code == 1
    skipped = [line for line in done.err_lines if line.startswith("skipped ")]
    assert len(skipped) == 2 and "zz_empty.txt" in skipped[0] and "zz_english.txt" in skipped[1]
    assert "5 articles" in done.err and "2 skipped" in done.err
    # every good article is in the output, as when the folder has no bad file
    for bad in ("zz_empty.txt", "zz_english.txt"):
        (corpus / bad).unlink()
    assert run_kg("extract", corpus, "-o", clean).code == 0
    assert out.read_bytes() == clean.read_bytes()


def test_kg_read_follows_the_same_exit_code_rule(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_bytes((SAMPLE / "000_2a849f42f2125fbf.txt").read_bytes())
    assert run_kg("read", tmp_path).code == 0
    (tmp_path / "bad.txt").write_bytes(b"")
    assert run_kg("read", tmp_path).code == 1
    assert run_kg("read", "--no-such-option", tmp_path).code == 2


def test_an_output_another_run_is_writing_is_refused(tmp_path: Path, sample_claims: bytes) -> None:
    """Issue 13, case 6 (deterministic half): while an output is locked, a second writer is
    refused with one line and the output is untouched."""
    from kg.atomic import AtomicFile

    out = tmp_path / "claims.jsonl"
    out.write_bytes(sample_claims)
    with AtomicFile(out, "kg extract", hint="wait for it to finish"):
        done = run_kg("extract", SAMPLE / "000_2a849f42f2125fbf.txt", "-o", out)
    assert done.code == 1
    [error] = done.error_lines
    assert f"another kg extract is writing to {out}" in error
    assert out.read_bytes() == sample_claims


def _big_corpus(path: Path, n: int) -> None:
    """``n`` distinct articles in one JSONL file: the samples, each numbered."""
    texts = [p.read_text(encoding="utf-8") for p in sorted(SAMPLE.glob("*.txt"))]
    with path.open("w", encoding="utf-8") as fh:
        for i in range(n):
            text = texts[i % len(texts)] + f"\nوأضاف المصدر أن الاجتماع رقم {i} انتهى."
            fh.write(json.dumps({"id": f"r{i}", "text": text}, ensure_ascii=False) + "\n")


def _claims_written(stderr: str) -> int:
    """The claim count of a run's summary line: 'N articles, M claims → …'."""
    [line] = [ln for ln in stderr.splitlines() if " claims → " in ln]
    return int(line.split(" claims → ")[0].rsplit(" ", 1)[1])


def test_two_extracts_into_one_output_never_lose_or_mix_it(tmp_path: Path) -> None:
    """Issue 13, case 6: two `kg extract -o same.jsonl` at once. The second is refused (or waits
    its turn); no traceback; the file is whole and is the output of the run that wrote it."""
    corpus = tmp_path / "big.jsonl"
    _big_corpus(corpus, 120)  # several seconds of extraction: the second run starts meanwhile
    out = tmp_path / "same.jsonl"
    first = popen_kg("extract", corpus, "-o", out)
    deadline = time.monotonic() + 120
    while not leftovers(tmp_path, {"big.jsonl", "same.jsonl"}) and first.poll() is None:
        assert time.monotonic() < deadline, "the first run never started writing"
        time.sleep(0.01)
    second = kg_process("extract", SAMPLE, "-o", out)
    _, first_err = first.communicate(timeout=600)

    runs = [(first.returncode, first_err), (second.returncode, second.stderr)]
    for code, err in runs:
        assert "Traceback" not in err, err
        assert code in (0, 1), err
    finished = [err for code, err in runs if code == 0]
    refused = [err for code, err in runs if code == 1]
    for err in refused:
        assert f"another kg extract is writing to {out}" in err
    assert finished, "one of the runs must have written the file"
    claims = list(read_claims(out))  # whole: it parses to the end
    # the file is exactly the output of one run (the last to finish), not a mix of two
    assert len(claims) in {_claims_written(err) for err in finished}
    assert len({c.article.id for c in claims}) in (5, 120)
    assert leftovers(tmp_path, {"big.jsonl", "same.jsonl"}) == []


@pytest.mark.parametrize("sig", ["SIGTERM", "SIGKILL"])
def test_a_killed_extract_keeps_the_output_and_leaves_no_litter(
        tmp_path: Path, sample_claims: bytes, sig: str) -> None:
    corpus = tmp_path / "big.jsonl"
    _big_corpus(corpus, 60)
    out = tmp_path / "claims.jsonl"
    out.write_bytes(sample_claims)
    run = popen_kg("extract", corpus, "-o", out)
    deadline = time.monotonic() + 120
    while not leftovers(tmp_path, {"big.jsonl", "claims.jsonl"}) and run.poll() is None:
        assert time.monotonic() < deadline, "the run never started writing"
        time.sleep(0.01)
    os.killpg(run.pid, getattr(signal, sig))
    _, err = run.communicate(timeout=120)
    assert out.read_bytes() == sample_claims  # the previous output, untouched
    if sig == "SIGTERM":  # a kill that can be handled cleans up on the way out
        assert "Traceback" not in err
        assert leftovers(tmp_path, {"big.jsonl", "claims.jsonl"}) == []
    done = run_kg("extract", SAMPLE, "-o", out)  # the next run clears what a SIGKILL left
    assert done.code == 0
    assert leftovers(tmp_path, {"big.jsonl", "claims.jsonl"}) == []
