"""Entity mentions: gazetteer matches, trigger patterns for unknown names, in-article coreference.

Matching runs on a *view* of the document without quote tokens, because news Arabic puts quotes
inside names (حكومة «الوفاق») and spaCy's PhraseMatcher cannot skip tokens. The view is a Doc of
matching forms (normalised, clitics split off); matches map back to the original tokens.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from kg.extract.resources import FUNCTION_WORDS, Gazetteer, Lexicon, lex_key
from kg.model import Entity, EntityType, RelationType, stable_id
from kg.normalize import ARABIC_LETTER, normalize, strip_clitics

TRANSPARENT = frozenset({'"', "'", "«", "»", "#", "_"})  # quote and hashtag tokens


@dataclass
class Mention:
    start: int  # token index
    end: int  # exclusive
    entity: Entity
    method: str  # gazetteer | trigger | demonym | coref | descriptor
    org: Entity | None = None  # for descriptors: the body the source belongs to
    # for force phrases tied to their owner («القوات الموالية لحفتر»): the tie's word and the
    # owner's own mention, which make a standing claim of their own
    link: tuple[str, Mention] | None = None
    # where the words naming the entity begin, when the mention starts with a quantity
    # («مجموعات من مرتزقة فاغنر» names «مرتزقة فاغنر»)
    surface_start: int | None = None
    # for a subject read from a statement's topic («أعلن الجيش الوطني أنه سيطر …»): the
    # tokens that named it there
    said_as: tuple[int, int] | None = None


@dataclass
class MentionIndex:
    """The mentions of one document, with lookups by token."""

    mentions: list[Mention] = field(default_factory=list)
    by_token: dict[int, Mention] = field(default_factory=dict)

    def add(self, m: Mention) -> bool:
        if any(i in self.by_token for i in range(m.start, m.end)):
            return False
        self.mentions.append(m)
        for i in range(m.start, m.end):
            self.by_token[i] = m
        return True

    def remove(self, m: Mention) -> None:
        """Take ``m`` out, so that a longer mention can cover its tokens."""
        for i in range(m.start, m.end):
            self.by_token.pop(i, None)
        self.mentions.remove(m)

    def sort(self) -> None:
        self.mentions.sort(key=lambda m: m.start)


class EntityMatcher:
    """Finds gazetteer entities in a Doc whose tokens carry matching forms in ``norm_``."""

    def __init__(self, nlp: Language, gazetteer: Gazetteer, known: set[str]) -> None:
        self.gazetteer = gazetteer
        self.vocab = nlp.vocab
        self._order: dict[str, tuple[int, int]] | None = None
        self.matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.first_names: dict[str, list[Entity]] = {}
        patterns: dict[str, list[Doc]] = {}
        for entity in gazetteer.entities.values():
            for alias in entity.aliases:
                for variant in _joined_variants(alias):
                    forms = alias_forms(nlp, variant, known)
                    if forms:
                        patterns.setdefault(entity.id, []).append(Doc(nlp.vocab, words=forms))
        for eid, docs in patterns.items():
            self.matcher.add(eid, docs)

    def __call__(self, doc: Doc, view: list[int]) -> list[tuple[int, int, Entity]]:
        words = [_norms(doc)[i] for i in view]
        if not words:
            return []
        view_doc = Doc(self.vocab, words=words)
        found = []
        for match_id, s, e in self.matcher(view_doc):
            entity = self.gazetteer.entities[self.vocab.strings[match_id]]
            found.append((view[s], view[e - 1] + 1, entity))
        # Longest first; on a tie, the user's entries win (they know the conflict at hand),
        # then the entity listed first in the gazetteer.
        if self._order is None:
            user = self.gazetteer.user
            self._order = {
                eid: (0 if eid in user else 1, n) for n, eid in enumerate(self.gazetteer.entities)
            }
        order = self._order
        found.sort(key=lambda t: (-(t[1] - t[0]), t[0], order[t[2].id]))
        return found


_COMPOUND_NAMES = re.compile(r"\b(عبد|أبو|ابو)\s+(?=\S)")


def _joined_variants(alias: str) -> list[str]:
    """An alias, and the spelling that writes a compound name as one word: «عبدالحميد الدبيبة»
    for «عبد الحميد الدبيبة», «أبوقرين» for «أبو قرين»."""
    joined = _COMPOUND_NAMES.sub(lambda m: m.group(1), alias)
    return [alias] if joined == alias else [alias, joined]


def alias_forms(nlp: Language, alias: str, known: set[str]) -> list[str]:
    from kg.normalize import match_form

    return [
        f
        for f in (match_form(t.text, known) for t in nlp.tokenizer(alias))
        if f and f not in TRANSPARENT
    ]


def transparent_view(doc: Doc) -> list[int]:
    """Token indices that take part in matching: quotes and blanks left out."""
    return [i for i, form in enumerate(_norms(doc)) if form not in TRANSPARENT and form.strip()]


# «ما يسمى بـ», «ما يعرف بـ»: a partisan's "so-called" before a name says nothing of what the
# name does; its words are blanked in the matching forms, so «قوات ما يعرف بـ"الردع"» reads
# as «قوات الردع» and «التابعة لما يسمى بعملية فجر ليبيا» as «التابعة لعملية فجر ليبيا».
_WHAT = frozenset({"ما", "لما", "بما"})
_CALLED = frozenset(normalize(w) for w in ("يسمى", "تسمى", "يعرف", "تعرف", "يدعى", "تدعى",
                                             "سمي", "سميت", "عرف", "عرفت"))
_BLANK = "_"


def blank_so_called(texts: list[str], norms: list[str]) -> list[int]:
    """Blank «ما يسمى» (and a separate «بـ» after it) in the matching forms ``norms``; the
    indices blanked."""
    blanked: list[int] = []
    for i in range(len(norms) - 1):
        if norms[i + 1] not in _CALLED or normalize(texts[i]).lstrip("وف") not in _WHAT:
            continue
        blanked += [i, i + 1]
        if i + 2 < len(norms) and norms[i + 2] in ("ب", "بـ"):
            blanked.append(i + 2)
    for i in blanked:
        norms[i] = _BLANK
    return blanked


def so_called_before(doc: Doc, norms: list[str], k: int) -> int | None:
    """The index of «ما» when a blanked «ما يسمى بـ» (quotes aside) ends right before ``k``."""
    j = k - 1
    while j >= 0 and norms[j] in TRANSPARENT:  # the blank is one of them
        if norms[j] == _BLANK and normalize(doc[j].text).lstrip("وف") in _WHAT:
            return j
        j -= 1
    return None


def _norms(doc: Doc) -> list[str]:
    """Matching forms of the tokens, computed once per document (Token objects are costly)."""
    cached: list[str] | None = doc.user_data.get("kg_norms")
    if cached is None or len(cached) != len(doc):
        cached = [t.norm_ for t in doc]
        doc.user_data["kg_norms"] = cached
    return cached


def _new_entity(prefix: str, name: str, etype: EntityType) -> Entity:
    name = _clean_name(_without_proclitic(name)).strip(" .،,:؛;")
    return Entity(
        id=f"{prefix}-{stable_id(normalize(name), length=12)}",
        name=name,
        type=etype,
        aliases=(name,),
    )


def _is_name_token(doc: Doc, i: int, lex: Lexicon, idx: MentionIndex) -> bool:
    if i >= len(doc) or i in idx.by_token:
        return False
    t = doc[i]
    form = t.norm_
    if not ARABIC_LETTER.match(t.text[:1] or " ") or len(form) < 2:
        return False
    if form in FUNCTION_WORDS or form in lex.titles or form in lex.reporting:
        return False
    if form in lex.words_of("name_stops"):
        return False
    if _PREP_PRONOUN.match(form):
        return False  # «المتنازع عليه»: a preposition with a pronoun ends a name
    return not (lex.lookup(form) or form in lex.heads or form in lex.modality_cues)


_PREP_PRONOUN = re.compile(r"^(علي|عل|من|منه|في|عن|الي|اليه|ل|ب|مع|لدي|عند)(ه|ها|هم|هما|هن|نا|كم)$")


_QUOTE_CHARS = re.compile(r"[«»“”\"'„‟]")


def _clean_name(text: str) -> str:
    """A name without its quotes: «حركة "أنصار الله"» is named حركة أنصار الله."""
    return " ".join(_QUOTE_CHARS.sub(" ", text).split())


def _name_text(doc: Doc, start: int, end: int) -> str:
    """The words of a name without a preposition or conjunction written on its first word
    («بمنطقة غوط الريح» → «منطقة غوط الريح»)."""
    text = _span_text(doc, start, end)
    first = doc[start].text
    raw, form = normalize(first), _norms(doc)[start]
    if raw != form and raw.endswith(form) and len(raw) == len(first) and not form.startswith("ال"):
        return text[len(raw) - len(form) :]
    stem = form[2:]
    if form.startswith("ال") and raw.startswith("لل") and raw.endswith(stem) \
            and len(raw) == len(first):
        # «للواء 73» is ل + «اللواء 73»: the article comes back whole (a lam of it is written
        # once with the word's own)
        return "ال" + text[len(raw) - len(stem) :]
    return text


def _span_text(doc: Doc, start: int, end: int) -> str:
    return doc[start:end].text


def find_mentions(
    doc: Doc, matcher: EntityMatcher, lex: Lexicon, gaz: Gazetteer, article_key: str
) -> MentionIndex:
    """All mentions of ``doc``: gazetteer first, then trigger patterns, then coreference."""
    idx = MentionIndex()
    view = transparent_view(doc)
    for s, e, entity in matcher(doc, view):
        idx.add(Mention(s, e, entity, "gazetteer"))
    _collective_nisbas(doc, idx, lex)
    _group_triggers(doc, idx, lex, gaz)
    _force_phrases(doc, idx, lex, gaz)
    _demonym_triggers(doc, idx, lex, gaz)
    _title_persons(doc, idx, lex)
    _place_lists(doc, idx, lex)
    _head_names(doc, idx, lex, gaz)
    _role_persons(doc, idx, lex)
    _led_by_persons(doc, idx, lex)
    _first_name_persons(doc, idx, lex)
    _forces_led_by(doc, idx, lex, gaz)
    _seats(doc, idx, lex)
    _descriptors(doc, idx, lex, article_key)
    _coreference(doc, idx, lex)
    _head_coreference(doc, idx, lex, article_key)
    _place_directions(doc, idx, lex)
    _body_adjectives(doc, idx, lex)
    _title_coreference(doc, idx, lex)
    idx.sort()
    return idx


def _next_content(doc: Doc, i: int) -> int:
    """Skip quote tokens."""
    norms = _norms(doc)
    while i < len(doc) and (norms[i] in TRANSPARENT):
        i += 1
    return i


def _nisba(form: str, lex: Lexicon) -> bool:
    """A definite relational adjective («الليبي», «السورية»), as between titles and a name;
    not a word the rules read otherwise («الموالية»)."""
    if form in lex.words_of("force_links") or lex.lookup(form):
        return False
    return form.startswith("ال") and form.endswith(("ي", "يه")) and len(form) > 4


def _collective_nisbas(doc: Doc, idx: MentionIndex, lex: Lexicon) -> None:
    """«الحوثيون», «الانفصاليين»: a definite plural nisba names the movement its members make
    up, one entity for both cases; not a people («الليبيين», a demonym) nor a kind of person
    the lexicon lists as no actor («المدنيين», «الصحفيين»)."""
    norms = _norms(doc)
    stops = lex.words_of("person_nisbas")
    movements: dict[str, Entity] = {}  # stem → the movement named by its plural
    for i, form in enumerate(norms):
        if i in idx.by_token or not form.startswith("ال") or not form.endswith(("يون", "يين")):
            continue
        stem = form[2:-3]
        if len(stem) < 3 or form in stops or lex.lookup(form) or form in lex.heads:
            continue
        if any(d in lex.demonyms for d in (f"ال{stem}ي", f"{stem}ي", form)):
            continue
        raw = _without_proclitic(_clean_name(doc[i].text))
        if not raw.endswith(("يون", "يين")):
            continue  # «المختبئين»: a participle of a hamzated verb, no nisba
        name = raw[:-2] + "ون" if raw.endswith("ين") else raw
        entity = Entity(id=f"group-{stable_id(normalize(name), length=12)}", name=name,
                        type=EntityType.ARMED_GROUP, aliases=(name,))
        idx.add(Mention(i, i + 1, entity, "trigger"))
        movements[stem] = entity
    if not movements:
        return
    # «الميليشيات الحوثية», «المدفعية الحوثية»: a group or weapon with the movement's own
    # adjective, in an article that names the movement, is the movement's
    heads = lex.keys_of("force_heads") | {k for k, t in lex.heads.items()
                                           if t is EntityType.ARMED_GROUP}
    for i in range(len(norms) - 1):
        j = i + 1
        form = norms[j]
        if i in idx.by_token or j in idx.by_token or lex_key(norms[i]) not in heads:
            continue
        if not (form.startswith("ال") and form.endswith(("يه", "ي"))):
            continue
        movement = movements.get(form[2:-2] if form.endswith("يه") else form[2:-1])
        if movement is not None:
            idx.add(Mention(i, j + 1, movement, "trigger"))


def _group_triggers(doc: Doc, idx: MentionIndex, lex: Lexicon, gaz: Gazetteer) -> None:
    """قوات/مليشيات + (titles) + a known person → that person's forces; فصائل (مسلحة) من مصراتة →
    the armed groups of that city; قوات + an organisation → the organisation."""
    norms = _norms(doc)
    for m in list(idx.mentions):
        j = m.start - 1
        titles = 0
        while j >= 0 and titles < 4 and (norms[j] in lex.titles or _nisba(norms[j], lex)):
            j -= 1
            titles += 1
        while j >= 0 and norms[j] in TRANSPARENT:
            j -= 1
        if j < 0 or j in idx.by_token:
            continue
        # Allow "فصائل مسلحة من X" / "قادة فصائل ... من X"
        k = j
        via_min = False
        if norms[k] == "من" and m.entity.type in (EntityType.GPE,):
            via_min = True
            k -= 1
            if k >= 0 and norms[k] in lex.words_of("group_adjectives"):
                k -= 1
        if k < 0 or k in idx.by_token:
            continue
        head = lex_key(norms[k])
        if (
            lex.heads.get(head) is not EntityType.ARMED_GROUP
            and lex.heads.get(norms[k]) is not EntityType.ARMED_GROUP
        ):
            continue
        if m.entity.type is EntityType.PERSON and norms[k].startswith("ال"):
            continue  # a definite noun takes no genitive: «القوات الجوية العميد X» is apposition
        if m.entity.type is EntityType.PERSON:
            surname = m.entity.name.split()[-1]
            target = gaz.by_name(f"قوات {surname}") or gaz.by_name(f"{doc[k].text} {surname}")
            entity = target or _new_entity("group", f"قوات {m.entity.name}", EntityType.ARMED_GROUP)
        elif m.entity.type is EntityType.GPE and (via_min or titles == 0):
            if not via_min and norms[k] in ("قوات", "جيش", "الجيش"):
                continue  # قوات مصراتة is fine as a group, but "جيش ليبيا" is the state's army
            entity = _new_entity("group", f"{doc[k].text} {m.entity.name}", EntityType.ARMED_GROUP)
        elif m.entity.type in (EntityType.ORG, EntityType.ARMED_GROUP) and titles == 0:
            entity = m.entity
        else:
            continue
        idx.remove(m)
        idx.add(Mention(k, m.end, entity, "trigger"))


def _without_proclitic(name: str) -> str:
    """A name as written after a preposition («للفصائل الموالية …») without it («الفصائل …»)."""
    first, _, rest = name.partition(" ")
    norm = normalize(first)
    if len(norm) == len(first) and norm.startswith(
        ("لل", "بال", "وال", "فال", "كال", "وبال", "ولل")
    ):
        cut = strip_clitics(norm)[1]
        first = ("ال" + first[cut + 1 :]) if norm[: cut + 1].endswith("لل") else first[cut:]
    return f"{first} {rest}".strip()


def _force_of(entity: Entity, head_text: str, gaz: Gazetteer) -> Entity:
    """The force an owner stands for: a person's forces, or the body itself."""
    if entity.type is not EntityType.PERSON:
        return entity
    surname = entity.name.split()[-1]
    return (
        gaz.by_name(f"قوات {surname}")
        or gaz.by_name(f"قوات {entity.name}")
        or _new_entity("group", f"قوات {entity.name}", EntityType.ARMED_GROUP)
    )


