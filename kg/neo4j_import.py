"""Neo4j import files: CSV for ``neo4j-admin database import full`` and a ``cypher-shell`` script.

Both describe the graph ``kg load neo4j`` builds (see :mod:`kg.cypher` for the model):

* the CSV files are for an empty database loaded offline (fastest for big corpora). Each has
  its header line (``id:ID(Entity)``, ``:LABEL``, ``:START_ID(Claim)``, ``:END_ID(Entity)``,
  ``:TYPE``, typed columns such as ``claims:int`` and ``aliases:string[]``); arrays use ``;``
  as neo4j-admin's default delimiter, so an ASCII ``;`` inside an array element is written as
  the Arabic semicolon ``؛`` (the element would otherwise be split in two).
* the script is :func:`kg.cypher.load_plan` with every parameter written as a literal: the
  same statements, so the same graph, with the schema first. It needs no parameters, so
  ``cypher-shell -f`` runs it as is, and it can be re-run (every write is a MERGE).

Everything here is pure: functions return text, the caller writes it.
"""

from __future__ import annotations

import csv
import functools
import io
import math
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from kg import cypher
from kg.assemble import Assembly
from kg.events import Event, group_events

ARRAY_DELIMITER = ";"
SCRIPT_BATCH_SIZE = 500  # rows per UNWIND literal: keeps each statement well under 1 MB

NODE_FILES = ("entities.csv", "articles.csv", "claims.csv", "events.csv")
RELATIONSHIP_FILES = ("claim_entity_edges.csv", "claim_article_edges.csv", "statements.csv",
                      "claim_event_edges.csv", "event_entity_edges.csv")

# ---------------------------------------------------------------- Cypher literals

_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_ESCAPES = {"\\": "\\\\", "'": "\\'", "\n": "\\n", "\r": "\\r", "\t": "\\t"}
_SPECIAL = re.compile(r"[\\'\x00-\x1f\u2028\u2029]")  # what _escape rewrites


def _escape(m: re.Match[str]) -> str:
    ch = m.group(0)
    return _ESCAPES.get(ch) or f"\\u{ord(ch):04x}"


def _string_literal(text: str) -> str:
    return "'" + _SPECIAL.sub(_escape, text) + "'"


@functools.lru_cache(maxsize=1024)
def _key(name: str) -> str:
    """A map key as Cypher writes it (a few names, repeated in every row)."""
    return name if _IDENTIFIER.match(name) else "`" + name.replace("`", "``") + "`"


def cypher_literal(value: Any) -> str:
    """``value`` (None, bool, int, float, str, list, dict) as a Cypher literal.

    Strings are single-quoted with backslash escapes, so data never becomes query text.
    """
    if isinstance(value, str):  # most values: first (no str is also a bool, int or float)
        return _string_literal(value)
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"no Cypher literal for {value!r}")
        return repr(value)
    if isinstance(value, list | tuple):
        return "[" + ", ".join([cypher_literal(v) for v in value]) + "]"
    if isinstance(value, Mapping):
        return "{" + ", ".join([f"{_key(k)}: {cypher_literal(v)}" for k, v in value.items()]) + "}"
    raise TypeError(f"no Cypher literal for {type(value).__name__}")


_PARAM = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)\b")


def inline(text: str, params: Mapping[str, Any]) -> str:
    """A statement of :mod:`kg.cypher` with its ``$parameters`` replaced by literals."""

    def sub(m: re.Match[str]) -> str:
        return cypher_literal(params[m.group(1)])

    return _PARAM.sub(sub, text)


def cypher_statements(assembly: Assembly, batch_size: int = SCRIPT_BATCH_SIZE,
                      events: Sequence[Event] | None = None) -> Iterator[str]:
    """The schema statements, then every statement of the load plan, parameter-free."""
    yield from cypher.NEO4J_SCHEMA
    for text, params in cypher.load_plan(assembly, batch_size, events):
        yield inline(text, params)


