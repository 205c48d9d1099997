"""Extraction throughput and memory, against spaCy's bare Arabic tokenizer in the same run.

    python bench/bench_extract.py [--tokens 1000000] [--workdir /tmp/kg-bench-extract]

1. Throughput: the sample articles repeated until the corpus holds ``--tokens`` tokens; the full
   extractor (read → claims) and ``spacy.blank("ar").tokenizer`` on the same texts, tokens/s and
   the ratio (the aim: the extractor costs at most 4× the bare tokenizer).
2. Memory: peak RSS of ``kg extract`` (a child process, streaming to a file) on 1× and 10× a
   corpus of articles on disk; the aim is 10× within 20% of 1× (memory does not grow with input).
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "examples" / "articles"


def throughput(target_tokens: int) -> None:
    import spacy

    from kg.extract import Extractor
    from kg.model import Article
    from kg.read import iter_articles

    base = [a for a in iter_articles([SAMPLE]) if isinstance(a, Article)]
    bare = spacy.blank("ar").tokenizer
    per_round = sum(len(bare(a.text)) for a in base)
    rounds = max(1, -(-target_tokens // per_round))
    texts = [a for _ in range(rounds) for a in base]
    n_tokens = per_round * rounds
    extractor = Extractor.load()

    t0 = time.perf_counter()
    for a in texts:
        bare(a.text)
    t_tok = time.perf_counter() - t0

    t0 = time.perf_counter()
    n_claims = 0
    for a in texts:
        n_claims += len(extractor(a))
    t_full = time.perf_counter() - t0

    print(f"corpus: {len(texts)} articles, {n_tokens:,} tokens")
    print(f"spaCy bare Arabic tokenizer: {n_tokens / t_tok:,.0f} tokens/s ({t_tok:.1f} s)")
    print(f"kg extractor (full):         {n_tokens / t_full:,.0f} tokens/s ({t_full:.1f} s), "
          f"{n_claims:,} claims")
    print(f"ratio extractor/tokenizer:   {t_full / t_tok:.2f}x (aim <= 4x)")


def _write_corpus(folder: Path, copies: int) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    files = sorted(SAMPLE.glob("*.txt"))
    for n in range(copies):
        for f in files:
            text = f.read_text(encoding="utf-8")
            # A distinct article each time (its id is a hash of the text).
            (folder / f"{n:05d}_{f.name}").write_text(text + f"\nنسخة {n}\n", encoding="utf-8")


def _peak_rss_mb(corpus: Path, out: Path) -> tuple[float, float]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-m", "kg", "extract", str(corpus), "-o", str(out)],
                   check=True, capture_output=True)
    elapsed = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    # ru_maxrss of children is the max over all waited-for children: run the smaller first.
    return max(peak, before) / 1024, elapsed


def memory(workdir: Path, small: int, factor: int) -> None:
    one, ten = workdir / f"x{small}", workdir / f"x{small * factor}"
    _write_corpus(one, small)
    _write_corpus(ten, small * factor)
    rss1, t1 = _peak_rss_mb(one, workdir / "one.jsonl")
    rss10, t10 = _peak_rss_mb(ten, workdir / "ten.jsonl")
    print(f"peak RSS, {small * 5} articles:  {rss1:.0f} MB ({t1:.1f} s)")
    print(f"peak RSS, {small * factor * 5} articles: {rss10:.0f} MB ({t10:.1f} s)")
    print(f"memory ratio {factor}x corpus / 1x: {rss10 / rss1:.2f} (aim <= 1.20)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--tokens", type=int, default=1_000_000)
    ap.add_argument("--workdir", type=Path, default=Path("/tmp/kg-bench-extract"))
    ap.add_argument("--copies", type=int, default=40, help="copies of the sample for 1x memory")
    args = ap.parse_args()
    throughput(args.tokens)
    memory(args.workdir, args.copies, 10)


if __name__ == "__main__":
    main()
