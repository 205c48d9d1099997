"""Reading articles: scraped .txt, .jsonl corpora and .html pages, in any common Arabic encoding.

``iter_articles`` never stops at a bad input: it yields an :class:`~kg.errors.ArticleError`
(file and reason) in its place and goes on with the next one. What the reader repairs (stray NUL
bytes, control characters no output can hold, an impossible date) is listed in the article's
``notes``, so a run can say so.
"""

from __future__ import annotations

import codecs
import datetime
import errno
import json
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kg.errors import ArticleError
from kg.model import Article
from kg.normalize import arabic_ratio, normalize
from kg.validate import UNSAFE_TEXT

SUFFIXES = (".txt", ".text", ".jsonl", ".ndjson", ".html", ".htm")
MAX_BYTES = 50 * 1024 * 1024  # a single "article" larger than this is not an article
MIN_ARABIC_RATIO = 0.5


# ---------------------------------------------------------------------------------------------
# Bytes → text


def decode_bytes(data: bytes, source: str) -> tuple[str, str]:
    """``(text, encoding)``. UTF-8 (with or without BOM), UTF-16 and Windows-1256 all give the
    same text; a binary file raises ArticleError. Stray NUL bytes in otherwise good text are
    dropped (:func:`decode_article_bytes` also says so).
    """
    text, encoding, _ = decode_article_bytes(data, source)
    return text, encoding


def decode_article_bytes(data: bytes, source: str) -> tuple[str, str, tuple[str, ...]]:
    """``(text, encoding, notes)``, ``notes`` naming what was repaired.

    A fixed order beats statistical detection here: UTF-8 is self-validating, UTF-16 shows itself
    by BOM or NUL bytes, and Windows-1256 is the only single-byte code page of Arabic news.
    """
    if data.startswith(codecs.BOM_UTF8):
        return _decode(data[3:], "utf-8", source), "utf-8-sig", ()
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _decode(data, "utf-16", source), "utf-16", ()
    if b"\x00" in data:
        # BOM-less UTF-16: the high byte of every Arabic (U+06xx) or ASCII character is 06 or 00.
        sample = data[:4096]
        for encoding, highs in (("utf-16-le", sample[1::2]), ("utf-16-be", sample[0::2])):
            if b"\x00" in sample and highs and \
                    sum(1 for b in highs if b in (0, 6)) / len(highs) > 0.9:
                return _decode(data, encoding, source), encoding, ()
        # Not UTF-16: a few NULs in good text (a bad copy, a scraper's bug) are dropped; a
        # binary file stays unreadable once they are gone.
        nuls = data.count(b"\x00")
        try:
            text, encoding, _ = decode_article_bytes(data.replace(b"\x00", b""), source)
        except ArticleError:
            raise ArticleError(source, "binary file (NUL bytes), not text") from None
        if _control_ratio(text) > 0.05:
            raise ArticleError(source, "binary file (NUL bytes), not text")
        return text, encoding, (f"removed {nuls} NUL byte{'s' if nuls != 1 else ''}",)
    try:
        return data.decode("utf-8"), "utf-8", ()
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1256")
    except UnicodeDecodeError:
        raise ArticleError(
            source,
            "undecodable: neither UTF-8, UTF-16 nor Windows-1256",
            hint="convert it to UTF-8",
        ) from None
    if _control_ratio(text) > 0.05 or arabic_ratio(text) < MIN_ARABIC_RATIO:
        raise ArticleError(
            source,
            "undecodable or binary: not valid UTF-8 and not Arabic in Windows-1256",
            hint="convert it to UTF-8",
        )
    return text, "cp1256", ()