_SCRIPT_HEAD = (
    "// kg graph for cypher-shell (written by `kg build`; the same statements as\n"
    "// `kg load neo4j`). Run against Neo4j 5:\n"
    "//   cypher-shell -a bolt://localhost:7687 -u neo4j -p \"$NEO4J_PASSWORD\" \\\n"
    "//       -f load.cypher\n"
    "// Constraints and indexes first; every write is a MERGE, so it is safe to run again.\n"
)


def write_cypher_script(stream: TextIO, assembly: Assembly,
                        batch_size: int = SCRIPT_BATCH_SIZE,
                        events: Sequence[Event] | None = None) -> None:
    """Write the ``cypher-shell -f`` script a statement at a time."""
    stream.write(_SCRIPT_HEAD)
    for n, statement in enumerate(cypher_statements(assembly, batch_size, events)):
        if n:
            stream.write(";\n\n")
        stream.write(statement)
    stream.write(";\n")


def cypher_script(assembly: Assembly, batch_size: int = SCRIPT_BATCH_SIZE,
                  events: Sequence[Event] | None = None) -> str:
    """A ``cypher-shell -f`` script: one statement per ``;``, constraints first."""
    buf = io.StringIO()
    write_cypher_script(buf, assembly, batch_size, events)
    return buf.getvalue()


# ---------------------------------------------------------------- CSV for neo4j-admin


@dataclass
class _Node:
    labels: list[str]
    props: dict[str, Any] = field(default_factory=dict)

    def add_labels(self, *labels: str) -> None:
        self.labels.extend(lbl for lbl in labels if lbl not in self.labels)


def entity_nodes(assembly: Assembly) -> dict[str, _Node]:
    """Entity nodes as the load plan leaves them: entity rows first, then each attribution
    agent MERGEd on the same id (named only if new; side and Outlet/Speaker label added)."""
    nodes: dict[str, _Node] = {}
    for labels, rows in sorted(cypher.entity_rows(assembly).items()):
        for row in rows:
            node = nodes.setdefault(row["id"], _Node(["Entity"]))
            node.props.update(name=row["name"], type=row["type"], aliases=row["aliases"])
            if row["qid"] is not None:
                node.props["qid"] = row["qid"]
            node.add_labels(*labels)
    agents = cypher.agent_rows(assembly)
    for role, (_, label) in cypher.AGENT_ROLES.items():
        for row in agents.get(role, []):
            if row["id"] not in nodes:  # ON CREATE: named by the agent
                nodes[row["id"]] = _Node(["Entity"], {"name": row["name"], "aliases": []})
            node = nodes[row["id"]]
            if row["side"] is not None:
                node.props["side"] = row["side"]
            if label == "Outlet":
                node.props.setdefault("type", "MEDIA")
            node.add_labels("Actor", label)
    return dict(sorted(nodes.items()))


def _array(values: list[Any] | tuple[Any, ...]) -> str | None:
    if not values:
        return None  # an empty field: no property (neo4j-admin has no empty-array literal)
    return ARRAY_DELIMITER.join(str(v).replace(ARRAY_DELIMITER, "؛") for v in values)


def _write_csv(stream: TextIO, header: list[str], rows: Iterable[list[Any]]) -> None:
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(header)
    # booleans as neo4j-admin reads them; inline, not a call per cell (millions of cells)
    writer.writerows([("true" if v else "false") if v is True or v is False else v for v in row]
                     for row in rows)


ENTITY_HEADER = ["id:ID(Entity)", ":LABEL", "name", "type", "qid", "side", "aliases:string[]"]
ARTICLE_HEADER = ["id:ID(Article)", ":LABEL", "outlet", "title", "date", "url", "path"]
CLAIM_HEADER = ["id:ID(Claim)", ":LABEL", "statement", "relation", "label", "modality",
                "sentence", "sentences:string[]", "start:int", "end:int", "confidence:float",
                "date", "time", "side", "method"]
