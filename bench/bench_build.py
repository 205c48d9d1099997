"""How `kg build` grows with the corpus: wall time and peak memory on 1×, 10×, 100× the sample.

The corpus is the sample articles repeated under new names, each copy with a distinct line
before its first paragraph so it is a distinct article (its id is a hash of its text). Each
build runs `kg build` in a child process into a fresh folder; wall time is measured around it
and peak memory is the child's maximum resident set size (``os.wait4``; this includes the
embedded FalkorDB server the build starts and waits for). Per-stage times come from the
build's summary.json.

    python bench/bench_build.py                 # 1x, 10x, 100x
    python bench/bench_build.py --scales 1 10   # quicker
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "examples" / "articles"


def make_corpus(folder: Path, copies: int) -> int:
    """``copies`` × the sample articles, each copy a distinct article; returns the count."""
    folder.mkdir(parents=True)
    n = 0
    for i in range(copies):
        for src in sorted(SAMPLE.glob("*.txt")):
            lines = src.read_text(encoding="utf-8").splitlines()
            if i:  # a paragraph before the first body paragraph ("update number i of the
                # story"): the end of a scraped page is cut as page furniture
                body = next(n for n, line in enumerate(lines) if len(line) > 100)
                lines.insert(body, f"تحديث رقم {i} للخبر.")
            (folder / f"{src.stem}_copy{i:04d}.txt").write_text("\n".join(lines) + "\n",
                                                                 encoding="utf-8")
            n += 1
    return n


def run_build(corpus: Path, out: Path, workers: int) -> tuple[float, int, dict[str, float]]:
    """Wall seconds, peak RSS in MB and stage timings of one `kg build` child process."""
    cmd = [sys.executable, "-m", "kg", "build", str(corpus), "--out", str(out),
           "--workers", str(workers)]
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    stderr = proc.stderr.read().decode() if proc.stderr else ""
    if proc.returncode not in (0, 1):
        raise SystemExit(f"kg build failed ({proc.returncode}):\n{stderr}")
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    return wall, usage.ru_maxrss // 1024, summary["timings"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", type=int, nargs="+", default=[1, 10, 100])
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args()
    base: tuple[float, int, int] | None = None
    with tempfile.TemporaryDirectory(prefix="kg-bench-build-") as tmp:
        print(f"{'scale':>5} {'articles':>8} {'wall s':>8} {'x time':>7} {'ms/article':>10} "
              f"{'peak MB':>8} {'x mem':>6}  stages (s)")
        for scale in args.scales:
            corpus = Path(tmp) / f"corpus{scale}"
            n = make_corpus(corpus, scale)
            out = Path(tmp) / f"out{scale}"
            wall, peak, stages = run_build(corpus, out, args.workers)
            if base is None:
                base = (wall, peak, n)
            stage_text = " ".join(f"{k} {v:.1f}" for k, v in stages.items())
            print(f"{scale:>5} {n:>8} {wall:>8.1f} {wall / base[0]:>7.1f} "
                  f"{1000 * wall / n:>10.0f} {peak:>8} {peak / base[1]:>6.1f}  {stage_text}",
                  flush=True)
            shutil.rmtree(corpus)
            shutil.rmtree(out, ignore_errors=True)


if __name__ == "__main__":
    main()
