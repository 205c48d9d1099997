"""How `kg build` grows with the corpus, and what an incremental build costs.

For each scale (default 1,000 and 10,000 articles; 100,000 with ``--scales 1000 10000 100000``,
some hours on two cores) a corpus is generated (``bench/corpus_gen.py``: sample sentences
recombined, gazetteer names swapped in, dates over 2011–2021) and built three times, each a
`kg build` child process:

1. clean: into a fresh folder;
2. +1%: 1% new articles added (a new JSONL file), built again into the same folder, so only
   they are extracted and every output is rebuilt from the union;
3. check: the same +1% corpus built clean into another folder, whose files must equal the
   incremental build's (exit 1 if not).

Wall time is measured around each child; peak memory is the child's maximum resident set
size (``os.wait4``; it includes the embedded FalkorDB server the build starts); per-stage
times come from summary.json. Reported: the incremental build's cost as a share of the clean
build, and peak memory of each scale against the smallest.

    python bench/bench_build.py
    python bench/bench_build.py --scales 1000
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from corpus_gen import write_corpus  # noqa: E402


def run_build(corpus: Path, out: Path, extra: list[str]) -> tuple[float, int, dict]:
    """Wall seconds, peak RSS in MB and summary.json of one `kg build` child process."""
    cmd = [sys.executable, "-m", "kg", "build", str(corpus), "--out", str(out), *extra]
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    stderr = proc.stderr.read().decode() if proc.stderr else ""
    if code not in (0, 1):
        raise SystemExit(f"kg build failed ({code}):\n{stderr}")
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    return wall, usage.ru_maxrss // 1024, summary


def outputs(out: Path) -> dict[str, bytes]:
    """The files a user reads (not store internals, not the timings)."""
    files = {}
    for p in sorted(out.rglob("*")):
        rel = p.relative_to(out).as_posix()
        if p.is_file() and not rel.startswith((".kg/", "kg.nq.oxigraph/")) \
                and rel != "summary.json":
            files[rel] = p.read_bytes()
    return files


def stages(summary: dict) -> str:
    return " ".join(f"{k} {v:.1f}" for k, v in summary["timings"].items())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--tmp", type=Path, default=None, help="where to build (big at 100k)")
    args = parser.parse_args()
    extra = ["--workers", str(args.workers)]
    base_peak: int | None = None
    same = True
    with tempfile.TemporaryDirectory(prefix="kg-bench-build-", dir=args.tmp) as tmp:
        for n in args.scales:
            corpus = Path(tmp) / f"corpus{n}"
            write_corpus(corpus, n, seed=1)
            out = Path(tmp) / f"out{n}"
            clean, peak, summary = run_build(corpus, out, extra)
            base_peak = base_peak or peak
            print(f"{n:>7} articles  clean build {clean:8.1f} s  {1000 * clean / n:6.1f} ms/article"
                  f"  peak {peak:6} MB ({peak / base_peak:.2f}x the smallest scale)"
                  f"  {summary['claims']} claims", flush=True)
            print(f"{'':>9}stages: {stages(summary)}", flush=True)

            write_corpus(corpus, max(1, n // 100), seed=2, prefix="added")
            inc, inc_peak, inc_summary = run_build(corpus, out, extra)
            print(f"{'':>9}+1% ({n // 100} new): {inc:6.1f} s = {100 * inc / clean:.1f}% of the "
                  f"clean build; extracted {inc_summary['extracted']}, from the cache "
                  f"{inc_summary['cached']}; peak {inc_peak} MB", flush=True)
            print(f"{'':>9}stages: {stages(inc_summary)}", flush=True)

            check = Path(tmp) / f"check{n}"
            run_build(corpus, check, [*extra, "--no-cache"])
            equal = outputs(out) == outputs(check)
            same &= equal
            print(f"{'':>9}incremental outputs equal a clean build of the same corpus: {equal}",
                  flush=True)
            for folder in (out, check):
                subprocess.run(["rm", "-rf", str(folder)], check=False)
    raise SystemExit(0 if same else 1)


if __name__ == "__main__":
    main()