def _name_adjective(doc: Doc, k: int, lex: Lexicon, idx: MentionIndex) -> bool:
    """A definite adjective that can end a body's name («الديمقراطية», «الحرة», «الأمني»):
    not a participle of a tie («الموالية», «المدعومة»: they start with الم), not a demonym, a
    place adjective, a word of the lexicon or a function word."""
    if k >= len(doc) or k in idx.by_token:
        return False
    form = doc[k].norm_
    return (
        form.startswith("ال")
        and not form.startswith("الم")
        and len(form) > 4
        and form.endswith(("يه", "ي"))
        and form not in lex.demonyms
        and form not in lex.words_of("place_adjectives")
        and form not in lex.words_of("force_links")
        and _is_name_token(doc, k, lex, idx)
    )


def _force_phrases(doc: Doc, idx: MentionIndex, lex: Lexicon, gaz: Gazetteer) -> None:
    """Weapons and units named by their owner stand for the owner's force: «طيران الوفاق»,
    «مقاتلات تابعة لقوات حفتر», «طائرة حربية موالية للمشير حفتر», «وحدات من الجيش السوري»."""
    norms = _norms(doc)
    heads = lex.keys_of("force_heads")
    modifiers = lex.words_of("force_modifiers")
    links = lex.words_of("force_links")
    titles = {lex_key(t) for t in lex.titles}
    n = len(doc)
    i = 0
    while i < n:
        if i in idx.by_token and _loyal_to_person(doc, idx, i, lex, heads, links, titles):
            # «القوات الليبية الموالية للمشير حفتر»: the tie to the leader says whose forces
            generic = idx.by_token[i]
            idx.remove(generic)
        if i in idx.by_token or lex_key(norms[i]) not in heads:
            i += 1
            continue
        k = i + 1
        while k < n and k not in idx.by_token:
            if norms[k] in modifiers or norms[k] in TRANSPARENT or _nisba(norms[k], lex):
                k += 1
            elif k + 1 < n and norms[k + 1] in _MADE and k + 1 not in idx.by_token:
                k += 2  # «طائرة مسيرة صينية الصنع تابعة لحفتر»
            elif norms[k] in ("،", ",") and k + 1 < n and norms[k + 1] in links:
                k += 1  # «سلاح الجو، التابع لحكومة الوفاق،»: the tie set off by commas
            else:
                break
        linked = k < n and k not in idx.by_token and norms[k] in links
        partitive = k < n and k not in idx.by_token and norms[k] == "من"
        if linked or partitive:
            k += 1
        while k < n and norms[k] in TRANSPARENT:
            k += 1
        first = k  # «الموالية للواء المتقاعد خليفة حفتر»: titles before the owner's name
        while k < n and k not in idx.by_token and lex_key(norms[k]) in titles:
            k += 1
        owner = idx.by_token.get(k) if k < n else None
        if owner is None or owner.start != k or not owner.entity.type.is_actor:
            i += 1
            continue
        if owner.entity.type.is_place and owner.entity.type is not EntityType.GPE:
            i += 1
            continue
        if linked and not _clitic_l(doc, first, norms):
            i += 1
            continue
        if not linked and not partitive and _clitic_l(doc, first, norms):
            i += 1
            continue  # «طائرات لقوات حفتر» reads as the owner's property, not a genitive
        if not linked and not partitive and norms[i].startswith("ال"):
            # a definite noun takes no genitive: «القوات الجوية الليبية العميد صقر الجروشي» is
            # a body, then its commander in apposition, not the commander's forces
            i += 1
            continue
        if (
            not linked and not partitive and k == i + 1
            and owner.entity.type is EntityType.GPE
            and _name_adjective(doc, owner.end, lex, idx)
        ):
            # «قوات سوريا الديمقراطية»: an adjective after the country belongs to the force's
            # own name (its country's forces would be «القوات السورية»)
            end = owner.end + 1
            entity = _new_entity("group", _span_text(doc, i, end), EntityType.ARMED_GROUP)
            idx.remove(owner)
            idx.add(Mention(i, end, entity, "trigger"))
            i = end
            continue
        entity = _force_of(owner.entity, doc[i].text, gaz)
        loyal = linked and norms[_link_index(norms, i, first, links)] in LOYAL_WORDS
        if loyal and owner.entity.type is EntityType.GPE:
            # «الفصائل الموالية لتركيا»: a group loyal to a country is not that country
            entity = _new_entity(
                "group", _span_text(doc, i, owner.end).strip("«»“”\"' "), EntityType.ARMED_GROUP
            )
        idx.remove(owner)
        tie = None
        # a unit loyal to X makes a claim of its own; a weapon loyal to X does not
        is_unit = lex.heads.get(lex_key(norms[i])) in (EntityType.ARMED_GROUP, EntityType.ORG)
        if linked and is_unit and owner.entity.id != entity.id:
            tie = (norms[_link_index(norms, i, owner.start, links)], owner)
        surface = owner.start if partitive else None
        idx.add(Mention(i, owner.end, entity, "force", link=tie, surface_start=surface))
        i = owner.end


