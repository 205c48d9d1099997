"""The extraction cache that makes ``kg build`` incremental.

A re-run re-extracts only the articles that are new or changed, or whose claims the data in
use could have changed; every output is then rebuilt from the union, so an incremental build
writes the same bytes as a clean one.

What a cached article's claims depend on, and how each is keyed:

* the article as read (text and every metadata field): its key hashes them all, so a changed
  file, a renamed file or a new date is a new article;
* the extractor: the package version, a hash of its source (``kg/extract``, normalisation, the
  model and claims format) and of every lexicon and shipped data file other than the
  gazetteer. Any change there invalidates every article: a shape can apply anywhere;
* the gazetteer, tracked per alias. Each build records a print of the gazetteer in use (per
  matching form of an alias: the entries that carry it, with a hash of each entry) and, per
  article, the names the rules looked up in it. When the gazetteer changes, only the articles
  whose text (or outlet, title, dateline) contains an alias whose entries changed, or that
  looked such an alias up, or that contain a word the clitic splitter now knows or no longer
  knows, are re-extracted. The text test is deliberately loose (spaces removed, the article
  «ال» optional) so that it can only re-extract too much, never too little.

The cache is one SQLite file in the output folder's work directory: a killed build leaves
at most its last uncommitted articles out, and a damaged file is replaced by an empty one.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import re
import sqlite3
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from kg import __version__
from kg.model import Article
from kg.normalize import normalize

CACHE_FILE = "cache.sqlite"
_SCHEMA_VERSION = "1"
_SPACE = re.compile(r"\s+")

# The package's files whose change changes what the extractor writes for an unchanged article
# (the gazetteer is tracked per alias instead, see the module docstring).
_SOURCES = ("extract", "normalize.py", "model.py", "claims_io.py")
_DATA_NOT_TRACKED = {"gazetteer.jsonl", "gazetteer.schema.json", "country_bounds.json"}


def matching_key(text: str) -> str:
    """The loose matching form used to test whether a text can contain a name."""
    return _SPACE.sub("", normalize(text))


def _sha(*parts: bytes | str) -> str:
    h = hashlib.sha256()
    for p in parts:
        h.update(p.encode("utf-8") if isinstance(p, str) else p)
        h.update(b"\x1f")
    return h.hexdigest()


def extractor_version(lexicon: Sequence[str | Path] = ()) -> str:
    """Package version + the extractor's source and non-gazetteer data + the user's lexicons."""
    pkg = resources.files("kg")
    parts: list[bytes | str] = [__version__]
    for name in _SOURCES:
        node = pkg.joinpath(name)
        files = sorted(Path(str(node)).rglob("*.py")) if node.is_dir() else [Path(str(node))]
        for f in files:
            parts += [f.name, f.read_bytes()]
    for f in sorted(Path(str(pkg.joinpath("data"))).iterdir(), key=lambda p: p.name):
        if f.is_file() and f.name not in _DATA_NOT_TRACKED and not f.name.endswith(".py"):
            parts += [f.name, f.read_bytes()]
    for path in lexicon:
        parts += [str(path), Path(path).read_bytes()]
    return _sha(*parts)


def article_key(article: Article, version: str) -> str:
    """One key per (article as read, extractor version)."""
    fields = json.dumps(asdict(article), ensure_ascii=False, sort_keys=True)
    return _sha(version, fields)


@dataclass(frozen=True)
class GazetteerPrint:
    """What of a gazetteer can change claims: who carries each alias, and the known words."""

    aliases: dict[str, list[list[Any]]]  # matching key → [[entry id, entry hash, user?], …]
    tokens: list[str]  # words known to the clitic splitter because an alias holds them

    @property
    def hash(self) -> str:
        return _sha(json.dumps([self.aliases, self.tokens], ensure_ascii=False, sort_keys=True))

    @classmethod
    def of(cls, gazetteer: Any, known_tokens: Iterable[str]) -> GazetteerPrint:
        aliases: dict[str, list[list[Any]]] = {}
        for entity in gazetteer.entities.values():
            row = {**asdict(entity), "generic": entity.id in gazetteer.generic}
            digest = _sha(json.dumps(row, ensure_ascii=False, sort_keys=True))[:16]
            user = entity.id in gazetteer.user
            for alias in dict.fromkeys((entity.name, *entity.aliases)):
                aliases.setdefault(matching_key(alias), []).append([entity.id, digest, user])
        return cls(aliases, sorted(known_tokens))

    def changed_since(self, old: GazetteerPrint) -> tuple[list[str], list[str]]:
        """(matching keys whose entries changed, words added to or dropped from the known
        words): what an article must contain or have looked up to be re-extracted."""
        keys = [k for k in self.aliases.keys() | old.aliases.keys()
                if self.aliases.get(k) != old.aliases.get(k)]
        words = sorted(set(self.tokens) ^ set(old.tokens))
        return sorted(keys), [matching_key(w) for w in words]


def _needles(keys: Iterable[str]) -> set[str]:
    """Substrings to look for: each key, and each without its article (for «للـ», «وال…»)."""
    out = set()
    for k in keys:
        if k:
            out.add(k)
            if k.startswith("ال") and len(k) > 3:
                out.add(k[2:])
    return out


def may_change(article: Article, lookups: Iterable[str], changed: tuple[list[str], list[str]]
               ) -> bool:
    """Whether a gazetteer change (``changed_since``) could change this article's claims."""
    keys, words = changed
    if set(keys) & set(lookups):
        return True
    text = matching_key(" ".join(
        s for s in (article.text, article.outlet, article.title, article.dateline) if s))
    return any(n in text for n in _needles([*keys, *words]))


