"""`kg build`: every output from the sample, reproducible re-runs, updates, and the hardened batch
run — bad inputs, a killed build, an unwritable or full disk, Neo4j down. Real processes and
real file systems (tmpfs mounts where the test may mount, else skipped; a simulated disk-full
case always runs)."""

from __future__ import annotations

import contextlib
import errno
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from cli_run import run_kg

from kg.build import FALKORDB_DIR, WORK_DIR, Outputs, build
from kg.claims_io import read_claims
from kg.errors import ExportError, KgError
from kg.neo4j_import import NODE_FILES
from kg.rdf.sparql import query_sparql
from kg.read import iter_articles
from kg.stores.falkordb_store import query_falkordb

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "examples" / "articles"
PYTHON = [sys.executable, "-m", "kg"]


def snapshot(out: Path) -> dict[str, bytes]:
    """Every output file (not store data) → its bytes; summary.json without its timings and
    cache counts."""
    files = {}
    for p in sorted(out.rglob("*")):
        rel = p.relative_to(out).as_posix()
        if not p.is_file() or rel.startswith(f"{WORK_DIR}/") or rel.startswith("kg.nq.oxigraph/"):
            continue
        data = p.read_bytes()
        if rel == "summary.json":
            summary = json.loads(data)
            summary.pop("timings", None)
            # how many articles came from the build cache differs between an incremental
            # and a clean build of the same inputs; nothing else may
            summary.pop("extracted", None)
            summary.pop("cached", None)
            # and so does how the stores took the data (its changes, or the whole)
            for store in ("sparql", "falkordb"):
                summary.get("stores", {}).get(store, {}).pop("loaded", None)
            data = json.dumps(summary, sort_keys=True).encode()
        files[rel] = data
    return files


def kg(*args: str, env: dict[str, str] | None = None,
       timeout: float = 600) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*PYTHON, *args], capture_output=True, text=True, cwd=ROOT,
                          env={**os.environ, **(env or {})}, timeout=timeout)


def error_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("kg: error:")]


def assert_unfinished(out: Path) -> None:
    """The folder says its build did not finish: summary.json is absent or says so."""
    if (out / "summary.json").exists():
        summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
        assert summary["complete"] is False, summary
        assert "did not finish" in summary["note"]


@pytest.fixture(scope="module")
def sample_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("sample_build")
    report = build([str(SAMPLE)], out)
    assert report.exit_code == 0, report.to_dict()
    return out


@contextlib.contextmanager
def tmpfs(path: Path, options: str) -> Iterator[Path]:
    """A real tmpfs at ``path`` (skips the test where mounting is not allowed)."""
    path.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(path)],
                          capture_output=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode().strip()}")
    try:
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], capture_output=True)


# ---------------------------------------------------------------- the outputs


def test_build_writes_every_output(sample_build: Path) -> None:
    out = sample_build
    for rel in ("claims.jsonl", "kg.ttl", "kg.nq", "kg.graphml", "kg.gexf", "views/index.html",
                "views/network.html", "views/contested.html", "neo4j/load.cypher",
                "neo4j/README.md", "neo4j/import/entities.csv", "neo4j/import/statements.csv",
                "summary.json"):
        assert (out / rel).is_file() and (out / rel).stat().st_size > 0, rel
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    claims = list(read_claims(out / "claims.jsonl"))
    assert summary["articles"] == 5 and summary["skipped"] == [] and summary["complete"] is True
    assert summary["claims"] == len(claims) == len({c.id for c in claims}) > 0
    assert summary["statements"] > 0 and summary["entities"] > 0
    assert set(summary["timings"]) >= {"extract", "rdf", "sparql", "falkordb", "views",
                                       "neo4j_files"}
    assert str(out) not in (out / "summary.json").read_text(encoding="utf-8")
    assert all((out / rel).is_file() for rel in summary["outputs"])
    # the stores are there and answer
    n = query_falkordb("MATCH (c:Claim) RETURN count(c)", data_dir=out / FALKORDB_DIR).rows
    assert n == [[len(claims)]]
    assert summary["stores"]["falkordb"]["nodes"] > len(claims)
    rows = query_sparql("PREFIX kg: <https://w3id.org/kg-libya/ontology#> "
                        "SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { ?c kg:key ?k ; a ?t }",
                        out / "kg.nq").rows
    assert rows[0][0] >= len(claims)
    # the neo4j-admin files describe the same graph as the FalkorDB load
    csv_rows = sum(len((out / "neo4j/import" / f).read_text(encoding="utf-8").splitlines()) - 1
                   for f in NODE_FILES)
    assert csv_rows == summary["stores"]["falkordb"]["nodes"]