def _loyal_to_person(
    doc: Doc,
    idx: MentionIndex,
    i: int,
    lex: Lexicon,
    heads: frozenset[str],
    links: set[str],
    titles: set[str],
) -> bool:
    """Whether the mention at ``i`` is a force head named generically and tied by a loyalty
    word to a person right after it."""
    norms = _norms(doc)
    m = idx.by_token[i]
    if m.start != i or m.entity.type is not EntityType.ARMED_GROUP or m.method != "gazetteer":
        return False
    if lex_key(norms[i]) not in heads or m.end >= len(doc) or norms[m.end] not in links:
        return False
    k = m.end + 1
    while k < len(doc) and k not in idx.by_token and lex_key(norms[k]) in titles:
        k += 1
    owner = idx.by_token.get(k)
    if owner is None:
        return False
    if owner.entity.type is EntityType.PERSON:
        return norms[m.end] in LOYAL_WORDS
    # «القوات الليبية التابعة لحكومة الوفاق»: a force named only by head and nationality
    generic = m.end - m.start == 2 and _nisba(norms[m.start + 1], lex)
    return generic and owner.entity.type in (EntityType.ORG, EntityType.ARMED_GROUP)


LOYAL_WORDS = frozenset(
    normalize(w)
    for w in ("موالية", "الموالية", "موال", "الموالي", "موالين", "الموالين", "موالون", "الموالون")
)


def _link_index(norms: list[str], start: int, end: int, links: set[str]) -> int:
    return next(k for k in range(start, end) if norms[k] in links)


def _clitic_l(doc: Doc, k: int, norms: list[str]) -> bool:
    """Whether token ``k`` carries the preposition لـ (or follows a separate «لـ»)."""
    raw = normalize(doc[k].text).lstrip("«\"'")
    if raw.startswith("لل") or (raw.startswith("ل") and not norms[k].startswith("ل")):
        return True
    if k > 0 and norms[k - 1] in ("ل", "لـ"):
        return True
    lead = so_called_before(doc, norms, k)  # «التابعة لما يسمى بعملية …»: the لـ of «لما»
    return lead is not None and normalize(doc[lead].text).lstrip("وف") == "لما"


_MADE = frozenset(normalize(w) for w in ("الصنع", "المنشأ", "الصنعة", "التصنيع"))


def _demonym_triggers(doc: Doc, idx: MentionIndex, lex: Lexicon, gaz: Gazetteer) -> None:
    """الحكومة الإيطالية، وفد أميركي، قوات تركية → the country, when it names an actor."""
    norms = _norms(doc)
    n = len(doc)
    demonym_heads = lex.keys_of("demonym_heads")
    for i in range(n):
        if i in idx.by_token or lex_key(norms[i]) not in demonym_heads:
            continue
        for j in range(i + 1, min(i + 5, n)):
            if j in idx.by_token:
                known = idx.by_token[j]
                # «الأراضي السعودية»: the country's name is also its adjective
                if (known.start == j and known.end == j + 1 and norms[j] in lex.demonyms
                        and gaz.by_name(lex.demonyms[norms[j]]) is known.entity):
                    idx.remove(known)
                    idx.add(Mention(i, j + 1, known.entity, "demonym"))
                break
            country = lex.demonyms.get(norms[j])
            if country is None and norms[j].endswith("يتين"):  # a dual: «مسيرتين تركيتين»
                country = lex.demonyms.get(norms[j][:-3] + "يه")
            if country and j + 1 < n and norms[j + 1] in _MADE:
                break  # «طائرة مسيرة صينية الصنع»: where it was made, not whose it is
            if country:
                entity = gaz.by_name(country)
                if entity is not None:
                    idx.add(Mention(i, j + 1, entity, "demonym"))
                break
            if doc[j].is_punct and norms[j] not in TRANSPARENT:
                break


def _person_name(doc: Doc, j: int, lex: Lexicon, idx: MentionIndex) -> list[int]:
    """The tokens of a person's name starting at ``j`` (two, or three for «عبد/أبو …»)."""
    norms = _norms(doc)
    name: list[int] = []
    k = j
    # three words, or four when the third links to the fourth («أبو بكر أبو حميدة»)
    while k < len(doc) and (len(name) < 3 or (len(name) == 3 and norms[name[-1]] in _NAME_LINKS)
                            ) and _is_name_token(doc, k, lex, idx):
        form = norms[k]
        if normalize(doc[k].text).startswith("لل"):
            break  # «متاحا للتعليق»: a word with «لل» is no part of a name
        if (
            name
            and not form.startswith("ال")
            and len(name) >= 2
            and not (len(name) == 2 and norms[name[0]] in ("عبد", "ابو"))
            and norms[name[-1]] not in _NAME_LINKS
        ):
            break  # but «عبد الحكيم طنيش»: a compound first name and a surname
        if not name and form.startswith("ال") and form not in ("الصديق",):
            break  # a first name does not carry the article
        name.append(k)
        if len(name) == 2 and norms[name[0]] not in _NAME_LINKS and norms[k] not in _NAME_LINKS:
            # «رامي عبد الرحمن», «محمد بن نايل»: a linking word asks for one more; so does a
            # family name after a father's («عمر كونان الخدراوي»), if it is one
            if not norms[k].startswith("ال") and _family_name(doc, k + 1, lex, idx):
                name.append(k + 1)
            break
        k += 1
    if (
        len(name) == 3
        and norms[name[0]] in ("عبد", "ابو")
        and not norms[name[2]].startswith("ال")
        and _ends_clause(doc, name[2] + 2, lex)
        and _is_name_token(doc, name[2] + 1, lex, idx)
        and not norms[name[2] + 1].startswith("ال")
    ):
        name.append(name[2] + 1)  # «عبد ربه منصور هادي»: a compound first name, then two
    return name