@dataclass(frozen=True)
class Hit:
    """A cached article: its claims as claims.jsonl lines."""

    lines: tuple[str, ...]


class CacheReader:
    """Read-only lookups in a build cache: what a worker of a cluster build opens (the build
    itself keeps the one writer)."""

    def __init__(self, path: Path, version: str, gazetteer_hash: str,
                 db: sqlite3.Connection | None = None) -> None:
        self.path = path
        self.version = version
        self.gazetteer_hash = gazetteer_hash
        self._print: GazetteerPrint | None = None
        self._changes: dict[str, tuple[list[str], list[str]] | None] = {}
        self._db = db or sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)

    def _load_print(self, digest: str) -> GazetteerPrint | None:
        row = self._db.execute("SELECT print FROM gazetteer WHERE hash = ?", (digest,)).fetchone()
        return GazetteerPrint(**json.loads(row[0])) if row else None

    def _changed(self, old_hash: str) -> tuple[list[str], list[str]] | None:
        """What changed since the gazetteer ``old_hash``; None when its print is gone."""
        if old_hash not in self._changes:
            if self._print is None:
                self._print = self._load_print(self.gazetteer_hash)
            old = self._load_print(old_hash)
            self._changes[old_hash] = (self._print.changed_since(old)
                                       if old is not None and self._print is not None else None)
        return self._changes[old_hash]

    def find(self, article: Article) -> tuple[str, Hit | None]:
        """The article's key, and its cached claims if they still hold."""
        key = article_key(article, self.version)
        row = self._db.execute("SELECT gazetteer, lookups, claims FROM article WHERE key = ?",
                               (key,)).fetchone()
        if row is None:
            return key, None
        gaz, lookups, claims = row
        if gaz != self.gazetteer_hash:
            changed = self._changed(gaz)
            if changed is None or may_change(article, json.loads(lookups), changed):
                return key, None
        return key, Hit(tuple(claims.split("\n")) if claims else ())

    def close(self) -> None:
        self._db.close()


