"""The data model: articles, entities, mentions, claims and statements.

Plain frozen dataclasses so that values are hashable, comparable in tests and cheap to build.
Serialisation to the claims contract lives in :mod:`kg.claims_io`.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from enum import Enum


class EntityType(str, Enum):
    PERSON = "PERSON"
    ORG = "ORG"
    ARMED_GROUP = "ARMED_GROUP"
    MEDIA = "MEDIA"
    GPE = "GPE"  # a country or city: both an actor and a place
    LOC = "LOC"  # a district, region, valley ...
    FAC = "FAC"  # an air base, airport, camp, port ...

    @property
    def is_actor(self) -> bool:
        return self in ACTOR_TYPES

    @property
    def is_place(self) -> bool:
        return self in PLACE_TYPES


ACTOR_TYPES = frozenset(
    {EntityType.PERSON, EntityType.ORG, EntityType.ARMED_GROUP, EntityType.MEDIA, EntityType.GPE}
)
PLACE_TYPES = frozenset({EntityType.GPE, EntityType.LOC, EntityType.FAC})


class RelationType(str, Enum):
    """PLOVER event types plus SEIZE, and four standing relations (see the gold README)."""

    ASSAULT = "ASSAULT"
    SEIZE = "SEIZE"
    COERCE = "COERCE"
    MOBILIZE = "MOBILIZE"
    THREATEN = "THREATEN"
    ACCUSE = "ACCUSE"
    REQUEST = "REQUEST"
    CONSULT = "CONSULT"
    AGREE = "AGREE"
    COOPERATE = "COOPERATE"
    SUPPORT = "SUPPORT"
    AID = "AID"
    RETREAT = "RETREAT"
    SANCTION = "SANCTION"
    REJECT = "REJECT"
    PROTEST = "PROTEST"
    CONCEDE = "CONCEDE"
    LEADS = "LEADS"
    MEMBER_OF = "MEMBER_OF"
    PART_OF = "PART_OF"
    LOCATED_IN = "LOCATED_IN"

    @property
    def is_standing(self) -> bool:
        return self in STANDING_RELATIONS


STANDING_RELATIONS = frozenset(
    {RelationType.LEADS, RelationType.MEMBER_OF, RelationType.PART_OF, RelationType.LOCATED_IN}
)


class Modality(str, Enum):
    ASSERTED = "asserted"
    PLANNED = "planned"  # يعتزم، استعدادا، تتحضر
    THREATENED = "threatened"  # توعد، هدد
    ALLEGED = "alleged"  # زعم، رصدت، من المرجح
    DENIED = "denied"  # نفى


def stable_id(*parts: str, length: int = 16) -> str:
    """A short hex digest of ``parts``: the same input always gives the same id."""
    digest = hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()
    return digest[:length]


@dataclass(frozen=True)
class Entity:
    """An actor or a place, as the gazetteer (or a trigger pattern) knows it."""

    id: str
    name: str  # canonical Arabic name
    type: EntityType
    aliases: tuple[str, ...] = ()
    qid: str | None = None  # Wikidata QID, e.g. "Q1318893"
    side: str | None = None  # conflict side, e.g. "lna" or "gna"; drives "contested"
    name_en: str | None = None
    # Where a place is, for maps: WGS84 decimal degrees, ISO 3166-1 alpha-2 country code
    # ("LY") and the Arabic name of its first-level administrative area.
    lat: float | None = None
    lon: float | None = None
    country: str | None = None
    admin1: str | None = None


@dataclass(frozen=True)
class Article:
    """One article as read: the text claims' offsets point into, and its metadata."""

    id: str  # stable hash of the text
    text: str  # cleaned text (title first, boilerplate dropped); offsets index this
    source: str  # file path (and record number for JSONL), or URL
    title: str | None = None
    outlet: str | None = None  # the reporter outlet, from the dateline or metadata
    dateline: str | None = None  # the dateline place, e.g. "طرابلس"
    date: str | None = None  # ISO date of publication, when known
    url: str | None = None
    encoding: str | None = None  # how the bytes were decoded
    record_id: str | None = None  # a .jsonl record's own "id", kept beside the hash to join on
    notes: tuple[str, ...] = ()  # what the reader repaired, e.g. "removed 2 NUL bytes"

    @staticmethod
    def make_id(text: str) -> str:
        return stable_id(text)


@dataclass(frozen=True)
class Mention:
    """A span of an article's text that names an entity."""

    text: str
    start: int
    end: int
    entity: Entity


@dataclass(frozen=True)
class ArticleRef:
    """What a claim carries about its article."""

    id: str
    path: str | None = None
    url: str | None = None
    outlet: str | None = None
    title: str | None = None
    date: str | None = None
    record_id: str | None = None  # the input record's own id (JSONL corpora), when it had one


@dataclass(frozen=True)
class EntityRef:
    """A claim's subject, object or place: the entity plus how the article wrote it."""

    id: str
    name: str
    type: EntityType
    mention: str | None = None
    qid: str | None = None


@dataclass(frozen=True)
class Agent:
    """A link of an attribution chain: an outlet or a speaker."""

    id: str
    name: str
    side: str | None = None


@dataclass(frozen=True)
class Attribution:
    """Who says so: the outlet that published, the outlet it took the words from, the speaker."""

    reporter: Agent | None = None
    via: Agent | None = None
    speaker: Agent | None = None


@dataclass(frozen=True)
class Relation:
    type: RelationType
    label: str  # the Arabic predicate as the article says it, e.g. "قصف"


@dataclass(frozen=True)
class Evidence:
    """``article.text[start:end] == sentence``: the exact words that carry the claim."""

    sentence: str
    start: int
    end: int


@dataclass(frozen=True)
class TimeExpr:
    text: str  # the Arabic expression as written, e.g. "اليوم الأحد"
    date: str | None = None  # ISO date when the article date allows


@dataclass(frozen=True)
class Claim:
    """One reading of one article: subject –relation→ object, according to someone."""

    id: str
    article: ArticleRef
    subject: EntityRef
    relation: Relation
    object: EntityRef
    attribution: Attribution = field(default_factory=Attribution)
    modality: Modality = Modality.ASSERTED
    evidence: tuple[Evidence, ...] = ()
    confidence: float = 1.0
    place: EntityRef | None = None
    time: TimeExpr | None = None
    method: str | None = None  # which pattern produced it: explains the confidence

    @staticmethod
    def make_id(
        article_id: str,
        subject_id: str,
        relation: RelationType,
        object_id: str,
        speaker_id: str | None = None,
        modality: Modality = Modality.ASSERTED,
    ) -> str:
        """The same reading of the same article always gets the same id."""
        return stable_id(
            article_id, subject_id, relation.value, object_id, speaker_id or "", modality.value
        )


@dataclass(frozen=True)
class Statement:
    """(subject, relation type, object) and how many claims, articles and outlets back it."""

    id: str
    subject: EntityRef
    relation: RelationType
    object: EntityRef
    labels: tuple[str, ...]
    claim_ids: tuple[str, ...]
    article_ids: tuple[str, ...]
    outlets: tuple[str, ...]
    speakers: tuple[str, ...]
    sides: tuple[str, ...]
    modalities: tuple[str, ...]
    first_date: str | None
    last_date: str | None
    contested: bool

    @property
    def n_claims(self) -> int:
        return len(self.claim_ids)

    @property
    def n_articles(self) -> int:
        return len(self.article_ids)

    @property
    def n_outlets(self) -> int:
        return len(self.outlets)
