"""RDF benchmark: the rdflib path (baseline) and kg's path, on the same synthetic data, one run.

    python bench/bench_rdf.py                      # 24k synthetic claims → about 1M quads
    python bench/bench_rdf.py --claims 5000        # a quick run
    python bench/bench_rdf.py --rdflib-timeout 60  # cap each rdflib query (pure Python, slow)

Synthetic claims are built with the model classes (kg.model) in the shape the extractor
produces: a few thousand entities with a long-tailed degree, articles from twenty outlets,
attribution chains with via outlets and speakers from two sides, one to three evidence spans.
Three measures, each old path against new path in the same run, with the ratio:

- dump writing (N-Quads sorted as `kg build` writes it, and Turtle): an rdflib graph of the
  quads serialised by rdflib, against ``export_rdf``; the two dumps are checked to hold the
  same quads;
- store load: rdflib parsing the N-Quads dump into a Dataset, against building the pyoxigraph
  store from the dump as ``kg build`` and ``kg query sparql`` do (``store_for``: the engine's
  bulk loader, on disk, kept for the next query); a store bulk-loaded in memory is timed too,
  for reference (faster, but gone with the process: every query would load the dump again);
- every saved query (queries/*.rq): rdflib on that Dataset, against ``query_sparql`` as a user
  runs it (store opened, query answered, values converted); the row counts are compared.

Timing only: nothing here is asserted.
"""

from __future__ import annotations

import argparse
import random
import shutil
import signal
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

import pyoxigraph as ox
from rdflib import Dataset, Graph
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

from kg.assemble import Assembly, assemble
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
from kg.rdf.mapping import assembly_quads, bind_prefixes, rdflib_quads
from kg.rdf.sparql import (
    STORE_SUFFIX,
    bind_params,
    query_sparql,
    read_query,
    run_on_store,
    store_for,
)

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


def rdflib_dump(assembly: Assembly, path: Path, fmt: str) -> None:
    """The rdflib path: an rdflib Dataset (or Graph) of the quads, serialised by rdflib.

    N-Quads come out of rdflib in hash order: sorted afterwards, as `kg build` requires.
    """
    quads = rdflib_quads(assembly_quads(assembly))
    if fmt == "nq":
        ds = Dataset()
        bind_prefixes(ds)
        graphs: dict[Any, Graph] = {None: ds.graph(DATASET_DEFAULT_GRAPH_ID)}
        batch = []
        for s, p, o, g in quads:
            if g not in graphs:
                graphs[g] = ds.graph(g)  # type: ignore[arg-type]
            batch.append((s, p, o, graphs[g]))
        ds.addN(batch)
        ds.serialize(destination=path, format="nquads", encoding="utf-8")
        lines = sorted(set(path.read_bytes().splitlines(keepends=True)))
        path.write_bytes(b"".join(lines))
    else:
        graph = Graph()
        bind_prefixes(graph)
        graph.addN((s, p, o, graph) for s, p, o, _ in quads)
        graph.serialize(destination=path, format="turtle", encoding="utf-8")


def same_quads(a: Path, b: Path) -> bool:
    """Whether two dumps hold the same quads (pyoxigraph reads both)."""
    return set(ox.parse(path=str(a))) == set(ox.parse(path=str(b)))


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


