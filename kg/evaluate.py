"""Scoring extracted claims against gold annotations (the format of ``shared/gold/``).

A predicted claim matches a gold claim when it comes from the same article, has the same
relation type, and its subject and object names (or surface mentions) are among the gold
entities' aliases after Arabic normalisation (diacritics and tatweel removed; أ إ آ → ا; ى → ي;
ة → ه; a leading و/ف/ب/ل/ك clitic stripped). Matching is one-to-one, and predicted claims that
share article, subject, relation and object (the same claim from several speakers) count once,
as one gold claim holds all its attribution chains; a second reading of an already matched gold
claim (the same body under another of its aliases) is left out of the count.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from kg.gold import Gold, GoldClaim, GoldEntity
from kg.model import Claim, RelationType

_DIACRITICS = re.compile(r"[\u064B-\u065F\u0670\u0640]")
_QUOTES = re.compile(r"[«»“”\"'„‟]")


def gold_normalize(text: str) -> str:
    """The scoring normalisation of the gold README (deliberately independent of kg.normalize,
    so that the extractor's own normalisation cannot bias its score)."""
    t = _QUOTES.sub("", _DIACRITICS.sub("", text)).replace("\u00a0", " ")
    t = re.sub("[أإآ]", "ا", t).replace("ى", "ي").replace("ة", "ه")
    return " ".join(t.split())


def _variants(text: str) -> set[str]:
    t = gold_normalize(text)
    out = {t}
    if len(t) > 3 and t[0] in "وفبلك":
        out.add(t[1:])
    if len(t) > 3 and t.startswith("لل"):
        out.add("ال" + t[2:])  # ل + ال is written لل: «للمجلس» is ل + «المجلس»
        out.add("الل" + t[2:])  # and before a word in ل, once: «للواء» is ل + «اللواء»
    return out


@dataclass
class Score:
    tp: int = 0
    predicted: int = 0
    gold: int = 0

    @property
    def precision(self) -> float:
        return self.tp / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.tp / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Evaluation:
    overall: Score
    core: Score
    by_relation: dict[str, Score]
    reporter_correct: int
    reporter_total: int
    matches: list[tuple[GoldClaim, Claim]] = field(default_factory=list)
    misses: list[GoldClaim] = field(default_factory=list)
    false_positives: list[Claim] = field(default_factory=list)
    gold_entities: dict[str, GoldEntity] = field(default_factory=dict)

    @property
    def reporter_accuracy(self) -> float:
        return self.reporter_correct / self.reporter_total if self.reporter_total else 0.0


def _article_key(claim: Claim) -> str:
    return Path(claim.article.path or claim.article.url or claim.article.id).name


def _names(claim_ref_name: str, mention: str | None) -> set[str]:
    out = _variants(claim_ref_name)
    if mention:
        out |= _variants(mention)
    return out


def _matches(gold: Gold, g: GoldClaim, c: Claim) -> bool:
    if c.relation.type is not g.relation:
        return False
    subj_aliases = _alias_set(gold, (g.subject,))
    obj_aliases = _alias_set(gold, g.objects)
    return bool(_names(c.subject.name, c.subject.mention) & subj_aliases) and bool(
        _names(c.object.name, c.object.mention) & obj_aliases
    )


def _alias_set(gold: Gold, ids: Iterable[str]) -> set[str]:
    out: set[str] = set()
    for eid in ids:
        e = gold.entities.get(eid)
        if e is None:
            continue
        for a in (e.name, *e.aliases):
            out |= _variants(a)
    return out


def _reporter_ok(gold: Gold, g: GoldClaim, c: Claim) -> bool:
    expected = {chain.get("reporter") for chain in g.attribution}
    rep = c.attribution.reporter
    if rep is None:
        return None in expected
    names = _names(rep.name, None)
    return any(eid is not None and names & _alias_set(gold, (eid,)) for eid in expected)


def evaluate(claims: Iterable[Claim], gold: Gold) -> Evaluation:
    """Precision, recall and F1 overall, on core claims and per relation type; reporter
    accuracy over matched claims; the misses and false positives."""
    predicted = list(claims)
    gold_articles = {g.article for g in gold.claims}
    # Only articles that have gold annotations are scored.
    predicted = [c for c in predicted if _article_key(c) in gold_articles]
    # A gold claim is one (subject, relation, object) per article with every attribution chain
    # that carries it; the extractor writes one claim per chain. Score each triple once.
    seen: set[tuple[str, str, str, str]] = set()
    unique = []
    for c in predicted:
        key = (_article_key(c), c.subject.id, c.relation.type.value, c.object.id)
        if key not in seen:
            seen.add(key)
            unique.append(c)
    predicted = unique
    by_article: dict[str, list[Claim]] = defaultdict(list)
    for c in predicted:
        by_article[_article_key(c)].append(c)
    used: set[str] = set()
    matches: list[tuple[GoldClaim, Claim]] = []
    misses: list[GoldClaim] = []
    for g in gold.claims:
        found = next(
            (c for c in by_article[g.article] if c.id not in used and _matches(gold, g, c)), None
        )
        if found is None:
            misses.append(g)
        else:
            used.add(found.id)
            matches.append((g, found))
    # A second reading of a gold claim already matched (the body named once as «حكومة الوفاق»,
    # once as «قوات الوفاق», both the gold entity's aliases) is neither a hit nor an error.
    matched_gold = [g for g, _ in matches]
    redundant = {
        c.id
        for c in predicted
        if c.id not in used
        and any(g.article == _article_key(c) and _matches(gold, g, c) for g in matched_gold)
    }
    predicted = [c for c in predicted if c.id not in redundant]
    false_positives = [c for c in predicted if c.id not in used]
    by_relation: dict[str, Score] = {}
    for rel in RelationType:
        s = Score(
            tp=sum(1 for g, _ in matches if g.relation is rel),
            predicted=sum(1 for c in predicted if c.relation.type is rel),
            gold=sum(1 for g in gold.claims if g.relation is rel),
        )
        if s.gold or s.predicted:
            by_relation[rel.value] = s
    core_gold = [g for g in gold.claims if g.core]
    core = Score(
        tp=sum(1 for g, _ in matches if g.core), predicted=len(predicted), gold=len(core_gold)
    )
    reporter_correct = sum(1 for g, c in matches if _reporter_ok(gold, g, c))
    return Evaluation(
        overall=Score(tp=len(matches), predicted=len(predicted), gold=len(gold.claims)),
        core=core,
        by_relation=by_relation,
        reporter_correct=reporter_correct,
        reporter_total=len(matches),
        matches=matches,
        misses=misses,
        false_positives=false_positives,
        gold_entities=gold.entities,
    )


_SENTENCE_END = re.compile(r"[.!؟?\n]")


def _sentence_around(text: str, fragment: str) -> str:
    """The sentence of ``text`` that holds ``fragment`` (the fragment itself if not found)."""
    at = text.find(fragment)
    if at < 0:
        return fragment
    start = max((m.end() for m in _SENTENCE_END.finditer(text, 0, at)), default=0)
    end_m = _SENTENCE_END.search(text, at + len(fragment))
    return text[start : end_m.start() if end_m else len(text)].strip()


def _claim_text(c: Claim) -> str:
    return (
        f"{c.subject.name} –{c.relation.type.value}/{c.relation.label}→ {c.object.name} "
        f"[{c.method}]"
    )


def _near_miss(gold: Gold, g: GoldClaim, c: Claim) -> str:
    """What a claim read in the sentence of a missed gold claim got wrong."""
    subj = bool(_names(c.subject.name, c.subject.mention) & _alias_set(gold, (g.subject,)))
    obj = bool(_names(c.object.name, c.object.mention) & _alias_set(gold, g.objects))
    rel = c.relation.type is g.relation
    wrong = [w for w, ok in (("relation", rel), ("subject", subj), ("object", obj)) if not ok]
    return "wrong " + " and ".join(wrong) if wrong else "already used by another gold claim"


def explain(ev: Evaluation, texts: dict[str, str] | None = None, show: int = 50) -> list[str]:
    """One line per error that a user can act on: a missed gold claim with its sentence and
    what the extractor read there instead (and what it got wrong); a false claim with the rule
    (``method``) that made it and its sentence. ``texts`` (article text by file name) lets a
    miss show its whole sentence rather than the gold evidence alone."""
    texts = texts or {}
    gold = Gold(ev.gold_entities, ())
    by_article: dict[str, list[Claim]] = defaultdict(list)
    for _, c in ev.matches:
        by_article[_article_key(c)].append(c)
    for c in ev.false_positives:
        by_article[_article_key(c)].append(c)
    lines: list[str] = []
    if ev.misses:
        lines.append(f"missed gold claims ({len(ev.misses)}):")
    for g in ev.misses[:show]:
        evidence = g.evidence[0] if g.evidence else ""
        sentence = _sentence_around(texts.get(g.article, ""), evidence) if evidence else ""
        core = " core" if g.core else ""
        there = [
            f"{_claim_text(c)} ({_near_miss(gold, g, c)})"
            for c in by_article[g.article]
            if any(ev_ in e.sentence or e.sentence in ev_ for e in c.evidence for ev_ in g.evidence)
        ]
        read = "; read there: " + "; ".join(there) if there else "; nothing read in that sentence"
        lines.append(
            f"  MISS {g.id}{core} {g.article}: {g.subject} –{g.relation.value}/{g.label}→ "
            f"{'|'.join(g.objects)} «{sentence}»{read}"
        )
    if ev.false_positives:
        lines.append(f"false claims ({len(ev.false_positives)}):")
    for c in ev.false_positives[:show]:
        sentence = c.evidence[0].sentence if c.evidence else ""
        lines.append(f"  FALSE {_article_key(c)}: {_claim_text(c)} «{sentence}»")
    return lines
