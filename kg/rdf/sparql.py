"""SPARQL over an RDF dump, answered by pyoxigraph.

A dump is bulk-loaded once into a persistent store next to it (``<dump>.oxigraph/``, or a cache
directory when the dump's directory is read-only) and reused until the dump changes. The store
holds the dump's quads as they are; queries see every graph as the default graph
(pyoxigraph's union mode), so the same query works on a Turtle dump and on an N-Quads dump with
one named graph per article (``GRAPH ?g { … }`` still selects one article's graph). In that mode
a triple stated in two graphs matches twice; kg's dumps state each triple in one graph.

The store is built by the engine's bulk loader straight from the file. A line-based dump
(N-Triples, N-Quads) of some size is cut at line ends into ranges that loaders read side by side:
one loader parses its whole batch before it sorts it into the indexes, so on its own it keeps
one core busy at a time.
"""

from __future__ import annotations

import csv
import io
import json
import mmap
import os
import re
import shutil
import tempfile
from collections import deque
from collections.abc import Iterator, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kg.errors import QueryError
from kg.model import stable_id

STORE_SUFFIX = ".oxigraph"
STAMP = "kg-source.json"  # what the store was built from: dump size and mtime
STORE_LAYOUT = 3  # bump to force a rebuild when the way stores are built changes

Value = str | int | float | bool | None

_XSD = "http://www.w3.org/2001/XMLSchema#"
_INTEGERS = {
    _XSD + t
    for t in (
        "integer",
        "int",
        "long",
        "short",
        "byte",
        "nonNegativeInteger",
        "positiveInteger",
        "negativeInteger",
        "nonPositiveInteger",
        "unsignedInt",
        "unsignedLong",
        "unsignedShort",
        "unsignedByte",
    )
}
_FLOATS = {_XSD + t for t in ("decimal", "double", "float")}


@dataclass(frozen=True)
class SparqlResult:
    """Rows of a SELECT (a CONSTRUCT gives subject/predicate/object rows, an ASK one boolean)."""

    columns: tuple[str, ...]
    rows: tuple[tuple[Value, ...], ...]

    def as_dicts(self) -> list[dict[str, Value]]:
        return [dict(zip(self.columns, row, strict=True)) for row in self.rows]

    def column(self, name: str) -> list[Value]:
        i = self.columns.index(name)
        return [row[i] for row in self.rows]


