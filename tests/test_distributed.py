"""Extraction on a Dask cluster: a real local cluster of two worker processes gives the same
build as one process, bad inputs included, with the build cache, and a scheduler that cannot
be reached is one clear line."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from cli_run import run_kg
from test_build import snapshot

from kg.build import WORK_DIR, build
from kg.distributed import PARTS_DIR, partition_size

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "examples" / "articles"


@pytest.fixture(scope="module")
def scheduler() -> Iterator[str]:
    from distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                      dashboard_address=None) as cluster:
        yield cluster.scheduler_address


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    """The samples, a JSONL file of two records (one bad), a duplicate and an empty file."""
    folder = tmp_path / "articles"
    shutil.copytree(SAMPLE, folder)
    first = sorted(SAMPLE.glob("*.txt"))[0]
    shutil.copy(first, folder / "zz_duplicate.txt")
    (folder / "empty.txt").write_text("  \n", encoding="utf-8")
    text = (SAMPLE / "002_6180295ae112573a.txt").read_text(encoding="utf-8")
    records = [{"id": "rec-1", "text": text.replace("حفتر", "خليفة حفتر", 1),
                "outlet": "الوسط",
                "date": "2020-05-01"}, {"id": "rec-2", "text": ""}]
    (folder / "feed.jsonl").write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return folder


def test_partitions_balance_the_workers() -> None:
    assert partition_size(1, 2) == 1
    assert partition_size(160, 2) == 10  # eight tasks a worker
    assert partition_size(100_000, 2) == 200  # a lost worker costs little


def test_a_cluster_build_equals_the_single_process_build(
        scheduler: str, corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(corpus.parent)  # relative inputs: sources keep the user's spelling
    local = build(["articles"], tmp_path / "local", falkordb=False, cache=False)
    cluster = build(["articles"], tmp_path / "cluster", falkordb=False, cache=False,
                    scheduler=scheduler)
    assert cluster.articles == local.articles == 6
    assert cluster.skipped == local.skipped and len(local.skipped) == 2  # empty, empty record
    assert cluster.duplicates == local.duplicates and len(local.duplicates) == 1
    assert snapshot(tmp_path / "cluster") == snapshot(tmp_path / "local")
    assert '"path": "articles/' in (tmp_path / "cluster" / "claims.jsonl").read_text("utf-8")
    assert not (tmp_path / "cluster" / WORK_DIR / PARTS_DIR).exists()  # partitions cleared


def test_a_cluster_build_uses_and_fills_the_cache(scheduler: str, corpus: Path,
                                                   tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = build([corpus], out, falkordb=False, scheduler=scheduler)
    assert (first.extracted, first.cached) == (7, 0)  # the duplicate is extracted, used once
    (corpus / "new.txt").write_text(
        (SAMPLE / "003_6c20427af2e36eef.txt").read_text(encoding="utf-8").replace(
            "طرابلس", "سرت"), encoding="utf-8")
    again = build([corpus], out, falkordb=False, scheduler=scheduler)
    assert (again.extracted, again.cached) == (1, 7)
    local = build([corpus], tmp_path / "local", falkordb=False)  # and in one process
    assert (local.extracted, local.cached) == (8, 0)
    assert snapshot(out) == snapshot(tmp_path / "local")


def test_a_scheduler_that_cannot_be_reached_is_one_line(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    done = run_kg("build", corpus, "--out", out, "--scheduler", "tcp://127.0.0.1:9")
    assert done.code == 1
    [line] = done.error_lines
    assert "cannot reach the Dask scheduler at tcp://127.0.0.1:9" in line
    assert not (out / "claims.jsonl").exists()