class ExtractionCache(CacheReader):
    """Claims per article, kept between builds in ``<out>/.kg/cache.sqlite``.

    ``get`` answers a hit or None; ``put`` stores an article just extracted; ``finish`` drops
    what this build did not use (removed inputs, old gazetteer prints) and commits.
    """

    def __init__(self, path: Path, version: str, gazetteer: GazetteerPrint) -> None:
        self.path = path
        self.notes: list[str] = []
        self.failed: str | None = None
        super().__init__(path, version, gazetteer.hash, db=self._open())
        self._print = gazetteer
        self._db.execute("INSERT OR REPLACE INTO gazetteer VALUES (?, ?)",
                         (self.gazetteer_hash, json.dumps(asdict(gazetteer), ensure_ascii=False)))
        row = self._db.execute("SELECT value FROM meta WHERE name = 'build'").fetchone()
        self.build = int(row[0]) + 1 if row else 1
        self._db.execute("INSERT OR REPLACE INTO meta VALUES ('build', ?)", (str(self.build),))
        self.hits = 0
        self.misses = 0

    def _open(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            return self._connect()
        except sqlite3.DatabaseError as exc:  # damaged, or another kg's format: derived data
            self.notes.append(f"{self.path}: unreadable cache ({exc}); started a new one")
            self.path.unlink(missing_ok=True)
            return self._connect()

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path)
        try:
            db.executescript("""
                CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT);
                CREATE TABLE IF NOT EXISTS gazetteer (hash TEXT PRIMARY KEY, print TEXT);
                CREATE TABLE IF NOT EXISTS article (key TEXT PRIMARY KEY,
                    gazetteer TEXT NOT NULL, lookups TEXT NOT NULL, claims TEXT NOT NULL,
                    build INTEGER NOT NULL);
            """)
            row = db.execute("SELECT value FROM meta WHERE name = 'schema'").fetchone()
            if row is None:
                db.execute("INSERT INTO meta VALUES ('schema', ?)", (_SCHEMA_VERSION,))
            elif row[0] != _SCHEMA_VERSION:
                raise sqlite3.DatabaseError(f"cache format {row[0]}, this kg writes "
                                            f"{_SCHEMA_VERSION}")
        except sqlite3.DatabaseError:
            db.close()
            raise
        return db

    def _write(self, action: Callable[[], object]) -> None:
        """Run a write; a cache that cannot be written (a full disk) is given up for the
        rest of the build, which goes on without it and says so."""
        if self.failed is not None:
            return
        try:
            action()
        except sqlite3.Error as exc:
            self.failed = str(exc)
            self.notes.append(f"cannot write the build cache ({exc}); this build went on "
                              "without it, the next one extracts again what it could not keep")
            with contextlib.suppress(sqlite3.Error):
                self._db.rollback()

    def get(self, article: Article) -> Hit | None:
        key, hit = self.find(article)
        if hit is None:
            self.misses += 1
        else:
            self.touch(key)
        return hit

    def touch(self, key: str) -> None:
        """A cached article used by this build, checked against the gazetteer in use."""
        self._write(lambda: self._db.execute(
            "UPDATE article SET gazetteer = ?, build = ? WHERE key = ?",
            (self.gazetteer_hash, self.build, key)))
        self.hits += 1

    def put(self, article: Article | str, lines: Sequence[str], lookups: Iterable[str]) -> None:
        """Store an article just extracted (or its key, as a cluster worker computed it)."""
        key = article if isinstance(article, str) else article_key(article, self.version)
        names = json.dumps(sorted({matching_key(name) for name in lookups}), ensure_ascii=False)
        self._write(lambda: self._db.execute(
            "INSERT OR REPLACE INTO article VALUES (?, ?, ?, ?, ?)",
            (key, self.gazetteer_hash, names, "\n".join(lines), self.build)))

    def commit(self) -> None:
        self._write(self._db.commit)

    def finish(self) -> None:
        """After a build that used every article it will use: forget the rest."""
        def prune() -> None:
            self._db.execute("DELETE FROM article WHERE build != ?", (self.build,))
            self._db.execute("DELETE FROM gazetteer WHERE hash != ?", (self.gazetteer_hash,))
            self._db.commit()

        self._write(prune)

    def close(self) -> None:
        self.commit()
        self._db.close()