def test_a_rebuild_reproduces_every_output(sample_build: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    shutil.copytree(sample_build, out, ignore=shutil.ignore_patterns("*.oxigraph", WORK_DIR))
    before = snapshot(out)
    report = build([str(SAMPLE)], out)
    assert report.exit_code == 0
    assert snapshot(out) == before  # byte for byte, summary.json's timings aside
    assert not list((out / WORK_DIR).glob("staging-*"))  # no temporary files left


def test_adding_articles_updates_every_output(tmp_path: Path) -> None:
    corpus, out, fresh = tmp_path / "articles", tmp_path / "out", tmp_path / "fresh"
    corpus.mkdir()
    files = sorted(SAMPLE.glob("*.txt"))
    for f in files[:2]:
        shutil.copy(f, corpus)
    first = build([corpus], out)
    for f in files[2:]:
        shutil.copy(f, corpus)
    second = build([corpus], out)
    assert (first.articles, second.articles) == (2, 5)
    assert second.claims > first.claims
    build([corpus], fresh)
    assert snapshot(out) == snapshot(fresh)  # same files (no stale page left), same bytes
    assert query_falkordb("MATCH (c:Claim) RETURN count(c)", data_dir=out / FALKORDB_DIR).rows \
        == [[second.claims]]


def test_a_directory_output_drops_pages_the_new_build_did_not_make(tmp_path: Path) -> None:
    out = tmp_path / "out"
    (out / "views").mkdir(parents=True)
    (out / "views" / "outlet-gone.html").write_text("old", encoding="utf-8")
    with Outputs(out) as outputs:
        outputs.stage("views").mkdir()
        outputs.stage("views/index.html").write_text("new", encoding="utf-8")
        outputs.publish("views")
    assert sorted(p.name for p in (out / "views").iterdir()) == ["index.html"]


def test_two_builds_never_write_one_folder_at_once(tmp_path: Path) -> None:
    with Outputs(tmp_path), pytest.raises(ExportError, match="another kg build"), \
            Outputs(tmp_path):
        pass


# ---------------------------------------------------------------- bad inputs


def _cp1256_article(tmp: Path) -> Path:
    """A sample article, changed so that it is a new article, saved as Windows-1256."""
    text = (SAMPLE / "003_6c20427af2e36eef.txt").read_text(encoding="utf-8")
    text = text.replace("استعادت", "واستعادت", 1)
    path = tmp / "windows1256.txt"
    path.write_bytes(text.encode("cp1256", errors="replace"))
    return path


def _huge_article(path: Path, size: int = 10 * 1024 * 1024) -> None:
    """10 MB of distinct Arabic paragraphs (each sample paragraph numbered)."""
    paragraphs = [line for f in sorted(SAMPLE.glob("*.txt"))
                  for line in f.read_text(encoding="utf-8").splitlines() if len(line) > 80]
    with path.open("w", encoding="utf-8") as fh:
        written, i = 0, 0
        while written < size:
            line = f"{paragraphs[i % len(paragraphs)]} ({i})\n"
            fh.write(line)
            written += len(line.encode())
            i += 1


def test_a_mixed_folder_keeps_every_good_article_and_names_every_bad_one(
        sample_build: Path, tmp_path: Path) -> None:
    corpus = tmp_path / "mixed"
    corpus.mkdir()
    for f in SAMPLE.glob("*.txt"):
        shutil.copy(f, corpus)
    shutil.copy(SAMPLE / "000_2a849f42f2125fbf.txt", corpus / "zz_same_text_again.txt")
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "binary.txt").write_bytes(random.Random(7).randbytes(50_000))
    (corpus / "english.txt").write_text("The UN envoy met both delegations in Geneva. " * 40,
                                        encoding="utf-8")
    (corpus / "notes.pdf").write_bytes(b"%PDF-1.4 not an article")
    cp1256 = _cp1256_article(corpus)
    cp1256.write_bytes(cp1256.read_bytes().replace(b".", b".\x00", 1))  # and a stray NUL
    _huge_article(corpus / "huge.txt")
    (corpus / "broken_link.txt").symlink_to(tmp_path / "gone.txt")
    (corpus / "loop_a.txt").symlink_to(corpus / "loop_b.txt")
    (corpus / "loop_b.txt").symlink_to(corpus / "loop_a.txt")
    out = tmp_path / "out"

    done = kg("build", str(corpus), "--out", str(out))

    assert done.returncode == 1, done.stderr  # some inputs were skipped
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    skipped = {Path(s["source"]).name: s["reason"] for s in summary["skipped"]}
    assert {"empty.txt", "binary.txt", "english.txt", "notes.pdf"} <= set(skipped)
    assert "empty" in skipped["empty.txt"]
    assert "Arabic" in skipped["english.txt"]
    assert "not an article file" in skipped["notes.pdf"]
    assert "broken symbolic link" in skipped["broken_link.txt"]  # issue 13, case 4
    assert "symbolic link loop" in skipped["loop_a.txt"] == skipped["loop_b.txt"]
    assert all(reason.strip() for reason in skipped.values())
    for name in skipped:  # every bad input is named on stderr too
        assert name in done.stderr
    # every input is accounted for exactly once: read, skipped or a duplicate
    claims = list(read_claims(out / "claims.jsonl"))
    read_sources = {Path(c.article.path or "").name for c in claims}
    duplicates = {Path(s["source"]).name for s in summary["duplicates"]}
    assert duplicates == {"zz_same_text_again.txt"}
    names = {p.name for p in corpus.iterdir()}
    assert read_sources | set(skipped) | duplicates <= names
    assert "huge.txt" in skipped or summary["articles"] == 7
    assert not (read_sources & set(skipped))
    # nothing good is lost: the sample's claims, article by article, as when built alone
    assert cp1256.name in read_sources  # Windows-1256 is decoded, not skipped
    notes = {Path(n["source"]).name: n["reason"] for n in summary["notes"]}
    assert notes == {cp1256.name: "removed 1 NUL byte"}  # issue 13, case 7: repaired and said
    assert f"note {cp1256}: removed 1 NUL byte" in done.stderr
    alone = list(read_claims(sample_build / "claims.jsonl"))

    def key(c):  # type: ignore[no-untyped-def]
        return (c.article.id, c.subject.id, c.relation.type, c.object.id, c.evidence)

    assert {key(c) for c in alone} <= {key(c) for c in claims}
    assert len(claims) == len({c.id for c in claims})  # no duplicate claims
    assert (out / "views" / "index.html").is_file() and (out / "neo4j" / "load.cypher").is_file()


