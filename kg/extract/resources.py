"""The data the extractor runs on: gazetteer, predicate lexicon, cue words, demonyms.

All of it ships as JSONL in ``kg/data/``; users add their own files (``--gazetteer``,
``--lexicon``) in the same format and their entries extend or override the shipped ones.
Words are stored in their matching form (:func:`kg.normalize.normalize`), so spelling variants
that differ only in hamza, ta marbuta, alef maqsura or diacritics need no entry of their own.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from kg.errors import DataFileError
from kg.model import Entity, EntityType, Modality, RelationType
from kg.normalize import normalize
from kg.validate import check_gazetteer_row

PREPOSITIONS = frozenset(
    normalize(w)
    for w in (
        "في",
        "على",
        "من",
        "إلى",
        "الى",
        "عن",
        "مع",
        "ضد",
        "حول",
        "بين",
        "نحو",
        "باتجاه",
        "قرب",
        "لدى",
        "عند",
        "تجاه",
        "صوب",
        "ضمن",
        "أمام",
        "امام",
        "ب",
        "ل",
        "ك",
    )
)
# Words that never start or continue a name: the prepositions and these.
FUNCTION_WORDS = PREPOSITIONS | frozenset(
    normalize(w)
    for w in (
        "و",
        "أو",
        "ثم",
        "أن",
        "إن",
        "أنه",
        "أنها",
        "إنه",
        "إنها",
        "أنهم",
        "إنهم",
        "الذي",
        "التي",
        "الذين",
        "اللذين",
        "اللتين",
        "والتي",
        "والذي",
        "قد",
        "لقد",
        "كان",
        "كانت",
        "هذا",
        "هذه",
        "ذلك",
        "تلك",
        "هو",
        "هي",
        "هم",
        "وهو",  # «رضا عيسى وهو متحدث باسم …»: a pronoun opens the apposition, not a name
        "وهي",
        "وهم",
        "كما",
        "فيما",
        "بينما",
        "حيث",
        "منذ",
        "خلال",
        "بعد",
        "قبل",
        "أمس",
        "اليوم",
        "غدا",
        "أيضا",
        "مجددا",
        "كل",
        "كافة",
        "جميع",
        "عدة",
        "بعض",
        "أي",
        "غير",
        "ليس",
        "لم",
        "لن",
        "لا",
        "ما",
        "يوم",
        "عبر",
        "بينها",
        "بينهم",
        "منها",
        "منهم",
        "فيها",
        "عليها",
        "شمال",
        "جنوب",
        "شرق",
        "غرب",
        "وسط",
        "شمالي",
        "جنوبي",
        "شرقي",
        "غربي",
        "أخرى",
        "آخر",
        "الجاري",
        "الماضي",
        "المقبل",
    )
)

_PAST_SUFFIXES = ("", "ت", "وا", "ا", "تا", "ن", "نا", "تم", "و")
_PRESENT_SUFFIXES = ("", "ون", "ان", "ن", "ين", "وا")
_OBJECT_SUFFIXES = ("", "ه", "ها", "هم", "هما", "نا", "كم")
_POSSESSIVE_SUFFIXES = ("ه", "ها", "هم", "هما", "نا", "ي")


def lex_key(form: str) -> str:
    """Lexicon lookups ignore a leading article: القصف and قصف are one entry."""
    return form[2:] if form.startswith("ال") and len(form) > 4 else form


def verb_forms(past: Iterable[str], present: Iterable[str]) -> set[str]:
    """Inflected forms of a verb from its past and present stems (normalised)."""
    forms: set[str] = set()
    bases: set[str] = set()
    for p in past:
        bases.update(p + s for s in _PAST_SUFFIXES)
    for y in present:
        stem = y[1:] if y.startswith("ي") else y
        for prefix in ("ي", "ت", "ن", "ا"):
            bases.update(prefix + stem + s for s in _PRESENT_SUFFIXES)
            # the future: «ستشن», «سيستهدف» (their modality is read as planned)
            bases.update("س" + prefix + stem + s for s in _PRESENT_SUFFIXES)
    for b in bases:
        for s in _OBJECT_SUFFIXES:
            if s == "ه" and len(b) == 3 and b[1] == "ا":
                continue  # قاد+ه would read قادة (leaders) once ة is normalised to ه
            forms.add((b[:-1] if b.endswith("وا") and s else b) + s)
    return forms


def noun_forms(nouns: Iterable[str]) -> set[str]:
    """A verbal noun, its ta marbuta form before suffixes (سيطره → سيطرتها), possessives, the
    dual (التفجيران، التابعان) and the accusative tanween of a singular (قتالا)."""
    forms: set[str] = set()
    for n in nouns:
        forms.add(n)
        base = n[:-1] + "ت" if n.endswith("ه") else n
        forms.update(base + s for s in _POSSESSIVE_SUFFIXES)
        if n.endswith("ا") and len(n) > 3:  # accusative tanween: هجوما
            forms.add(n[:-1])
        if len(n) >= 3 and not n.endswith(("ات", "ين", "ون", "ان", "ا", "ي")):
            forms.update(base + s for s in ("ان", "ين"))  # the dual
            if not n.startswith("ال") and not n.endswith(("ه", "ء")):
                forms.add(n + "ا")  # accusative tanween: قتالا
    return forms


@dataclass(frozen=True)
class Predicate:
    """One lexicon entry: how a predicate form maps to a relation and finds its arguments."""

    relation: RelationType
    label: str
    pos: str  # "verb" or "noun"
    preps: frozenset[str]  # allowed prepositions before the object; "" = direct object
    object_kind: str  # "actor", "place" or "any"
    light: bool = False  # شن، نفذ: the relation comes with an event noun nearby
    event_noun: bool = False  # هجوم، غارة: can carry a light verb's label
    passive: bool = False  # المدعومة من X: the head before is the object's partner
    invert: bool = False  # the argument after is the subject, the head before the object
    head: bool = False  # بقيادة X: attaches to the nearest organisation before it
    through: bool = False  # أدان استهداف X: the object may sit inside a nested event
    modality: Modality | None = None
    with_words: frozenset[str] = frozenset()  # a complement that must follow (ألحق خسائر)
    # a verbal noun read only before a number or a count («أسر 32 من», «أسر عدد من») and
    # never inflected: its other forms are other words («أسرى»)
    counted: bool = False


# The word classes a lexicon row of kind "words" can extend, and what each is for.
WORD_CLASSES: dict[str, str] = {
    "own_forces": "«قواته»: a speaker's own forces, standing for the speaker's body",
    "attribution_nouns": "«تصريحات»: the noun before the outlet a quote went through",
    "place_adjectives": "«الجوية»: an adjective that ends a facility's name",
    "group_adjectives": "«مسلحة»: between a group head and «من» + city",
    "demonym_heads": "«الحكومة»، «طائرات»: a head that, with a demonym, names the country",
    "descriptor_coref": "«الدبلوماسي»: a definite word referring back to an unnamed source",
    "force_heads": "«طيران»، «مقاتلات»: a weapon or unit standing for the force that owns it",
    "force_modifiers": "«حربية»: an adjective between a force head and its owner",
    "force_links": "«التابعة»، «الموالية»: a word tying a force head to its owner (with لـ)",
    "place_partitives": "«مناطق»، «معاقل»: a generic place noun whose place follows it",
    "dual_place_heads": "«قريتي»، «قرى»: a dual or plural place head before names joined by و",
    "undergo_verbs": "«تعرضت»: a verb whose subject is the target of the event after it",
    "name_stops": "«بشكل», «صباح»: adverbials that end a name the head rules are reading",
    "clash_nouns": "«اشتباكات»، «معارك»: fighting told as a clash «بين X وY»",
    "speaking_heads": "«المكتب»، «المركز»: offices that speak for a body, named by their owner",
    "unit_kinds": "«مشاة»: the arm after a unit's number, part of its name («اللواء 73 مشاة»)",
    "weak_heads": "«حركة»، «جبهة»: a head naming a body only with a quoted or known name, or "
                  "its aim after لـ («الحركة الشعبية لتحرير السودان»), after it",
    "control_verbs": "«تمكن»، «تحاول»: a verb whose subject acts in the verbal noun after it",
    "place_directions": "«غرب»، «ريف»: a word before a place that is part of the words naming it",
    "direction_adjectives": "«الغربي»: a direction after a place that is part of its words",
    "coref_heads": "«الجيش»: a bare definite head referring back to the latest body named with it",
    "first_names": "«ناصر»، «طلال»: a given name that, with the words after it, names a person",
    "aiming_verbs": "«استهدفت»: after an attack noun, a verb naming its target, done by its agent",
    "person_nisbas": "«المدنيين»، «الصحفيين»: a definite plural nisba naming a kind of person, not "
                     "a movement («الحوثيين» is one)",
    "standalone_heads": "«الجيش»: a bare head that, with no body named before it, names one",
    "countries": "«ليبيا»، «اليمن»: a country, after «في» where an attack or seizure happens",
    "measure_words": "«بالمئة»، «مساحة»: a share or measure of what follows «من» («75 بالمئة "
                     "من مساحة درنة»): the object is the place measured",
}


@dataclass
class Lexicon:
    predicates: dict[str, list[Predicate]] = field(default_factory=dict)
    reporting: set[str] = field(default_factory=set)
    reporting_alleged: set[str] = field(default_factory=set)  # زعم، ادعى: what follows is alleged
    reporting_denied: set[str] = field(default_factory=set)  # نفى: what follows is denied
    modality_cues: dict[str, str] = field(default_factory=dict)  # form → modality or "negated"
    roles: dict[tuple[str, ...], RelationType] = field(default_factory=dict)
    titles: set[str] = field(default_factory=set)
    heads: dict[str, EntityType] = field(default_factory=dict)
    descriptors: set[str] = field(default_factory=set)
    descriptor_adjectives: set[str] = field(default_factory=set)
    demonyms: dict[str, str] = field(default_factory=dict)  # form → entity name
    # Word classes the rules consult (``{"kind": "words", "class": …}``): see WORD_CLASSES.
    classes: dict[str, set[str]] = field(default_factory=lambda: {c: set() for c in WORD_CLASSES})
    _cache: dict[str, list[Predicate]] = field(default_factory=dict, repr=False)
    _keys: dict[str, frozenset[str]] = field(default_factory=dict, repr=False)
    _role_words: frozenset[str] | None = field(default=None, repr=False)

    @property
    def role_words(self) -> frozenset[str]:
        """First words of role phrases (a fast gate before the phrase lookup)."""
        if self._role_words is None:
            self._role_words = frozenset(r[0] for r in self.roles)
        return self._role_words

    def words_of(self, name: str) -> set[str]:
        """The matching forms of a word class (one of WORD_CLASSES)."""
        return self.classes[name]

    def keys_of(self, name: str) -> frozenset[str]:
        """A word class in lexicon-key form (no article), computed once."""
        keys = self._keys.get(name)
        if keys is None:
            keys = self._keys[name] = frozenset(lex_key(w) for w in self.classes[name])
        return keys

    def lookup(self, form: str) -> list[Predicate]:
        found = self._cache.get(form)
        if found is None:
            found = self.predicates.get(lex_key(form), [])
            self._cache[form] = found
        return found

    def words(self) -> set[str]:
        """Every single word the lexicon knows (used to split bare clitics safely)."""
        out = set(self.predicates) | self.reporting | set(self.modality_cues) | self.titles
        out |= set(self.heads) | self.descriptors | self.descriptor_adjectives | set(self.demonyms)
        for words in self.classes.values():
            out |= {w for w in words if " " not in w}
        for role in self.roles:
            out.update(role)
        out |= {lex_key(w) for w in out}
        return out


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def _read_jsonl(
    path: Path | None, text: str | None = None, *, source: str | None = None
) -> list[tuple[int, dict[str, Any]]]:
    """``(line number, object)`` of each line; blank lines and ``#`` comments are skipped. Any
    problem is one DataFileError naming the file and the line."""
    src = source or (str(path) if path is not None else "<shipped data>")
    if text is None:
        assert path is not None
        try:
            text = path.read_text(encoding="utf-8-sig")  # a BOM from Windows editors is fine
        except OSError as exc:
            raise DataFileError(
                f"cannot read {src}: {exc.strerror or exc}", hint="check the file's path"
            ) from None
        except UnicodeDecodeError as exc:
            raise DataFileError(
                f"{src}: not UTF-8 text (byte {exc.start})", hint="data files are UTF-8 JSON Lines"
            ) from None
    rows = []
    # split("\n"), not splitlines(): U+2028 and friends may sit inside a JSON string
    for n, line in enumerate(text.split("\n"), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        try:
            row = json.loads(line, parse_constant=_no_constant)  # no NaN or Infinity
        except (json.JSONDecodeError, ValueError) as exc:
            reason = (
                f"{exc.msg} at column {exc.colno}"
                if isinstance(exc, json.JSONDecodeError)
                else str(exc)
            )
            raise DataFileError(
                f"{src}, line {n}: not JSON ({reason})", hint="one JSON object per line"
            ) from None
        if not isinstance(row, dict):
            raise DataFileError(
                f"{src}, line {n}: expected a JSON object, not {type(row).__name__}",
                hint="one JSON object per line",
            )
        rows.append((n, row))
    return rows


def _shipped(name: str) -> str:
    return resources.files("kg.data").joinpath(name).read_text(encoding="utf-8")


def _words(row: dict[str, Any], key: str) -> list[str]:
    return [normalize(w).strip() for w in row.get(key, [])]


def _add_predicate_rows(lex: Lexicon, rows: list[tuple[int, dict[str, Any]]], src: str) -> None:
    for n, row in rows:
        kind = row.get("kind", "predicate")
        try:
            if kind == "predicate":
                _add_predicate(lex, row)
            elif kind == "reporting":
                for key, bucket in (
                    ("alleged", lex.reporting_alleged),
                    ("denied", lex.reporting_denied),
                ):
                    bucket.update(_words(row, key))
                for w in _words(row, "words"):
                    # أعلن → أعلنت، أعلنوا; يعلن → تعلن: reporting verbs in every person used.
                    lex.reporting.update({w, w + "ت", w + "وا"})
                    if w.startswith("ي"):
                        lex.reporting.add("ت" + w[1:])
            elif kind == "modality":
                for w in _words(row, "words"):
                    lex.modality_cues[w] = row["modality"]
            elif kind == "role":
                rel = RelationType(row["relation"])
                for w in _words(row, "words"):
                    lex.roles[tuple(w.split())] = rel
            elif kind == "title":
                lex.titles.update(_words(row, "words"))
            elif kind == "head":
                etype = EntityType(row["type"])
                for w in _words(row, "words"):
                    lex.heads[w] = etype
            elif kind == "words":
                name = row["class"]
                if name not in WORD_CLASSES:
                    raise ValueError(
                        f"unknown word class {name!r} (known: {', '.join(sorted(WORD_CLASSES))})"
                    )
                lex.classes[name].update(_words(row, "words"))
            elif kind == "descriptor":
                lex.descriptors.update(_words(row, "words"))
                lex.descriptor_adjectives.update(_words(row, "adjectives"))
            else:
                raise ValueError(f"unknown kind {kind!r}")
        except (KeyError, ValueError) as exc:
            raise DataFileError(
                f"{src}, line {n}: {exc}", hint="see kg/data/lexicon.jsonl for the entry format"
            ) from None


def _add_predicate(lex: Lexicon, row: dict[str, Any]) -> None:
    relation = RelationType(row["relation"])
    common = dict(
        relation=relation,
        label=row.get("label") or relation.value,
        preps=frozenset(normalize(p) for p in row.get("preps", [""])),
        object_kind=row.get("object", "any"),
        light=bool(row.get("light")),
        event_noun=bool(row.get("event_noun")),
        passive=bool(row.get("passive")),
        invert=bool(row.get("invert")),
        head=bool(row.get("head")),
        through=bool(row.get("through")),
        modality=Modality(row["modality"]) if row.get("modality") else None,
        with_words=frozenset(lex_key(w) for w in _words(row, "with")),
        counted=bool(row.get("counted")),
    )
    if common["object_kind"] not in ("actor", "place", "any"):
        raise ValueError(f"object must be actor, place or any, not {common['object_kind']!r}")
    verbs = verb_forms(_words(row, "past"), _words(row, "present"))
    nouns = set(_words(row, "nouns")) if common["counted"] else noun_forms(_words(row, "nouns"))
    for pos, forms in (("verb", verbs), ("noun", nouns)):
        entry = Predicate(pos=pos, **common)
        for f in forms:
            bucket = lex.predicates.setdefault(lex_key(f), [])
            if entry not in bucket:
                bucket.append(entry)
                # a reading that needs a complement (استعاد السيطرة على) is tried before the
                # plain one of the same form (استعاد)
                bucket.sort(key=lambda e: not e.with_words)


def load_lexicon(extra: Sequence[str | Path] = ()) -> Lexicon:
    """The shipped lexicon and demonyms, extended by the user's lexicon files."""
    lex = Lexicon()
    _add_predicate_rows(lex, _read_jsonl(None, _shipped("lexicon.jsonl")), "kg/data/lexicon.jsonl")
    for _, row in _read_jsonl(None, _shipped("demonyms.jsonl")):
        for w in _words(row, "forms"):
            lex.demonyms[w] = row["entity"]
    for path in extra:
        p = Path(path)
        rows = _read_jsonl(p)
        _add_predicate_rows(lex, [r for r in rows if r[1].get("kind") != "demonym"], str(p))
        for _, row in rows:
            if row.get("kind") == "demonym":
                for w in _words(row, "forms"):
                    lex.demonyms[w] = row["entity"]
    for w, country in list(lex.demonyms.items()):
        for form in demonym_inflections(w):
            lex.demonyms.setdefault(form, country)
    return lex