def _ends_clause(doc: Doc, k: int, lex: Lexicon) -> bool:
    """Whether a name may end before token ``k``: the text ends, or punctuation, a function
    word, a reporting verb or a role word comes."""
    if k >= len(doc):
        return True
    form = _norms(doc)[k]
    return (doc[k].is_punct or form in TRANSPARENT or form in lex.reporting
            or form in FUNCTION_WORDS or form in lex.role_words)


def _family_name(doc: Doc, k: int, lex: Lexicon, idx: MentionIndex) -> bool:
    """Whether token ``k`` ends a three-part name: a word with the article that is no role,
    title, head or nationality, and that a clause boundary or a role follows."""
    if not _is_name_token(doc, k, lex, idx):
        return False
    form = _norms(doc)[k]
    if not form.startswith("ال") or form in lex.heads or lex_key(form) in lex.heads:
        return False
    if form in lex.role_words or form in lex.demonyms or form.endswith("يه"):
        return False
    nxt = k + 1
    return (nxt >= len(doc) or doc[nxt].is_punct or _norms(doc)[nxt] in TRANSPARENT
            or _norms(doc)[nxt] in lex.reporting or _norms(doc)[nxt] in FUNCTION_WORDS
            or _norms(doc)[nxt] in lex.role_words)


_NAME_LINKS = frozenset(normalize(w) for w in ("عبد", "أبو", "ابو", "بن", "ابن", "ولد"))


_LEADER_WORDS = frozenset(
    normalize(w)
    for w in (
        "بقيادة",
        "قيادة",
        "برئاسة",
        "بزعامة",
        "زعامة",
        "يقودها",
        "يقوده",
        "يتزعمها",
        "يتزعمه",
    )
)


def _led_by_persons(doc: Doc, idx: MentionIndex, lex: Lexicon) -> None:
    """An unknown name after «بقيادة», «برئاسة», «يقودها»: «قوة تابعة لدرع الجنوب بقيادة أحمد
    الحسناوي»."""
    norms = _norms(doc)
    for i, form in enumerate(norms):
        if form not in _LEADER_WORDS or i in idx.by_token:
            continue
        k = i + 1
        while k < len(doc) and k not in idx.by_token and norms[k] in lex.titles:
            k += 1
        name = _person_name(doc, k, lex, idx)
        end = name[-1] + 1 if name else k
        if len(name) >= 2 and _boundary_or_end(doc, end, lex, idx):
            person = _new_entity("person", _span_text(doc, k, end), EntityType.PERSON)
            idx.add(Mention(i + 1 if k > i + 1 else k, end, person, "trigger"))


def _first_name_persons(doc: Doc, idx: MentionIndex, lex: Lexicon) -> None:
    """A name the gazetteer does not know, found by its given name (the ``first_names`` word
    class: Arab and foreign given names common in the news) and the words after it: «وقال
    ناصر الحاسي المتحدث باسم …», «طلال سلو». The given name must be written alone (not
    «لصالح»), and what stands before it must not make it part of another name: an indefinite
    head («كتيبة محمد المقريف»)."""
    firsts = lex.words_of("first_names")
    if not firsts:
        return
    norms = _norms(doc)
    role_words, heads = lex.role_words, lex.heads
    i = 0
    while i < len(doc):
        form = norms[i]
        if form not in firsts and not form.startswith("عبد"):
            i += 1  # the cheap test first: most words are no given name
            continue
        raw = normalize(doc[i].text)
        given = raw in firsts or (raw.startswith("عبد") and len(raw) >= 6)  # «عبدالعظيم»
        if i in idx.by_token or not given or (raw == "علي" and doc[i].text.endswith("ى")):
            i += 1
            continue
        start = i
        if i > 0 and norms[i - 1] in _NAME_LINKS and i - 1 not in idx.by_token:
            start = i - 1  # «أبو بكر البغدادي», «عبد ربه منصور»
        prev = norms[start - 1] if start > 0 else ""
        if not prev.startswith("ال") and (prev in heads or lex_key(prev) in heads):
            i += 1  # «كتيبة محمد المقريف» names a unit; «القوات طلال سلو» is an apposition
            continue
        name = _person_name(doc, start, lex, idx)
        if len(name) == 1 and _raw_surname(doc, name[0] + 1, lex, idx):
            name.append(name[0] + 1)  # «مصطفى بالي»: not ب + إلى
        if len(name) >= 2 and not any(norms[k] in role_words or norms[k] in lex.titles
                                      or norms[k] in heads for k in name[1:]):
            end = name[-1] + 1
            person = _new_entity("person", _span_text(doc, start, end), EntityType.PERSON)
            idx.add(Mention(start, end, person, "trigger"))
            i = end
            continue
        i += 1


def _raw_surname(doc: Doc, k: int, lex: Lexicon, idx: MentionIndex) -> bool:
    """Whether token ``k``, as written, can be a surname after a given name although its
    matching form split a clitic off it («بالي» read as ب + إلى, «بادي»): the whole word is
    no function word, predicate, head, title or role, and a boundary follows it."""
    if k >= len(doc) or k in idx.by_token or not ARABIC_LETTER.match(doc[k].text[:1] or " "):
        return False
    raw = normalize(doc[k].text)
    if len(raw) < 3 or raw == _norms(doc)[k] or raw in FUNCTION_WORDS or lex.lookup(raw):
        return False
    if raw in lex.heads or raw in lex.titles or raw in lex.role_words or raw in lex.reporting:
        return False
    return _boundary_or_end(doc, k + 1, lex, idx) or _norms(doc)[k + 1] in lex.role_words or (
        _norms(doc)[k + 1] in _TIME_WORDS)


_TIME_WORDS = frozenset(normalize(w) for w in ("أمس", "امس", "اليوم", "الثلاثاء", "الأربعاء",
                                               "الخميس", "الجمعة", "السبت", "الأحد", "الاثنين"))


def _boundary_or_end(doc: Doc, k: int, lex: Lexicon, idx: MentionIndex) -> bool:
    if _boundary(doc, k, lex) or k in idx.by_token:
        return True
    return k < len(doc) and (doc[k].is_punct or bool(lex.lookup(_norms(doc)[k])))


def _role_persons(doc: Doc, idx: MentionIndex, lex: Lexicon) -> None:
    """Names the gazetteer does not know, set off by commas beside a role: «X Y، المتحدث باسم
    …» and «آمر قوة حماية غريان، عبد الله كشلاف، …»."""
    norms = _norms(doc)
    n = len(doc)
    for i in range(n):
        if i in idx.by_token or norms[i] not in lex.role_words:
            continue
        # before: «وليد المطماطي، المتحدث …»
        if i >= 3 and norms[i - 1] in ("،", ","):
            for size in (3, 2):
                start = i - 1 - size
                if start < 0:
                    continue
                name = _person_name(doc, start, lex, idx)
                if (
                    len(name) == size
                    and name[-1] == i - 2
                    and (
                        start == 0
                        or norms[start - 1] in lex.reporting
                        or doc[start - 1].is_punct
                        or normalize(doc[start - 1].text) in ("و", "ف")
                        or normalize(doc[start - 1].text).lstrip("وف") in lex.reporting
                    )
                ):
                    person = _new_entity("person", _span_text(doc, start, i - 1), EntityType.PERSON)
                    idx.add(Mention(start, i - 1, person, "trigger"))
                    break
        # after: the body, then «، NAME،»
        k = i + 1
        while k < min(i + 10, n) and not (norms[k] in ("،", ",") and k - 1 in idx.by_token):
            if norms[k] in ("،", ",", ".") or norms[k] in lex.reporting:
                break
            k += 1
        if k < n - 2 and norms[k] in ("،", ","):
            name = _person_name(doc, k + 1, lex, idx)
            end = name[-1] + 1 if name else k
            if len(name) >= 2 and (end >= n or norms[end] in ("،", ",")):
                person = _new_entity("person", _span_text(doc, k + 1, end), EntityType.PERSON)
                idx.add(Mention(k + 1, end, person, "trigger"))
                continue
        # or right after the body with no comma, when a clause boundary follows the name:
        # «نائب والي ولاية النيل الأزرق آدم أبكر لمركز …», «المتحدث باسم الجيش محمد علي إن …»
        body = next(
            (idx.by_token[j] for j in range(i + 1, min(i + 6, n)) if j in idx.by_token), None
        )
        # «وزير الدفاع اليمني محمد المقدشي»: a ministry told by its country's adjective
        demonym = next((j for j in range(i + 1, min(i + 5, n))
                        if norms[j] in lex.demonyms and norms[j].startswith("ال")), None)
        if demonym is not None and (body is None or body.start > demonym):
            e = demonym + 1
            if e < n and norms[e] in ("،", ","):
                e += 1  # «وزير الدفاع الأمريكي، آشتون كارتر،»
        elif body is None or body.entity.type is EntityType.PERSON:
            continue
        else:
            e = body.end
        quoted = e < n and norms[e] in TRANSPARENT  # «الناطق باسم الحكومة "موسى ابراهيم"»
        if quoted:
            e += 1
        name = _person_name(doc, e, lex, idx)
        end = name[-1] + 1 if name else e
        after = end + 1 if quoted and end < n and norms[end] in TRANSPARENT else end
        if len(name) >= 2 and (_boundary(doc, after, lex) or (quoted and after > end)):
            person = _new_entity("person", _span_text(doc, e, end), EntityType.PERSON)
            idx.add(Mention(e, end, person, "trigger"))