def test_no_readable_article_is_one_error_and_keeps_the_old_claims(
        sample_build: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    shutil.copytree(sample_build, out, ignore=shutil.ignore_patterns("*.oxigraph", WORK_DIR))
    before = snapshot(out)
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "empty.txt").write_bytes(b"")
    with pytest.raises(KgError, match="no article could be read") as info:
        build([bad], out)
    assert "empty.txt" in str(info.value)
    assert snapshot(out) == before


def test_a_bad_gazetteer_line_stops_the_build_before_any_work(
        sample_build: Path, tmp_path: Path) -> None:
    """Issue 13, case 5: a user gazetteer entry with a QID that is no IRI is one line naming
    file, line and field, before anything is read, and every output is kept."""
    gazetteer = tmp_path / "mine.jsonl"
    entries = [{"id": "zawiya_council", "name": "مجلس الزاوية", "type": "ORG"},
               {"id": "lna", "name": "قوات الكرامة", "type": "ARMED_GROUP",  # in the samples
                "qid": "Q1> <http://x/>"}]  # claims, where it used to crash the RDF writer
    gazetteer.write_text("\n".join(json.dumps(e, ensure_ascii=False) for e in entries) + "\n",
                         encoding="utf-8")
    out = tmp_path / "out"
    shutil.copytree(sample_build, out, ignore=shutil.ignore_patterns("*.oxigraph", WORK_DIR))
    before = snapshot(out)

    done = run_kg("build", SAMPLE, "--out", out, "--gazetteer", gazetteer)

    assert done.code == 1
    assert done.first_line.startswith(f"kg: error: {gazetteer}, line 2, field 'qid': ")
    assert "gazetteer.schema.json" in done.first_line  # the fix: where the format is
    assert len(done.err_lines) == 1  # nothing else ran
    assert snapshot(out) == before


# ---------------------------------------------------------------- an interrupted build


