"""RDF benchmark: export ≥ 1M triples, then the saved SPARQL queries with pyoxigraph and rdflib.

    python bench/bench_rdf.py                      # ~40k synthetic claims → ~1.2M quads
    python bench/bench_rdf.py --claims 5000        # a quick run
    python bench/bench_rdf.py --rdflib-timeout 60  # cap each rdflib query (pure Python, slow)

Synthetic claims are built with the model classes (kg.model) in the shape the extractor
produces: a few thousand entities with a long-tailed degree, articles from twenty outlets,
attribution chains with via outlets and speakers from two sides, one to three evidence spans.
Prints the time of each step, per-query times for both engines and the rdflib/pyoxigraph ratio,
measured in the same run. Timing only: nothing here is asserted.
"""

from __future__ import annotations

import argparse
import random
import signal
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

from rdflib import Dataset

from kg.model import (
    Agent,
    ArticleRef,
    Attribution,
    Claim,
    EntityRef,
    EntityType,
    Evidence,
    Modality,
    Relation,
    RelationType,
    TimeExpr,
    stable_id,
)
from kg.rdf.export import export_rdf
from kg.rdf.sparql import query_sparql, store_for

ROOT = Path(__file__).resolve().parent.parent
QUERIES = sorted((ROOT / "queries").glob("*.rq"))
T = TypeVar("T")

LABELS = {
    RelationType.ASSAULT: ["قصف", "استهدف", "شن هجوما على", "هاجم"],
    RelationType.SEIZE: ["سيطر على", "استعاد"],
    RelationType.SUPPORT: ["يدعم", "المدعومة من"],
    RelationType.THREATEN: ["توعد", "هدد"],
    RelationType.CONSULT: ["التقى", "اجتمع"],
    RelationType.REQUEST: ["دعا", "طالب"],
    RelationType.LEADS: ["بقيادة", "برئاسة"],
    RelationType.MEMBER_OF: ["الناطق باسم", "المتحدث باسم", "وزير"],
    RelationType.RETREAT: ["انسحب من"],
    RelationType.COERCE: ["حاصر"],
}
ACTOR_KINDS = [EntityType.PERSON, EntityType.ORG, EntityType.ARMED_GROUP, EntityType.GPE]
PLACE_KINDS = [EntityType.GPE, EntityType.LOC, EntityType.FAC]