_BOUNDARIES = frozenset(
    normalize(w) for w in ("،", ",", ".", ":", "إن", "أن", "ان", "بأن", "في", "خلال", "عن", "على")
)


def _boundary(doc: Doc, k: int, lex: Lexicon) -> bool:
    """Whether a clause or phrase ends before token ``k``."""
    if k >= len(doc):
        return True
    norms = _norms(doc)
    raw = normalize(doc[k].text)
    return (
        norms[k] in _BOUNDARIES
        or norms[k] in lex.reporting
        or (raw[:1] in ("ل", "ب") and raw != norms[k])  # a preposition clitic: «لمركز»
    )


_WHICH = frozenset(normalize(w) for w in ("التي", "الذي", "اللتي"))


def _leads_verb(form: str, lex: Lexicon) -> bool:
    """«يقودها», «يتزعمه»: a LEADS verb with the pronoun of what it leads."""
    return any(
        form.endswith(suffix) and any(
            e.relation is RelationType.LEADS and e.pos == "verb"
            for e in lex.lookup(form[: -len(suffix)]))
        for suffix in ("ها", "ه", "هم")
    )


def _forces_led_by(doc: Doc, idx: MentionIndex, lex: Lexicon, gaz: Gazetteer) -> None:
    """«القوات التي يقودها خليفة حفتر»: a bare force head is the forces of the man the
    relative clause says leads them (the head alone is the mention; the clause still reads
    as LEADS)."""
    norms = _norms(doc)
    n = len(doc)
    for i in range(n - 3):
        own = idx.by_token.get(i)
        if (own is not None and (own.start, own.end) != (i, i + 1)) \
                or not norms[i].startswith("ال") \
                or lex.heads.get(norms[i][2:]) is not EntityType.ARMED_GROUP \
                or norms[i + 1] not in _WHICH \
                or not _leads_verb(norms[i + 2], lex):
            continue  # a named force («قوات الردع التي يقودها …») keeps its name; a bare
            # collective («الميليشيات») is named by its leader
        k = i + 3
        while k < n and k not in idx.by_token and norms[k] in lex.titles:
            k += 1
        leader = idx.by_token.get(k)
        if leader is not None and leader.start == k and leader.entity.type is EntityType.PERSON:
            if own is not None:
                idx.remove(own)
            idx.add(Mention(i, i + 1, _force_of(leader.entity, doc[i].text, gaz), "trigger"))


def _title_persons(doc: Doc, idx: MentionIndex, lex: Lexicon) -> None:
    """Titles before a name the gazetteer does not know: اللواء محمد منفور، العقيد طيار …"""
    norms = _norms(doc)
    n = len(doc)
    i = 0
    while i < n:
        if i in idx.by_token or norms[i] not in lex.titles:
            i += 1
            continue
        j = i
        while j < n and norms[j] in lex.titles and j not in idx.by_token:
            j += 1
        if j < n and j in idx.by_token and idx.by_token[j].entity.type is EntityType.PERSON:
            # Extend a known person's mention over its titles.
            m = idx.by_token[j]
            if m.start == j:
                for k in range(i, j):
                    idx.by_token[k] = m
                m.start = i
            i = j
            continue
        name = _person_name(doc, j, lex, idx)
        if len(name) >= 2:
            person = _new_entity(
                "person", _span_text(doc, name[0], name[-1] + 1), EntityType.PERSON
            )
            idx.add(Mention(i, name[-1] + 1, person, "trigger"))
            i = name[-1] + 1
        else:
            i = j


_COMPOUND_FIRST = frozenset(
    normalize(w)
    for w in (
        "كفر",
        "تل",
        "دير",
        "بئر",
        "عين",
        "سيدي",
        "الشيخ",
        "أبو",
        "ابو",
        "بني",
        "بن",
        "رأس",
        "جبل",
        "وادي",
        "خربة",
        "تلة",
        "بيت",
        "عرب",
        "أم",
        "ام",
        "ذات",
        "قصر",
    )
)


def _has_wa(doc: Doc, k: int, norms: list[str]) -> bool:
    """Whether token ``k`` is written with the conjunction و (split off or not)."""
    raw = normalize(doc[k].text).lstrip("«\"'")
    return raw.startswith("و") and (raw != norms[k] or len(raw) > 4)


def _place_lists(doc: Doc, idx: MentionIndex, lex: Lexicon) -> None:
    """A dual or plural place head before names joined by و: «قريتي أرينبة وسطوح الدير»,
    «قرى محمبل وبسنقول وسنقرة والنحل» — each name is a place of its own."""
    norms = _norms(doc)
    heads = lex.words_of("dual_place_heads")
    n = len(doc)
    for i in range(n):
        if i in idx.by_token or norms[i] not in heads:
            continue
        etype = lex.heads.get(lex_key(norms[i])) or EntityType.LOC
        if not etype.is_place:
            etype = EntityType.LOC
        groups: list[list[int]] = []
        k = i + 1
        while k < n and len(groups) < 8:
            if norms[k] in ("و", "،", ","):
                if not groups:
                    break
                k += 1
                continue
            after_joint = norms[k - 1] in ("و", "،", ",")
            raw = normalize(doc[k].text)
            wa = bool(groups) and raw.startswith("و") and (len(raw) > 3 or raw != norms[k])
            if k in idx.by_token:
                if (groups and not (wa or after_joint)) or not idx.by_token[k].entity.type.is_place:
                    break
                groups.append([])  # a known place in the list keeps its own mention
                k = idx.by_token[k].end
                continue
            if not _is_name_token(doc, k, lex, idx):
                break
            if not groups or wa or after_joint:
                groups.append([k])
            elif len(groups[-1]) == 1 and (
                norms[groups[-1][0]] in _COMPOUND_FIRST
                or (
                    norms[k].startswith("ال")
                    and not norms[groups[-1][0]].lstrip("و").startswith("ال")
                )
            ):
                groups[-1].append(k)
            else:
                break
            k += 1
        named = [g for g in groups if g]
        if len(groups) < 2 or not named:
            continue
        dual = norms[i].endswith(("تي", "تا"))
        if not dual and len(named) == len(groups):
            # «مناطق تمركز وتدريب ومخازن»: a plural head lists names only beside a known one
            continue
        for g in named:
            name = _span_text(doc, g[0], g[-1] + 1)
            if g is not named[0] and name.startswith("و"):
                name = name[1:]  # the conjunction is not part of the name
            idx.add(Mention(g[0], g[-1] + 1, _new_entity("place", name, etype), "trigger"))


def _takes_next(lex: Lexicon, norms: list[str], k: int) -> bool:
    """Whether the predicate noun at ``k`` is followed by a preposition it takes: «أعلن جيش
    العزة السيطرة على …» is the event, not a word of the army's name."""
    nxt = norms[k + 1] if k + 1 < len(norms) else ""
    return bool(nxt) and any(e.pos == "noun" and nxt in e.preps for e in lex.lookup(norms[k]))


_PLACE_TITLES = frozenset(normalize(w) for w in ("الشيخ", "الشهيد", "الإمام", "السيدة", "سيدي"))


def _head_joins(idx: MentionIndex, m: Mention, i: int) -> None:
    """Let ``m`` start at the head word ``i`` before it: «مدينة طبرق», «حركة "أنصار الله"»."""
    for k in range(i, m.start):
        idx.by_token[k] = m
    m.start = i


