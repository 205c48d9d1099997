"""Write claims as an RDF dump: Turtle, N-Triples, N-Quads, TriG or JSON-LD, atomically.

The mapping gives quads as N-Triples terms, so the line formats are written directly (unique
lines, sorted: the same claims always give the same bytes) and the others by pyoxigraph's
serialisers from those lines, with no graph held in an RDF library's object model.
"""

from __future__ import annotations

import contextlib
import heapq
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

import pyoxigraph as ox

from kg.assemble import Assembly
from kg.claims_io import read_claims
from kg.errors import ExportError
from kg.events import Event
from kg.model import Claim
from kg.rdf.mapping import (
    DATA_PREFIXES,
    DEFAULT_BASE,
    PREFIXES,
    Quad,
    as_assembly,
    assembly_quads,
    normalise_base,
)

# our name → (pyoxigraph format, carries named graphs)
FORMATS: dict[str, tuple[ox.RdfFormat, bool]] = {
    "ttl": (ox.RdfFormat.TURTLE, False),
    "nt": (ox.RdfFormat.N_TRIPLES, False),
    "nq": (ox.RdfFormat.N_QUADS, True),
    "trig": (ox.RdfFormat.TRIG, True),
    "jsonld": (ox.RdfFormat.JSON_LD, True),
}
SUFFIXES: dict[str, str] = {
    ".ttl": "ttl",
    ".turtle": "ttl",
    ".nt": "nt",
    ".nq": "nq",
    ".trig": "trig",
    ".jsonld": "jsonld",
    ".json": "jsonld",
}


def format_for(path: str | Path, fmt: str | None = None) -> str:
    """The export format: ``fmt`` when given, else inferred from the file suffix."""
    if fmt is not None:
        key = fmt.lower().lstrip(".")
        if key not in FORMATS:
            raise ExportError(
                f"unknown RDF format '{fmt}'", hint=f"use one of {', '.join(FORMATS)}"
            )
        return key
    suffix = Path(path).suffix.lower()
    if suffix not in SUFFIXES:
        raise ExportError(
            f"cannot tell the RDF format of '{path}' from its suffix",
            hint=f"pass --format ({', '.join(FORMATS)})",
        )
    return SUFFIXES[suffix]


# Lines are deduplicated in the order the mapping makes them (dict keys keep it), then sorted:
# that order is already mostly sorted (claims come by id, a node's quads together), which
# timsort turns into a few merges, several times faster than sorting a shuffled set.


def _line(quad: Quad) -> bytes:
    s, p, o, g = quad
    return b" ".join((s, p, o, g, b".\n")) if g else b" ".join((s, p, o, b".\n"))


def nquads_lines(quads: Iterable[Quad]) -> list[bytes]:
    """Each distinct quad once as an N-Quads line, in byte order."""
    return sorted(
        dict.fromkeys(
            b" ".join((s, p, o, g, b".\n")) if g else b" ".join((s, p, o, b".\n"))
            for s, p, o, g in quads
        )
    )


def ntriples_lines(quads: Iterable[Quad]) -> list[bytes]:
    """Each distinct triple once (graphs merged) as an N-Triples line, in byte order."""
    return sorted(dict.fromkeys(b" ".join((s, p, o, b".\n")) for s, p, o, _ in quads))


def _by_graph(quads: Iterable[Quad]) -> list[bytes]:
    """N-Quads lines grouped by graph (default graph first), for the formats that nest graphs."""
    unique = sorted(dict.fromkeys((g or b"", s, p, o) for s, p, o, g in quads))
    return [_line((s, p, o, g or None)) for g, s, p, o in unique]


def prefixes(base: str = DEFAULT_BASE) -> dict[str, str]:
    base = normalise_base(base)
    return {**PREFIXES, **{name: base + path for name, path in DATA_PREFIXES}}


