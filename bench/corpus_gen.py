"""A corpus of any size for benchmarks, with the variety of real news.

Duplicate articles are rightly used once by ``kg build``, so a benchmark corpus cannot be the
sample repeated. Each generated article is new: its sentences are drawn from the sample
articles' sentences and recombined, the names in them are replaced (consistently within an
article) by other gazetteer entries of the same type, and it gets an outlet of the gazetteer
and a date spread over 2011–2021. Articles are written as JSONL records (id, title, text,
outlet, date), 1,000 to a file, as a monitoring desk exports them. The same seed gives the
same corpus.

    python bench/corpus_gen.py OUT_DIR 10000 [--seed 1]
"""

from __future__ import annotations

import argparse
import json
import random
import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from pathlib import Path

from kg.extract.resources import load_gazetteer
from kg.model import EntityType
from kg.read import read_article

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "examples" / "articles"
_SENTENCE_END = re.compile(r"(?<=[.!؟])\s+")
_SWAPPED = (EntityType.PERSON, EntityType.ARMED_GROUP, EntityType.GPE, EntityType.LOC,
            EntityType.FAC, EntityType.ORG)


@dataclass(frozen=True)
class Pool:
    titles: list[str]
    sentences: list[str]
    names: dict[EntityType, list[str]]  # canonical names to draw from, per type
    found: dict[str, list[tuple[str, EntityType]]]  # sentence → names in it, longest first


@cache
def pool() -> Pool:
    """The sample's sentences and titles, and the gazetteer names that can replace theirs."""
    titles, sentences = [], []
    for path in sorted(SAMPLE.glob("*.txt")):
        article = read_article(path)
        lines = [line.strip() for line in article.text.splitlines() if line.strip()]
        if article.title:
            titles.append(article.title)
        for line in lines[1:]:
            sentences += [s for s in _SENTENCE_END.split(line) if len(s.split()) >= 6]
    gaz = load_gazetteer()
    names: dict[EntityType, list[str]] = defaultdict(list)
    aliases: list[tuple[str, EntityType]] = []
    for e in gaz.entities.values():
        if e.type in _SWAPPED:
            names[e.type].append(e.name)
            aliases += [(a, e.type) for a in e.aliases if len(a) >= 4]
    aliases.sort(key=lambda a: -len(a[0]))
    found = {}
    for s in (*titles, *sentences):
        hits, taken = [], s
        for alias, kind in aliases:
            if alias in taken:
                hits.append((alias, kind))
                taken = taken.replace(alias, "\0")  # a shorter alias inside it is not a name
        found[s] = hits
    return Pool(titles, sentences, dict(names), found)


def _swap(sentence: str, p: Pool, mapping: dict[str, str], rng: random.Random) -> str:
    for alias, kind in p.found[sentence]:
        if alias not in mapping:
            mapping[alias] = rng.choice(p.names[kind]) if rng.random() < 0.7 else alias
        sentence = sentence.replace(alias, mapping[alias])
    return sentence


def generate(n: int, seed: int = 1) -> Iterator[dict[str, str]]:
    """``n`` distinct articles as JSONL records."""
    p = pool()
    rng = random.Random(seed)
    outlets = [e.name for e in load_gazetteer().entities.values()
               if e.type is EntityType.MEDIA]
    start = date(2011, 1, 1)
    for i in range(n):
        mapping: dict[str, str] = {}
        body = [_swap(s, p, mapping, rng) for s in rng.sample(p.sentences, rng.randint(5, 14))]
        cuts = sorted(rng.sample(range(1, len(body)), min(len(body) - 1, rng.randint(1, 4))))
        paragraphs = [" ".join(body[a:b]) for a, b in zip([0, *cuts], [*cuts, len(body)],
                                                           strict=True)]
        yield {
            "id": f"gen-{seed}-{i:06d}",
            "title": _swap(rng.choice(p.titles), p, mapping, rng),
            "text": "\n".join(paragraphs),
            "outlet": rng.choice(outlets),
            "date": (start + timedelta(days=rng.randrange(11 * 365))).isoformat(),
        }


def write_corpus(folder: Path, n: int, seed: int = 1, per_file: int = 1000,
                 prefix: str = "feed") -> list[Path]:
    """Write ``n`` articles into ``folder`` as JSONL files of ``per_file`` records."""
    folder.mkdir(parents=True, exist_ok=True)
    files: list[Path] = []
    out = None
    try:
        for i, record in enumerate(generate(n, seed)):
            if i % per_file == 0:
                if out is not None:
                    out.close()
                files.append(folder / f"{prefix}-{seed}-{i // per_file:05d}.jsonl")
                out = files[-1].open("w", encoding="utf-8")
            assert out is not None
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    finally:
        if out is not None:
            out.close()
    return files


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("n", type=int)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    files = write_corpus(args.out, args.n, args.seed)
    print(f"{args.n} articles in {len(files)} files under {args.out}")


if __name__ == "__main__":
    main()