def _head_names(doc: Doc, idx: MentionIndex, lex: Lexicon, gaz: Gazetteer) -> None:
    """Heads of place and organisation phrases: قاعدة مصراتة الجوية، قوات المنطقة الوسطى،
    مدينتي هون وسوكنة، صحيفة «...»."""
    norms = _norms(doc)
    n = len(doc)
    for i in range(n):
        if i in idx.by_token:
            continue
        form = norms[i]
        etype = lex.heads.get(form)
        if etype is None:
            continue
        j = _next_content(doc, i + 1)
        # A body named by its kind and its town: «المجلس العسكري في مدينة مصراتة», «المجلس
        # البلدي لطرابلس»: the town completes a name that alone would be generic
        if (
            etype in (EntityType.ORG, EntityType.ARMED_GROUP)
            and form.startswith("ال")
            and j < n
            and j not in idx.by_token
            and _nisba(norms[j], lex)
            and j + 1 < n
        ):
            k = j + 1
            if k < n and k not in idx.by_token and norms[k] in ("في", "ب"):
                k += 1
            town = idx.by_token.get(k)
            if (
                town is not None
                and town.start in (j + 1, k)
                and town.entity.type is EntityType.GPE
                and (k > j + 1 or _clitic_l(doc, town.start, norms) or norms[k - 1] == "في")
            ):
                entity = _new_entity("ent", _name_text(doc, i, town.end), etype)
                idx.remove(town)
                idx.add(Mention(i, town.end, entity, "trigger"))
                continue
        # A unit named by its task and town: «قوة حماية غريان», «غرفة عمليات سرت»
        if (
            etype in (EntityType.ORG, EntityType.ARMED_GROUP)
            and not form.startswith("ال")
            and j < n
            and j not in idx.by_token
        ):
            k = j
            while k < min(j + 2, n) and k not in idx.by_token and _is_name_token(doc, k, lex, idx):
                if norms[k].startswith("ال"):
                    break
                k += 1
            place = idx.by_token.get(k) if k > j and k < n else None
            if (
                place is not None
                and place.start == k
                and place.entity.type
                in (
                    EntityType.GPE,
                    EntityType.LOC,
                )
            ):
                entity = _new_entity("ent", _name_text(doc, i, place.end), etype)
                idx.remove(place)
                idx.add(Mention(i, place.end, entity, "trigger"))
                continue
        # «مطار مدينة سرت», «ميناء بلدة زوارة»: the town's own head before its name
        if etype is EntityType.FAC and j + 1 < n and j not in idx.by_token \
                and lex.heads.get(norms[j]) in (EntityType.GPE, EntityType.LOC):
            town = idx.by_token.get(j + 1)
            if town is not None and town.start == j + 1 and town.entity.type.is_place:
                idx.remove(town)
                idx.add(Mention(i, town.end, _new_entity("place", _name_text(doc, i, town.end),
                                                           etype), "trigger"))
                continue
        # A known place inside: قاعدة مصراتة الجوية, مطار طرابلس الدولي
        if j < n and j in idx.by_token:
            inner = idx.by_token[j]
            end = inner.end
            if end < n and norms[end] in lex.words_of("place_adjectives"):
                end += 1
            if (
                etype in (EntityType.FAC, EntityType.LOC)
                and inner.entity.type.is_place
                and end > inner.end
            ) or (
                # «ميناء سرت»: a facility named by its town is a place of its own
                etype is EntityType.FAC
                and inner.entity.type in (EntityType.GPE, EntityType.LOC)
                and inner.start == j
            ):
                entity = _new_entity("place", _name_text(doc, i, end), etype)
                idx.remove(inner)
                idx.add(Mention(i, end, entity, "trigger"))
            elif (
                etype in (EntityType.GPE, EntityType.LOC)
                and inner.entity.type.is_place
                and inner.start == j
            ):
                _head_joins(idx, inner, i)  # مدينة طبرق → the known city
            continue
        quoted = j > i + 1
        weak = form in lex.words_of("weak_heads")
        if weak and j < n and j in idx.by_token:
            body = idx.by_token[j]
            if body.start == j and body.entity.type in (EntityType.ARMED_GROUP, EntityType.ORG):
                # «حركة "أنصار الله"», «جبهة النصرة»: the head joins the known body's mention
                _head_joins(idx, body, i)
            continue
        chain = _construct_chain(doc, i, j, idx, lex, norms) \
            if etype in (EntityType.ORG, EntityType.ARMED_GROUP) and not quoted else None
        if chain is not None:
            chain_end, taken = chain
            if taken is not None:
                idx.remove(taken)
            entity = _new_entity("ent", _name_text(doc, i, chain_end), etype)
            idx.add(Mention(i, chain_end, entity, "trigger"))
            continue
        if weak and not quoted:
            # «الحركة الشعبية لتحرير السودان», «حركة العدل لتحرير X»: an adjective, then the
            # body's aim after لـ, name a movement; «حركة الملاحة», «جبهة القتال» name none
            k = j + 1 if j < n and j not in idx.by_token and norms[j].startswith("ال") \
                and norms[j].endswith(("يه", "ي")) else j
            aim_end = _field_complement(doc, k, lex, idx, norms) if k > j else None
            if aim_end is not None:
                _add_body_with_field(doc, idx, i, aim_end, etype)
            continue
        bracket_end = _bracketed_number(doc, j, lex) \
            if etype is EntityType.ARMED_GROUP and not quoted else None
        if bracket_end is not None:
            # «الكتيبة (166 مشاة)»: a unit's number in brackets is its name, the known unit
            # «الكتيبة 166» when there is one
            unit = gaz.by_name(f"{_name_text(doc, i, j)} {doc[j + 1].text}") \
                or _new_entity("ent", _name_text(doc, i, bracket_end), etype)
            idx.add(Mention(i, bracket_end, unit, "trigger"))
            continue
        name: list[int] = []
        k = j
        limit = 4 if quoted else 2
        if (
            etype in (EntityType.LOC, EntityType.FAC)
            and not form.startswith("ال")
            and k + 1 < n
            and k not in idx.by_token
            and norms[k] in _PLACE_TITLES
            and _is_name_token(doc, k + 1, lex, idx)
        ):
            # «تلة الشيخ خطاب», «حي الشيخ مقصود»: a title inside a place's name
            name.append(k)
            k += 1
            limit = 3
        while k < n and len(name) < limit:
            if norms[k] in TRANSPARENT:
                if quoted:
                    break
                k += 1
                continue
            noun_in_name = (
                etype in (EntityType.ORG, EntityType.ARMED_GROUP)
                and not form.startswith("ال")
                and norms[k].startswith("ال")
                and k not in idx.by_token
                and norms[k] not in FUNCTION_WORDS
                and norms[k] not in lex.words_of("force_links")
                and norms[k] not in lex.words_of("name_stops")
                and not any(e.passive or e.head for e in lex.lookup(norms[k]))
                and not _takes_next(lex, norms, k)
            )  # «قوات الدعم المركزي»: a (definite, so noun) word of the lexicon in a unit's name
            if not _is_name_token(doc, k, lex, idx) and not doc[k].like_num and not noun_in_name:
                break
            if name and not quoted and _has_wa(doc, k, norms):
                break  # «مدينة الغريان وانطلقت»: a new clause, not the name going on
            if name and not quoted and _clitic_l(doc, k, norms) \
                    and norms[k].endswith(("ين", "ون")):
                break  # «الحكومة الليبية للصحفيين»: whom it spoke to, not its name
            f = norms[k]
            if (
                etype in (EntityType.ARMED_GROUP, EntityType.ORG)
                and not quoted
                and not f.startswith("ال")
                and not doc[k].like_num
            ):
                break  # قوات المنطقة الوسطى, كتيبة 166: a definite or numbered name
            if etype is EntityType.FAC and form.startswith("ال") and not quoted \
                    and not f.startswith("ال"):
                break  # «الثكنة العسكرية»: a definite head takes a definite adjective only
            name.append(k)
            k += 1
            if doc[k - 1].like_num and k < n and norms[k] in lex.words_of("unit_kinds"):
                name.append(k)  # «اللواء 73 مشاة»: the unit's arm after its number
                break
            if (
                k < n
                and norms[k] in lex.words_of("place_adjectives")
                and etype in (EntityType.FAC,)
            ):
                name.append(k)
                k += 1
                break
        if not name:
            continue
        if (
            etype in (EntityType.ORG, EntityType.ARMED_GROUP)
            and len(name) == 1
            and not doc[name[0]].like_num
            and not quoted
            and (form.startswith("ال") or norms[name[0]] in lex.demonyms)
        ):
            # too generic: «الحكومة الليبية», «قوات تركية»; but a construct with a definite
            # name is one: «حكومة الإنقاذ», «كتيبة النواصي», «قوات الردع»; and so is one
            # with its field after لـ: «المرصد السوري لحقوق الإنسان», «الهيئة العليا للانتخابات»
            field_end = _field_complement(doc, name[0] + 1, lex, idx, norms)
            if field_end is not None and form.startswith("ال"):
                _add_body_with_field(doc, idx, i, field_end, etype)
            elif (form.startswith("ال") and form not in lex.titles
                  and form not in lex.words_of("speaking_heads")
                  and norms[name[0]][2:] not in lex.demonyms
                  and norms[name[0]].startswith("ال") and norms[name[0]].endswith(("يه", "ي"))):
                # «القوات الحكومية», «الحكومة المؤقتة»: a body told by what it is, not by its
                # country (the demonym's rule), is a body of its own; not «اللواء الليبي» (a
                # title), nor «المكتب الإعلامي» (an office speaks for its body, whose it says)
                end = name[0] + 1
                idx.add(Mention(i, end, _new_entity("ent", _name_text(doc, i, end), etype),
                                "trigger"))
            continue
        if (
            len(name) == 1
            and not quoted
            and not norms[name[0]].startswith("ال")
            and norms[name[0]].endswith(("يه", "ي", "ين", "ون"))
            and not (
                # «مدينة كادقلي»: an adjective agrees with a feminine head («مدينة ساحلية»),
                # so a word in ي after it is the town's name
                etype in (EntityType.GPE, EntityType.LOC)
                and doc[i].text.endswith("ة")
                and norms[name[0]].endswith("ي")
                and norms[name[0]] not in lex.demonyms
            )
        ):
            continue  # «قناة محلية», «مصادر ليبية»: a head with an adjective names no one
        end = name[-1] + 1
        if quoted and end < n and norms[end] in TRANSPARENT:
            end += 1
        dual = form.endswith("تي") and etype in (EntityType.GPE, EntityType.LOC)
        if dual:
            continue  # مدينتي هون وسوكنة: the names are separate places
        entity = _new_entity("ent", _name_text(doc, i, end), etype)
        idx.add(Mention(i, end, entity, "trigger"))


