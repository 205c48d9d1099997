"""Articles → claims: the pipeline's readings meet the article's metadata.

``extract_claims`` streams: articles are read, processed and written one at a time (optionally
in worker processes), so memory stays flat however large the corpus.
"""

from __future__ import annotations

import json
import multiprocessing as mp
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from kg.cache import ExtractionCache, Hit
from kg.claims_io import claim_from_dict, dumps_claim
from kg.errors import ArticleError
from kg.extract.calibration import calibrated
from kg.extract.mentions import Mention
from kg.extract.pipeline import build_pipeline, get_resources
from kg.extract.readings import Reading
from kg.extract.resources import Gazetteer
from kg.model import (
    Agent,
    Article,
    ArticleRef,
    Attribution,
    Claim,
    EntityRef,
    EntityType,
    Evidence,
    Relation,
    TimeExpr,
    stable_id,
)
from kg.normalize import normalize
from kg.read import iter_articles


class Extractor:
    """A loaded pipeline plus its resources; call it on an Article to get its claims."""

    def __init__(self, nlp: Language, gazetteer: Gazetteer) -> None:
        self.nlp = nlp
        self.gazetteer = gazetteer
        self._media = {
            normalize(a): e
            for e in gazetteer.entities.values()
            if e.type is EntityType.MEDIA
            for a in e.aliases
        }

    @classmethod
    def load(
        cls, gazetteer: Sequence[str | Path] = (), lexicon: Sequence[str | Path] = ()
    ) -> Extractor:
        nlp = build_pipeline(gazetteer, lexicon)
        gaz, _, _ = get_resources([str(p) for p in gazetteer], [str(p) for p in lexicon])
        return cls(nlp, gaz)

    def __call__(self, article: Article) -> list[Claim]:
        return self.extract(article)[0]

    def extract(self, article: Article) -> tuple[list[Claim], frozenset[str]]:
        """The article's claims, and the names the rules looked up in the gazetteer (the
        build cache keys on them)."""
        if len(article.text) > self.nlp.max_length:
            raise ArticleError(
                article.source,
                f"too long for one article ({len(article.text):,} characters; the limit is "
                f"{self.nlp.max_length:,})",
                hint="split it into separate articles",
            )
        self.gazetteer.lookups = set()
        try:
            doc = self.nlp.make_doc(article.text)
            doc._.kg_article = article
            for _, proc in self.nlp.pipeline:
                doc = proc(doc)
            reporter = self.reporter(article)
            claims = claims_from_readings(article, doc._.kg_readings, doc, reporter)
            return claims, frozenset(self.gazetteer.lookups)
        finally:
            self.gazetteer.lookups = None

    def reporter(self, article: Article) -> Agent | None:
        if not article.outlet:
            return None
        entity = self._media.get(normalize(article.outlet))
        if entity is not None:
            return Agent(entity.id, entity.name, entity.side)
        return Agent(f"outlet-{stable_id(normalize(article.outlet), length=12)}", article.outlet)


def _ref(m: Mention, doc_text: str | None = None) -> EntityRef:
    return EntityRef(
        id=m.entity.id, name=m.entity.name, type=m.entity.type, mention=doc_text, qid=m.entity.qid
    )


def _agent(m: Mention | None) -> Agent | None:
    if m is None:
        return None
    return Agent(m.entity.id, m.entity.name, m.entity.side)


