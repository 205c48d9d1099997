"""What every rule family reads a sentence through: its tokens' matching forms, its mentions,
and the bookkeeping shared between rules (role phrases absorbed into their person, predicates
already used). A :class:`Reading` is one claim as found in the text."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from spacy.tokens import Doc

from kg.extract.mentions import TRANSPARENT, Mention, MentionIndex, _norms, so_called_before
from kg.extract.resources import PREPOSITIONS, Lexicon
from kg.model import Entity, Modality, RelationType
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
CONTINUATION = frozenset(normalize(w) for w in ("كما", "وكما", "ثم", "حيث", "فيما"))
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
class Sentence:
    doc: Doc
    start: int
    end: int
    idx: MentionIndex
    lex: Lexicon
    absorbed: dict[int, Mention] = field(default_factory=dict)  # id(org mention) → person
    # id(mention) → the mention it describes, for arguments of «بقيادة X», «المدعومة من X»,
    # «التابعة لـX»: they belong to that phrase and are no argument of the clause's verb.
    attached: dict[int, Mention] = field(default_factory=dict)
    role_start: dict[int, int] = field(default_factory=dict)  # id(person mention) → role token
    consumed: set[int] = field(default_factory=set)  # predicate tokens already used
    # person id → the body the article says the person leads (shared by its sentences):
    # «قواته» of a commander are that body's forces
    leaders: dict[str, Entity] = field(default_factory=dict)
    norms: list[str] = field(default_factory=list)
    _clitics: dict[int, str] = field(default_factory=dict)

    # ``mention(i)`` and ``norm(i)``: the mention covering token i, its matching form. Bound
    # to the index's and the list's own lookups (no Python frame: the rules call them a million
    # times per thousand articles).
    mention: Callable[[int], Mention | None] = field(init=False, repr=False, compare=False)
    norm: Callable[[int], str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self.norms = _norms(self.doc)
        self.mention = self.idx.by_token.get
        self.norm = self.norms.__getitem__

    def clitic(self, i: int) -> str:
        """The proclitics split off token ``i`` (e.g. "و", "ب", "لل")."""
        found = self._clitics.get(i)
        if found is None:
            found = self._clitics[i] = self._clitic(i)
        return found

    def _clitic(self, i: int) -> str:
        raw = normalize(self.doc[i].text).replace("ـ", "")
        form = self.norms[i]
        if form.startswith("ال") and raw.endswith(form[2:]) and not raw.endswith(form):
            return raw[: len(raw) - len(form) + 2]
        return raw[: len(raw) - len(form)] if raw.endswith(form) else ""

    def prep_before(self, m: Mention) -> str:
        """The preposition that governs mention ``m``: a clitic on its first token, or the word
        before it ("" when none)."""
        start = self.role_start.get(id(m), m.start)
        start = skip_quotes_forward(self.doc, start)
        lead = so_called_before(self.doc, self.norms, start)
        if lead is not None:
            # «لما يسمى بالجيش»: the preposition is the one on or before «ما», not «بـ»
            what = normalize(self.doc[lead].text).lstrip("وف")
            if what != "ما":
                return what[0]
            start = lead
        clitic = self.clitic(start).lstrip("وف")
        if clitic:
            return "ل" if clitic.startswith("ل") else clitic[-1]
        norms = self.norms
        j = skip_quotes_back(self, start - 1)
        if j >= self.start and norms[j] in PREPOSITIONS:
            return norms[j]
        if j >= self.start and norms[j] in ("لـ", "ل", "بـ", "ب"):
            return norms[j][0]
        return ""


def skip_quotes_back(s: Sentence, j: int) -> int:
    """The nearest token at or before ``j`` in sentence ``s`` that is no quote (``s.start - 1``
    when there is none)."""
    while j >= s.start and s.norm(j) in TRANSPARENT:
        j -= 1
    return j


def skip_quotes_forward(doc: Doc, i: int) -> int:
    norms = _norms(doc)
    last = len(norms) - 1
    while i < last and norms[i] in TRANSPARENT:
        i += 1
    return i


def kind_ok(m: Mention, kind: str) -> bool:
    if kind == "place":
        return m.entity.type.is_place
    if kind == "actor":
        return m.entity.type.is_actor
    return True
