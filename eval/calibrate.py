"""Measure each extraction rule's precision on the dev half and write kg/data/calibration.json.

A claim that matches a gold claim counts as right for the rule (``method``) that read it; a
claim that matches none counts as wrong (the gold is not exhaustive, so this is a lower
bound). Articles from other conflicts are read with their user gazetteer, as a user would.
Only the dev half is used: the test half stays unseen.

    python eval/calibrate.py           # rewrite kg/data/calibration.json
    python eval/calibrate.py --check   # exit 1 when the file is not what the dev half gives
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from score import GAZETTEERS, _subset, load_corpus  # noqa: E402

from kg.evaluate import evaluate  # noqa: E402
from kg.extract.calibration import FILE  # noqa: E402
from kg.extract.extractor import Extractor  # noqa: E402

TARGET = HERE.parent / "kg" / "data" / FILE


def measure() -> dict[str, object]:
    articles, gold, _ = load_corpus()
    dev = [a for a in articles if a.meta["split"] == "dev"]
    extractors: dict[str, Extractor] = {}
    right: Counter[str] = Counter()
    wrong: Counter[str] = Counter()
    for a in dev:
        conflict = a.meta["conflict"]
        if conflict not in extractors:
            gaz = [] if conflict == "libya" else [GAZETTEERS / f"{conflict}.jsonl"]
            extractors[conflict] = Extractor.load(gazetteer=gaz)
        ev = evaluate(extractors[conflict](a.article), _subset(gold, {a.meta["file"]}))
        right.update(c.method for _, c in ev.matches)
        wrong.update(c.method for c in ev.false_positives)
    methods = sorted(set(right) | set(wrong))
    return {
        "note": "each rule's claims on the dev half of eval/corpus that matched a gold claim "
        "and that matched none; written by eval/calibrate.py, read by kg/extract/calibration.py",
        "articles": len(dev),
        "methods": {m: {"matched": right[m], "false": wrong[m]} for m in methods},
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true")
    args = ap.parse_args(argv)
    text = json.dumps(measure(), ensure_ascii=False, indent=1) + "\n"
    if args.check:
        same = TARGET.read_text(encoding="utf-8") == text
        print("calibration up to date" if same else f"{TARGET} differs from the dev half")
        return 0 if same else 1
    TARGET.write_text(text, encoding="utf-8")
    print(f"wrote {TARGET}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