def claims_from_readings(
    article: Article, readings: Iterable[Reading], doc: Doc, reporter: Agent | None
) -> list[Claim]:
    """Claims of one article; the same reading found twice is one claim with both evidences."""
    aref = ArticleRef(
        article.id,
        path=article.source if not article.url else None,
        url=article.url,
        outlet=article.outlet,
        title=article.title,
        date=article.date,
        record_id=article.record_id,
    )
    merged: dict[str, Claim] = {}
    for r in readings:
        start = doc[r.sent_start].idx
        last = doc[r.sent_end - 1]
        end = last.idx + len(last.text)
        sentence = article.text[start:end].strip()
        lead = len(article.text[start:end]) - len(article.text[start:end].lstrip())
        start += lead
        end = start + len(sentence)
        if not sentence:
            continue
        evidence = Evidence(sentence, start, end)
        speaker = _agent(r.speaker)
        if speaker is not None and speaker.id == r.subject.entity.id and r.relation.is_standing:
            speaker = None
        via = _agent(r.via)
        # One claim per (subject, relation, object) in an article, as a reader counts them;
        # the first reading with a named speaker gives the attribution.
        cid = Claim.make_id(article.id, r.subject.entity.id, r.relation, r.object.entity.id)
        subj_text = _mention_text(doc, r.subject)
        obj_text = _mention_text(doc, r.object)
        claim = Claim(
            id=cid,
            article=aref,
            subject=_ref(r.subject, subj_text),
            relation=Relation(r.relation, r.label),
            object=_ref(r.object, obj_text),
            attribution=Attribution(reporter=reporter, via=via, speaker=speaker),
            modality=r.modality,
            evidence=(evidence,),
            confidence=calibrated(r.method, r.confidence),
            place=_ref(r.place, _mention_text(doc, r.place)) if r.place else None,
            time=TimeExpr(r.time_text, resolve_date(r.time_text, article.date))
            if r.time_text
            else None,
            method=r.method,
        )
        if cid in merged:
            old = merged[cid]
            evs = old.evidence if evidence in old.evidence else (*old.evidence, evidence)
            base = claim if old.attribution.speaker is None and speaker is not None else old
            merged[cid] = Claim(
                **{
                    **base.__dict__,
                    # the words quoted are those of the first evidence
                    "subject": old.subject,
                    "object": old.object,
                    "evidence": evs,
                    "confidence": max(old.confidence, claim.confidence),
                }
            )
        else:
            merged[cid] = claim
    return list(merged.values())


def _mention_text(doc: Doc, m: Mention | None) -> str | None:
    if m is None:
        return None
    if m.said_as is not None:  # a topic subject: the words that named it in the statement
        start, end = m.said_as
    elif m.method in ("topic", "descriptor-org"):
        return None
    else:
        start = m.surface_start if m.surface_start is not None else m.start
        end = m.end
    return doc[start:end].text.strip("«»“”\"' ،") or None


# ---------------------------------------------------------------------------------------------
# Dates

_MONTHS = {
    normalize(k): v
    for names, v in (
        (("يناير", "جانفي", "كانون الثاني", "أي النار"), 1),
        (("فبراير", "فيفري", "شباط", "النوار"), 2),
        (("مارس", "آذار", "الربيع"), 3),
        (("أبريل", "افريل", "نيسان", "الطير"), 4),
        (("مايو", "ماي", "أيار", "الماء"), 5),
        (("يونيو", "جوان", "حزيران", "الصيف"), 6),
        (("يوليو", "جويلية", "تموز", "ناصر"), 7),
        (("أغسطس", "أوت", "آب", "هانيبال"), 8),
        (("سبتمبر", "أيلول", "الفاتح"), 9),
        (("أكتوبر", "تشرين الأول", "التمور"), 10),
        (("نوفمبر", "تشرين الثاني", "الحرث"), 11),
        (("ديسمبر", "كانون الأول", "الكانون"), 12),
    )
    for k in names
}
_DAY_MONTH = re.compile(r"(\d{1,2})\s*(?:[-–]\s*\d{1,2}\s*)?(?:من\s+)?(?:شهر\s+)?(\S+(?:\s\S+)?)")


