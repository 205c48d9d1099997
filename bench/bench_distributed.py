"""Extraction on a Dask cluster: one worker process against two, on the same corpus, one run.

A generated corpus (``bench/corpus_gen.py``) is extracted three ways: in this process (the
reference output), on a local Dask cluster of one worker process, and on one of two. Each
cluster is warmed up first (every worker loads the pipeline on a small corpus), so the timed
run measures extraction, not start-up. The claims of the three runs must be identical (exit 1
if not). Reported: articles/s of each and the ratio two workers : one.

    python bench/bench_distributed.py [--articles 600]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from corpus_gen import write_corpus  # noqa: E402

from kg.distributed import extract_on_cluster  # noqa: E402
from kg.extract import extract_claims  # noqa: E402


def lines_on_cluster(corpus: Path, workers: int, work: Path, warmup: Path) -> tuple[float, list]:
    import dask
    from distributed import LocalCluster

    # Dask's statistical profiler samples every worker thread's stack many times a second:
    # real CPU on pure-Python work; switched off as the README advises for extraction.
    no_profile = dask.config.set({"distributed.worker.profile.enabled": False})
    with no_profile, LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                  dashboard_address=None, silence_logs=40) as cluster:
        address = cluster.scheduler_address
        for _ in extract_on_cluster([warmup], address, work):
            pass
        start = time.perf_counter()
        lines = [r.lines for r in extract_on_cluster([corpus], address, work)]
        return time.perf_counter() - start, lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=600)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="kg-bench-dask-") as tmp:
        corpus, warmup = Path(tmp) / "corpus", Path(tmp) / "warmup"
        write_corpus(corpus, args.articles, seed=1, per_file=25)
        write_corpus(warmup, 16, seed=9, per_file=2)
        start = time.perf_counter()
        local = [r.lines for r in extract_claims([corpus])]
        local_s = time.perf_counter() - start
        one_s, one = lines_on_cluster(corpus, 1, Path(tmp) / "work1", warmup)
        two_s, two = lines_on_cluster(corpus, 2, Path(tmp) / "work2", warmup)
    n = args.articles
    print(f"in this process:   {n} articles in {local_s:6.1f} s = {n / local_s:6.1f} articles/s"
          " (includes loading the pipeline)")
    print(f"Dask, 1 worker:    {n} articles in {one_s:6.1f} s = {n / one_s:6.1f} articles/s")
    print(f"Dask, 2 workers:   {n} articles in {two_s:6.1f} s = {n / two_s:6.1f} articles/s")
    print(f"ratio 2 workers : 1 worker = {one_s / two_s:.2f}x")
    same = local == one == two
    print(f"claims identical in all three runs: {same}")
    raise SystemExit(0 if same else 1)


if __name__ == "__main__":
    main()
