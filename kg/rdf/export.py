"""Write claims as an RDF dump: Turtle, N-Triples, N-Quads, TriG or JSON-LD, atomically."""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from rdflib import Graph

from kg.assemble import Assembly
from kg.claims_io import read_claims
from kg.errors import ExportError
from kg.model import Claim
from kg.rdf.mapping import DEFAULT_BASE, PREFIXES, claims_to_dataset, claims_to_graph

# our name → (rdflib serializer, carries named graphs)
FORMATS: dict[str, tuple[str, bool]] = {
    "ttl": ("turtle", False),
    "nt": ("nt", False),
    "nq": ("nquads", True),
    "trig": ("trig", True),
    "jsonld": ("json-ld", True),
}
SUFFIXES: dict[str, str] = {
    ".ttl": "ttl", ".turtle": "ttl", ".nt": "nt", ".nq": "nq", ".trig": "trig",
    ".jsonld": "jsonld", ".json": "jsonld",
}


def format_for(path: str | Path, fmt: str | None = None) -> str:
    """The export format: ``fmt`` when given, else inferred from the file suffix."""
    if fmt is not None:
        key = fmt.lower().lstrip(".")
        if key not in FORMATS:
            raise ExportError(f"unknown RDF format '{fmt}'",
                              hint=f"use one of {', '.join(FORMATS)}")
        return key
    suffix = Path(path).suffix.lower()
    if suffix not in SUFFIXES:
        raise ExportError(f"cannot tell the RDF format of '{path}' from its suffix",
                          hint=f"pass --format ({', '.join(FORMATS)})")
    return SUFFIXES[suffix]


def build(claims: Iterable[Claim] | Assembly, fmt: str, base: str = DEFAULT_BASE) -> Graph:
    """The graph to serialise: a Dataset (named graph per article) for quad formats."""
    _, quads = FORMATS[fmt]
    return claims_to_dataset(claims, base) if quads else claims_to_graph(claims, base)


def _jsonld(graph: Graph) -> str:
    """JSON-LD with the default graph's nodes at the top level.

    rdflib wraps the default graph in an anonymous ``{"@graph": …}`` object, which JSON-LD
    processors (pyoxigraph, jsonld.js) read as a graph named by a blank node; unwrap it.
    """
    text = graph.serialize(format="json-ld", context=dict(PREFIXES), auto_compact=True)
    doc = json.loads(text)
    if isinstance(doc, dict) and isinstance(doc.get("@graph"), list):
        top: list[Any] = []
        for node in doc["@graph"]:
            if isinstance(node, dict) and "@id" not in node and set(node) == {"@graph"}:
                top.extend(node["@graph"])
            else:
                top.append(node)
        doc["@graph"] = top
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def export_rdf(
    claims: Iterable[Claim] | Assembly | str | Path,
    path: str | Path,
    fmt: str | None = None,
    *,
    base: str = DEFAULT_BASE,
) -> Path:
    """Write ``claims`` (objects, an Assembly, or a claims.jsonl path) as RDF to ``path``.

    The file appears complete or not at all: it is written next to its target and renamed.
    Raises :class:`ExportError` for an unknown format or an unwritable path.
    """
    target = Path(path)
    key = format_for(target, fmt)
    if isinstance(claims, (str, Path)):
        claims = list(read_claims(claims))
    graph = build(claims, key, base)
    serializer, _ = FORMATS[key]
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as exc:
        raise ExportError(f"cannot write {target}: {exc.strerror or exc}",
                          hint="choose a writable directory with -o") from exc
    try:
        with os.fdopen(fd, "wb") as stream:
            if key == "jsonld":
                stream.write(_jsonld(graph).encode("utf-8"))
            else:
                graph.serialize(destination=stream, format=serializer, encoding="utf-8")
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes it private; a dump is for sharing
        os.replace(tmp, target)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise ExportError(f"cannot write {target}: {exc.strerror or exc}",
                          hint="check the path and free disk space") from exc
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return target
