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
Each reading keeps the rule that produced it (``method``) and a confidence that reflects it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from spacy.tokens import Doc

from kg.extract.mentions import TRANSPARENT, Mention, MentionIndex, _norms
from kg.extract.resources import PREPOSITIONS, Gazetteer, Lexicon, Predicate, lex_key
from kg.model import EntityType, Modality, RelationType
from kg.normalize import normalize

REL_PRONOUNS = frozenset(
    normalize(w) for w in ("التي", "الذي", "الذين", "اللذين", "اللتين", "والتي", "والذي", "والذين")
)
SUBJECT_GAP_WORDS = frozenset(normalize(w) for w in ("قد", "،", ",", "لقد", "ان", "إن", "أن"))
THAT_WORDS = frozenset(
    normalize(w)
    for w in ("أن", "إن", "أنه", "إنه", "أنها", "إنها", "أنهم", "إنهم", "بأن", "وأن", "لأن")
)
PRONOUN_THAT = frozenset(
    normalize(w) for w in ("أنهم", "إنهم", "أنها", "إنها", "أنه", "إنه", "بأنها", "بأنهم")
)
CONTINUATION = frozenset(normalize(w) for w in ("كما", "وكما", "ثم"))
OWN_FORCES = frozenset(
    normalize(w)
    for w in (
        "قواته",
        "قواتها",
        "قواتنا",
        "قواتهم",
        "جنوده",
        "جنودنا",
        "عناصره",
        "عناصرها",
        "وحداته",
    )
)
ATTRIBUTION_NOUNS = frozenset(
    normalize(w) for w in ("تصريحات", "تصريح", "حديث", "مقابلة", "لقاء", "بيان", "تغريدة", "منشور")
)
_OBJECT_PRONOUNS = ("هما", "ها", "هم", "ه")


@dataclass
class Reading:
    """One claim as found in the text, before it meets the article's metadata."""

    subject: Mention
    relation: RelationType
    label: str
    object: Mention
    sent_start: int
    sent_end: int
    pred: int  # token index of the predicate (or role word)
    method: str
    confidence: float
    modality: Modality = Modality.ASSERTED
    speaker: Mention | None = None
    via: Mention | None = None
    place: Mention | None = None
    time_text: str | None = None


