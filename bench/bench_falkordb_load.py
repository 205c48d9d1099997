"""Load ≥100k synthetic claims into an embedded FalkorDB three ways in the same run, on the same
data, and print claims/s for each:

* kg's batched loader (``FalkorStore.load``: the statements of :func:`kg.cypher.load_plan`);
* the raw engine: exactly the graph the loader wrote (dumped from it, outside the timing), written
  again with hand-written ``UNWIND $rows AS r MERGE (n:Label {id: r.id}) SET n += r.props`` and
  ``UNWIND … MATCH (a:L {id: r.a}), (b:M {id: r.b}) MERGE (a)-[e:T]->(b) SET e += r.props``
  statements, one per label set and per (label, type, label), in large batches, with the same
  indexes, sent straight through the falkordb client: the best a user writing Cypher by hand
  does for the same graph. The loader's rate as a percentage of it is the figure to watch
  (the bar: ≥ 80%);
* a subset one query per claim (every statement of the plan, one claim at a time).

The two graphs of each run must be equal (node and edge counts, labels, types, every property):
the bench stops with an error if they are not. Events are grouped before the timing, as
``kg build`` does (it passes them to the loader with their coordinates). The machine may be
shared, so the loader and the raw load alternate ``--repeat`` times and the fastest of each
counts.

    python bench/bench_falkordb_load.py [--claims 100000] [--batch-size 1000]
        [--raw-batch-size 10000] [--repeat 2] [--baseline 2000]
"""

from __future__ import annotations

import argparse
import json
import random
import tempfile
import time
from collections import defaultdict
from typing import Any

from kg import cypher
from kg.assemble import assemble
from kg.events import group_events
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
from kg.stores import LoadReport
from kg.stores.falkordb_server import FalkorServer
from kg.stores.falkordb_store import FalkorStore, connect

# Every node has exactly one of these labels, each with a unique id (kg.cypher's unique indexes).
KEY_LABELS: tuple[str, ...] = tuple(
    sorted(lbl for lbl, prop, unique in cypher.FALKORDB_INDEXES if unique and prop == "id"))

NodeGroups = dict[tuple[str, tuple[str, ...]], list[dict[str, Any]]]  # (label, extra labels)
EdgeGroups = dict[tuple[str, str, str, bool], list[dict[str, Any]]]  # (from, type, to, props?)


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


# ---------------------------------------------------------------- the graph as plain rows


def _json(store: FalkorStore, query: str) -> Any:
    """One server-side ``toJSON`` string, parsed: the Python client's RESP parser would take
    minutes over a million values. FalkorDB's toJSON escapes neither quotes nor backslashes: a
    backslash could decode to another string unnoticed, so none may occur (the synthetic data
    has none; a quote makes the JSON invalid, which fails loudly too)."""
    text = store.graph.ro_query(query).result_set[0][0]
    if "\\" in text:
        raise SystemExit("a backslash in the graph: toJSON would not round-trip it")
    return json.loads(text, strict=False)


def _key_label(labels: list[str]) -> str:
    keys = [lbl for lbl in labels if lbl in KEY_LABELS]
    if len(keys) != 1:
        raise SystemExit(f"a node with labels {labels} has not exactly one of {KEY_LABELS}")
    return keys[0]


def dump(store: FalkorStore) -> tuple[NodeGroups, EdgeGroups]:
    """Every node (labels, properties) and edge (ends, type, properties) of the graph, grouped
    as a hand-written load sends them: one statement per label set and per edge shape."""
    nodes: NodeGroups = defaultdict(list)
    edges: EdgeGroups = defaultdict(list)
    for key in KEY_LABELS:  # one label at a time keeps each JSON string a few tens of MB
        for labels, props in _json(store, f"MATCH (n:{key}) "
                                          "RETURN toJSON(collect([labels(n), properties(n)]))"):
            extra = tuple(sorted(lbl for lbl in labels if lbl != _key_label(labels)))
            node_id = props.pop("id")
            nodes[(key, extra)].append({"id": node_id, "props": props})
        for a_id, rel, props, b_labels, b_id in _json(
                store, f"MATCH (a:{key})-[r]->(b) "
                       "RETURN toJSON(collect([a.id, type(r), properties(r), labels(b), b.id]))"):
            row = {"a": a_id, "b": b_id, **({"props": props} if props else {})}
            edges[(key, rel, _key_label(b_labels), bool(props))].append(row)
    return dict(nodes), dict(edges)


def canonical(nodes: NodeGroups, edges: EdgeGroups) -> tuple[list[str], list[str]]:
    """The graph as two sorted lists of JSON lines, for an exact comparison of two graphs."""
    node_lines = sorted(json.dumps([key, extra, r["id"], r["props"]], sort_keys=True,
                                   ensure_ascii=False)
                        for (key, extra), rows in nodes.items() for r in rows)
    edge_lines = sorted(json.dumps([a, rel, b, r["a"], r["b"], r.get("props", {})],
                                   sort_keys=True, ensure_ascii=False)
                        for (a, rel, b, _), rows in edges.items() for r in rows)
    return node_lines, edge_lines


# ---------------------------------------------------------------- the raw engine's load


