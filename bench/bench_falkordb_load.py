"""Load ≥100k synthetic claims into an embedded FalkorDB with the batched loader, and a subset
one query per claim, in the same run; print rows/s for both and the ratio.

    python bench/bench_falkordb_load.py [--claims 100000] [--baseline 2000] [--batch-size 1000]
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time

from kg import cypher
from kg.assemble import assemble
from kg.model import (
    Agent,
    ArticleRef,
    Attribution,
    Claim,
    EntityRef,
    EntityType,
    Evidence,
    Relation,
    RelationType,
)
from kg.stores.falkordb_server import FalkorServer
from kg.stores.falkordb_store import connect


def synthetic_claims(n: int, seed: int = 7) -> list[Claim]:
    """``n`` claims over 2,000 entities, 20,000 articles and 30 outlets."""
    rng = random.Random(seed)
    types = list(EntityType)
    entities = [EntityRef(f"e{i}", f"كيان {i}", types[i % len(types)]) for i in range(2000)]
    outlets = [Agent(f"o{i}", f"وكالة {i}", rng.choice(["lna", "gna", None])) for i in range(30)]
    relations = list(RelationType)
    claims = []
    for i in range(n):
        outlet = outlets[i % len(outlets)]
        art = i % 20000
        article = ArticleRef(id=f"a{art}", path=f"{art}.txt", outlet=outlet.name,
                             title=f"مقال {art}", date=f"2020-01-{1 + art % 28:02d}")
        subject, obj = rng.sample(entities, 2)
        sentence = f"{subject.name} فعل شيئا ضد {obj.name} ({i})"
        claims.append(Claim(
            id=f"c{i}", article=article, subject=subject, object=obj,
            relation=Relation(relations[i % len(relations)], "فعل"),
            attribution=Attribution(reporter=outlet,
                                    speaker=outlets[(i * 7) % len(outlets)] if i % 3 else None),
            evidence=(Evidence(sentence, 0, len(sentence)),),
        ))
    return claims


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--baseline", type=int, default=2_000)
    parser.add_argument("--batch-size", type=int, default=cypher.DEFAULT_BATCH_SIZE)
    args = parser.parse_args()

    claims = synthetic_claims(args.claims)
    with tempfile.TemporaryDirectory() as tmp, FalkorServer(tmp) as server:
        assert server.port is not None
        batched = connect(server.host, server.port, "batched")
        assembly = assemble(claims)
        t0 = time.perf_counter()
        batched.load(assembly, args.batch_size)
        batched_s = time.perf_counter() - t0
        batched_rate = len(claims) / batched_s

        naive = connect(server.host, server.port, "one_by_one")
        naive.ensure_schema()
        subset = claims[: args.baseline]
        t0 = time.perf_counter()
        for claim in subset:  # every statement of the plan, one claim at a time
            naive.execute(cypher.load_plan(assemble([claim]), 1))
        naive_s = time.perf_counter() - t0
        naive_rate = len(subset) / naive_s
        report = batched.report()

    print(f"batched (batch {args.batch_size}): {len(claims)} claims in {batched_s:.1f} s = "
          f"{batched_rate:,.0f} claims/s ({report.nodes} nodes, {report.edges} edges)")
    print(f"one query per claim:  {len(subset)} claims in {naive_s:.1f} s = "
          f"{naive_rate:,.0f} claims/s")
    print(f"ratio: {batched_rate / naive_rate:.1f}x")


if __name__ == "__main__":
    main()
