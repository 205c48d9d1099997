"""Relations between mentions: the shapes news Arabic uses, sentence by sentence.

Rules, in the order they run on a sentence:
1. *Role phrases* («X، الناطق باسم Y», «رئيس Y Z», «آمر … بـY، اللواء Z») give MEMBER_OF / LEADS
   and let the role's person stand for the whole phrase when it is an argument.
2. *Reporting verbs* (قال، أكد، أعلن …) give the speaker of what follows, the outlet it went
   through («في تصريحات لصحيفة X») and carry over to «وأضاف أن …» in the next sentence.
3. *Predicates* from the lexicon (verbs, verbal nouns, light verbs with an event noun,
   participles such as المدعومة من and heads such as بقيادة) find their subject and object:
   verb–subject–object, subject–verb, relative clauses («التي يقودها X», «التي شنتها X على Y»),
   genitive and possessive subjects of verbal nouns, coordination («مدينتي هون وسوكنة»).
4. *Clashes* «اشتباكات بين X وY» (:mod:`clash`).
Each reading keeps the rule that produced it (``method``) and a confidence that reflects it.
Each family lives in its own module (:mod:`roles`, :mod:`speech`, :mod:`predicates`,
:mod:`timeplace`); this one runs them over every sentence and joins their results.
"""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Doc

from kg.extract.clash import clash_readings
from kg.extract.control import control_readings
from kg.extract.mentions import LOYAL_WORDS, Mention, MentionIndex
from kg.extract.passive import undergo_readings
from kg.extract.predicates import predicate_readings
from kg.extract.resources import Gazetteer, Lexicon
from kg.extract.roles import role_readings
from kg.extract.sentence import Reading, Sentence
from kg.extract.speech import find_speech
from kg.extract.timeplace import event_place, facility_readings, sentence_time
from kg.model import Entity, EntityType, RelationType
from kg.normalize import normalize

__all__ = ["Reading", "find_readings"]


def _verbal_attack(r: Reading, countries: set[str]) -> Reading:
    """«هاجم حفتر تركيا وقطر», «هاجم حفتر المبعوث الأممي»: a man «attacking» a person, a body or
    a country attacks them in words (ACCUSE); his forces attacking a town stay an ASSAULT."""
    if r.relation is not RelationType.ASSAULT or normalize(r.label) != _ATTACKED \
            or r.subject.entity.type is not EntityType.PERSON:
        return r
    target = r.object.entity
    verbal = target.type in (EntityType.PERSON, EntityType.ORG, EntityType.MEDIA) or (
        target.type is EntityType.GPE and target.name in countries)  # a country, not a town
    return replace(r, relation=RelationType.ACCUSE) if verbal else r


_ATTACKED = normalize("هاجم")


def find_readings(doc: Doc, idx: MentionIndex, lex: Lexicon, gaz: Gazetteer) -> list[Reading]:
    """Every reading of ``doc`` (whose tokens carry matching forms and whose mentions are found)."""
    readings: list[Reading] = []
    previous_speaker: Mention | None = None
    last_subject: Mention | None = None
    leaders: dict[str, Entity] = {}
    article = doc._.kg_article if doc.has_extension("kg_article") else None
    reporter_names = (
        {normalize(article.outlet)} if article is not None and article.outlet else set()
    )
    countries = set(lex.demonyms.values())  # the countries a demonym names
    for sent in doc.sents:
        s = Sentence(doc, sent.start, sent.end, idx, lex, leaders=leaders)
        found = role_readings(s, gaz)
        speeches = find_speech(s, previous_speaker, reporter_names)
        for sp in speeches:
            if sp.speaker is not None:
                previous_speaker = sp.speaker
        found += undergo_readings(s)  # first: its event nouns are used up
        found += [_verbal_attack(r, countries)
                  for r in predicate_readings(s, speeches, gaz, last_subject, previous_speaker)]
        found += clash_readings(s)
        found += control_readings(s)
        found += facility_readings(s)
        found += _tie_readings(s)
        time_text = sentence_time(s) if found else None
        for r in found:
            speech = next(
                (
                    sp
                    for sp in reversed(speeches)
                    if sp.verb < r.pred and (sp.speaker is None or sp.speaker.end <= r.pred)
                ),
                None,
            )
            if speech is not None and not r.relation.is_standing:
                r.speaker, r.via = speech.speaker, speech.via
            r.place = event_place(s, {id(r.subject), id(r.object)})
            r.time_text = time_text
            if not r.relation.is_standing:
                last_subject = r.subject
        readings += [r for r in found if _well_formed(r)]
    return readings


def _tie_readings(s: Sentence) -> list[Reading]:
    """«القوات الموالية لحفتر»: the force is loyal to (SUPPORT) or part of (PART_OF) its owner."""
    out = []
    for m in s.idx.mentions:
        if m.link is None or not (s.start <= m.start < s.end):
            continue
        word, owner = m.link
        loyal = word in LOYAL_WORDS
        relation = RelationType.SUPPORT if loyal else RelationType.PART_OF
        label = "الموالية لـ" if loyal else "التابعة لـ"
        out.append(Reading(m, relation, label, owner, s.start, s.end, m.start, "force-tie", 0.8))
    return out



def _is_source(m: Mention) -> bool:
    return m.entity.id.startswith("source-")


def _well_formed(r: Reading) -> bool:
    """Readings whose arguments can play their parts: an unnamed source («مصادر عسكرية») only
    speaks and never acts or is acted on; a unit is part of a body, not of a person or a town;
    a place does not support or lead."""
    if _is_source(r.subject) or _is_source(r.object):
        return False
    if r.subject.entity.id == r.object.entity.id:
        return False
    if r.subject.entity.type is EntityType.MEDIA and r.relation in _DEEDS:
        return False  # an outlet reports; it does not attack, seize or retreat
    if r.relation is RelationType.PART_OF:
        # «عملية الكرامة التابعة لحفتر»: a body may be said to belong to its leader
        return r.subject.entity.type in _BODIES and (
            r.object.entity.type in _BODIES or r.object.entity.type is EntityType.PERSON
        )
    # one leads or belongs to a body, not a person («التحالف الذي تقوده السعودية … المالكي»)
    if (
        r.relation in (RelationType.LEADS, RelationType.MEMBER_OF)
        and r.object.entity.type is EntityType.PERSON
    ):
        return False
    if r.relation in (RelationType.SUPPORT, RelationType.LEADS, RelationType.MEMBER_OF):
        return not (r.subject.entity.type.is_place and r.subject.entity.type is not EntityType.GPE)
    return True


_DEEDS = frozenset(
    {
        RelationType.ASSAULT,
        RelationType.SEIZE,
        RelationType.COERCE,
        RelationType.MOBILIZE,
        RelationType.RETREAT,
        RelationType.AID,
        RelationType.SANCTION,
    }
)
_BODIES = frozenset({EntityType.ORG, EntityType.ARMED_GROUP, EntityType.MEDIA})
