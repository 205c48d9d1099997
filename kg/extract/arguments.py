"""Finding a predicate's arguments: the subject before or after a verb, the object (and the
ones coordinated with it) after a preposition the predicate takes, the head a relative clause or
a participle hangs on."""

from __future__ import annotations

from kg.extract.mentions import TRANSPARENT, Mention
from kg.extract.resources import FUNCTION_WORDS, PREPOSITIONS, Predicate
from kg.extract.roles import role_at
from kg.extract.sentence import (
    REL_PRONOUNS,
    SUBJECT_GAP_WORDS,
    THAT_WORDS,
    Sentence,
    kind_ok,
    skip_quotes_back,
    skip_quotes_forward,
)
from kg.model import EntityType, RelationType
from kg.normalize import normalize


def subject_of_verb(s: Sentence, i: int, actors_only: bool = True) -> Mention | None:
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
        if m is not None and _genitive(s, m):
            m = None  # «منذ وصول حميدتي أعلنت …»: a noun's genitive is not the verb's subject
        if m is not None and id(m) in s.attached:
            m = s.attached[id(m)]  # «قوات X المدعومة من تركيا قصفت»: the head is the subject
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
            if id(m) in s.absorbed or id(m) in s.attached:
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
            or (s.lex.lookup(norm) and role_at(s, k) is None)
        ):
            return None
        k += 1
    return None


def _genitive(s: Sentence, m: Mention) -> bool:
    """Whether ``m`` follows a noun it completes: a content word right before it that is no
    function word, reporting verb or predicate, with no preposition on ``m``."""
    j = m.start - 1
    while j >= s.start and s.norm(j) in TRANSPARENT:
        j -= 1
    if j < s.start or s.prep_before(m) != "":
        return False
    n = s.norm(j)
    if s.doc[j].is_punct or n in FUNCTION_WORDS or n in s.lex.reporting or n in THAT_WORDS:
        return False
    if s.lex.lookup(n) or n in s.lex.modality_cues or s.mention(j) is not None:
        return False
    if n in s.lex.words_of("control_verbs") or n in s.lex.titles or s.doc[j].like_num:
        return False
    return bool(n) and n[0].isalpha()


