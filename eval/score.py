"""Score the extractor on the evaluation corpus: whatever article texts are present.

The corpus (``eval/corpus/``) is real news from outlets the extractor was not written for. Only
URLs, metadata and hand-made gold annotations are committed (``parts/*/articles.jsonl``,
``entities.jsonl``, ``claims.jsonl``); the texts are other people's work and live in the
git-ignored ``texts/`` folder. It is split once, by outlet, into a *dev* half (looked at and
tuned on) and a *test* half (only scored): this script lists misses and false claims for dev
only, and for test prints the figures alone.

    python eval/score.py                 # dev figures, and every dev error with its sentence
    python eval/score.py --split test    # test figures only (report them, do not tune on them)
    python eval/score.py --split all --json scores.json
    python eval/score.py --split all --quiet --min-confidence 0.6   # as kg build --min-confidence

Articles from other conflicts (``conflict`` other than ``libya``) are scored twice: with the
shipped data alone, and with that conflict's user gazetteer from ``examples/gazetteers/``.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kg.errors import KgError
from kg.evaluate import Evaluation, evaluate, explain
from kg.extract.extractor import Extractor
from kg.gold import Gold, gold_from_rows
from kg.model import Article, Claim
from kg.read import article_from_text

HERE = Path(__file__).resolve().parent
CORPUS = HERE / "corpus"
GAZETTEERS = HERE.parent / "examples" / "gazetteers"


@dataclass(frozen=True)
class CorpusArticle:
    meta: dict[str, Any]
    article: Article


def _jsonl(path: Path) -> list[dict[str, Any]]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def load_corpus(corpus: Path = CORPUS) -> tuple[list[CorpusArticle], Gold, list[str]]:
    """The articles whose text is present, the merged gold, and the ids of absent texts."""
    metas: list[dict[str, Any]] = []
    entity_rows: list[dict[str, Any]] = []
    claim_rows: list[dict[str, Any]] = []
    for part in sorted(p for p in (corpus / "parts").iterdir() if p.is_dir()):
        metas += _jsonl(part / "articles.jsonl")
        entity_rows += _jsonl(part / "entities.jsonl")
        claim_rows += _jsonl(part / "claims.jsonl")
    gold = gold_from_rows(entity_rows, claim_rows, source=str(corpus / "parts"))
    present, missing = [], []
    for meta in metas:
        path = corpus / "texts" / meta["file"]
        if not path.exists():
            missing.append(meta["id"])
            continue
        article = article_from_text(
            path.read_text(encoding="utf-8"),
            str(path),
            outlet=meta.get("outlet"),
            date=meta.get("date"),
        )  # no url: claims then keep the file name, which the gold's "article" names
        present.append(CorpusArticle(meta, article))
    return present, gold, missing


def _subset(gold: Gold, files: set[str]) -> Gold:
    claims = tuple(g for g in gold.claims if g.article in files)
    return Gold(gold.entities, claims)


def _extract(extractor: Extractor, articles: Iterable[CorpusArticle]) -> list[Claim]:
    out: list[Claim] = []
    for a in articles:
        try:
            out += extractor(a.article)
        except KgError as exc:
            print(f"{a.meta['id']}: {exc}", file=sys.stderr)
    return out


def _figures(ev: Evaluation) -> dict[str, float | int]:
    return {
        "precision": round(ev.overall.precision, 3),
        "recall": round(ev.overall.recall, 3),
        "core_recall": round(ev.core.recall, 3),
        "f1": round(ev.overall.f1, 3),
        "matched": ev.overall.tp,
        "gold": ev.overall.gold,
        "core_gold": ev.core.gold,
        "predicted": ev.overall.predicted,
    }


def _line(name: str, n_articles: int, f: dict[str, float | int]) -> str:
    return (
        f"{name:<28} {n_articles:>3} articles  precision {f['precision']:.2f}  recall "
        f"{f['recall']:.2f}  core recall {f['core_recall']:.2f}  F1 {f['f1']:.2f}  "
        f"({f['matched']} of {f['gold']} gold, {f['core_gold']} core; {f['predicted']} predicted)"
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--split", choices=("dev", "test", "all"), default="dev")
    ap.add_argument("--show", type=int, default=200, help="dev errors to list")
    ap.add_argument("--quiet", action="store_true", help="figures only")
    ap.add_argument("--json", type=Path, help="write the figures to this file")
    ap.add_argument("--parts", help="score only these parts (comma-separated folder names)")
    ap.add_argument("--min-confidence", type=float, default=0.0,
                    help="score only claims at or above this confidence, as kg build does")
    args = ap.parse_args(argv)

    articles, gold, missing = load_corpus()
    if args.parts:
        keep = set(args.parts.split(","))
        articles = [a for a in articles if a.meta["id"].split("_")[0] in keep]
    if missing:
        print(f"{len(missing)} texts absent (scored without them): {', '.join(missing)}")
    splits = ("dev", "test") if args.split == "all" else (args.split,)
    base = Extractor.load()
    results: dict[str, Any] = {}
    for split in splits:
        chosen = [a for a in articles if a.meta["split"] == split]
        libya = [a for a in chosen if a.meta.get("conflict", "libya") == "libya"]
        beyond = [a for a in chosen if a.meta.get("conflict", "libya") != "libya"]
        claims = {a.meta["file"]: [] for a in chosen}  # type: dict[str, list[Claim]]
        for c in _extract(base, chosen):
            claims[Path(c.article.path or "").name].append(c)

        def score(subset: list[CorpusArticle], pool: dict[str, list[Claim]]) -> Evaluation:
            files = {a.meta["file"] for a in subset}
            predicted = [c for f in files for c in pool.get(f, [])
                         if c.confidence >= args.min_confidence]
            return evaluate(predicted, _subset(gold, files))

        rows = {
            f"{split}": (chosen, score(chosen, claims)),
            f"{split} libya": (libya, score(libya, claims)),
            f"{split} beyond libya": (beyond, score(beyond, claims)),
        }
        # The same articles from other conflicts, each with its own conflict's gazetteer.
        with_gaz: dict[str, list[Claim]] = {}
        for conflict in sorted({a.meta["conflict"] for a in beyond}):
            gaz = GAZETTEERS / f"{conflict}.jsonl"
            if not gaz.exists():
                continue
            ex = Extractor.load(gazetteer=[gaz])
            for c in _extract(ex, [a for a in beyond if a.meta["conflict"] == conflict]):
                with_gaz.setdefault(Path(c.article.path or "").name, []).append(c)
        if with_gaz:
            rows[f"{split} beyond + gazetteer"] = (beyond, score(beyond, with_gaz))
        for name, (subset, ev) in rows.items():
            if not subset:
                continue
            results[name] = {"articles": len(subset), **_figures(ev)}
            print(_line(name, len(subset), results[name]))
        if split == "dev" and not args.quiet:
            texts = {a.meta["file"]: a.article.text for a in chosen}
            shown = [(f"{split} libya", rows[f"{split} libya"][1])]
            if f"{split} beyond + gazetteer" in rows:
                shown.append(
                    (f"{split} beyond + gazetteer", rows[f"{split} beyond + gazetteer"][1])
                )
            for name, ev in shown:
                print(f"--- {name}")
                for line in explain(ev, texts, show=args.show):
                    print(line)
    if args.json:
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
