"""Reports that name the target first and the attacker after, or not at all: «تعرضت قاعدة
الوطية لقصف جوي نفذته مقاتلات تابعة لقوات حفتر», «تعرض المطار لهجوم من قبل الميليشيات»,
«تعرضت المدينة لقصف قوات النظام». No agent named, no claim."""

from __future__ import annotations

from kg.extract.arguments import subject_of_verb
from kg.extract.mentions import Mention
from kg.extract.resources import Predicate
from kg.extract.sentence import Reading, Sentence
from kg.normalize import normalize

# «من قبل X», «من طرف X», «على يد X»: the agent after a passive event.
_AGENT_MARKERS = frozenset(normalize(w) for w in ("قبل", "طرف", "يد", "ايدي", "أيدي"))


def undergo_readings(s: Sentence) -> list[Reading]:
    out: list[Reading] = []
    undergo = s.lex.words_of("undergo_verbs")
    for i in range(s.start, s.end):
        if s.mention(i) is not None or s.norm(i) not in undergo:
            continue
        target = subject_of_verb(s, i, actors_only=False)
        if target is None:
            continue
        start = target.end if target.start > i else i + 1
        event = _event_after(s, start)
        if event is None:
            continue
        k, p = event
        agent = _agent_after(s, k + 1)
        if agent is None or agent.entity.id == target.entity.id or not agent.entity.type.is_actor:
            continue
        out.append(
            Reading(agent, p.relation, p.label, target, s.start, s.end, k, "passive-undergo", 0.75)
        )
        s.consumed.add(k)
    return out


_TO = normalize("إلى")


def _event_after(s: Sentence, start: int) -> tuple[int, Predicate] | None:
    """The event noun «لـقصف», «لهجوم» after the target, past where it is and when («تعرضت
    مدينة كادقلي في ولاية جنوب كردفان، أمس الإثنين، لهجوم من …»)."""
    k, words = start, 0
    while k < min(start + 12, s.end) and words < 6:
        m = s.mention(k)
        if m is not None:
            if not (m.entity.type.is_place and s.prep_before(m) in ("في", "ب")):
                return None
            k = m.end  # where the target is
            continue
        entries = s.lex.lookup(s.norm(k))
        to = s.clitic(k).endswith("ل") or (k > start and s.norm(k - 1) == _TO)
        for e in entries:
            if e.pos == "noun" and not e.relation.is_standing and to:
                return k, e  # «لهجوم», «إلى هجوم»
        if entries or s.norm(k) in s.lex.reporting:
            return None  # another predicate: the event is not this target's
        if s.norm(k) not in ("،", ",", "في", _TO):
            words += 1  # a place unknown, a time («أمس الإثنين»): a few words at most
        k += 1
    return None


def _agent_after(s: Sentence, k: int) -> Mention | None:
    """The agent: a genitive («لقصف طيران X»), «من (قبل) X», or «نفذته X»."""
    limit = min(k + 10, s.end)
    gap = 0
    while k < limit:
        m = s.mention(k)
        if m is not None:
            prep = s.prep_before(m)
            prev = s.norm(m.start - 1) if m.start > s.start else ""
            if prep in ("", "من") or prev in _AGENT_MARKERS:
                return m
            return None
        norm = s.norm(k)
        if norm in ("،", ",", ".") or norm in s.lex.reporting:
            return None
        entries = s.lex.lookup(norm)
        if entries and not any(e.light or e.pos == "noun" for e in entries) and gap > 3:
            return None
        k += 1
        gap += 1
    return None


__all__ = ["undergo_readings"]
