"""Reading articles: scraped .txt, .jsonl corpora and .html pages, in any common Arabic encoding.

``iter_articles`` never stops at a bad input: it yields an :class:`~kg.errors.ArticleError`
(file and reason) in its place and goes on with the next one.
"""

from __future__ import annotations

import codecs
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kg.errors import ArticleError
from kg.model import Article
from kg.normalize import arabic_ratio, normalize

SUFFIXES = (".txt", ".text", ".jsonl", ".ndjson", ".html", ".htm")
MAX_BYTES = 50 * 1024 * 1024  # a single "article" larger than this is not an article
MIN_ARABIC_RATIO = 0.5


# ---------------------------------------------------------------------------------------------
# Bytes → text


def decode_bytes(data: bytes, source: str) -> tuple[str, str]:
    """``(text, encoding)``. UTF-8 (with or without BOM), UTF-16 and Windows-1256 all give the
    same text; a binary file raises ArticleError.

    A fixed order beats statistical detection here: UTF-8 is self-validating, UTF-16 shows itself
    by BOM or NUL bytes, and Windows-1256 is the only single-byte code page of Arabic news.
    """
    if data.startswith(codecs.BOM_UTF8):
        return _decode(data[3:], "utf-8", source), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _decode(data, "utf-16", source), "utf-16"
    if b"\x00" in data[:4096]:
        # BOM-less UTF-16: the high byte of every Arabic (U+06xx) or ASCII character is 06 or 00.
        sample = data[:4096]
        for encoding, highs in (("utf-16-le", sample[1::2]), ("utf-16-be", sample[0::2])):
            if highs and sum(1 for b in highs if b in (0, 6)) / len(highs) > 0.9:
                return _decode(data, encoding, source), encoding
        raise ArticleError(source, "binary file (NUL bytes), not text")
    try:
        return data.decode("utf-8"), "utf-8"
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
    return text, "cp1256"


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


def read_text_file(path: Path) -> tuple[str, str]:
    """Decoded contents of ``path`` and the encoding used."""
    source = str(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise ArticleError(source, f"too large ({size // 1_048_576} MiB) for one article")
        data = path.read_bytes()
    except OSError as exc:
        raise ArticleError(source, f"unreadable: {exc.strerror}") from None
    if not data.strip():
        raise ArticleError(source, "empty file")
    text, encoding = decode_bytes(data, source)
    return text.replace("\r\n", "\n").replace("\r", "\n"), encoding


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


@dataclass(frozen=True)
class ScrapedParts:
    title: str | None
    outlet: str | None
    dateline: str | None
    paragraphs: tuple[str, ...]


def is_boilerplate(line: str) -> bool:
    """True for page furniture: breadcrumbs, comment boxes, share widgets, image captions."""
    n = normalize(line).strip()
    if not n:
        return True
    if n in _BOILERPLATE_EXACT or n.startswith(_BOILERPLATE_PREFIX):
        return True
    return bool(_BREADCRUMB.search(line))


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
    lines = [ln.strip() for ln in text.split("\n")]
    kept: list[str] = []
    for ln in lines:
        if kept and normalize(ln).strip() in _CUT_MARKERS:
            break
        if not is_boilerplate(ln):
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
            if 3 <= len(ln.split()) <= 30:
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
) -> Article:
    """An Article from scraped text; metadata given by the caller wins over what the text shows."""
    parts = split_scraped(text)
    body = parts.paragraphs
    final_title = title or parts.title
    if title and parts.title and parts.title != title:
        body = (parts.title, *body)  # the caller's title is authoritative; keep the line as body
    cleaned = compose_text(final_title, body)
    _check_text(compose_text(None, body) or cleaned, source)
    return Article(
        id=Article.make_id(cleaned),
        text=cleaned,
        source=source,
        title=final_title,
        outlet=outlet or parts.outlet,
        dateline=parts.dateline,
        date=_iso_date(date),
        url=url,
        encoding=encoding,
    )


_ISO_DATE = re.compile(r"(\d{4}-\d{2}-\d{2})")


def _iso_date(value: Any) -> str | None:
    if not value:
        return None
    m = _ISO_DATE.search(str(value))
    return m.group(1) if m else None


# ---------------------------------------------------------------------------------------------
# Formats

_HTML_SNIFF = re.compile(r"<\s*(?:!doctype\s+html|html|body|article|div|p)\b", re.IGNORECASE)


def looks_like_html(text: str) -> bool:
    head = text[:2000]
    return bool(_HTML_SNIFF.search(head)) and head.count("<") >= 3


def article_from_html(html: str, source: str, *, encoding: str | None = None) -> Article:
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
    )


def articles_from_jsonl(path: Path) -> Iterator[Article | ArticleError]:
    """One article per record ``{id?, url?, outlet?, date?, title?, text}``; a bad record is
    reported with its line number and the rest still read."""
    try:
        text, encoding = read_text_file(path)
    except ArticleError as err:
        yield err
        return
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        source = f"{path}:{number}"
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as exc:
            yield ArticleError(source, f"not a JSON record: {exc.msg}")
            continue
        if not isinstance(rec, dict) or not isinstance(rec.get("text"), str):
            yield ArticleError(source, "record has no 'text' string field")
            continue
        body = rec["text"]
        try:
            if looks_like_html(body):
                yield article_from_html(body, source, encoding=encoding)
            else:
                yield article_from_text(
                    body,
                    source,
                    outlet=rec.get("outlet") or rec.get("source"),
                    title=rec.get("title"),
                    date=rec.get("date") or rec.get("published"),
                    url=rec.get("url"),
                    encoding=encoding,
                )
        except ArticleError as err:
            yield err


def read_article(path: str | Path) -> Article:
    """One article from a .txt or .html file; raises ArticleError with the reason."""
    p = Path(path)
    text, encoding = read_text_file(p)
    if p.suffix.lower() in (".html", ".htm") or looks_like_html(text):
        # HTML saved as .txt is common in scraped corpora: read it as the page it is.
        return article_from_html(text, str(p), encoding=encoding)
    return article_from_text(text, str(p), encoding=encoding)


def discover(paths: Iterable[str | Path]) -> Iterator[Path | ArticleError]:
    """Files to read: the given files, and the article files inside given folders (sorted)."""
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            for child in sorted(p.rglob("*")):
                if child.is_file() and child.suffix.lower() in SUFFIXES:
                    yield child
                elif child.is_file() and not child.name.startswith("."):
                    yield ArticleError(
                        str(child), f"skipped: not an article file ({child.suffix or 'no suffix'})"
                    )
        elif p.is_file():
            yield p
        else:
            yield ArticleError(str(p), "no such file or folder")


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