def _seat_noun(form: str, lex: Lexicon) -> bool:
    """A noun of the lexicon in a seat's name: «مقر قيادة …» (a predicate's noun, no verb)."""
    entries = lex.lookup(form)
    # not a participle that ties the head to another («معسكرات تابعة للحكومة»)
    return bool(entries) and form not in FUNCTION_WORDS and all(
        e.pos != "verb" and not e.passive for e in entries)


def _seats(doc: Doc, idx: MentionIndex, lex: Lexicon) -> None:
    """A body's seat is a facility of its own: «مقر رئاسة الوزراء», «مقر عمليات حفتر», «مقر
    قيادة المنطقة الغربية» (at most two nouns between the head and the body; a person or a
    place only after one of them)."""
    norms = _norms(doc)
    n = len(doc)
    for i in range(n):
        form = norms[i]
        if lex.heads.get(form) is not EntityType.FAC or form.startswith("ال"):
            continue
        own = idx.by_token.get(i)
        if own is not None and (own.start != i or own.method != "trigger"):
            continue
        k = i + 1
        while k < min(i + 3, n) and (
            (own is not None and k < own.end)
            or (k not in idx.by_token and not norms[k].startswith("ال")
                and (_is_name_token(doc, k, lex, idx) or _seat_noun(norms[k], lex)))
        ):
            k += 1
        body = idx.by_token.get(k) if k < n else None
        if body is None or body.start != k or body is own:
            continue
        # «مقر حفتر» stays the man (a threat to his seat is one to him); «مقر عمليات حفتر»,
        # «مقر قيادة المنطقة الغربية» are places of their own
        bodies = (EntityType.ORG, EntityType.ARMED_GROUP)
        named = (EntityType.PERSON, EntityType.GPE, EntityType.LOC)
        if body.entity.type not in bodies and not (k > i + 1 and body.entity.type in named):
            continue
        if own is not None:
            idx.remove(own)
        idx.remove(body)
        entity = _new_entity("place", _name_text(doc, i, body.end), EntityType.FAC)
        idx.add(Mention(i, body.end, entity, "trigger"))


# heads that count people, not name a body: «عناصر حماية المنشآت» are men of a body
_PEOPLE_HEADS = frozenset(normalize(w) for w in ("عناصر", "مسلحي", "مرتزقة", "ثوار"))


def _bracketed_number(doc: Doc, j: int, lex: Lexicon) -> int | None:
    """The end (after the closing bracket) of «(166 مشاة)» or «(166)» at ``j``, or None."""
    n = len(doc)
    if j + 2 >= n or doc[j].text != "(" or not doc[j + 1].like_num:
        return None
    k = j + 2
    if doc[k].norm_ in lex.words_of("unit_kinds"):
        k += 1
    return k + 1 if k < n and doc[k].text == ")" else None


def _add_body_with_field(doc: Doc, idx: MentionIndex, i: int, end: int, etype: EntityType) -> None:
    """A body named from ``i`` to its field's end; a country closing the field («لتحرير
    السودان») is part of the name, not a mention of its own."""
    place = idx.by_token.get(end - 1)
    if place is not None:
        idx.remove(place)
    idx.add(Mention(i, end, _new_entity("ent", _name_text(doc, i, end), etype), "trigger"))


def _field_complement(doc: Doc, k: int, lex: Lexicon, idx: MentionIndex,
                      norms: list[str]) -> int | None:
    """The end of a body's field after لـ: «للنفط», «لحقوق الإنسان», «للانتخابات» (a noun
    with لـ, and the definite noun it governs when it has one), or None. Not people
    («للصحفيين»: whom it spoke to) nor a word the rules read otherwise."""
    n = len(doc)
    if k >= n or k in idx.by_token or not _clitic_l(doc, k, norms):
        return None
    form = norms[k]
    if not (_is_name_token(doc, k, lex, idx) or _seat_noun(form, lex)) \
            or form.endswith(("ين", "ون")):
        return None  # a name's word or a lexicon noun («لتحرير»), not people («للصحفيين»)
    if form.startswith("ال"):
        return k + 1  # «للنفط»: ل + ال, a definite noun
    if k + 1 < n and k + 1 not in idx.by_token and norms[k + 1].startswith("ال") \
            and _is_name_token(doc, k + 1, lex, idx):
        return k + 2  # «لحقوق الإنسان»
    place = idx.by_token.get(k + 1)
    if place is not None and place.start == k + 1 and place.entity.type is EntityType.GPE:
        return place.end  # «الحركة الشعبية لتحرير السودان»: the country is part of the name
    return None


def _construct_chain(doc: Doc, i: int, j: int, idx: MentionIndex, lex: Lexicon,
                     norms: list[str]) -> tuple[int, Mention | None] | None:
    """A body named by a chain of nouns that ends on a definite one or a place: «قوات غصن
    الزيتون», «هيئة تحرير الشام», «مجلس شورى مجاهدي درنة», «جيش تحرير السودان»; for the
    head at ``i`` (indefinite, its first word at ``j``): the name's end and the place mention
    it takes in, or None. A definite adjective may close it: «قوات درع الوطن الليبية»."""
    form = norms[i]
    if form.startswith("ال") or form in _PEOPLE_HEADS:
        return None
    n = len(doc)
    k = j
    while k < min(j + 2, n) and not norms[k].startswith("ال") \
            and (_is_name_token(doc, k, lex, idx) or _seat_noun(norms[k], lex)) \
            and k not in idx.by_token and not doc[k].like_num and not _has_wa(doc, k, norms) \
            and not norms[k].endswith(("يه", "ين", "ون")) and norms[k] not in lex.demonyms:
        k += 1
    if k == j or k >= n:
        return None  # no indefinite noun: the definite names of the caller's rule
    inner = idx.by_token.get(k)
    if inner is not None:
        # a place or a body closes the chain: «مجاهدي درنة», «شورى الثوار»
        if inner.start != k or inner.entity.type not in (
                EntityType.GPE, EntityType.LOC, EntityType.ARMED_GROUP, EntityType.ORG):
            return None
        end = inner.end
    elif (norms[k].startswith("ال") and _is_name_token(doc, k, lex, idx)
          and not _has_wa(doc, k, norms)):
        end = k + 1
    else:
        return None
    if end < n and _name_adjective(doc, end, lex, idx):
        end += 1
    return end, inner


def _descriptors(doc: Doc, idx: MentionIndex, lex: Lexicon, article_key: str) -> None:
    """Unnamed sources and officials: مصدر دبلوماسي، مسؤول عسكري في قوات الكرامة."""
    norms = _norms(doc)
    n = len(doc)
    for i in range(n):
        if i in idx.by_token or norms[i] not in lex.descriptors:
            continue
        if norms[i].startswith("ال"):
            continue  # المصدر: a back-reference, resolved by coreference
        j = i + 1
        while j < n and norms[j] in lex.descriptor_adjectives and j not in idx.by_token:
            j += 1
        org = None
        k = j
        if k < n and (
            norms[k] in ("مقربه", "مقرب", "مقربين") or norms[k] in lex.words_of("force_links")
        ):
            k += 1  # «مصادر مقربة من X», «مصادر عسكرية تابعة لـX»
        if k < n and norms[k] in ("في", "من", "ب", "داخل", "ل"):
            k += 1
        k = _next_content(doc, k)
        if k < n and k in idx.by_token and k <= j + 3:
            org = idx.by_token[k].entity
        elif j < n and j in idx.by_token and idx.by_token[j].entity.type.is_actor:
            org = idx.by_token[j].entity  # بالجيش الوطني: clitic preposition on the org
        if org is not None and org.type.is_place:
            org = None  # «مصدر دبلوماسي من طرابلس» speaks from Tripoli, not for it
        if j == i + 1 and org is None:
            continue  # a bare "مصدر" is not a speaker we can name
        name = _span_text(doc, i, j)
        if org is not None and j == i + 1:
            name = f"{name} في {org.name}"
        entity = Entity(
            id=f"source-{stable_id(article_key, normalize(name), length=12)}",
            name=name,
            type=EntityType.PERSON,
            aliases=(name,),
        )
        idx.add(Mention(i, j, entity, "descriptor", org=org))