def _decode(data: bytes, encoding: str, source: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise ArticleError(source, f"invalid {encoding} at byte {exc.start}") from None


def _control_ratio(text: str) -> float:
    if not text:
        return 0.0
    bad = sum(1 for ch in text if ord(ch) < 32 and ch not in "\n\r\t\f")
    return bad / len(text)


def clean_text(text: str) -> tuple[str, tuple[str, ...]]:
    """``text`` with line endings made ``\\n`` and the characters no output can hold removed
    (control characters, unpaired surrogates, U+FFFE/U+FFFF), and a note when any were."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\f", "\n").replace("\v", "\n")  # page and line breaks
    found = UNSAFE_TEXT.findall(text)
    if not found:
        return text, ()
    kinds = ", ".join(sorted({f"U+{ord(ch):04X}" for ch in found})[:5])
    n = len(found)
    return UNSAFE_TEXT.sub("", text), (
        f"removed {n} control character{'s' if n != 1 else ''} ({kinds})",)


def display_path(path: str | os.PathLike[str]) -> str:
    """A path as text that can be printed and written anywhere: bytes of a file name that are
    not UTF-8 are shown as ``\\xff`` escapes instead of unpaired surrogates."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def read_text_file(path: Path) -> tuple[str, str, tuple[str, ...]]:
    """Decoded, cleaned contents of ``path``, the encoding used and what was repaired."""
    source = display_path(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise ArticleError(source, f"too large ({size // 1_048_576} MiB) for one article")
        with path.open("rb") as fh:
            data = fh.read(MAX_BYTES + 1)  # a file growing while read is still bounded
    except OSError as exc:
        raise ArticleError(source, f"unreadable: {exc.strerror}") from None
    if len(data) > MAX_BYTES:
        raise ArticleError(source, f"too large (over {MAX_BYTES // 1_048_576} MiB) for one article")
    if not data.strip():
        raise ArticleError(source, "empty file")
    text, encoding, notes = decode_article_bytes(data, source)
    text, cleaned = clean_text(text)
    return text, encoding, notes + cleaned


# ---------------------------------------------------------------------------------------------
# Scraped text → title, dateline, body

# Whole lines that are page furniture, compared after normalisation.
_BOILERPLATE_EXACT = frozenset(
    normalize(s)
    for s in (
        "مقالات ذات صلة",
        "أخبار ذات صلة",
        "اترك تعليقاً",
        "اترك تعليقا",
        "اترك رداً",
        "اترك ردا",
        "أضف تعليق",
        "أضف تعليقاً",
        "زر الذهاب إلى الأعلى",
        "إغلاق",
        "الوسوم",
        "وسوم",
        "شاركنا ..",
        "شاركنا",
        "شارك",
        "شارك الخبر",
        "مشاركة",
        "طباعة",
        "إعجاب تحميل...",
        "0 تعليق",
        "تعليق",
        "التعليقات",
        "تابعونا",
        "اقرأ أيضاً",
        "اقرأ أيضا",
        "شاهد أيضاً",
        "شاهد أيضا",
        "إقرأ أيضاً",
        "ذات صلة",
        "الأكثر قراءة",
        "آخر الأخبار",
        "المزيد",
        "فيسبوك",
        "تويتر",
        "واتساب",
    )
)
_BOILERPLATE_PREFIX = tuple(
    normalize(s)
    for s in (
        "ربما تحتوي الصورة على",
        "لن يتم نشر عنوان بريدك",
        "الحقول الإلزامية مشار",
        "للمزيد من التفاصيل والاخبار تابع",
        "0 تعليق ارسل لصديق",
        "شارك هذا",
        "تابعونا على",
        "حقوق النشر",
        "جميع الحقوق محفوظة",
        "الصورة:",
        "صورة أرشيفية",
        "(صورة",
        "مصدر الصورة",
        "اشترك في",
        "انضم إلى قناتنا",
    )
)
# From these on, the rest of the page is not the article (related links, comments).
_CUT_MARKERS = frozenset(
    normalize(s)
    for s in (
        "شاهد أيضاً",
        "شاهد أيضا",
        "مقالات ذات صلة",
        "أخبار ذات صلة",
        "اترك تعليقاً",
        "اترك تعليقا",
        "الوسوم",
        "وسوم",
        "زر الذهاب إلى الأعلى",
        "التعليقات",
        "اترك رداً",
        "اترك ردا",
        "0 تعليق",
        "الأكثر قراءة",
    )
)
# «الرئيسية » الدولي » ...», or short crumbs «أخبار » ليبيا » ...» (guillemet quotes are «...»).
_BREADCRUMB = re.compile(
    r"^\s*(?:الرئيسية|الرئيسيه|Home)\s*[»›>/|]|^\s*[^«»›]{1,30}\s[»›]\s[^«»›]{1,30}\s[»›]\s"
)
# «أوج – طرابلس», «يافع نيوز – وكالات», «طرابلس - بوابة الوسط:»
_DATELINE = re.compile(
    r"^\s*(?P<a>[^–—\-:|.،]{2,40}?)\s*[–—\-|]\s*(?P<b>[^–—\-|.،]{2,30}?)\s*:?\s*$"
)
_AGENCY_WORDS = frozenset(normalize(w) for w in ("وكالات", "خاص", "متابعات", "متابعة", "وكالة"))


# A masthead: «رئيس التحرير: X», «رئيس مجلس الإدارة :Y || …» (a label and a colon, no sentence)
_MASTHEAD = re.compile(r"(?:رئيس|مدير|نائب رئيس)\s+(?:التحرير|مجلس\s+الإدار[ةه])\s*[:：|]")


@dataclass(frozen=True)
class ScrapedParts:
    title: str | None
    outlet: str | None
    dateline: str | None
    paragraphs: tuple[str, ...]


def is_boilerplate(line: str, normalized: str | None = None) -> bool:
    """True for page furniture: breadcrumbs, comment boxes, share widgets, image captions, the
    masthead («رئيس التحرير: …»). ``normalized`` is ``normalize(line)`` when the caller has it."""
    n = (normalize(line) if normalized is None else normalized).strip()
    if not n:
        return True
    if n in _BOILERPLATE_EXACT or n.startswith(_BOILERPLATE_PREFIX):
        return True
    return bool(_BREADCRUMB.search(line) or _MASTHEAD.search(line))


def parse_dateline(line: str) -> tuple[str, str | None] | None:
    """``(outlet, place)`` when ``line`` is a dateline such as «أوج – طرابلس»; place is None for
    «وكالات» and the like."""
    if len(line.split()) > 6:
        return None
    m = _DATELINE.match(line)
    if not m:
        return None
    outlet, place = m.group("a").strip(), m.group("b").strip()
    if normalize(place) in _AGENCY_WORDS:
        return outlet, None
    return outlet, place


def split_scraped(text: str) -> ScrapedParts:
    """Title, outlet, dateline and body paragraphs of a scraped page, furniture dropped."""
    # normalised once, whole: normalize() maps no character to or from a newline, so its
    # lines are the text's
    lines = [ln.strip() for ln in text.split("\n")]
    kept: list[str] = []
    for ln, norm in zip(lines, normalize(text).split("\n"), strict=True):
        norm = norm.strip()
        if kept and norm in _CUT_MARKERS:
            break
        if not is_boilerplate(ln, norm):
            kept.append(ln)
    title: str | None = None
    outlet: str | None = None
    dateline: str | None = None
    body_start = 0
    # The header is what comes before the dateline (if any): category words and the title.
    for i, ln in enumerate(kept[:8]):
        parsed = parse_dateline(ln)
        if parsed:
            outlet, dateline = parsed
            header, body_start = kept[:i], i + 1
            title = next((h for h in header if len(h.split()) >= 3), None)
            break
    else:
        for i, ln in enumerate(kept[:4]):
            if len(ln.split()) > 30:
                break  # the text opens with a paragraph: it has no title line to take
            if len(ln.split()) >= 3:
                title, body_start = ln, i + 1
                break
    body = [ln for ln in kept[body_start:] if ln != title]
    return ScrapedParts(title, outlet, dateline, tuple(body))


def compose_text(title: str | None, paragraphs: Iterable[str]) -> str:
    """The article text offsets index: the title, then one paragraph a line."""
    return "\n".join(([title] if title else []) + list(paragraphs))


def _check_text(text: str, source: str) -> None:
    if not text.strip():
        raise ArticleError(source, "empty article: no text left after removing page furniture")
    ratio = arabic_ratio(text)
    if ratio < MIN_ARABIC_RATIO:
        raise ArticleError(source, f"no Arabic text ({ratio:.0%} of letters are Arabic)")


def article_from_text(
    text: str,
    source: str,
    *,
    outlet: str | None = None,
    title: str | None = None,
    date: str | None = None,
    url: str | None = None,
    encoding: str | None = None,
    record_id: str | None = None,
    notes: tuple[str, ...] = (),
) -> Article:
    """An Article from scraped text; metadata given by the caller wins over what the text shows.

    Characters no output can hold are removed from the text and the metadata (and noted).
    """
    text, cleaned_notes = clean_text(text)
    notes = (*notes, *(n for n in cleaned_notes if n not in notes))
    title, outlet, url = (_one_line(v) for v in (title, outlet, url))
    parts = split_scraped(text)
    body = parts.paragraphs
    final_title = title or parts.title
    if title and parts.title and parts.title != title:
        body = (parts.title, *body)  # the caller's title is authoritative; keep the line as body
    cleaned = compose_text(final_title, body)
    _check_text(compose_text(None, body) or cleaned, source)
    iso = _iso_date(date)
    if date and iso is None:
        notes = (*notes, f"date {str(date)[:40]!r} is not a calendar date: left out")
    return Article(
        id=Article.make_id(cleaned),
        text=cleaned,
        source=source,
        title=final_title,
        outlet=outlet or parts.outlet,
        dateline=parts.dateline,
        date=iso,
        url=url,
        encoding=encoding,
        record_id=record_id,
        notes=notes,
    )


def _one_line(value: str | None) -> str | None:
    """Metadata as one clean line (None when nothing is left)."""
    if value is None:
        return None
    return " ".join(UNSAFE_TEXT.sub("", value).split()) or None


_ISO_DATE = re.compile(r"([0-9]{4}-[0-9]{2}-[0-9]{2})")
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")


def _iso_date(value: Any) -> str | None:
    """The ISO date in ``value`` (Arabic-Indic digits too), or None when there is no real
    calendar date in it."""
    if not value:
        return None
    m = _ISO_DATE.search(str(value).translate(_DIGITS))
    if not m:
        return None
    try:
        datetime.date.fromisoformat(m.group(1))
    except ValueError:
        return None
    return m.group(1)


# ---------------------------------------------------------------------------------------------
# Formats

_HTML_SNIFF = re.compile(r"<\s*(?:!doctype\s+html|html|body|article|div|p)\b", re.IGNORECASE)


def looks_like_html(text: str) -> bool:
    head = text[:2000]
    return bool(_HTML_SNIFF.search(head)) and head.count("<") >= 3


def article_from_html(html: str, source: str, *, encoding: str | None = None,
                      record_id: str | None = None, notes: tuple[str, ...] = ()) -> Article:
    """Main text and metadata of a news page, through trafilatura (made for news pages)."""
    import trafilatura  # imported here: it is slow to import and only HTML needs it

    doc = trafilatura.bare_extraction(
        html, with_metadata=True, include_comments=False, include_tables=False, favor_precision=True
    )
    if doc is None:
        raise ArticleError(source, "HTML page with no article text found")
    meta = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    text = meta.get("text") or ""
    if not text.strip():
        raise ArticleError(source, "HTML page with no article text found")
    return article_from_text(
        text,
        source,
        outlet=meta.get("sitename"),
        title=meta.get("title"),
        date=meta.get("date"),
        url=meta.get("url"),
        encoding=encoding,
        record_id=record_id,
        notes=notes,
    )


# The metadata a JSONL record may carry besides its text; each is a string or null.
_RECORD_TEXT_FIELDS = ("url", "outlet", "source", "date", "published", "title")


def _record_problem(rec: dict[str, Any]) -> str | None:
    """Why a JSONL record cannot be read, naming the field; None when it can."""
    if "text" not in rec:
        return "field 'text' is missing (each record needs the article text)"
    if not isinstance(rec["text"], str):
        return f"field 'text' must be a string, not {_json_type(rec['text'])}"
    for key in _RECORD_TEXT_FIELDS:
        value = rec.get(key)
        if value is not None and not isinstance(value, str):
            return f"field '{key}' must be a string or null, not {_json_type(value)}"
    rid = rec.get("id")
    if rid is not None and (isinstance(rid, bool) or not isinstance(rid, (str, int))):
        return f"field 'id' must be a string or an integer, not {_json_type(rid)}"
    return None


def _json_type(value: Any) -> str:
    names = {bool: "a boolean", int: "a number", float: "a number", str: "a string",
             list: "a list", dict: "an object", type(None): "null"}
    return names.get(type(value), type(value).__name__)


def articles_from_jsonl(path: Path) -> Iterator[Article | ArticleError]:
    """One article per record ``{id?, url?, outlet?, date?, title?, text}``; a bad record is
    reported with its line number and the field at fault, and the rest still read. The
    record's own ``id`` is kept as :attr:`Article.record_id` (the article id is the text's
    hash)."""
    try:
        text, encoding, notes = read_text_file(path)
    except ArticleError as err:
        yield err
        return
    name = display_path(path)
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        source = f"{name}:{number}"
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as exc:
            yield ArticleError(source, f"not a JSON record: {exc.msg} at column {exc.colno}")
            continue
        except RecursionError:
            yield ArticleError(source, "not a JSON record: nested too deeply")
            continue
        if not isinstance(rec, dict):
            yield ArticleError(source, f"not a JSON object but {_json_type(rec)}")
            continue
        problem = _record_problem(rec)
        if problem:
            yield ArticleError(source, problem)
            continue
        body = rec["text"]
        record_id = _one_line(str(rec["id"])) if rec.get("id") is not None else None
        try:
            if looks_like_html(body):
                yield article_from_html(body, source, encoding=encoding, record_id=record_id,
                                        notes=notes)
            else:
                yield article_from_text(
                    body,
                    source,
                    outlet=rec.get("outlet") or rec.get("source"),
                    title=rec.get("title"),
                    date=rec.get("date") or rec.get("published"),
                    url=rec.get("url"),
                    encoding=encoding,
                    record_id=record_id,
                    notes=notes,
                )
        except ArticleError as err:
            yield err


def read_article(path: str | Path) -> Article:
    """One article from a .txt or .html file; raises ArticleError with the reason."""
    p = Path(path)
    text, encoding, notes = read_text_file(p)
    source = display_path(p)
    if p.suffix.lower() in (".html", ".htm") or looks_like_html(text):
        # HTML saved as .txt is common in scraped corpora: read it as the page it is.
        return article_from_html(text, source, encoding=encoding, notes=notes)
    return article_from_text(text, source, encoding=encoding, notes=notes)


def _link_problem(path: Path) -> str | None:
    """Why ``path`` leads nowhere (a broken link, a link loop), or None."""
    try:
        os.stat(path)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "symbolic link loop: it never leads to a file (fix or remove the link)"
        if path.is_symlink():
            return (f"broken symbolic link: it points to {display_path(os.readlink(path))}, "
                    "which does not exist (fix or remove the link)")
        if exc.errno in (errno.ENOENT, errno.ENOTDIR):
            return None
        return f"unreadable: {exc.strerror}"
    return None


def _dir_key(path: Path) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_dev, st.st_ino


def _walk(top: Path) -> list[tuple[Path, Path | ArticleError]]:
    """Everything under the folder ``top`` that is or could have been an article, with its
    path for sorting. Links to folders are followed, each folder read once."""
    found: list[tuple[Path, Path | ArticleError]] = []

    def unreadable(exc: OSError) -> None:
        where = Path(exc.filename) if exc.filename else top
        found.append((where, ArticleError(display_path(where),
                                          f"unreadable folder: {exc.strerror}")))

    seen = {_dir_key(top)}
    for dirpath, dirnames, filenames in os.walk(top, onerror=unreadable, followlinks=True):
        folder = Path(dirpath)
        keep = []
        for name in sorted(dirnames):
            sub = folder / name
            key = _dir_key(sub)
            if key in seen:
                if not name.startswith("."):
                    found.append((sub, ArticleError(
                        display_path(sub), "symbolic link to a folder already read (a loop or "
                                           "a second link): not read again")))
                continue
            seen.add(key)
            keep.append(name)
        dirnames[:] = keep
        for name in filenames:
            child = folder / name
            if name.startswith("."):
                # hidden files are tool state (locks, editors' links), read only as articles
                if child.suffix.lower() in SUFFIXES and child.is_file():
                    found.append((child, child))
                continue
            problem = _link_problem(child)
            if problem:
                found.append((child, ArticleError(display_path(child), problem)))
            elif not child.is_file():
                found.append((child, ArticleError(
                    display_path(child), "not a regular file (a device, pipe or socket)")))
            elif child.suffix.lower() in SUFFIXES:
                found.append((child, child))
            else:
                found.append((child, ArticleError(
                    display_path(child),
                    f"skipped: not an article file ({child.suffix or 'no suffix'})")))
    found.sort(key=lambda item: item[0])
    return found


def discover(paths: Iterable[str | Path]) -> Iterator[Path | ArticleError]:
    """Files to read: the given files, and the article files inside given folders (sorted).

    Whatever cannot be read is yielded as an ArticleError with the reason: a missing path, a
    broken link or a link loop, a device or pipe, an unreadable folder, a folder with no
    article file in it, a file that is not an article.
    """
    for raw in paths:
        p = Path(raw)
        source = display_path(p)
        problem = _link_problem(p)
        if problem:
            yield ArticleError(source, problem)
        elif p.is_dir():
            found = _walk(p)
            if not found:
                yield ArticleError(source, "no article files (.txt, .jsonl, .html) in this folder")
            for _, item in found:
                yield item
        elif p.is_file():
            yield p
        elif p.exists():
            yield ArticleError(source, "not a regular file (a device, pipe or socket)")
        else:
            yield ArticleError(source, "no such file or folder")


def iter_articles(paths: Iterable[str | Path]) -> Iterator[Article | ArticleError]:
    """Every article under ``paths``, in order; a bad input yields its ArticleError instead."""
    for item in discover(paths):
        if isinstance(item, ArticleError):
            yield item
        elif item.suffix.lower() in (".jsonl", ".ndjson"):
            yield from articles_from_jsonl(item)
        else:
            try:
                yield read_article(item)
            except ArticleError as err:
                yield err