def find_objects(s: Sentence, start: int, p: Predicate, subject: Mention | None) -> list[Mention]:
    """The object (and any coordinated ones) after ``start``."""
    k = start
    limit = min(start + 22, s.end)
    seen: set[str] = set()  # prepositions passed on the way: سيطرتها على مناطق شرق مصراتة
    # «استعاد مناطق في النيل الأزرق»: a generic place noun in the object's slot hands the
    # object on to the place that follows it.
    partitive = False
    each = -1  # where the list after «كلا من» starts
    partitives = s.lex.words_of("place_partitives") | s.lex.words_of("dual_place_heads")
    first = start  # «طائرات "فجر ليبيا" مواقع للزنتان», «سلاح الجو، التابع لـX، مواقع في …»
    while first < limit and (s.norm(first) in TRANSPARENT or s.norm(first) in ("،", ",")):
        first += 1
    while k < limit:
        m = s.mention(k)
        if m is None:
            norm = s.norm(k)
            if normalize(s.doc[k].text) in _EACH and k + 1 < limit and s.norm(k + 1) == "من":
                k += 2  # «اتهمت X كلا من تركيا وروسيا»: the list that follows is the object
                each = k
                continue
            if norm == "من" and k > start and (s.doc[k - 1].like_num or s.norm(k - 1) in _COUNTS
                                               or _counted(s, k - 1, start)
                                               or _measured(s, k, start)):
                # «أسر 32 من الكتائب», «12 عنصرا من قوات X»: a count of them; «75 بالمئة من
                # مساحة درنة»: a share of the place
                partitive = True
            elif norm in PREPOSITIONS:
                if not partitive:
                    seen = {norm}  # only the latest preposition governs what follows
            elif norm in partitives and (k in (start, first) or seen & p.preps):
                partitive = True
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
            if (
                norm in _PLACE_PRONOUNS
                and _PLACE_PRONOUNS[norm] in p.preps
                and p.object_kind != "actor"
            ):
                # «هجوما شنته القوات عليها»: the place named before, in the same sentence
                place = _place_before(s, start, subject)
                if place is not None:
                    return [place]
            entries = s.lex.lookup(norm)
            if (
                entries
                and not p.through
                and k not in s.consumed
                and k != start
                and any(e.pos == "verb" for e in entries)
                and not s.norm(k).startswith("ال")
                and role_at(s, k) is None
            ):
                return []
            k += 1
            continue
        if id(m) in s.absorbed or (id(m) in s.attached and not p.head and not p.passive):
            k = m.end
            continue
        if (subject is not None and m.entity.id == subject.entity.id) or m.method == "descriptor":
            k = m.end
            continue
        prep = "" if m.start == each else s.prep_before(m)
        prev = s.norm(m.start - 1) if m.start - 1 >= s.start else ""
        if m.entity.type is EntityType.MEDIA and (
            prev in s.lex.words_of("attribution_nouns") or prep == "ل"
        ):
            k = m.end
            continue
        place_via = (p.object_kind == "place" and bool(seen & p.preps)) or (
            partitive
            and ((p.object_kind != "actor" and m.entity.type.is_place) or prep in ("من", ""))
        )  # «على معاقل الثوار», «مناطق في X», «32 من الكتائب»: the place or body after it
        # «دمرت مخازن ذخيرة لقوات حفتر»: an actor owning the direct object is the target.
        owner = (
            prep == "ل"
            and "" in p.preps
            and p.object_kind != "place"
            and not m.entity.type.is_place  # «المناطق المجاورة لبنغازي»: near it, not its
            and m.start - 1 >= start
            and s.mention(m.start - 1) is None
            and not s.lex.lookup(s.norm(m.start - 1))
            and s.norm(m.start - 1) not in PREPOSITIONS
        )
        if (
            prep == "في"
            and normalize(m.entity.name) in s.lex.words_of("countries")
            and p.relation in (RelationType.ASSAULT, RelationType.SEIZE)
        ):
            # «عملية عسكرية … في ليبيا», «آخر معاقل التنظيم في مدينة سرت وسط ليبيا»: the
            # country is where it happens, not what is hit or taken
            k = m.end
            continue
        if kind_ok(m, p.object_kind) and (prep in p.preps or place_via or owner):
            found = [m, *coordinated(s, m, p.object_kind)]
            if partitive:
                # «مناطق بالمدينة بينها الهضبة وأبو سليم»: the places the list names
                listed = _listed_after(s, found[-1].end, p.object_kind)
                if listed:
                    return listed
            return found
        k = m.end
    return []


def coordinated(s: Sentence, m: Mention, kind: str) -> list[Mention]:
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
        first = skip_quotes_forward(s.doc, nxt.start)
        wa = s.clitic(first).startswith("و") or (
            s.doc[first].text.startswith("و") and not nxt.entity.name.startswith("و")
        )
        if not joined and not wa:
            return out
        if not wa and s.norm(k - 1) != "و" and nxt.entity.type is not cur.entity.type:
            return out  # «حكومة الوفاق، عبد الله كشلاف»: a comma before another kind of name
        if not kind_ok(nxt, kind) or nxt.entity.type is EntityType.MEDIA:
            return out
        out.append(nxt)
        cur = nxt


def coordinated_before(s: Sentence, m: Mention) -> list[Mention] | None:
    """The actors joined to ``m`` by و before it, first first: «الجيش السوداني وقوات الدفاع
    الشعبي دخلوا». None when the list hangs on a preposition or a noun before it («مجموعات من
    مدن الزاوية ومصراتة وزوارة دخلت»): then none of them is the verb's subject."""
    out: list[Mention] = []
    cur = m
    while True:
        first = skip_quotes_forward(s.doc, cur.start)
        j = skip_quotes_back(s, cur.start - 1)
        if j >= s.start and s.norm(j) == "و" and not s.clitic(first).startswith("و"):
            j = skip_quotes_back(s, j - 1)  # «X و Y»: the conjunction on its own
        elif not s.clitic(first).startswith("و"):
            break
        prev = s.mention(j) if j >= s.start else None
        if prev is None or prev.end != j + 1 or prev is cur or not prev.entity.type.is_actor:
            break
        out.insert(0, prev)
        cur = prev
    if out and (s.prep_before(out[0]) != "" or _genitive(s, out[0])):
        return None
    j = skip_quotes_back(s, out[0].start - 1) if out else -1
    if j >= s.start and any(e.pos == "verb" for e in s.lex.lookup(s.norm(j))):
        return []  # «تقصف "الزاوية" والثوار يسقطون …»: the first is the verb's object
    return [m2 for m2 in out if m2.entity.type is not EntityType.MEDIA]