CLAIM_ENTITY_HEADER = [":START_ID(Claim)", ":END_ID(Entity)", ":TYPE"]
CLAIM_ARTICLE_HEADER = [":START_ID(Claim)", ":END_ID(Article)", ":TYPE"]
EVENT_HEADER = ["id:ID(Event)", ":LABEL", "type", "label", "labels:string[]", "date",
                "date_precision", "n_sources:int", "n_outlets:int", "outlets:string[]",
                "sides:string[]", "modalities:string[]", "contested:boolean",
                "contested_why:string[]", "versions:string[]", "actors_blamed:string[]",
                "sentence", "latitude:float", "longitude:float", "geo_precision:int", "admin1",
                "country"]
CLAIM_EVENT_HEADER = [":START_ID(Claim)", ":END_ID(Event)", ":TYPE"]
EVENT_ENTITY_HEADER = [":START_ID(Event)", ":END_ID(Entity)", ":TYPE"]
_ARRAY_COLUMNS = {h.split(":")[0] for h in EVENT_HEADER if h.endswith("[]")}
STATEMENT_HEADER = [":START_ID(Entity)", ":END_ID(Entity)", ":TYPE", "id", "relation", "label",
                    "labels:string[]", "claims:int", "claim_ids:string[]", "articles:int",
                    "outlets:string[]", "n_outlets:int", "speakers:string[]", "sides:string[]",
                    "modalities:string[]", "first_date", "last_date", "contested:boolean"]


def _event_rows(events: Sequence[Event]) -> list[list[Any]]:
    rows = []
    for e in events:
        r = cypher.event_row(e)
        cells: list[Any] = [r["id"], "Event"]
        for h in EVENT_HEADER[2:]:
            name = h.split(":")[0]
            cells.append(_array(r[name]) if name in _ARRAY_COLUMNS else r[name])
        rows.append(cells)
    return rows


Table = tuple[str, list[str], Iterable[list[Any]]]  # file name, header, rows


def csv_tables(assembly: Assembly, events: Sequence[Event]) -> Iterator[Table]:
    """Each CSV file for ``neo4j-admin database import full``: its name, header and rows, the
    rows made as they are written (one file's rows at a time, not every file's at once)."""
    yield "entities.csv", ENTITY_HEADER, (
        [eid, ARRAY_DELIMITER.join(n.labels), n.props.get("name"), n.props.get("type"),
         n.props.get("qid"), n.props.get("side"), _array(n.props.get("aliases", []))]
        for eid, n in entity_nodes(assembly).items())
    yield "articles.csv", ARTICLE_HEADER, (
        [r["id"], "Article", r["outlet"], r["title"], r["date"], r["url"], r["path"]]
        for r in cypher.article_rows(assembly))
    yield "claims.csv", CLAIM_HEADER, (
        [r["id"], "Claim", r["statement"], r["relation"], r["label"], r["modality"],
         r["sentence"], _array(r["sentences"]), r["start"], r["end"], r["confidence"],
         r["date"], r["time"], r["side"], r["method"]]
        for r in map(cypher.claim_row, assembly.claims))
    yield "claim_entity_edges.csv", CLAIM_ENTITY_HEADER, _claim_entity_rows(assembly)
    yield "claim_article_edges.csv", CLAIM_ARTICLE_HEADER, (
        [c.id, c.article.id, "IN_ARTICLE"] for c in assembly.claims)  # claim_row's ids
    yield "statements.csv", STATEMENT_HEADER, (
        [s.subject.id, s.object.id, s.relation.value, s.id, s.relation.value,
         "، ".join(s.labels), _array(s.labels), s.n_claims, _array(s.claim_ids), s.n_articles,
         _array(s.outlets), s.n_outlets, _array(s.speakers), _array(s.sides),
         _array(s.modalities), s.first_date, s.last_date, s.contested]
        for s in assembly.statements)
    yield "events.csv", EVENT_HEADER, _event_rows(events)
    yield "claim_event_edges.csv", CLAIM_EVENT_HEADER, (
        [r["claim"], r["event"], "REPORTS"] for r in cypher.event_claim_rows(events))
    yield "event_entity_edges.csv", EVENT_ENTITY_HEADER, (
        [r["event"], r["target"], link]
        for link, rows in sorted(cypher.event_link_rows(events).items()) for r in rows)


