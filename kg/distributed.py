"""Extraction on a Dask cluster (``kg build … --scheduler tcp://host:8786``).

Why Dask distributed: it is the standard Python engine for batches of Python work across
machines, its workers are plain Python processes that import kg like a local run does (no
serialised model or JVM in between), and a local cluster runs the same code in tests.

How a cluster build runs:

* The build (the client) lists the input files as a local build would (same order, same
  reasons for what it cannot read) and cuts the list into contiguous partitions.
* Each partition is one task. Its worker reads the files itself (the paths must be ones every
  worker sees, e.g. a shared file system; relative paths are resolved against the build's
  working directory), extracts them with the same extractor and data files, and writes its
  results as a partition file under the output folder's work directory (which must be shared
  too). With the build cache, the worker first looks each article up in it, read-only.
* The client reads the partition files back in input order, as a stream, and the build goes
  on from there exactly as a local one: the claims, and every output, are the same bytes.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

from kg.cache import CacheReader, ExtractionCache
from kg.claims_io import claim_from_dict
from kg.errors import ArticleError, ClusterError
from kg.model import Article

PARTS_DIR = "parts"  # inside the output folder's work directory


@dataclass(frozen=True)
class Partition:
    """One task: files to read and extract, and where to write what came of them."""

    number: int
    files: tuple[str, ...]  # as the user gave them (sources keep this spelling)
    cwd: str  # the build's working directory, for relative paths
    gazetteer: tuple[str, ...]
    lexicon: tuple[str, ...]
    out: str  # the partition file
    cache: str | None  # the build cache, opened read-only
    version: str
    gazetteer_hash: str


def _with_source(item: Article | ArticleError, given: str, read_as: str
                 ) -> Article | ArticleError:
    """An article or error read from ``read_as`` (absolute), named as the user gave it."""
    def fix(source: str) -> str:
        return given + source[len(read_as):] if source.startswith(read_as) else source

    if isinstance(item, ArticleError):
        return ArticleError(fix(item.source), item.reason, hint=item.hint)
    return replace(item, source=fix(item.source))


def extract_partition(task: Partition) -> int:
    """Run on a worker: read, extract and write one partition; returns its record count."""
    from kg.extract.extractor import use_data
    from kg.read import display_path, iter_articles

    use_data(list(task.gazetteer), list(task.lexicon))
    cache = None
    if task.cache is not None and Path(task.cache).exists():
        cache = CacheReader(Path(task.cache), task.version, task.gazetteer_hash)
    out = Path(task.out)
    tmp = out.with_suffix(".tmp")
    records = 0
    try:
        with tmp.open("w", encoding="utf-8") as stream:
            for given in task.files:
                path = Path(given) if Path(given).is_absolute() else Path(task.cwd) / given
                for raw in iter_articles([path]):
                    item = _with_source(raw, display_path(given), display_path(path))
                    stream.write(json.dumps(_record(item, cache), ensure_ascii=False) + "\n")
                    records += 1
        os.replace(tmp, out)
    finally:
        if cache is not None:
            cache.close()
        tmp.unlink(missing_ok=True)
    return records


def _record(item: Article | ArticleError, cache: CacheReader | None) -> dict[str, Any]:
    from kg.extract.extractor import extract_one

    if isinstance(item, ArticleError):
        return {"error": [item.source, item.reason, item.hint]}
    key, hit = cache.find(item) if cache is not None else (None, None)
    result = extract_one((item, hit))
    if isinstance(result, ArticleError):
        return {"error": [result.source, result.reason, result.hint]}
    meta = {k: v for k, v in asdict(item).items() if k != "text"}  # the claims quote it
    return {"article": meta, "key": key, "cached": result.cached,
            "lookups": sorted(result.lookups), "claims": list(result.lines)}


def _connect(scheduler: str) -> Any:
    try:
        from distributed import Client
    except ImportError as exc:  # pragma: no cover - a dependency of kg
        raise ClusterError("Dask distributed is not installed",
                           hint="pip install 'dask[distributed]'") from exc
    try:
        return Client(scheduler, timeout="10s", set_as_default=False)
    except (OSError, TimeoutError) as exc:
        raise ClusterError(f"cannot reach the Dask scheduler at {scheduler}: {exc}",
                           hint="start one (dask scheduler; dask worker ADDRESS) or check "
                                "the address given to --scheduler") from exc


def partition_size(files: int, workers: int) -> int:
    """Files per task: about eight tasks a worker (the last, small ones balance the load),
    at most 200 files so a lost worker costs little."""
    return max(1, min(200, -(-files // max(1, workers * 8))))


def extract_on_cluster(
    paths: Sequence[str | Path],
    scheduler: str,
    work_dir: Path,
    *,
    gazetteer: Sequence[str | Path] = (),
    lexicon: Sequence[str | Path] = (),
    on_error: Callable[[ArticleError], None] | None = None,
    cache: ExtractionCache | None = None,
) -> Iterator[Any]:
    """Like :func:`kg.extract.extract_claims`, with the extraction run on a Dask cluster."""
    from kg.extract.extractor import ArticleResult
    from kg.read import discover

    client = _connect(scheduler)
    parts = work_dir / PARTS_DIR
    shutil.rmtree(parts, ignore_errors=True)
    parts.mkdir(parents=True)
    try:
        workers = max(1, len(client.scheduler_info().get("workers", {})))
        # the inputs in order: runs of files become tasks, what cannot be read stays here
        plan: list[ArticleError | list[str]] = []
        for item in discover(paths):
            if isinstance(item, ArticleError):
                plan.append(item)
            elif plan and isinstance(plan[-1], list):
                plan[-1].append(str(item))
            else:
                plan.append([str(item)])
        files = sum(len(p) for p in plan if isinstance(p, list))
        size = partition_size(files, workers)
        if cache is not None:
            cache.commit()  # the workers read the gazetteer print the cache just recorded
        common = dict(cwd=os.getcwd(), gazetteer=tuple(str(p) for p in gazetteer),
                      lexicon=tuple(str(p) for p in lexicon),
                      cache=str(cache.path.resolve()) if cache is not None else None,
                      version=cache.version if cache is not None else "",
                      gazetteer_hash=cache.gazetteer_hash if cache is not None else "")
        steps: list[ArticleError | tuple[Partition, Any]] = []
        number = 0
        for run in plan:
            if isinstance(run, ArticleError):
                steps.append(run)
                continue
            for start in range(0, len(run), size):
                number += 1
                task = Partition(number, tuple(run[start:start + size]),
                                 out=str((parts / f"part-{number:05d}.jsonl").resolve()),
                                 **common)  # type: ignore[arg-type]
                steps.append((task, client.submit(extract_partition, task, pure=False)))
        for step in steps:
            if isinstance(step, ArticleError):
                if on_error:
                    on_error(step)
                continue
            done, future = step
            try:
                future.result()
            except Exception as exc:  # a worker lost, or a bug: the whole build must say so
                raise ClusterError(
                    f"extraction of partition {done.number} ({done.files[0]} …) failed on "
                    f"the cluster: {type(exc).__name__}: {exc}",
                    hint="check the workers' logs; every worker must see the input paths "
                         f"and {work_dir}") from exc
            yield from _results(Path(done.out), cache, on_error, ArticleResult)
    finally:
        client.close()
        shutil.rmtree(parts, ignore_errors=True)


def _results(part: Path, cache: ExtractionCache | None,
             on_error: Callable[[ArticleError], None] | None, result_type: Any) -> Iterator[Any]:
    """A partition file's articles (and errors, in their place), read as a stream."""
    with part.open(encoding="utf-8") as stream:
        for line in stream:
            rec = json.loads(line)
            if "error" in rec:
                if on_error:
                    source, reason, hint = rec["error"]
                    on_error(ArticleError(source, reason, hint=hint))
                continue
            meta = rec["article"]
            article = Article(text="", **{**meta, "notes": tuple(meta["notes"])})
            lines = tuple(rec["claims"])
            if cache is not None:
                if rec["cached"]:
                    cache.touch(rec["key"])
                else:
                    cache.misses += 1
                    cache.put(rec["key"], lines, rec["lookups"])
            claims = [claim_from_dict(json.loads(c)) for c in lines]
            yield result_type(article, claims, lines, frozenset(rec["lookups"]), rec["cached"])