def _one_line(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def read_query(query: str) -> str:
    """The query text: ``query`` itself, or the file it names (``@file.rq`` or ``path.rq``)."""
    ref = query.strip()
    if ref.startswith("@") or (ref.endswith(".rq") and "\n" not in ref and " " not in ref):
        path = Path(ref.removeprefix("@"))
        try:
            return path.read_text(encoding="utf-8")
        except OSError as exc:
            raise QueryError(
                f"cannot read query file {path}: {exc.strerror or exc}",
                hint="pass the SPARQL text, @file.rq or a path to a .rq file",
            ) from exc
    return query


def _sparql_literal(value: str, lang: str = "") -> str:
    if not lang and re.fullmatch(r"-?\d+", value):
        return value
    escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"' + (f"@{lang}" if lang else "")


# a string literal of a VALUES block, with its language tag if any
_DEFAULT_FORM = re.compile(r'"(?:[^"\\]|\\.)*"(?:@([A-Za-z]+(?:-[A-Za-z0-9]+)*))?')


def bind_params(query: str, params: Mapping[str, str]) -> str:
    """Set a saved query's parameters: each is its ``VALUES ?name { … }`` block.

    The block holds the default, so the file runs as is in any SPARQL engine or UI. The value
    takes each form the default has: ``{ "x" "x"@ar }`` (an id, or a name in Arabic, each found
    by one index lookup) becomes ``{ "v" "v"@ar }``.
    """
    for name, value in params.items():
        block = re.compile(r"VALUES\s+\?" + re.escape(name) + r"\s*\{([^}]*)\}", re.IGNORECASE)
        found = block.search(query)
        if not found:
            raise QueryError(
                f"the query has no parameter ?{name}",
                hint=f"a parameter is a VALUES ?{name} {{ … }} block in the query",
            )
        langs = dict.fromkeys(m.group(1) or "" for m in _DEFAULT_FORM.finditer(found.group(1)))
        forms = " ".join(_sparql_literal(value, lang) for lang in langs or [""])
        replacement = f"VALUES ?{name} {{ {forms} }}"
        query = block.sub(lambda _m, r=replacement: r, query)  # type: ignore[misc]
    return query


def _rdf_format(dump: Path) -> ox.RdfFormat:
    ext = dump.suffix.lower().lstrip(".")
    fmt = ox.RdfFormat.JSON_LD if ext in ("jsonld", "json") else None
    if fmt is None:
        fmt = ox.RdfFormat.from_extension(ext) if ext else None
    if fmt is None:
        raise QueryError(
            f"cannot tell the RDF format of {dump} from its suffix",
            hint="use .ttl, .nt, .nq, .trig or .jsonld",
        )
    return fmt


def _stamp(dump: Path) -> dict[str, Any]:
    st = dump.stat()
    return {
        "dump": str(dump.resolve()),
        "size": st.st_size,
        "mtime_ns": st.st_mtime_ns,
        "layout": STORE_LAYOUT,
    }


def _cache_home() -> Path:
    root = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(root) / "kg" / "sparql"


def store_dir_for(dump: Path, cache_dir: Path | None = None) -> Path:
    """Where the store built from ``dump`` lives: next to it, or under ``cache_dir``."""
    if cache_dir is not None:
        return cache_dir / f"{dump.name}-{stable_id(str(dump.resolve()), length=12)}{STORE_SUFFIX}"
    return dump.with_name(dump.name + STORE_SUFFIX)


def _is_fresh(store_dir: Path, dump: Path) -> bool:
    try:
        recorded = json.loads((store_dir / STAMP).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return bool(recorded == _stamp(dump) and (store_dir / "store").is_dir())


# A dump is loaded in chunks of about this many bytes, cut at line ends, up to _LOADERS at
# once: the engine's bulk loader holds its whole input in memory (about 1 GB per million
# quads), so chunks bound the memory whatever the dump's size, and two at once use two cores.
_CHUNK = 16 << 20
_LOADERS = 2


def _splittable(dump: Path, fmt: ox.RdfFormat) -> bool:
    """Whether ``dump`` can be loaded in pieces: a line format (each line a whole triple or
    quad) naming no blank node, since each load names blank nodes afresh (``_:`` inside a
    literal also keeps the dump whole: a rare, safe miss)."""
    if fmt not in (ox.RdfFormat.N_TRIPLES, ox.RdfFormat.N_QUADS) or dump.stat().st_size == 0:
        return False
    with dump.open("rb") as f, mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) as data:
        return data.find(b"_:") == -1


def _chunks(dump: Path) -> Iterator[bytes]:
    """The dump's bytes in pieces of whole lines."""
    with dump.open("rb") as f:
        rest = b""
        while block := f.read(_CHUNK):
            block = rest + block
            cut = block.rfind(b"\n") + 1
            rest = block[cut:]
            if cut:
                yield block[:cut]
        if rest:
            yield rest


def _load(store: ox.Store, dump: Path, fmt: ox.RdfFormat, split: bool) -> None:
    if not split:
        store.bulk_load(path=str(dump), format=fmt)
        return
    workers = min(_LOADERS, os.cpu_count() or 1)
    with ThreadPoolExecutor(workers) as pool:  # the loader releases the GIL
        running: deque[Future[None]] = deque()
        for chunk in _chunks(dump):
            running.append(pool.submit(store.bulk_load, chunk, fmt))
            if len(running) >= workers:
                running.popleft().result()  # at most `workers` chunks read at once
        for done in running:
            done.result()
    # each chunk is a set of table files of its own: compacted into a few, lookups read
    # a few files instead of dozens (the saved queries run about twice as fast)
    store.optimize()


def _syntax_error(dump: Path, fmt: ox.RdfFormat, exc: Exception) -> Exception:
    """The error to report: a chunk's loader counts lines from the start of its chunk, so the
    dump is parsed again, as one stream, for the position in the file."""
    try:
        for _ in ox.parse(path=str(dump), format=fmt):
            pass
    except (SyntaxError, ValueError) as whole:
        return whole
    return exc


def _build(dump: Path, store_dir: Path) -> None:
    """Bulk-load ``dump`` into a fresh store beside ``store_dir`` and swap it in."""
    store_dir.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{store_dir.name}.", dir=store_dir.parent))
    try:
        stamp = _stamp(dump)
        fmt = _rdf_format(dump)
        split = _splittable(dump, fmt)
        store = ox.Store(str(tmp / "store"))
        try:
            _load(store, dump, fmt, split)
        except (SyntaxError, ValueError) as exc:
            error = _syntax_error(dump, fmt, exc) if split else exc
            raise QueryError(
                f"{dump} is not valid RDF: {_one_line(str(error))}",
                hint="re-export it with `kg export rdf`",
            ) from exc
        store.flush()
        # the last reference: the RocksDB handle closes before the directory moves (no
        # gc.collect(), which in a process holding a big graph takes seconds)
        del store
        (tmp / STAMP).write_text(json.dumps(stamp), encoding="utf-8")
        old = store_dir.with_name(store_dir.name + ".old")
        if store_dir.exists():
            shutil.rmtree(old, ignore_errors=True)
            store_dir.rename(old)
        tmp.rename(store_dir)
        shutil.rmtree(old, ignore_errors=True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


@dataclass(frozen=True)
class DumpDelta:
    """How a sorted N-Quads dump changed: the lines it lost and the lines it gained."""

    removed: tuple[bytes, ...]
    added: tuple[bytes, ...]
    kept: int  # lines in both

    @property
    def size(self) -> int:
        return len(self.removed) + len(self.added)


def sorted_dump_delta(old: Path, new: Path) -> DumpDelta:
    """The delta between two N-Quads dumps whose lines are sorted (as ``kg build`` writes
    them), read side by side in one pass: memory holds only the changed lines."""
    removed: list[bytes] = []
    added: list[bytes] = []
    kept = 0
    with old.open("rb") as a, new.open("rb") as b:
        x, y = a.readline(), b.readline()
        while x and y:
            if x == y:
                kept += 1
                x, y = a.readline(), b.readline()
            elif x < y:
                removed.append(x)
                x = a.readline()
            else:
                added.append(y)
                y = b.readline()
        while x:
            removed.append(x)
            x = a.readline()
        while y:
            added.append(y)
            y = b.readline()
    return DumpDelta(tuple(removed), tuple(added), kept)


# Past this share of the dump changed, the bulk loader into a fresh store is the faster way
_DELTA_MAX_SHARE = 0.2


def fresh_store(dump: Path) -> Path | None:
    """The store directory next to ``dump`` when it holds exactly ``dump``, else None."""
    store_dir = store_dir_for(dump)
    return store_dir if dump.is_file() and _is_fresh(store_dir, dump) else None


def update_store(store_dir: Path, dump: Path, delta: DumpDelta) -> bool:
    """Apply ``delta`` to the store built from the dump ``dump`` replaced, and stamp it as
    ``dump``'s; False (store untouched) when a fresh bulk load is the better way: a big
    change, blank nodes (which two loads name differently), or a store that cannot be updated.

    The stamp goes first and the new one comes last: a build killed halfway leaves a store
    with no stamp, which the next query rebuilds.
    """
    if delta.size > _DELTA_MAX_SHARE * (delta.kept + len(delta.added)):
        return False
    if any(b"_:" in line for line in (*delta.removed, *delta.added)):
        return False
    (store_dir / STAMP).unlink(missing_ok=True)  # not the old dump's store any more
    try:
        _apply(store_dir / "store", delta)
    except (OSError, RuntimeError):
        # a store that cannot be opened or written (a full disk; damaged files, which
        # RocksDB reports as a RuntimeError): unstamped, so the caller's next query
        # bulk-loads the dump into a new one
        return False
    (store_dir / STAMP).write_text(json.dumps(_stamp(dump)), encoding="utf-8")
    return True


def _apply(path: Path, delta: DumpDelta) -> None:
    store = ox.Store(str(path))
    try:
        for quad in ox.parse(b"".join(delta.removed), format=ox.RdfFormat.N_QUADS):
            store.remove(quad)
        store.extend(ox.parse(b"".join(delta.added), format=ox.RdfFormat.N_QUADS))
        store.flush()
    finally:
        del store  # the last reference closes the RocksDB handle


def store_for(data: str | Path, cache_dir: str | Path | None = None) -> Path:
    """The pyoxigraph store directory answering for ``data`` (a dump or a store directory).

    A dump's store is built on first use and rebuilt when the dump's size or mtime changes.
    """
    path = Path(data)
    if path.is_dir():
        return path / "store" if (path / STAMP).exists() else path
    if not path.is_file():
        raise QueryError(
            f"no RDF dump or store at {path}",
            hint="export one with `kg export rdf claims.jsonl -o kg.nq`",
        )
    candidates = [store_dir_for(path, Path(cache_dir) if cache_dir else None)]
    if cache_dir is None:
        candidates.append(store_dir_for(path, _cache_home()))
    last: OSError | None = None
    for store_dir in candidates:
        if _is_fresh(store_dir, path):
            return store_dir / "store"
        try:
            _build(path, store_dir)
            return store_dir / "store"
        except OSError as exc:  # read-only directory: try the cache
            last = exc
    raise QueryError(
        f"cannot build a SPARQL store for {path}: {last}", hint="pass a writable cache directory"
    )


_STRING, _BOOLEAN = _XSD + "string", _XSD + "boolean"


def _value(term: Any) -> Value:
    # called once per cell: the commonest kinds first, a literal's datatype read only when it
    # has no language tag (reading it builds a new NamedNode)
    kind = type(term)
    if kind is ox.Literal:
        if term.language:
            return term.value
        dt = term.datatype.value
        if dt == _STRING:
            return term.value
        try:
            if dt in _INTEGERS:
                return int(term.value)
            if dt in _FLOATS:
                return float(term.value)
        except ValueError:
            return term.value
        if dt == _BOOLEAN:
            return term.value in ("true", "1")
        return term.value
    if kind is ox.NamedNode:
        return term.value
    if term is None:
        return None
    if kind is ox.BlankNode:
        return f"_:{term.value}"
    return str(term)


def _rows(result: Any) -> tuple[tuple[str, ...], Iterator[tuple[Value, ...]]]:
    if isinstance(result, ox.QueryBoolean):
        return ("ask",), iter([(bool(result),)])
    if isinstance(result, ox.QueryTriples):
        return ("subject", "predicate", "object"), (
            (_value(t.subject), _value(t.predicate), _value(t.object)) for t in result
        )
    columns = tuple(v.value for v in result.variables)
    return columns, (tuple(map(_value, sol)) for sol in result)  # a solution iterates in order


def syntax_message(message: str, query: str) -> str:
    """pyoxigraph's parse error, short: where it is, the words there, what was expected."""
    message = _one_line(message)
    where = re.search(r"error at (\d+):(\d+)", message)
    if not where:
        return message if len(message) <= 200 else message[:200] + "…"
    line, col = int(where.group(1)), int(where.group(2))
    lines = query.splitlines() or [""]
    text = lines[line - 1] if 0 < line <= len(lines) else ""
    near = text[max(col - 21, 0) : col + 19].strip()
    expected = message[where.end() :].lstrip(": ")
    if len(expected) > 80:
        expected = expected[:80].rsplit(",", 1)[0] + ", …"
    return f"line {line}, column {col}, near «{near}»: {expected}"


def run_on_store(store: ox.Store, query: str, *, union: bool = True) -> SparqlResult:
    """Run ``query`` on an open store; a malformed query raises :class:`QueryError`.

    ``union``: the default graph is the union of all graphs (as :func:`query_sparql` asks).
    """
    try:
        result = store.query(query, use_default_graph_as_union=union)
        columns, rows = _rows(result)
        return SparqlResult(columns, tuple(rows))
    except SyntaxError as exc:
        raise QueryError(
            f"malformed SPARQL: {syntax_message(str(exc), query)}",
            hint="check the query's syntax and PREFIX declarations",
        ) from exc
    except (OSError, ValueError, TypeError) as exc:  # evaluation errors (e.g. SERVICE)
        raise QueryError(f"SPARQL query failed: {_one_line(str(exc))}") from exc


def query_sparql(
    query: str,
    data: str | Path,
    *,
    params: Mapping[str, str] | None = None,
    cache_dir: str | Path | None = None,
) -> SparqlResult:
    """Answer ``query`` (text, ``@file.rq`` or a .rq path) over ``data`` (dump or store dir).

    ``params`` set the query's ``VALUES ?name { … }`` defaults (see :func:`bind_params`).
    """
    text = bind_params(read_query(query), params or {})
    store_path = store_for(data, cache_dir)
    try:
        store = ox.Store.read_only(str(store_path))
    except OSError as exc:
        raise QueryError(
            f"{data} is not a pyoxigraph store: {_one_line(str(exc))}",
            hint="pass a dump (.ttl, .nt, .nq, .trig, .jsonld) or a store",
        ) from exc
    return run_on_store(store, text)


def to_csv(result: SparqlResult) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(result.columns)
    writer.writerows(["" if v is None else v for v in row] for row in result.rows)
    return buf.getvalue()


def to_json(result: SparqlResult) -> str:
    return json.dumps(result.as_dicts(), ensure_ascii=False, indent=2)