def ratio(old: float, new: float) -> str:
    return f"{old / new:.1f}x" if new > 0 else "—"


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--claims", type=int, default=24_000,
                    help="synthetic claims (default 24k: about a million quads)")
    ap.add_argument("--out", type=Path, help="directory for the dumps (default: a temp dir)")
    ap.add_argument("--formats", default="nq,ttl",
                    help="dump formats to time, comma-separated (default nq,ttl: what kg build "
                         "writes)")
    ap.add_argument("--rdflib-timeout", type=float, default=120.0,
                    help="seconds before one rdflib query is abandoned (default 120)")
    ap.add_argument("--repeat", type=int, default=3,
                    help="pyoxigraph runs per store build and per query (median)")
    ap.add_argument("--limit-s", type=float, default=0.3,
                    help="a saved query slower than this is flagged (default 0.3 s)")
    args = ap.parse_args(argv)
    out = args.out or Path(tempfile.mkdtemp(prefix="kg-bench-rdf-"))
    out.mkdir(parents=True, exist_ok=True)

    claims, t_gen = timed(lambda: list(synthetic_claims(args.claims)))
    assembly, t_asm = timed(lambda: assemble(claims))
    print(f"claims: {len(claims):,} generated in {t_gen:.1f} s, assembled in {t_asm:.1f} s")

    print("\ndump writing (from the same assembly)")
    print(f"{'format':<8} {'quads':>10} {'rdflib s':>9} {'kg s':>7} {'ratio':>7}  same quads")
    for fmt in [f.strip() for f in args.formats.split(",") if f.strip()]:
        old, new = out / f"rdflib.{fmt}", out / f"bench.{fmt}"
        _, t_old = timed(partial(rdflib_dump, assembly, old, fmt))
        _, t_new = timed(partial(export_rdf, assembly, new, fmt))
        n = sum(1 for _ in ox.parse(path=str(new)))
        print(f"{fmt:<8} {n:>10,} {t_old:>9.1f} {t_new:>7.2f} {ratio(t_old, t_new):>7}  "
              f"{'yes' if same_quads(old, new) else 'NO'}")

    dump = out / "bench.nq"
    if not dump.exists():
        export_rdf(assembly, dump)
    n_quads = sum(1 for _ in dump.open("rb"))
    print(f"\nstore load ({n_quads:,} quads, {dump.stat().st_size / 1e6:.0f} MB of N-Quads); "
          f"pyoxigraph: median of {args.repeat} builds")
    ds = Dataset(default_union=True)
    _, t_parse = timed(lambda: ds.parse(dump, format="nquads"))

    def build() -> Path:
        shutil.rmtree(dump.with_name(dump.name + STORE_SUFFIX), ignore_errors=True)
        return store_for(dump)

    def in_memory() -> None:
        ox.Store().bulk_load(path=str(dump), format=ox.RdfFormat.N_QUADS)

    t_load = statistics.median(timed(build)[1] for _ in range(args.repeat))
    t_mem = statistics.median(timed(in_memory)[1] for _ in range(args.repeat))
    print(f"rdflib parse into a Dataset (every session)    {t_parse:>7.1f} s")
    print(f"pyoxigraph store on disk (kg's: built once)    {t_load:>7.1f} s")
    print(f"pyoxigraph store in memory (reference only)    {t_mem:>7.1f} s")
    print(f"ratio {ratio(t_parse, t_load)} (in memory: {ratio(t_parse, t_mem)})")

    print(f"\nsaved queries on {n_quads:,} quads: rdflib on its Dataset, pyoxigraph on its open "
          f"store (median of {args.repeat}); «kg query s» also opens the store, as each CLI call "
          f"does")
    print(f"{'query':<40} {'rows':>7} {'rdflib s':>9} {'pyoxigraph s':>13} {'ratio':>8} "
          f"{'kg query s':>11}")
    store = ox.Store.read_only(str(store_for(dump)))
    ratios, slow = [], []
    for path in QUERIES:
        text = path.read_text(encoding="utf-8")
        engine = bind_params(read_query(str(path)), {})
        t_ox = statistics.median(
            timed(partial(run_on_store, store, engine))[1] for _ in range(args.repeat))
        result, _ = timed(partial(query_sparql, str(path), dump))
        t_cli = statistics.median(
            timed(partial(query_sparql, str(path), dump))[1] for _ in range(args.repeat))
        rows, t_rdf = timed(partial(rdflib_rows, ds, text, args.rdflib_timeout))
        if rows is None:
            capped = args.rdflib_timeout / t_ox
            rdf_cell, ratio_cell = f">{args.rdflib_timeout:.0f}", f">{capped:.0f}x"
            ratios.append(capped)
        else:
            rdf_cell, ratio_cell = f"{t_rdf:.2f}", ratio(t_rdf, t_ox)
            ratios.append(t_rdf / t_ox)
            if rows != len(result.rows):
                ratio_cell += f" (rdflib {rows} rows!)"
        flag = "  over the limit" if t_cli > args.limit_s else ""
        if flag:
            slow.append(path.stem[:2])
        print(f"{path.stem:<40} {len(result.rows):>7} {rdf_cell:>9} {t_ox:>13.3f} "
              f"{ratio_cell:>8} {t_cli:>11.3f}{flag}")
    print(f"\nrdflib/pyoxigraph per query: min {min(ratios):.0f}x, median "
          f"{statistics.median(ratios):.0f}x (a capped rdflib query counts at the cap); "
          f"kg query over {args.limit_s} s: {', '.join(slow) if slow else 'none'}")
    print(f"dumps and store left in {out}")


if __name__ == "__main__":
    main()