@dataclass
class _Sentence:
    doc: Doc
    start: int
    end: int
    idx: MentionIndex
    lex: Lexicon
    absorbed: dict[int, Mention] = field(default_factory=dict)  # id(org mention) → person
    role_start: dict[int, int] = field(default_factory=dict)  # id(person mention) → role token
    consumed: set[int] = field(default_factory=set)  # predicate tokens already used
    norms: list[str] = field(default_factory=list)
    _clitics: dict[int, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.norms = _norms(self.doc)

    def mention(self, i: int) -> Mention | None:
        return self.idx.by_token.get(i)

    def norm(self, i: int) -> str:
        return self.norms[i]

    def clitic(self, i: int) -> str:
        """The proclitics split off token ``i`` (e.g. "و", "ب", "لل")."""
        found = self._clitics.get(i)
        if found is None:
            found = self._clitics[i] = self._clitic(i)
        return found

    def _clitic(self, i: int) -> str:
        raw = normalize(self.doc[i].text).replace("ـ", "")
        form = _norms(self.doc)[i]
        if form.startswith("ال") and raw.endswith(form[2:]) and not raw.endswith(form):
            return raw[: len(raw) - len(form) + 2]
        return raw[: len(raw) - len(form)] if raw.endswith(form) else ""

    def prep_before(self, m: Mention) -> str:
        """The preposition that governs mention ``m``: a clitic on its first token, or the word
        before it ("" when none)."""
        start = self.role_start.get(id(m), m.start)
        start = _skip_quotes_forward(self.doc, start)
        clitic = self.clitic(start).lstrip("وف")
        if clitic:
            return "ل" if clitic.startswith("ل") else clitic[-1]
        j = start - 1
        while j >= self.start and _norms(self.doc)[j] in TRANSPARENT:
            j -= 1
        if j >= self.start and _norms(self.doc)[j] in PREPOSITIONS:
            return _norms(self.doc)[j]
        if j >= self.start and _norms(self.doc)[j] in ("لـ", "ل", "بـ", "ب"):
            return _norms(self.doc)[j][0]
        return ""


def _skip_quotes_forward(doc: Doc, i: int) -> int:
    while i < len(doc) - 1 and _norms(doc)[i] in TRANSPARENT:
        i += 1
    return i


def _kind_ok(m: Mention, kind: str) -> bool:
    if kind == "place":
        return m.entity.type.is_place
    if kind == "actor":
        return m.entity.type.is_actor
    return True


# ---------------------------------------------------------------------------------------------
# 1. Role phrases


def _role_at(s: _Sentence, i: int) -> tuple[int, RelationType] | None:
    if s.norms[i] not in s.lex.role_words:
        return None
    for size in (2, 1):
        key = tuple(s.norm(k) for k in range(i, min(i + size, s.end)))
        if len(key) == size and key in s.lex.roles:
            return size, s.lex.roles[key]
    return None


def _is_verb(s: _Sentence, k: int) -> bool:
    form = s.norm(k)
    if form in s.lex.reporting:
        return True
    return not form.startswith("ال") and any(e.pos == "verb" for e in s.lex.lookup(form))


def _role_readings(s: _Sentence) -> list[Reading]:
    out = []
    i = s.start
    while i < s.end:
        if s.mention(i) is not None:
            i += 1
            continue
        role = _role_at(s, i)
        if role is None:
            i += 1
            continue
        size, relation = role
        # The body: the first organisation within a few words (غرفة عمليات سلاح الجو بقوات X).
        org = None
        k = i + size
        while k < min(i + size + 7, s.end):
            m = s.mention(k)
            if m is not None:
                if (
                    m.entity.type
                    in (EntityType.ORG, EntityType.ARMED_GROUP, EntityType.GPE, EntityType.MEDIA)
                    and m.method != "descriptor"
                ):
                    org = m
                break
            if _is_verb(s, k) or (s.doc[k].is_punct and s.norm(k) not in TRANSPARENT):
                break
            k += 1
        if org is None:
            i += 1
            continue
        person = None
        parent = _parent_org(s, org)
        # The person after the body: «رئيس مجلس النواب الليبي، المستشار عقيلة صالح»
        k = (parent or org).end
        steps = 0
        while k < s.end and steps < 4:
            m = s.mention(k)
            if m is not None:
                if m.entity.type is EntityType.PERSON and m.method != "descriptor":
                    person = m
                break
            if s.lex.lookup(s.norm(k)) or s.norm(k) in s.lex.reporting:
                break
            k += 1
            steps += 1
        after = person is not None
        if person is None:
            # The person before the role: «أحمد المسماري، المتحدث باسم …»
            j = i - 1
            while j >= s.start and s.norm(j) in {"،", ","} | TRANSPARENT:
                j -= 1
            m = s.mention(j) if j >= s.start else None
            if m is not None and m.entity.type is EntityType.PERSON and m.method != "descriptor":
                person = m
        if person is None or person.entity.id == org.entity.id:
            i = (parent or org).end
            continue
        label = s.doc[i : org.start].text.strip(' ،,«»“”"')
        method = "role-after" if after else "role-before"
        if parent is not None:
            # آمر غرفة عمليات سلاح الجو بقوات الكرامة: the unit is part of the parent body,
            # and its commander a member of both.
            out.append(
                Reading(
                    org,
                    RelationType.PART_OF,
                    "التابعة لـ",
                    parent,
                    s.start,
                    s.end,
                    org.start,
                    "unit-of",
                    0.8,
                )
            )
            label = s.doc[i : parent.start].text.strip(' ،,«»“”"')
            s.absorbed[id(org)] = person
            org = parent
        out.append(
            Reading(person, relation, label or s.doc[i].text, org, s.start, s.end, i, method, 0.9)
        )
        s.absorbed[id(org)] = person
        if after:
            s.role_start[id(person)] = i
        i = max(org.end, person.end) if after else org.end
    return out


def _parent_org(s: _Sentence, org: Mention) -> Mention | None:
    """The body a unit belongs to when written right after it with بـ/لـ/في."""
    k = _skip_quotes_forward(s.doc, org.end)
    m = s.mention(k) if k < s.end else None
    if m is None or m is org or m.entity.type not in (EntityType.ORG, EntityType.ARMED_GROUP):
        return None
    return m if s.prep_before(m) in ("ب", "ل", "في") else None


# ---------------------------------------------------------------------------------------------
# 2. Speakers


@dataclass
class _Speech:
    verb: int
    speaker: Mention | None
    via: Mention | None
    alleged: bool
    denied: bool
    that: int | None  # token of أن/إن that opens the reported content


def _speech(s: _Sentence, previous: Mention | None, reporter_names: set[str]) -> list[_Speech]:
    out = []
    for i in range(s.start, s.end):
        if s.mention(i) is not None or s.norm(i) not in s.lex.reporting:
            continue
        speaker = _subject_of_verb(s, i, actors_only=True)
        if speaker is None and (s.clitic(i).startswith(("و", "ف")) or i == s.start):
            speaker = previous
        via = None
        for k in range(i, s.end):
            m = s.mention(k)
            if m is None or m.entity.type is not EntityType.MEDIA:
                continue
            if normalize(m.entity.name) in reporter_names:
                continue
            prev = s.norm(m.start - 1) if m.start - 1 >= s.start else ""
            if s.prep_before(m) == "ل" or prev in ATTRIBUTION_NOUNS or lex_key(prev) in s.lex.heads:
                via = m
                break
        that = next((k for k in range(i + 1, min(i + 12, s.end)) if s.norm(k) in THAT_WORDS), None)
        norm = s.norm(i)
        out.append(
            _Speech(
                i,
                speaker,
                via,
                norm in {"زعم", "يزعم", "زعمت", "مرجحا"},
                norm in {"نفي", "ينفي", "نفت"},
                that,
            )
        )
    return out


# ---------------------------------------------------------------------------------------------
# 3. Predicates


def _subject_of_verb(s: _Sentence, i: int, actors_only: bool = True) -> Mention | None:
    """Subject before the verb (with at most «قد»/comma between) unless the verb opens a new
    clause with و/ف; otherwise the first unprepositioned mention after it."""
    if not s.clitic(i).startswith(("و", "ف")):
        j = i - 1
        gap = 0
        while (
            j >= s.start
            and gap < 2
            and (s.norm(j) in SUBJECT_GAP_WORDS or s.norm(j) in TRANSPARENT)
        ):
            j -= 1
            gap += 1
        m = s.mention(j) if j >= s.start else None
        if (
            m is not None
            and (not actors_only or m.entity.type.is_actor)
            and s.prep_before(m) == ""
            and id(m) not in s.absorbed
        ):
            return m
    k = i + 1
    while k < min(i + 8, s.end):
        m = s.mention(k)
        if m is not None:
            if id(m) in s.absorbed:
                k = m.end
                continue
            if s.prep_before(m) not in ("", "ل") and id(m) not in s.role_start:
                return None
            if s.prep_before(m) == "ل" and id(m) not in s.role_start:
                return None
            return m if (not actors_only or m.entity.type.is_actor) else None
        norm = s.norm(k)
        if (
            norm in PREPOSITIONS
            or norm in THAT_WORDS
            or norm in s.lex.reporting
            or (s.lex.lookup(norm) and _role_at(s, k) is None)
        ):
            return None
        k += 1
    return None


def _has_object_pronoun(s: _Sentence, i: int) -> bool:
    if s.doc[i].text.endswith("ة"):
        return False  # a ta marbuta, not the pronoun ه
    form = s.norm(i)
    for suffix in _OBJECT_PRONOUNS:
        if (
            form.endswith(suffix)
            and len(form) - len(suffix) >= 2
            and s.lex.lookup(form[: -len(suffix)])
        ):
            return True
    return False


def _relative_head(s: _Sentence, i: int) -> Mention | None:
    """For a verb right after التي/الذي: the mention the relative clause hangs on."""
    j = i - 1
    if j >= s.start and s.norm(j) == "قد":
        j -= 1
    if j < s.start or s.norm(j) not in REL_PRONOUNS:
        return None
    j -= 1
    gap = 0
    while j >= s.start and gap < 4:
        m = s.mention(j)
        if m is not None:
            return m
        if s.lex.lookup(s.norm(j)) and s.norm(j) not in ("عمليات", "عمليه"):
            return None
        j -= 1
        gap += 1
    return None


def _objects(s: _Sentence, start: int, p: Predicate, subject: Mention | None) -> list[Mention]:
    """The object (and any coordinated ones) after ``start``."""
    k = start
    limit = min(start + 22, s.end)
    seen: set[str] = set()  # prepositions passed on the way: سيطرتها على مناطق شرق مصراتة
    while k < limit:
        m = s.mention(k)
        if m is None:
            norm = s.norm(k)
            if norm in PREPOSITIONS:
                seen = {norm}  # only the latest preposition governs what follows
            if norm in s.lex.reporting:
                return []
            if norm in REL_PRONOUNS:
                # A relative clause describes the mention before it: skip to its end (the next
                # comma, or else past the clause's own verb and the mention that follows it).
                comma = next((j for j in range(k + 1, limit) if s.norm(j) in ("،", ",")), None)
                if comma is None:
                    inner = next((j for j in range(k + 2, limit) if s.mention(j) is not None), None)
                    if inner is None:
                        return []
                    inner_m = s.mention(inner)
                    assert inner_m is not None
                    k = inner_m.end
                    continue
                k = comma + 1
                continue
            entries = s.lex.lookup(norm)
            if (
                entries
                and not p.through
                and k not in s.consumed
                and k != start
                and any(e.pos == "verb" for e in entries)
                and not s.norm(k).startswith("ال")
                and _role_at(s, k) is None
            ):
                return []
            k += 1
            continue
        if id(m) in s.absorbed:
            k = m.end
            continue
        if (subject is not None and m.entity.id == subject.entity.id) or m.method == "descriptor":
            k = m.end
            continue
        prep = s.prep_before(m)
        prev = s.norm(m.start - 1) if m.start - 1 >= s.start else ""
        if m.entity.type is EntityType.MEDIA and (prev in ATTRIBUTION_NOUNS or prep == "ل"):
            k = m.end
            continue
        place_via = p.object_kind == "place" and bool(seen & p.preps)
        # «دمرت مخازن ذخيرة لقوات حفتر»: an actor owning the direct object is the target.
        owner = (
            prep == "ل"
            and "" in p.preps
            and p.object_kind != "place"
            and m.start - 1 > start
            and s.mention(m.start - 1) is None
            and not s.lex.lookup(s.norm(m.start - 1))
            and s.norm(m.start - 1) not in PREPOSITIONS
        )
        if _kind_ok(m, p.object_kind) and (prep in p.preps or place_via or owner):
            return [m, *_coordinated(s, m, p.object_kind)]
        k = m.end
    return []


def _coordinated(s: _Sentence, m: Mention, kind: str) -> list[Mention]:
    """Mentions joined to ``m`` by و or a comma: «هون وسوكنة», «فاغنر» و«الجنجويد»."""
    out: list[Mention] = []
    cur = m
    while True:
        k = cur.end
        while k < s.end and s.norm(k) in TRANSPARENT:
            k += 1
        joined = False
        if k < s.end and s.norm(k) in ("و", "،", ","):
            k += 1
            joined = True
            while k < s.end and s.norm(k) in TRANSPARENT:
                k += 1
        nxt = s.mention(k) if k < s.end else None
        if nxt is None or nxt is cur:
            return out
        if not joined and not s.clitic(_skip_quotes_forward(s.doc, nxt.start)).startswith("و"):
            return out
        if not _kind_ok(nxt, kind) or nxt.entity.type is EntityType.MEDIA:
            return out
        out.append(nxt)
        cur = nxt


def _noun_subject(
    s: _Sentence, i: int, p: Predicate, speeches: list[_Speech], gaz: Gazetteer
) -> tuple[Mention | None, str]:
    """Subject of a verbal noun: a demonym (تهديد تركي), a genitive (انسحاب مرتزقة فاغنر), a
    possessive (هجومها), the announcer (أعلن … إطلاق عملية), or «X مستمرة في …»."""
    # A demonym adjective: تهديد تركي جديد، تهديدات أميركية
    for k in range(i + 1, min(i + 3, s.end)):
        country = s.lex.demonyms.get(s.norm(k))
        if country:
            entity = gaz.by_name(country)
            if entity is not None:
                return Mention(k, k + 1, entity, "demonym"), "noun-demonym"
    # A genitive actor right after: انسحاب (مجموعات من مرتزقة) فاغنر
    if p.object_kind == "place" or p.relation in (
        RelationType.RETREAT,
        RelationType.CONSULT,
        RelationType.THREATEN,
    ):
        k = i + 1
        while k < min(i + 5, s.end) and s.mention(k) is None:
            if s.norm(k) in PREPOSITIONS and s.norm(k) != "من":
                break
            k += 1
        m = s.mention(k) if k < s.end else None
        if (
            m is not None
            and m.entity.type.is_actor
            and not m.entity.type.is_place
            and s.prep_before(m) in ("", "من")
            and m.method != "descriptor"
        ):
            return m, "noun-genitive"
    # A possessive suffix: the nearest actor before it in the sentence.
    if _has_object_pronoun(s, i):
        for j in range(i - 1, s.start - 1, -1):
            m = s.mention(j)
            if (
                m is not None
                and m.entity.type.is_actor
                and not m.entity.type.is_place
                and m.method != "descriptor"
                and id(m) not in s.absorbed
            ):
                return m, "noun-possessive"
    # The announcer: أعلن خليفة حفتر … إطلاق عملية (no أن between)
    for sp in reversed(speeches):
        if (
            sp.verb < i
            and sp.speaker is not None
            and sp.speaker.entity.type.is_actor
            and (sp.that is None or sp.that > i)
            and i - sp.verb <= 10
        ):
            subj = sp.speaker
            if subj.method == "descriptor":
                # An unnamed source reports; it acts only for the body it belongs to.
                if subj.org is None:
                    break
                return replace(subj, entity=subj.org, method="descriptor-org"), "noun-announced"
            return subj, "noun-announced"
    # «X مستمرة في إلحاق …»: an unprepositioned actor a few words before, nothing between.
    for j in range(i - 1, max(i - 5, s.start - 1), -1):
        m = s.mention(j)
        if m is not None:
            before = s.norm(m.start - 1) if m.start > s.start else ""
            governed = before in s.lex.reporting or any(
                e.pos == "verb" for e in s.lex.lookup(before)
            )
            if (
                m.entity.type.is_actor
                and s.prep_before(m) == ""
                and m.method != "descriptor"
                and not governed
            ):
                return m, "noun-topic"
            break
        n = s.norm(j)
        if s.lex.lookup(n) or n in s.lex.modality_cues or n in s.lex.reporting or s.doc[j].is_punct:
            break
    return None, ""


def _modality(s: _Sentence, i: int, p: Predicate, speech: _Speech | None) -> Modality | None:
    """None when the event is negated (عدم اقتحام، لم يقصف)."""
    cues = {s.lex.modality_cues.get(s.norm(k)): k for k in range(max(s.start, i - 8), i)}
    cues.pop(None, None)
    if "negated" in cues and i - cues["negated"] <= 2 and "denied" not in cues:
        return None
    if "denied" in cues or (speech is not None and speech.denied):
        return Modality.DENIED
    if p.modality is not None:
        return p.modality
    if "alleged" in cues or (speech is not None and speech.alleged):
        return Modality.ALLEGED
    if "planned" in cues:
        return Modality.PLANNED
    return Modality.ASSERTED


_TIME = re.compile(
    r"(?:صباح|مساء|ليل|فجر|ظهر)?\s*(?:اليوم|امس|أمس|أول من أمس|اول من امس|أمس الأول|امس الاول"
    r"|الليلة الماضية|يوم\s+\S+|الأسبوع الماضي|الاسبوع الماضي)"
    r"(?:\s+(?:السبت|الأحد|الاحد|الاثنين|الإثنين|الثلاثاء|الأربعاء|الاربعاء|الخميس|الجمعة))?"
    r"|\d{1,2}\s*[-–]?\s*(?:\d{1,2}\s+)?(?:من\s+)?(?:شهر\s+)?"
    r"(?:يناير|فبراير|مارس|أبريل|ابريل|مايو|يونيو|يوليو|أغسطس|اغسطس|سبتمبر|أكتوبر|اكتوبر"
    r"|نوفمبر|ديسمبر|جانفي|الطير|النوار|الربيع|الماء|الصيف|ناصر|هانيبال|الفاتح|التمور|الحرث"
    r"|الكانون|أي النار|اي النار|كانون الثاني|شباط|آذار|نيسان|أيار|حزيران|تموز|آب"
    r"|أيلول|تشرين الأول|تشرين الثاني|كانون الأول)(?:/\S+)?(?:\s+(?:الماضي|المقبل|الجاري))?"
)


def _time(s: _Sentence) -> str | None:
    text = s.doc[s.start : s.end].text
    m = _TIME.search(text)
    return m.group(0).strip() if m else None


def _place(s: _Sentence, used: set[int]) -> Mention | None:
    for m in s.idx.mentions:
        if m.start < s.start or m.start >= s.end or id(m) in used or id(m) in s.absorbed:
            continue
        if m.entity.type.is_place and s.prep_before(m) in ("في", "ب"):
            return m
    return None


def find_readings(doc: Doc, idx: MentionIndex, lex: Lexicon, gaz: Gazetteer) -> list[Reading]:
    """Every reading of ``doc`` (whose tokens carry matching forms and whose mentions are found)."""
    readings: list[Reading] = []
    previous_speaker: Mention | None = None
    last_subject: Mention | None = None
    article = doc._.kg_article if doc.has_extension("kg_article") else None
    reporter_names = (
        {normalize(article.outlet)} if article is not None and article.outlet else set()
    )
    for sent in doc.sents:
        s = _Sentence(doc, sent.start, sent.end, idx, lex)
        found = _role_readings(s)
        speeches = _speech(s, previous_speaker, reporter_names)
        for sp in speeches:
            if sp.speaker is not None:
                previous_speaker = sp.speaker
        found += _predicate_readings(s, speeches, gaz, last_subject)
        found += _facility_readings(s)
        time_text = _time(s) if found else None
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
            r.place = _place(s, {id(r.subject), id(r.object)})
            r.time_text = time_text
            if not r.relation.is_standing:
                last_subject = r.subject
        readings += found
    return readings


def _between(s: _Sentence, i: int) -> Mention | None:
    for k in (i + 1, i + 2):
        if k + 1 < s.end and s.norm(k) == "بين":
            for j in range(k + 1, min(k + 4, s.end)):
                if s.mention(j) is not None:
                    return s.mention(j)
    return None


def _facility_readings(s: _Sentence) -> list[Reading]:
    """«مطار معيتيقة بطرابلس»: a facility written with the city it is in."""
    out: list[Reading] = []
    for m in s.idx.mentions:
        if m.start < s.start or m.end >= s.end or m.entity.type is not EntityType.FAC:
            continue
        k = _skip_quotes_forward(s.doc, m.end)
        city = s.mention(k)
        if (
            city is not None
            and city is not m
            and city.entity.type in (EntityType.GPE, EntityType.LOC)
            and s.prep_before(city) in ("ب", "في")
        ):
            out.append(
                Reading(
                    m,
                    RelationType.LOCATED_IN,
                    "في",
                    city,
                    s.start,
                    s.end,
                    m.start,
                    "facility-in",
                    0.8,
                )
            )
    return out


def _predicate_readings(
    s: _Sentence, speeches: list[_Speech], gaz: Gazetteer, last_subject: Mention | None
) -> list[Reading]:
    out: list[Reading] = []
    topic = None
    for sp in speeches:
        if sp.that is not None and s.norm(sp.that) in PRONOUN_THAT and sp.speaker is not None:
            topic = sp.speaker.org if sp.speaker.org is not None else sp.speaker.entity
    light_nouns: dict[int, tuple[int, str]] = {}
    for i in range(s.start, s.end):
        if s.mention(i) is None and any(e.light for e in s.lex.lookup(s.norm(i))):
            noun = _event_noun(s, i)
            if noun is not None:
                light_nouns[i] = noun
                s.consumed.add(noun[0])
    for i in range(s.start, s.end):
        if s.mention(i) is not None or i in s.consumed:
            continue
        norm = s.norm(i)
        entries = s.lex.lookup(norm)
        if not entries:
            continue
        p = _choose_entry(s, i, entries)
        if p is None:
            continue
        label = p.label
        if p.light:
            if i not in light_nouns:
                continue
            label = light_nouns[i][1]
        speech = next((sp for sp in reversed(speeches) if sp.verb < i), None)
        modality = _modality(s, i, p, speech)
        if modality is None:
            continue
        subject: Mention | None = None
        objects: list[Mention] = []
        method = ""
        if p.head or p.passive:
            before = _head_before(s, i)
            after = _objects(s, i + 1, p, None)
            if before is None or not after:
                continue
            for o in after:
                subj, obj = (o, before) if p.invert else (before, o)
                out.append(
                    Reading(
                        subj,
                        p.relation,
                        label,
                        obj,
                        s.start,
                        s.end,
                        i,
                        "participle" if p.passive else "head",
                        0.85,
                        modality,
                    )
                )
            continue
        if p.pos == "verb":
            head = _relative_head(s, i)
            if head is not None and _has_object_pronoun(s, i):
                subject = _subject_of_verb_after(s, i)
                method = "relative-object"
                if subject is not None and "" in p.preps and not p.light:
                    objects = [head]
                elif subject is not None:
                    objects = _objects(s, subject.end, p, subject)
            elif head is not None:
                subject, method = head, "relative-subject"
                objects = _objects(s, i + 1, p, subject)
            else:
                if (
                    speech is not None
                    and speech.speaker is not None
                    and i > s.start
                    and s.norm(i - 1) in OWN_FORCES
                ):
                    # «إن قواته استعادت …»: the speaker's own forces.
                    who = speech.speaker
                    subject = Mention(i - 1, i, who.org or who.entity, "topic")
                    method = "verb-own-forces"
                else:
                    subject = _subject_of_verb(s, i)
                    method = "verb"
                if subject is None and topic is not None:
                    subject = Mention(i, i + 1, topic, "topic")
                    method = "verb-topic"
                elif (
                    subject is None
                    and last_subject is not None
                    and (
                        s.clitic(i).startswith(("و", "ف"))
                        or (i > s.start and s.norm(i - 1) in CONTINUATION)
                    )
                ):
                    subject = last_subject
                    method = "verb-continued"
                if subject is not None:
                    start = subject.end if subject.start > i else i + 1
                    objects = _objects(s, start, p, subject)
        elif (b := _between(s, i)) is not None:
            # لقاءات (عدة) بين X و Y: the two sides of a meeting, an exchange, an agreement.
            subject, method = b, "noun-between"
            assert subject is not None
            objects = _coordinated(s, subject, "actor")
            if not objects:
                k = subject.end
                while k < min(subject.end + 6, s.end) and s.mention(k) is None:
                    k += 1
                nxt = s.mention(k) if k < s.end else None
                if (
                    nxt is not None
                    and nxt.entity.type.is_actor
                    and s.clitic(_skip_quotes_forward(s.doc, nxt.start)).startswith("و")
                ) or (nxt is not None and s.norm(subject.end) == "و"):
                    objects = [nxt]
            for obj in objects:
                out.append(
                    Reading(
                        subject, p.relation, label, obj, s.start, s.end, i, method, 0.75, modality
                    )
                )
            continue
        else:
            subject, method = _noun_subject(s, i, p, speeches, gaz)
            if subject is None and topic is not None:
                subject, method = Mention(i, i + 1, topic, "topic"), "noun-topic-speaker"
            if subject is not None:
                start = subject.end if subject.start > i else i + 1
                objects = _objects(s, start, p, subject)
        if subject is None or not objects:
            continue
        subjects = [subject, *(_coordinated(s, subject, "actor") if subject.start > i else [])]
        conf = _CONFIDENCE.get(method, 0.6)
        for subj in subjects:
            if not subj.entity.type.is_actor:
                continue
            for obj in objects:
                if obj.entity.id == subj.entity.id:
                    continue
                c = conf - (0.1 if "trigger" in (subj.method, obj.method) else 0.0)
                out.append(
                    Reading(
                        subj,
                        p.relation,
                        label,
                        obj,
                        s.start,
                        s.end,
                        i,
                        method,
                        round(max(0.1, min(0.99, c)), 2),
                        modality,
                    )
                )
    return out


_CONFIDENCE = {
    "verb": 0.85,
    "relative-object": 0.85,
    "relative-subject": 0.8,
    "noun-genitive": 0.75,
    "noun-demonym": 0.7,
    "noun-announced": 0.75,
    "noun-possessive": 0.65,
    "noun-topic": 0.65,
    "verb-topic": 0.6,
    "noun-topic-speaker": 0.55,
    "verb-continued": 0.5,
    "verb-own-forces": 0.6,
}


def _subject_of_verb_after(s: _Sentence, i: int) -> Mention | None:
    k = i + 1
    while k < min(i + 8, s.end):
        m = s.mention(k)
        if m is not None:
            if id(m) in s.absorbed:
                k = m.end
                continue
            return m if m.entity.type.is_actor and s.prep_before(m) == "" else None
        if s.norm(k) in PREPOSITIONS:
            return None
        k += 1
    return None


def _choose_entry(s: _Sentence, i: int, entries: list[Predicate]) -> Predicate | None:
    """Pick the verb or noun reading of a form, and check required complements."""
    raw = s.doc[i].text
    # ة is normalised to ه: a written ta marbuta (سيطرة) tells the noun from verb+pronoun (سيطره)
    is_noun = s.norm(i).startswith("ال") or s.clitic(i).lstrip("وف") != "" or raw.endswith("ة")
    ordered = sorted(entries, key=lambda e: (e.pos == "verb") == is_noun)
    for e in ordered:
        if e.head and not s.clitic(i).endswith("ب") and not s.norm(i).startswith("ب"):
            continue  # «بقيادة X» heads; «قيادة قوات الكرامة» is a noun phrase
        if e.with_words:
            window = {lex_key(s.norm(k)) for k in range(i + 1, min(i + 4, s.end))}
            if not window & e.with_words:
                continue
        return e
    return None


def _event_noun(s: _Sentence, i: int) -> tuple[int, str] | None:
    """For a light verb (شن، نفذ، وجه): the event noun it carries and that noun's label."""
    for k in [*range(i + 1, min(i + 10, s.end)), *range(i - 1, max(i - 6, s.start - 1), -1)]:
        if s.mention(k) is not None:
            continue
        for e in s.lex.lookup(s.norm(k)):
            if e.event_noun or (
                e.pos == "noun" and e.relation is RelationType.ASSAULT and not e.light
            ):
                return k, e.label
    return None


def _head_before(s: _Sentence, i: int) -> Mention | None:
    """The mention a participle or «بقيادة» phrase describes: the nearest one before, past
    commas and short modifiers (المدعومة دوليًا، المعترف بها دوليا)."""
    j = i - 1
    gap = 0
    while j >= s.start and gap < 6:
        m = s.mention(j)
        if m is not None:
            if id(m) in s.absorbed:
                return None
            heads_org = any(e.head for e in s.lex.lookup(s.norm(i)))
            return m if m.entity.type is not EntityType.PERSON or not heads_org else None
        n = s.norm(j)
        if n in s.lex.reporting or n in REL_PRONOUNS:
            return None
        entries = s.lex.lookup(n)
        if entries and not any(e.passive for e in entries):
            return None
        j -= 1
        gap += 1
    return None