def raw_plan(nodes: NodeGroups, edges: EdgeGroups, size: int) -> list[cypher.Query]:
    """Hand-written statements for the dumped graph: nodes first, then the edges between them.
    Labels and types come from the graph kg wrote (its fixed vocabulary), values are parameters.
    """
    plan: list[cypher.Query] = []
    for (key, extra), rows in nodes.items():
        text = (f"UNWIND $rows AS r MERGE (n:{key} {{id: r.id}}) SET n += r.props"
                + (f" SET n{''.join(f':{lbl}' for lbl in extra)}" if extra else ""))
        plan += [(text, {"rows": batch}) for batch in cypher.batches(rows, size)]
    for (a, rel, b, has_props), rows in edges.items():
        text = (f"UNWIND $rows AS r MATCH (a:{a} {{id: r.a}}), (b:{b} {{id: r.b}}) "
                f"MERGE (a)-[e:{rel}]->(b)" + (" SET e += r.props" if has_props else ""))
        plan += [(text, {"rows": batch}) for batch in cypher.batches(rows, size)]
    return plan


def raw_load(store: FalkorStore, plan: list[cypher.Query]) -> float:
    """Seconds to create the same indexes and run ``plan`` through the client, one statement
    after another."""
    t0 = time.perf_counter()
    store.ensure_schema()
    for text, params in plan:
        store.graph.query(text, params)
    return time.perf_counter() - t0


def same_counts(a: LoadReport, b: LoadReport) -> bool:
    return (a.nodes, a.edges, a.labels, a.types) == (b.nodes, b.edges, b.labels, b.types)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--batch-size", type=int, default=cypher.DEFAULT_BATCH_SIZE,
                        help="the loader's batch size")
    parser.add_argument("--raw-batch-size", type=int, default=10_000,
                        help="rows per hand-written statement")
    parser.add_argument("--repeat", type=int, default=2,
                        help="alternate loader and raw load this many times; the fastest counts")
    parser.add_argument("--baseline", type=int, default=2_000,
                        help="claims loaded one query per claim (0: skip)")
    args = parser.parse_args()
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")

    claims = synthetic_claims(args.claims)
    assembly = assemble(claims)
    t0 = time.perf_counter()
    events = group_events(assembly)
    events_s = time.perf_counter() - t0
    loader_times: list[float] = []
    raw_times: list[float] = []
    with tempfile.TemporaryDirectory() as tmp, FalkorServer(tmp) as server:
        assert server.port is not None
        graph_count = 0

        def fresh(name: str) -> FalkorStore:
            nonlocal graph_count
            graph_count += 1
            return connect(server.host, server.port or 0, f"{name}{graph_count}")

        for _ in range(args.repeat):
            loaded = fresh("loader")
            t0 = time.perf_counter()
            loaded.load(assembly, args.batch_size, events)
            loader_times.append(time.perf_counter() - t0)
            # The raw load's rows come from the graph just written, and are dropped after its
            # run: during the loader's next run the process holds what a real load holds.
            loader_report = loaded.report()
            nodes, edges = dump(loaded)
            loaded.clear()
            expected = canonical(nodes, edges)
            plan = raw_plan(nodes, edges, args.raw_batch_size)
            del nodes, edges
            raw = fresh("raw")
            raw_times.append(raw_load(raw, plan))
            statements = len(plan)
            del plan
            raw_report = raw.report()
            if not same_counts(loader_report, raw_report):
                raise SystemExit(f"the two graphs differ:\n  loader {loader_report}\n"
                                 f"  raw    {raw_report}")
            if canonical(*dump(raw)) != expected:
                raise SystemExit("the two graphs have the same counts but differ in labels, "
                                 "properties or edges")
            del expected
            raw.clear()

        naive_rate = 0.0
        if args.baseline:
            naive = fresh("one_by_one")
            naive.ensure_schema()
            subset = claims[: args.baseline]
            t0 = time.perf_counter()
            for claim in subset:  # every statement of the plan, one claim at a time
                naive.execute(cypher.load_plan(assemble([claim]), 1))
            naive_s = time.perf_counter() - t0
            naive_rate = len(subset) / naive_s
            naive.clear()

    loader_s, raw_s = min(loader_times), min(raw_times)
    loader_rate, raw_rate = len(claims) / loader_s, len(claims) / raw_s
    graph = f"{loader_report.nodes:,} nodes, {loader_report.edges:,} edges"
    print(f"{len(claims):,} claims; events grouped before loading in {events_s:.1f} s")
    print(f"kg loader (batch {args.batch_size}): {loader_s:.1f} s = {loader_rate:,.0f} claims/s "
          f"({graph}); runs: {', '.join(f'{t:.1f}' for t in loader_times)} s")
    print(f"raw engine (batch {args.raw_batch_size}, {statements} statements): {raw_s:.1f} s = "
          f"{raw_rate:,.0f} claims/s ({raw_report.nodes:,} nodes, {raw_report.edges:,} edges); "
          f"runs: {', '.join(f'{t:.1f}' for t in raw_times)} s")
    print("graphs equal: same node and edge counts, labels, types and properties")
    ratio = loader_rate / raw_rate
    print(f"loader at {ratio:.0%} of the raw engine's rate "
          f"(bar: ≥ 80%: {'met' if ratio >= 0.8 else 'NOT met'})")
    if args.baseline:
        print(f"one query per claim: {args.baseline:,} claims = {naive_rate:,.0f} claims/s; "
              f"the loader is {loader_rate / naive_rate:.1f}x faster")


if __name__ == "__main__":
    main()
