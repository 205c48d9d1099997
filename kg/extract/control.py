"""A place told as under an actor's control: «أصبحت إدلب تحت السيطرة الكاملة لقوات المعارضة»,
«مدينة كادوقلي التي باتت تحت سيطرة الحركة». The actor holds the place: a SEIZE, as a reader of
the news records it. «خارج سيطرة», «لم تعد تحت سيطرة» say the opposite and make no claim."""

from __future__ import annotations

import re

from kg.extract.mentions import TRANSPARENT, Mention
from kg.extract.sentence import REL_PRONOUNS, Reading, Sentence, skip_quotes_forward
from kg.model import EntityType, RelationType
from kg.normalize import normalize

_UNDER = normalize("تحت")
_CONTROL = frozenset(normalize(w) for w in ("سيطرة", "السيطرة", "سيطره", "السيطره"))
# words between the place and «تحت»: a copula, «لا تزال», an adverb of time
_COPULAS = frozenset(
    normalize(w)
    for w in ("أصبحت", "أصبح", "اصبحت", "اصبح", "باتت", "بات", "صارت", "صار", "أضحت", "اضحت",
              "تقع", "يقع", "وقعت", "وقع", "لا", "تزال", "يزال", "مازالت", "مازال", "ما", "زالت",
              "زال", "بقيت", "بقي", "ظلت", "ظل", "كانت", "كان", "الآن", "حاليا", "حالياً",
              "اليوم", "بالكامل", "كليا", "كلياً")
)
# words between «سيطرة» and the actor: «الكاملة», «شبه الكاملة», «الفعلية»
_DEGREE = frozenset(
    normalize(w) for w in ("الكاملة", "الكامله", "شبه", "التامة", "التامه", "الفعلية", "الفعليه",
                           "المطلقة", "الكاملة،", "الجزئية")
)


def control_readings(s: Sentence) -> list[Reading]:
    out: list[Reading] = []
    for i in range(s.start, s.end - 2):
        if s.norm(i) != _UNDER or s.mention(i) is not None:
            continue
        k = skip_quotes_forward(s.doc, i + 1)
        if k >= s.end or s.norm(k) not in _CONTROL:
            continue
        actor = _holder(s, k + 1)
        place = _place_before(s, i)
        if actor is None or place is None or actor.entity.id == place.entity.id:
            continue
        out.append(Reading(actor, RelationType.SEIZE, "تحت سيطرة", place, s.start, s.end, k,
                           "under-control", 0.7))
    return out


def _holder(s: Sentence, k: int) -> Mention | None:
    """The actor after «سيطرة», past its degree: «سيطرة قوات X», «السيطرة الكاملة لقوات X»."""
    for _ in range(3):
        k = skip_quotes_forward(s.doc, k)
        if k >= s.end or s.norm(k) not in _DEGREE:
            break
        k += 1
    m = s.mention(k) if k < s.end else None
    if m is None or m.start != k or not m.entity.type.is_actor:
        return None
    if m.entity.type is EntityType.MEDIA or (m.entity.type.is_place and m.entity.type is not \
            EntityType.GPE):
        return None
    return m if s.prep_before(m) in ("", "ل") else None


def _place_before(s: Sentence, i: int) -> Mention | None:
    """The unprepositioned place right before «تحت», past a copula or a relative pronoun."""
    j = i - 1
    relative = False  # «نحو مدينة درنة التي باتت تحت …»: the preposition is the main clause's
    while j >= s.start and (s.norm(j) in TRANSPARENT or s.norm(j) in _COPULAS
                            or s.norm(j) in REL_PRONOUNS):
        relative = relative or s.norm(j) in REL_PRONOUNS
        j -= 1
    m = s.mention(j) if j >= s.start else None
    if m is None or m.end != j + 1 or not m.entity.type.is_place:
        return None
    before = s.norm(m.start - 1) if m.start > s.start else ""
    if _FUTURE.match(before):
        return None  # «ستكون طرابلس تحت سيطرة الجيش»: a hope, not a fact
    return m if relative or s.prep_before(m) == "" else None


# «ستكون», «سيصبح», «هتكون», «ستبقى»: a future copula before the place
_FUTURE = re.compile(r"^(و|ف)?[سه][تي](كون|صبح|بقي|بقى|ظل)$")