def test_a_folder_between_a_kill_and_the_rerun_says_it_is_unfinished(
        sample_build: Path, tmp_path: Path) -> None:
    """Issue 13, case 8: once a new claims.jsonl replaces the old one, summary.json no longer
    describes the folder: it says `complete: false` until the build's last output is in."""
    out = tmp_path / "out"
    shutil.copytree(sample_build, out, ignore=shutil.ignore_patterns("*.oxigraph", WORK_DIR))
    old = (out / "claims.jsonl").stat().st_ino
    proc = subprocess.Popen([*PYTHON, "build", str(SAMPLE), "--out", str(out)], cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    try:
        deadline = time.monotonic() + 300
        while (out / "claims.jsonl").stat().st_ino == old and proc.poll() is None:
            assert time.monotonic() < deadline, "the build never replaced claims.jsonl"
            time.sleep(0.01)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["complete"] is False
    assert "did not finish" in summary["note"]

    assert kg("build", str(SAMPLE), "--out", str(out)).returncode == 0
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["complete"] is True


@pytest.mark.parametrize("kill_when", ["claims.jsonl", "kg.nq"])
def test_a_killed_build_reruns_to_completion_without_duplicates(
        sample_build: Path, tmp_path: Path, kill_when: str) -> None:
    out = tmp_path / "out"
    proc = subprocess.Popen([*PYTHON, "build", str(SAMPLE), "--out", str(out)], cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)  # its own group: FalkorDB dies with it
    try:
        deadline = time.monotonic() + 300
        while not (out / kill_when).exists() and proc.poll() is None:
            assert time.monotonic() < deadline, "the build never got there"
            time.sleep(0.02)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    assert_unfinished(out)  # it was killed mid-way, not after the end
    # whatever the kill left in place is whole: claims.jsonl parses to the end
    if (out / "claims.jsonl").exists():
        list(read_claims(out / "claims.jsonl"))
    assert not [p for p in out.iterdir() if p.name.endswith((".tmp", ".part"))]

    done = kg("build", str(SAMPLE), "--out", str(out))

    assert done.returncode == 0, done.stderr
    claims = list(read_claims(out / "claims.jsonl"))
    assert len(claims) == len({c.id for c in claims})
    assert snapshot(out) == snapshot(sample_build)  # complete, and as if never interrupted
    assert not list((out / WORK_DIR).glob("staging-*"))


# ---------------------------------------------------------------- unwritable or full disks


def test_an_output_folder_under_a_file_is_one_clear_error(tmp_path: Path) -> None:
    (tmp_path / "a_file").write_text("x", encoding="utf-8")
    done = kg("build", str(SAMPLE), "--out", str(tmp_path / "a_file" / "exports"))
    assert done.returncode == 1
    assert error_lines(done.stderr) == [line for line in done.stderr.splitlines()
                                        if "error" in line.lower()]
    [line] = error_lines(done.stderr)
    assert "cannot write to" in line and "Not a directory" in line
    assert "Traceback" not in done.stderr


def test_a_read_only_output_folder_is_one_clear_error(tmp_path: Path) -> None:
    with tmpfs(tmp_path / "ro", "ro,size=1m") as ro:
        done = kg("build", str(SAMPLE), "--out", str(ro / "exports"))
    assert done.returncode == 1
    [line] = error_lines(done.stderr)
    assert "Read-only file system" in line
    assert "Traceback" not in done.stderr


def test_a_full_disk_is_one_clear_error_and_loses_nothing(tmp_path: Path) -> None:
    with tmpfs(tmp_path / "small", "size=32m") as disk:
        out = disk / "exports"
        assert build([str(SAMPLE)], out).exit_code == 0
        before = snapshot(out)
        free = os.statvfs(disk).f_bavail * os.statvfs(disk).f_frsize
        with (disk / "filler").open("wb") as fh:  # leave ~150 KB: the claims fit, RDF not
            fh.truncate(0)
            fh.write(b"\0" * max(free - 150_000, 0))

        done = kg("build", str(SAMPLE), "--out", str(out))

        assert done.returncode == 1
        [line] = error_lines(done.stderr)
        assert "No space left on device" in line and str(out) in line
        assert "Traceback" not in done.stderr
        after = snapshot(out)  # every file still whole and as it was ...
        assert {k: v for k, v in after.items() if k != "summary.json"} == \
            {k: v for k, v in before.items() if k != "summary.json"}
        assert_unfinished(out)  # ... and the folder says the build did not finish
        assert not list((out / WORK_DIR).glob("staging-*"))
        (disk / "filler").unlink()
        assert kg("build", str(SAMPLE), "--out", str(out)).returncode == 0  # and it recovers


def test_a_simulated_full_disk_in_a_library_write_loses_nothing(
        sample_build: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Where tmpfs cannot be mounted: ``Path.write_text`` of the HTML views raises ENOSPC."""
    out = tmp_path / "out"
    shutil.copytree(sample_build, out, ignore=shutil.ignore_patterns("*.oxigraph", WORK_DIR))
    before = snapshot(out)
    write_text = Path.write_text

    def full(self: Path, *args: Any, **kwargs: Any) -> int:
        if "views" in self.parts:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(self))
        return write_text(self, *args, **kwargs)

    monkeypatch.setattr(Path, "write_text", full)
    with pytest.raises(ExportError, match="No space left on device") as info:
        build([str(SAMPLE)], out, falkordb=False)
    monkeypatch.undo()
    assert str(out / "views") in str(info.value) and "\n" not in str(info.value)
    after = snapshot(out)
    assert {k: v for k, v in after.items() if k != "summary.json"} == \
        {k: v for k, v in before.items() if k != "summary.json"}
    assert_unfinished(out)
    assert not list((out / WORK_DIR).glob("staging-*"))


# ---------------------------------------------------------------- Neo4j down


@pytest.mark.parametrize("password", ["secret", None])
def test_neo4j_down_is_one_line_and_every_file_is_still_written(
        sample_build: Path, tmp_path: Path, password: str | None) -> None:
    out = tmp_path / "out"
    env = {k: v for k, v in os.environ.items() if k != "NEO4J_PASSWORD"}
    if password:
        env["NEO4J_PASSWORD"] = password
    done = subprocess.run([*PYTHON, "build", str(SAMPLE), "--out", str(out),
                           "--neo4j", "bolt://127.0.0.1:1"], capture_output=True, text=True,
                          cwd=ROOT, env=env, timeout=600)
    assert done.returncode == 1
    [line] = error_lines(done.stderr)
    expected = "cannot reach Neo4j at bolt://127.0.0.1:1" if password else "NEO4J_PASSWORD"
    assert expected in line
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert "error" in summary["stores"]["neo4j"]
    files, reference = snapshot(out), snapshot(sample_build)
    assert files.keys() == reference.keys()
    assert all(files[k] == reference[k] for k in files if k != "summary.json")


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    assert kg("build").returncode == 2
    assert kg("build", str(SAMPLE), "--workers", "0", "--out", str(tmp_path)).returncode == 2


def test_every_sample_article_is_read(sample_build: Path) -> None:
    ids = {a.id for a in iter_articles([SAMPLE]) if not isinstance(a, KgError)}
    built = {c.article.id for c in read_claims(sample_build / "claims.jsonl")}
    assert built == ids


def test_a_build_leaves_the_garbage_collector_as_it_found_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import gc

    import kg.build

    monkeypatch.setattr(kg.build, "FREEZE_EVERY", 1)  # freeze after every article
    frozen: list[int] = []
    real_freeze = gc.freeze
    monkeypatch.setattr(gc, "freeze", lambda: (real_freeze(), frozen.append(gc.get_freeze_count())))
    assert gc.isenabled() and gc.get_freeze_count() == 0
    build([SAMPLE], tmp_path / "out", falkordb=False)
    assert len(frozen) == 5 and frozen[-1] > 0  # what the build held was kept out of reach
    assert gc.isenabled() and gc.get_freeze_count() == 0  # and given back: nothing left frozen


# ---------------------------------------------------------------- stages beside each other


def test_stages_written_beside_the_others_equal_those_written_in_turn(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    beside = build([SAMPLE], tmp_path / "beside", falkordb=False)
    monkeypatch.setenv("KG_BUILD_FORK", "0")
    in_turn = build([SAMPLE], tmp_path / "in_turn", falkordb=False)
    assert snapshot(tmp_path / "beside") == snapshot(tmp_path / "in_turn")
    assert beside.outputs == in_turn.outputs
    assert set(beside.timings) == set(in_turn.timings) >= {"views", "neo4j_files", "rdf"}


def test_a_bug_or_a_crash_beside_the_other_stages_is_one_clear_error(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import kg.build

    def bug(*args: Any) -> None:
        raise RuntimeError("a bug")

    monkeypatch.setattr(kg.build, "_neo4j_files", bug)
    with pytest.raises(ExportError, match="writing views, neo4j_files failed: RuntimeError: "
                                          "a bug") as info:
        build([SAMPLE], tmp_path / "out", falkordb=False)
    assert "\n" not in str(info.value)
    assert_unfinished(tmp_path / "out")

    monkeypatch.setattr(kg.build, "_neo4j_files", lambda *args: os._exit(9))  # killed
    with pytest.raises(ExportError, match="ended with code 9"):
        build([SAMPLE], tmp_path / "out", falkordb=False)