def _claim_entity_rows(assembly: Assembly) -> Iterator[list[Any]]:
    for c in assembly.claims:  # the ids claim_row gives
        yield [c.id, c.subject.id, "SUBJECT"]
        yield [c.id, c.object.id, "OBJECT"]
    links = cypher.claim_link_rows(assembly)
    for link in cypher.CLAIM_LINKS:
        for r in links.get(link, []):
            yield [r["claim"], r["target"], link]


def csv_files(assembly: Assembly, events: Sequence[Event] | None = None) -> dict[str, str]:
    """File name → CSV text for ``neo4j-admin database import full`` (header line included).

    ``events`` defaults to :func:`kg.events.group_events` of the assembly, as the load does."""
    if events is None:
        events = group_events(assembly)
    out = {}
    for name, header, rows in csv_tables(assembly, events):
        buf = io.StringIO()
        _write_csv(buf, header, rows)
        out[name] = buf.getvalue()
    return out


def admin_command(import_dir: str = "import", database: str = "neo4j") -> str:
    """The ``neo4j-admin`` command line that imports :func:`csv_files` from ``import_dir``."""
    parts = ["neo4j-admin database import full", database, "--overwrite-destination",
             "--multiline-fields=true", f"--array-delimiter='{ARRAY_DELIMITER}'"]
    parts += [f"--nodes={import_dir}/{name}" for name in NODE_FILES]
    parts += [f"--relationships={import_dir}/{name}" for name in RELATIONSHIP_FILES]
    return " \\\n    ".join(parts)


def readme() -> str:
    """How to use the files (written next to them)."""
    return (
        "# Loading this graph into Neo4j\n\n"
        "Three ways, all giving the graph `kg load neo4j` builds:\n\n"
        "1. A running server: `kg load neo4j ../claims.jsonl --uri bolt://localhost:7687` "
        "(password from NEO4J_PASSWORD),\n"
        "   or `kg build … --neo4j bolt://localhost:7687`.\n"
        "2. cypher-shell, no kg needed: "
        "`cypher-shell -u neo4j -p \"$NEO4J_PASSWORD\" -f load.cypher`.\n"
        "3. Offline bulk import into an empty, stopped database (copy `import/` into Neo4j's "
        "import folder):\n\n"
        "```\n" + admin_command() + "\n```\n\n"
        f"   then create the constraints and indexes: run the first "
        f"{len(cypher.NEO4J_SCHEMA)} statements of "
        "`load.cypher`\n   (or `schema/neo4j.cypher` from the kg repository).\n\n"
        "An empty CSV field is a missing property; arrays are `;`-separated.\n"
    )


def import_files(assembly: Assembly, events: Sequence[Event] | None = None) -> dict[str, str]:
    """Relative path → text of every Neo4j import file: ``import/*.csv``, ``load.cypher``,
    ``README.md``."""
    if events is None:
        events = group_events(assembly)
    files = {f"import/{name}": text for name, text in csv_files(assembly, events).items()}
    files["load.cypher"] = cypher_script(assembly, events=events)
    files["README.md"] = readme()
    return files


def write_import_files(folder: Path, assembly: Assembly, events: Sequence[Event]) -> list[str]:
    """Write :func:`import_files` into ``folder`` a file at a time, each streamed as it is made
    (a big corpus never holds them all in memory); return their relative paths."""
    written = []

    def opened(rel: str) -> TextIO:
        path = folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        written.append(rel)
        return path.open("w", encoding="utf-8", newline="")

    for name, header, rows in csv_tables(assembly, events):
        with opened(f"import/{name}") as stream:
            _write_csv(stream, header, rows)
    with opened("load.cypher") as stream:
        write_cypher_script(stream, assembly, events=events)
    with opened("README.md") as stream:
        stream.write(readme())
    return written