def subject_of_verb_after(s: Sentence, i: int) -> Mention | None:
    k = i + 1
    while k < min(i + 8, s.end):
        m = s.mention(k)
        if m is not None:
            if id(m) in s.absorbed or id(m) in s.attached:
                k = m.end
                continue
            return m if m.entity.type.is_actor and s.prep_before(m) == "" else None
        if s.norm(k) in PREPOSITIONS:
            return None
        k += 1
    return None


# a preposition with the feminine pronoun, as places are referred to: «عليها» → على
_PLACE_PRONOUNS = {
    normalize(w): normalize(p)
    for w, p in (
        ("عليها", "على"),
        ("فيها", "في"),
        ("منها", "من"),
        ("اليها", "الى"),
        ("إليها", "الى"),
    )
}


def _place_before(s: Sentence, start: int, subject: Mention | None) -> Mention | None:
    for j in range(start - 1, s.start - 1, -1):
        m = s.mention(j)
        if m is not None and m.entity.type.is_place and m is not subject and m.method != "demonym":
            return m
    return None


_COUNTS = frozenset(
    normalize(w) for w in ("عشرات", "العشرات", "مئات", "المئات", "عدد", "عددا", "آلاف", "الآلاف",
                           # numbers in words: «أسرت عشرة من مقاتلي داعش»
                           "اثنين", "ثلاثة", "أربعة", "خمسة", "ستة", "سبعة", "ثمانية", "تسعة",
                           "عشرة", "ثلاث", "أربع", "خمس", "ست", "سبع", "ثماني", "تسع", "عشر",
                           "عشرين", "ثلاثين", "أربعين", "خمسين", "مائة", "مئة", "ألف")
)

_EACH = frozenset(normalize(w) for w in ("كلا", "كلاً", "كل"))

# the people a number counts before «من»: «القبض على 12 عنصرا من قوات X»
_COUNTED = frozenset(
    normalize(w) for w in ("عنصرا", "عنصراً", "عناصر", "مقاتلا", "مقاتلاً", "مقاتلين", "جنديا",
                           "جندياً", "جنود", "مسلحا", "مسلحاً", "مسلحين", "فردا", "فرداً", "أفراد",
                           "افراد", "شخصا", "شخصاً", "أشخاص", "اشخاص", "أسيرا", "أسرى", "اسرى",
                           "العناصر", "المقاتلين", "الجنود", "المسلحين", "الأفراد", "الأسرى")
)


def _measured(s: Sentence, k: int, start: int) -> bool:
    """Whether «من» at ``k`` follows a measure or share, maybe with one adjective after it:
    «75 بالمئة من», «480 كيلومترا مربعا من», «مساحة واسعة من»."""
    measures = s.lex.words_of("measure_words")
    return s.norm(k - 1) in measures or (k - 2 >= start and s.norm(k - 2) in measures)


def _counted(s: Sentence, k: int, start: int) -> bool:
    """Whether token ``k`` is a counted noun of people after a number or a count word."""
    return (k - 1 >= start and s.norm(k) in _COUNTED
            and (s.doc[k - 1].like_num or s.norm(k - 1) in _COUNTS))


_INCLUDING = frozenset(
    normalize(w) for w in ("بينها", "منها", "ومنها", "أبرزها", "ابرزها", "بينهم")
)


def _listed_after(s: Sentence, k: int, kind: str) -> list[Mention]:
    """The mentions of a list introduced by «بينها/منها» within a few words of ``k``."""
    for j in range(k, min(k + 3, s.end)):
        if s.norm(j) in _INCLUDING:
            nxt = skip_quotes_forward(s.doc, j + 1)
            m = s.mention(nxt) if nxt < s.end else None
            if m is not None and kind_ok(m, kind):
                return [m, *coordinated(s, m, kind)]
            return []
    return []