def _write_turtle(ntriples: list[bytes], stream: BinaryIO, base: str) -> None:
    # sorted lines: each subject's triples together, as Turtle groups them
    triples = ox.parse(b"".join(ntriples), ox.RdfFormat.N_TRIPLES)
    ox.serialize(triples, stream, ox.RdfFormat.TURTLE, prefixes=prefixes(base))


def write_quads(
    quads: Iterable[Quad], stream: BinaryIO, fmt: str, base: str = DEFAULT_BASE
) -> None:
    """Serialise ``quads`` to ``stream`` in format ``fmt`` (a key of :data:`FORMATS`)."""
    if fmt == "nq":
        stream.write(b"".join(nquads_lines(quads)))
    elif fmt == "nt":
        stream.write(b"".join(ntriples_lines(quads)))
    elif fmt == "ttl":
        _write_turtle(ntriples_lines(quads), stream, base)
    else:  # TriG, JSON-LD: nested by graph
        parsed = ox.parse(b"".join(_by_graph(quads)), ox.RdfFormat.N_QUADS)
        ox.serialize(parsed, stream, FORMATS[fmt][0], prefixes=prefixes(base))


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _write_atomically(target: Path, write: Callable[[BinaryIO], None]) -> None:
    """Write next to ``target`` and rename: the file appears complete or not at all."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as exc:
        raise ExportError(
            f"cannot write {target}: {exc.strerror or exc}",
            hint="choose a writable directory with -o",
        ) from exc
    try:
        with os.fdopen(fd, "wb") as stream:
            write(stream)
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes it private; a dump is for sharing
        os.replace(tmp, target)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise ExportError(
            f"cannot write {target}: {exc.strerror or exc}",
            hint="check the path and free disk space",
        ) from exc
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def export_rdf(
    claims: Iterable[Claim] | Assembly | str | Path,
    path: str | Path,
    fmt: str | None = None,
    *,
    base: str = DEFAULT_BASE,
    events: Iterable[Event] = (),
) -> Path:
    """Write ``claims`` (objects, an Assembly, or a claims.jsonl path) as RDF to ``path``.

    Raises :class:`ExportError` for an unknown format, a base that is not an IRI or an
    unwritable path.
    """
    target = Path(path)
    key = format_for(target, fmt)
    if isinstance(claims, (str, Path)):
        claims = list(read_claims(claims))
    base = normalise_base(base)
    assembly = as_assembly(claims)
    _write_atomically(
        target,
        lambda stream: write_quads(assembly_quads(assembly, base, events), stream, key, base),
    )
    return target


LINE_FORMATS = ("nq", "nt", "ttl")  # the formats a :class:`LineDump` writes
# Distinct lines a LineDump holds before it writes them, sorted, to a chunk file of its spill
# folder: about 150 MB of lines and their dictionary; the dump then costs that much memory
# however big, and the chunks are merged as the files are written.
CHUNK_LINES = 500_000


def _unique(lines: Iterable[bytes]) -> Iterator[bytes]:
    """Sorted lines without their repeats (a line in two chunks comes twice in the merge)."""
    last = None
    for line in lines:
        if line != last:
            yield line
            last = line


@dataclass
class LineDump:
    """The quads of one export as distinct N-Quads lines, made once for several dumps (kg build
    writes Turtle and N-Quads): the mapping's pass over every claim is the dearest part of a
    dump. A quad's N-Triples line is its N-Quads line without the graph, so each line keeps
    where its triple ends (0 in the default graph, where the two lines are the same).

    Given a ``spill`` folder, every :data:`CHUNK_LINES` lines are sorted into a pair of chunk
    files there (N-Quads and N-Triples) and the dumps are merged from them: memory stays
    bounded on any corpus, and the bytes are those of a dump sorted in memory. ``close()``
    (or the ``with`` block) removes the chunks."""

    ends: dict[bytes, int]  # N-Quads line → length of its triple, in the mapping's order
    base: str = DEFAULT_BASE
    chunks: list[tuple[Path, Path]] = field(default_factory=list)  # (N-Quads, N-Triples)
    spill: Path | None = None

    @staticmethod
    def of(claims: Iterable[Claim] | Assembly, *, base: str = DEFAULT_BASE,
           events: Iterable[Event] = (), spill: Path | None = None,
           chunk_lines: int = CHUNK_LINES) -> LineDump:
        base = normalise_base(base)
        dump = LineDump({}, base, spill=spill)
        ends = dump.ends
        for s, p, o, g in assembly_quads(as_assembly(claims), base, events):
            if g:
                triple = b" ".join((s, p, o))
                ends.setdefault(b" ".join((triple, g, b".\n")), len(triple))
            else:
                ends.setdefault(b" ".join((s, p, o, b".\n")), 0)
            if spill is not None and len(ends) >= chunk_lines:
                dump._spill()
                ends = dump.ends
        return dump

    def _spill(self) -> None:
        assert self.spill is not None
        self.spill.mkdir(parents=True, exist_ok=True)
        n = len(self.chunks)
        pair = (self.spill / f"chunk-{n:05d}.nq", self.spill / f"chunk-{n:05d}.nt")
        pair[0].write_bytes(b"".join(self._sorted_nquads()))
        pair[1].write_bytes(b"".join(self._sorted_ntriples()))
        self.chunks.append(pair)
        self.ends = {}

    def _sorted_nquads(self) -> list[bytes]:
        return sorted(self.ends)

    def _sorted_ntriples(self) -> list[bytes]:
        return sorted(dict.fromkeys(line[:end] + b" .\n" if end else line
                                    for line, end in self.ends.items()))

    def _merged(self, which: int) -> Iterator[bytes]:
        with contextlib.ExitStack() as files:
            streams = [files.enter_context(pair[which].open("rb")) for pair in self.chunks]
            held = self._sorted_nquads() if which == 0 else self._sorted_ntriples()
            yield from _unique(heapq.merge(*streams, held))

    def nquads(self) -> Iterator[bytes]:
        """:func:`nquads_lines` of the quads."""
        return iter(self._sorted_nquads()) if not self.chunks else self._merged(0)

    def ntriples(self) -> Iterator[bytes]:
        """:func:`ntriples_lines` of the quads."""
        return iter(self._sorted_ntriples()) if not self.chunks else self._merged(1)

    def write(self, path: str | Path, fmt: str | None = None) -> Path:
        """Write the dump to ``path`` as :func:`export_rdf` would (``fmt`` one of
        :data:`LINE_FORMATS`, else from the suffix)."""
        target = Path(path)
        key = format_for(target, fmt)
        if key not in LINE_FORMATS:
            raise ExportError(f"a line dump cannot be written as {key}",
                              hint=f"use one of {', '.join(LINE_FORMATS)}, or export_rdf")
        _write_atomically(target, lambda stream: self._write(stream, key))
        return target

    def _write(self, stream: BinaryIO, key: str) -> None:
        if not self.chunks:  # all in memory: one join, one write
            if key == "nq":
                stream.write(b"".join(self._sorted_nquads()))
            elif key == "nt":
                stream.write(b"".join(self._sorted_ntriples()))
            else:
                _write_turtle(self._sorted_ntriples(), stream, self.base)
            return
        if key == "nq":
            stream.writelines(self.nquads())
        elif key == "nt":
            stream.writelines(self.ntriples())
        else:  # pyoxigraph reads the merged triples from a file as a stream, and writes them
            assert self.spill is not None
            merged = self.spill / "merged.nt"
            with merged.open("wb") as out:
                out.writelines(self.ntriples())
            triples = ox.parse(path=str(merged), format=ox.RdfFormat.N_TRIPLES)
            ox.serialize(triples, stream, ox.RdfFormat.TURTLE, prefixes=prefixes(self.base))
            merged.unlink()

    def close(self) -> None:
        """Remove the chunk files."""
        for pair in self.chunks:
            for path in pair:
                with contextlib.suppress(OSError):
                    path.unlink()
        self.chunks = []

    def __enter__(self) -> LineDump:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