def _title_coreference(doc: Doc, idx: MentionIndex, lex: Lexicon) -> None:
    """A title standing alone («الموالية للجنرال», «وقال المشير») refers back to the latest person
    named with that title."""
    norms = _norms(doc)
    people = sorted(
        (m for m in idx.mentions if m.entity.type is EntityType.PERSON), key=lambda m: m.start
    )
    if not people:
        return
    for i, form in enumerate(norms):
        if i in idx.by_token or form not in lex.titles or not form.startswith("ال"):
            continue
        nxt = i + 1
        if nxt < len(doc) and (nxt in idx.by_token or norms[nxt] in lex.titles):
            continue  # «المشير خليفة حفتر», «العقيد طيار»: the title of a name that follows
        if (
            nxt < len(doc)
            and _is_name_token(doc, nxt, lex, idx)
            and not norms[nxt].startswith("ال")
        ):
            continue  # an unknown name follows the title
        for m in reversed(people):
            if m.end > i:
                continue
            titled = norms[m.start] == form or any(
                normalize(a).startswith(form + " ") for a in m.entity.aliases
            )
            if titled:
                idx.add(Mention(i, i + 1, m.entity, "coref"))
                break


def _body_adjectives(doc: Doc, idx: MentionIndex, lex: Lexicon) -> None:
    """«المعارضة السورية», «قوات الوفاق الليبية»: a relational adjective after a body's name is
    part of the words that name it (the entity stays the same)."""
    norms = _norms(doc)
    for m in list(idx.mentions):
        if m.entity.type not in (EntityType.ORG, EntityType.ARMED_GROUP) or m.method == "coref":
            continue
        end = m.end
        if (
            end < len(doc)
            and end not in idx.by_token
            and norms[m.end - 1].startswith("ال")
            and _nisba(norms[end], lex)
            and norms[end] not in lex.words_of("direction_adjectives")
        ):
            idx.by_token[end] = m
            m.end = end + 1


def _place_directions(doc: Doc, idx: MentionIndex, lex: Lexicon) -> None:
    """«غرب إدلب», «ريف إدلب الغربي», «جنوب طرابلس»: the direction is part of the words that
    name the place, which stays the known one (its mention grows, its entity does not)."""
    norms = _norms(doc)
    before = lex.words_of("place_directions")
    after = lex.words_of("direction_adjectives")
    for m in list(idx.mentions):
        if not m.entity.type.is_place or m.method in ("coref", "demonym"):
            continue
        start, end = m.start, m.end
        prev = norms[start - 1] if start > 0 else ""
        if (
            start > 0
            and start - 1 not in idx.by_token
            and (lex_key(prev) in before or (prev[:1] in "بلوف" and prev[1:] in before))
        ):
            start -= 1  # «بغرب إدلب»: the direction may carry the preposition
        if end < len(doc) and end not in idx.by_token and norms[end] in after:
            end += 1
        if (start, end) != (m.start, m.end):
            for k in range(start, end):
                idx.by_token[k] = m
            m.start, m.end = start, end


@lru_cache(maxsize=8192)
def _alias_heads(entity: Entity) -> frozenset[str]:
    """The first words of an entity's aliases (in their lexicon key form)."""
    return frozenset(lex_key(normalize(a).split()[0]) for a in entity.aliases if a.strip())


_TIES = frozenset((RelationType.SUPPORT, RelationType.PART_OF))


def _head_coreference(doc: Doc, idx: MentionIndex, lex: Lexicon, article_key: str) -> None:
    """A bare definite head (الجيش، الحكومة، الجماعة) refers to the latest body named before it
    whose name starts with that head: «الجيش» after «الجيش الوطني الليبي», «الحكومة» after
    «حكومة الوفاق»."""
    norms = _norms(doc)
    heads = lex.words_of("coref_heads")
    if not heads:
        return
    bodies = sorted(idx.mentions, key=lambda m: m.start)
    if not any(form in heads for form in norms):
        return
    standalone = lex.words_of("standalone_heads")
    firsts = [{lex_key(norms[m.start])} | _alias_heads(m.entity) for m in bodies]
    adjectives = lex.words_of("place_adjectives") | lex.words_of("direction_adjectives")
    for i, form in enumerate(norms):
        if i in idx.by_token or form not in heads:
            continue
        if i + 1 < len(norms) and norms[i + 1] in adjectives:
            continue  # «القاعدة الجوية الوطية»: the head opens a name of its own
        if i + 1 < len(norms) and any(e.passive and e.relation in _TIES
                                      for e in lex.lookup(norms[i + 1])):
            continue  # «والقوات الموالية للرئيس السابق»: a body told by its tie, not one before
        bare = lex_key(form)
        # «المدينة», «المعسكر» refer to places; «الجيش», «الحكومة» to bodies
        place = (lex.heads.get(bare) or lex.heads.get(form) or EntityType.ORG).is_place
        for m, words in zip(reversed(bodies), reversed(firsts), strict=True):
            if m.entity.type.is_place != place or (
                not place and m.entity.type not in (EntityType.ORG, EntityType.ARMED_GROUP)
            ):
                continue
            if m.end <= i and bare in words:
                idx.add(Mention(i, i + 1, m.entity, "coref"))
                break
        else:
            if form in standalone:
                # «قصف الجيش مواقع …» with no army named before: the army the article is
                # about, a body of its own, and of this article only (which army «الجيش» is
                # depends on the article)
                etype = lex.heads.get(bare) or EntityType.ARMED_GROUP
                name = _clean_name(_without_proclitic(doc[i].text))
                entity = Entity(id=f"ent-{stable_id(article_key, normalize(name), length=12)}",
                                name=name, type=etype, aliases=(name,))
                idx.add(Mention(i, i + 1, entity, "trigger"))


def _coreference(doc: Doc, idx: MentionIndex, lex: Lexicon) -> None:
    """Short forms of mentions made earlier in the article: a surname for a full name
    (منفور → محمد منفور), the first words of a long name (المركز الإعلامي → المركز الإعلامي
    لغرفة عمليات الكرامة), a definite descriptor (الدبلوماسي، المصدر → مصدر دبلوماسي)."""
    norms = _norms(doc)
    short: dict[tuple[str, ...], Mention] = {}
    descriptors: list[Mention] = []
    n = len(doc)
    for m in sorted(idx.mentions, key=lambda m: m.start):
        words = [
            norms[i]
            for i in range(m.start, m.end)
            if norms[i] not in TRANSPARENT and norms[i] not in lex.titles
        ]
        if m.entity.type is EntityType.PERSON and m.method != "descriptor" and len(words) >= 2:
            short.setdefault((words[-1],), m)
        if len(words) >= 3 and (words[0] in lex.heads or lex_key(words[0]) in lex.heads):
            for k in range(2, len(words)):
                short.setdefault(tuple(words[:k]), m)
        if m.method == "descriptor":
            descriptors.append(m)
    norms = _norms(doc)
    first_words = {key[0] for key in short}
    i = 0
    while i < n:
        if i in idx.by_token:
            i = idx.by_token[i].end
            continue
        hit = None
        if norms[i] not in first_words and not (norms[i].startswith("ال") and descriptors):
            i += 1
            continue
        for size in (3, 2, 1):
            key = tuple(norms[k] for k in range(i, min(i + size, n)))
            if len(key) == size and key in short and short[key].end <= i:
                hit = (size, short[key])
                break
        if hit:
            size, target = hit
            idx.add(Mention(i, i + size, target.entity, "coref", org=target.org))
            i += size
            continue
        form = norms[i]
        if form.startswith("ال") and descriptors:
            prev = [d for d in descriptors if d.end <= i]
            if prev:
                bare = form[2:]
                for d in reversed(prev):
                    dwords = {lex_key(norms[k]) for k in range(d.start, d.end)}
                    if bare in dwords and (
                        bare in lex.descriptors or bare in lex.words_of("descriptor_coref")
                    ):
                        idx.add(Mention(i, i + 1, d.entity, "coref", org=d.org))
                        break
        i += 1
