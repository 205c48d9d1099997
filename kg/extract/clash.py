"""Fighting told as a clash between two sides: «اندلعت اشتباكات عنيفة بين قوات X وعناصر Y»,
«تجددت المعارك بين X وY جنوب طرابلس». The clash noun (a word class of the lexicon, so users
extend it) and «بين X وY» within a few words make an ASSAULT of X on Y: news names the side it
reports on first, and a clash is an exchange of attacks either way. «بعد معارك مع Y» makes one
of the clause's own actor on Y (``clash-with``)."""

from __future__ import annotations

from kg.extract.arguments import coordinated
from kg.extract.mentions import Mention
from kg.extract.sentence import Reading, Sentence, kind_ok
from kg.model import EntityType, RelationType
from kg.normalize import normalize

_BETWEEN = normalize("بين")
_WITH = normalize("مع")
_BACK = 20  # words back from the clash noun to the clause's actor
_GAP = 10  # words between the noun and «بين»: adjectives, places («بحي X بمدينة Y»), a day


def clash_readings(s: Sentence) -> list[Reading]:
    out: list[Reading] = []
    nouns = s.lex.words_of("clash_nouns")
    for i in range(s.start, s.end):
        if s.mention(i) is not None or s.norm(i) not in nouns:
            continue
        k = i + 1
        while k < min(i + 1 + _GAP, s.end) and s.norm(k) not in (_BETWEEN, _WITH):
            if s.doc[k].is_punct or (s.mention(k) is None and _is_verb(s, k)):
                break
            k += 1
        if k < s.end and s.norm(k) == _WITH:
            # «بعد معارك مع Y», «تجدد الاشتباكات مع Y»: the clause's own actor fought Y
            other = _side_at(s, k + 1)
            actor = _actor_before(s, i)
            if other is not None and actor is not None and actor.entity.id != other.entity.id:
                out.append(Reading(actor, RelationType.ASSAULT, s.doc[i].text, other, s.start,
                                   s.end, i, "clash-with", 0.6))
            continue
        if k >= s.end or s.norm(k) != _BETWEEN:
            continue
        first = _side_at(s, k + 1)
        if first is None:
            continue
        second = _second_side(s, first)
        if second is None or second.entity.id == first.entity.id:
            continue
        out.append(Reading(first, RelationType.ASSAULT, s.doc[i].text, second, s.start, s.end,
                           i, "clash-between", 0.7))
    return out


def _second_side(s: Sentence, first: Mention) -> Mention | None:
    """The mention after «و» that closes «بين X و…»: «وقوات Y», «وعناصر Y», «وأعضاء من Y»
    (up to two words of people or a partitive before the name)."""
    k = first.end
    if k >= s.end:
        return None
    if s.mention(k) is not None:
        joined = coordinated(s, first, "actor")
        return joined[0] if joined else None
    if not (s.norm(k) == "و" or s.doc[k].text.startswith("و")):
        return None
    return _side_at(s, k + 1 if s.norm(k) == "و" else k)


def _side_at(s: Sentence, j: int) -> Mention | None:
    """The actor named at ``j``, or after up to two words before its name («عناصر تنظيم X»,
    «أعضاء من مجلس Y»)."""
    for t in range(j, min(j + 3, s.end)):
        m = s.mention(t)
        if m is not None:
            return m if kind_ok(m, "actor") else None
        if s.doc[t].is_punct or _is_verb(s, t) or s.norm(t) == _BETWEEN:
            return None
    return None


def _actor_before(s: Sentence, i: int) -> Mention | None:
    """The actor of the clause a clash noun at ``i`` sits in: the nearest body or person before
    it with no preposition on it (one after a preposition is a place or an owner)."""
    for k in range(i - 1, max(s.start - 1, i - _BACK), -1):
        m = s.mention(k)
        if m is not None and m.end <= i and s.prep_before(m) == "" \
                and m.entity.type in _FIGHTERS:
            return s.attached.get(id(m), m)
    return None


# a town or a country before the noun is more often where or what was fought over
_FIGHTERS = frozenset({EntityType.ARMED_GROUP, EntityType.ORG, EntityType.PERSON})


def _is_verb(s: Sentence, k: int) -> bool:
    return any(e.pos == "verb" for e in s.lex.lookup(s.norm(k)))