def demonym_inflections(form: str) -> list[str]:
    """The dual and plural of a nisba adjective in matching form, with and without the
    article: تركي → تركيان، تركيين، تركيتين، تركيات … («مسيرتين تركيتين»). A listed form
    always wins over a generated one."""
    base = form.removeprefix("ال")
    if base.endswith("يه"):
        stem = base[:-1]  # تركيه → تركي
    elif base.endswith("ي"):
        stem = base
    else:
        return []
    forms = [stem + "ه", stem + "ان", stem + "ين", stem + "ون", stem + "تان", stem + "تين",
             stem + "ات"]
    return [*forms, *("ال" + f for f in forms)]


@dataclass
class Gazetteer:
    entities: dict[str, Entity] = field(default_factory=dict)
    generic: set[str] = field(default_factory=set)  # ids of descriptive collectives
    user: set[str] = field(default_factory=set)  # ids from the user's files: they win ties
    _names: dict[str, Entity] | None = field(default=None, repr=False)
    # While an article is extracted: every name looked up, found or not. The build cache
    # (kg/cache.py) re-extracts an article when a gazetteer change touches one of them.
    lookups: set[str] | None = field(default=None, repr=False, compare=False)

    def by_name(self, name: str) -> Entity | None:
        """The entity whose canonical name (first) or alias normalises to ``name``'s."""
        if self.lookups is not None:
            self.lookups.add(normalize(name))
        if self._names is None:
            names: dict[str, Entity] = {}
            for e in self.entities.values():
                for a in e.aliases:
                    names.setdefault(normalize(a), e)
            for e in self.entities.values():
                names[normalize(e.name)] = e
            self._names = names
        return self._names.get(normalize(name))