def resolve_date(expr: str, article_date: str | None) -> str | None:
    """An ISO date for a time expression, relative to the article's date (None if unknown)."""
    if not article_date:
        return None
    try:
        base = date.fromisoformat(article_date[:10])
    except ValueError:
        return None
    n = normalize(expr)
    if "اول من امس" in n or "امس الاول" in n:
        return (base - timedelta(days=2)).isoformat()
    if "امس" in n or "الليله الماضيه" in n:
        return (base - timedelta(days=1)).isoformat()
    if "اليوم" in n:
        return base.isoformat()
    m = _DAY_MONTH.search(n)
    if m:
        words = m.group(2).split("/")[0].split()
        month = _MONTHS.get(" ".join(words[:2])) or _MONTHS.get(words[0])
        if month:
            year = base.year if month <= base.month else base.year - 1
            try:
                return date(year, month, int(m.group(1))).isoformat()
            except ValueError:
                return None
    return None


# ---------------------------------------------------------------------------------------------
# Batches


@dataclass(frozen=True)
class ArticleResult:
    """One article's claims, also as the claims.jsonl lines they are written as."""

    article: Article
    claims: list[Claim]
    lines: tuple[str, ...] = ()
    lookups: frozenset[str] = frozenset()  # gazetteer names the rules looked up
    cached: bool = False  # the claims came from the build cache, not the extractor


_WORKER: Extractor | None = None
_DATA: tuple[list[str], list[str]] = ([], [])


def use_data(gazetteer: list[str], lexicon: list[str]) -> None:
    """Say which data files to use; the pipeline is loaded at the first article not cached
    (a build whose articles all come from the cache never loads it)."""
    global _WORKER, _DATA
    if (gazetteer, lexicon) != _DATA:
        _WORKER, _DATA = None, (gazetteer, lexicon)


def extract_one(item: tuple[Article, Hit | None]) -> ArticleResult | ArticleError:
    article, hit = item
    if hit is not None:  # parsed here, in the worker, like an extraction
        claims = [claim_from_dict(json.loads(line)) for line in hit.lines]
        return ArticleResult(article, claims, hit.lines, cached=True)
    global _WORKER
    if _WORKER is None:  # a failure here is the data's, not the article's: it propagates
        _WORKER = Extractor.load(*_DATA)
    try:
        claims, lookups = _WORKER.extract(article)
    except ArticleError as exc:
        return exc
    except Exception as exc:  # one bad article must not stop a batch
        return ArticleError(article.source, f"extraction failed: {type(exc).__name__}: {exc}")
    return ArticleResult(article, claims, tuple(dumps_claim(c) for c in claims), lookups)


def extract_claims(
    paths: Iterable[str | Path],
    *,
    gazetteer: Sequence[str | Path] = (),
    lexicon: Sequence[str | Path] = (),
    workers: int = 1,
    on_error: Callable[[ArticleError], None] | None = None,
    cache: ExtractionCache | None = None,
) -> Iterator[ArticleResult]:
    """Claims article by article, in input order. Bad inputs go to ``on_error`` and the batch
    goes on. With a ``cache``, articles it holds are not extracted again and those extracted
    are added to it."""
    gz = [str(p) for p in gazetteer]
    lx = [str(p) for p in lexicon]

    def items() -> Iterator[tuple[Article, Hit | None]]:
        for item in iter_articles(paths):
            if isinstance(item, ArticleError):
                if on_error:
                    on_error(item)
            else:
                yield item, cache.get(item) if cache is not None else None

    def results(done: Iterable[ArticleResult | ArticleError]) -> Iterator[ArticleResult]:
        for res in done:
            if isinstance(res, ArticleError):
                if on_error:
                    on_error(res)
                continue
            if cache is not None and not res.cached:
                cache.put(res.article, res.lines, res.lookups)
            yield res

    if workers <= 1:
        use_data(gz, lx)
        yield from results(map(extract_one, items()))
        return
    ctx = mp.get_context("fork" if "fork" in mp.get_all_start_methods() else "spawn")
    with ctx.Pool(workers, initializer=use_data, initargs=(gz, lx)) as pool:
        yield from results(pool.imap(extract_one, items(), chunksize=4))