def synthetic_claims(n: int, seed: int = 7) -> Iterator[Claim]:
    rng = random.Random(seed)
    n_entities = max(200, n // 12)
    actors = [EntityRef("lna", "قوات الكرامة", EntityType.ARMED_GROUP, qid="Q1318893")] + [
        EntityRef(f"a{i}", f"فاعل {i}", rng.choice(ACTOR_KINDS),
                  qid=f"Q{1000 + i}" if i % 5 == 0 else None)
        for i in range(n_entities)]
    places = [EntityRef("misrata_airbase", "قاعدة مصراتة الجوية", EntityType.FAC)] + [
        EntityRef(f"p{i}", f"مكان {i}", rng.choice(PLACE_KINDS)) for i in range(n_entities // 2)]
    outlets = [Agent(f"o{i}", f"وسيلة {i}") for i in range(20)]
    speakers = [Agent("lna", "قوات الكرامة", "lna")] + [
        Agent(f"s{i}", f"متحدث {i}", rng.choice(["lna", "gna", None])) for i in range(300)]
    weights = [1 / (i + 1) for i in range(len(actors))]  # a few actors do most of the acting
    article: ArticleRef | None = None
    for i in range(n):
        if article is None or i % 8 == 0:
            outlet = rng.choice(outlets)
            day = rng.randrange(1, 28)
            article = ArticleRef(id=stable_id("article", str(i)), path=f"articles/{i}.txt",
                                 outlet=outlet.name, title=f"عنوان المقال {i}",
                                 date=f"2020-0{rng.randrange(1, 10)}-{day:02d}")
            reporter = outlet
        rel = rng.choice(list(LABELS))
        subject = rng.choices(actors, weights)[0]
        obj = rng.choice(places) if rel in (RelationType.ASSAULT, RelationType.SEIZE,
                                            RelationType.RETREAT) and rng.random() < 0.7 \
            else rng.choices(actors, weights)[0]
        if obj.id == subject.id:
            continue
        speaker = rng.choice(speakers) if rng.random() < 0.4 else None
        via = rng.choice(outlets) if speaker and rng.random() < 0.5 else None
        modality = rng.choice(list(Modality)) if rng.random() < 0.2 else Modality.ASSERTED
        spans = []
        for _ in range(rng.randrange(1, 4)):
            start = rng.randrange(0, 5000)
            spans.append(Evidence(f"{subject.name} {LABELS[rel][0]} {obj.name} ({start})",
                                  start, start + 60))
        yield Claim(
            id=Claim.make_id(article.id, subject.id, rel, obj.id,
                             speaker.id if speaker else None, modality),
            article=article,
            subject=subject,
            relation=Relation(rel, rng.choice(LABELS[rel])),
            object=obj,
            attribution=Attribution(reporter=reporter, via=via, speaker=speaker),
            modality=modality,
            evidence=tuple(spans),
            confidence=round(rng.uniform(0.5, 1.0), 2),
            place=rng.choice(places) if rng.random() < 0.2 else None,
            time=TimeExpr("اليوم", article.date) if rng.random() < 0.3 else None,
            method="synthetic",
        )


def timed(fn: Callable[[], T]) -> tuple[T, float]:
    start = time.perf_counter()
    value = fn()
    return value, time.perf_counter() - start


class Timeout(Exception):
    pass


def _alarm(signum: int, frame: Any) -> None:
    raise Timeout


def rdflib_rows(ds: Dataset, query: str, limit_s: float) -> int | None:
    """Row count, or None when rdflib passes ``limit_s`` (it is pure Python: SIGALRM stops it)."""
    signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, limit_s)
    try:
        return len(list(ds.query(query)))
    except Timeout:
        return None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--claims", type=int, default=40_000, help="synthetic claims (default 40k)")
    ap.add_argument("--out", type=Path, help="directory for the dump (default: a temp dir)")
    ap.add_argument("--rdflib-timeout", type=float, default=120.0,
                    help="seconds before one rdflib query is abandoned (default 120)")
    ap.add_argument("--repeat", type=int, default=3, help="pyoxigraph runs per query (median)")
    args = ap.parse_args(argv)
    out = args.out or Path(tempfile.mkdtemp(prefix="kg-bench-rdf-"))
    out.mkdir(parents=True, exist_ok=True)
    dump = out / "bench.nq"

    claims, t_gen = timed(lambda: list(synthetic_claims(args.claims)))
    print(f"claims: {len(claims):,} generated in {t_gen:.1f} s")
    _, t_export = timed(lambda: export_rdf(claims, dump))
    n_quads = sum(1 for _ in dump.open("rb"))
    print(f"export  N-Quads: {n_quads:,} quads, {dump.stat().st_size / 1e6:.0f} MB "
          f"in {t_export:.1f} s ({n_quads / t_export:,.0f} quads/s)")
    nt = out / "bench.nt"
    _, t_export_nt = timed(lambda: export_rdf(claims, nt))
    print(f"export  N-Triples: {t_export_nt:.1f} s")

    _, t_load_ox = timed(lambda: store_for(dump))
    print(f"pyoxigraph: bulk load into a store {t_load_ox:.1f} s (once; reused afterwards)")
    ds = Dataset(default_union=True)
    _, t_load_rdflib = timed(lambda: ds.parse(dump, format="nquads"))
    print(f"rdflib:     parse into a Dataset   {t_load_rdflib:.1f} s (every session)")
    print(f"load ratio rdflib/pyoxigraph: {t_load_rdflib / t_load_ox:.1f}x\n")

    print(f"{'query':<42} {'rows':>7} {'oxigraph s':>11} {'rdflib s':>10} {'ratio':>7}")
    ratios = []
    for path in QUERIES:
        text = path.read_text(encoding="utf-8")
        ox_times = []
        for _ in range(args.repeat):
            result, t = timed(lambda p=path: query_sparql(str(p), dump))
            ox_times.append(t)
        t_ox = statistics.median(ox_times)
        rows, t_rdf = timed(lambda q=text: rdflib_rows(ds, q, args.rdflib_timeout))
        if rows is None:
            rdf_cell, ratio_cell = f">{args.rdflib_timeout:.0f}", "—"
        else:
            rdf_cell = f"{t_rdf:.2f}"
            ratios.append(t_rdf / t_ox)
            ratio_cell = f"{t_rdf / t_ox:.0f}x"
            if rows != len(result.rows):
                ratio_cell += f" (rdflib {rows} rows!)"
        print(f"{path.stem:<42} {len(result.rows):>7} {t_ox:>11.3f} {rdf_cell:>10} "
              f"{ratio_cell:>7}")
    if ratios:
        print(f"\nrdflib/pyoxigraph per query: median {statistics.median(ratios):.0f}x, "
              f"min {min(ratios):.0f}x, max {max(ratios):.0f}x "
              f"({len(ratios)} of {len(QUERIES)} finished within the rdflib cap)")
    print(f"dump and store left in {out}")


if __name__ == "__main__":
    sys.exit(main())