def _entity_from_row(row: dict[str, Any]) -> Entity:
    """An Entity from a gazetteer line already checked against gazetteer.schema.json."""
    aliases = [a for a in row.get("aliases", []) if isinstance(a, str) and a.strip()]
    if row["name"] not in aliases:
        aliases.insert(0, row["name"])
    lat, lon = row.get("lat"), row.get("lon")
    return Entity(
        id=str(row["id"]),
        name=row["name"],
        type=EntityType(row["type"]),
        aliases=tuple(aliases),
        qid=row.get("qid") or None,
        side=row.get("side") or None,
        name_en=row.get("name_en") or None,
        lat=float(lat) if lat is not None else None,
        lon=float(lon) if lon is not None else None,
        country=row.get("country") or None,
        admin1=row.get("admin1") or None,
    )


def load_gazetteer(extra: Sequence[str | Path] = ()) -> Gazetteer:
    """The shipped gazetteer, then the user's files (an entry with a known id replaces it).

    Every line is checked against ``kg/data/gazetteer.schema.json`` first: a bad one raises
    DataFileError with its file, line and field, before any entity is used.
    """
    gaz = Gazetteer()
    sources: list[tuple[str, list[tuple[int, dict[str, Any]]]]] = [
        ("kg/data/gazetteer.jsonl", _read_jsonl(None, _shipped("gazetteer.jsonl")))
    ]
    sources += [(str(p), _read_jsonl(Path(p))) for p in extra]
    for src, rows in sources:
        for n, row in rows:
            check_gazetteer_row(row, src, n)
    for number, (_, rows) in enumerate(sources):
        for _, row in rows:
            entity = _entity_from_row(row)
            gaz.entities[entity.id] = entity
            if number > 0:
                gaz.user.add(entity.id)
            if row.get("generic"):
                gaz.generic.add(entity.id)
            else:
                gaz.generic.discard(entity.id)
    return gaz
