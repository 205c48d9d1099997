"""How the views look: colours, shapes and legend entries for entity and relation types.

Colours come in families so a reader sees at a glance what kind of link it is: violence in reds,
threats and accusations in purples, talk and cooperation in greens and blues, standing relations
(who leads whom, what lies where) in greys, drawn dashed.
"""

from __future__ import annotations

from dataclasses import dataclass

from kg.model import EntityType, RelationType

# Canvas and CSS font stack: Arabic-capable faces first, DejaVu Sans (on every Linux with a
# browser) as the last named fallback. Local fonts only: a view never fetches a web font.
FONT_STACK = (
    "'Noto Naskh Arabic', 'Noto Sans Arabic', 'Amiri', 'Scheherazade New', 'Segoe UI', "
    "Tahoma, 'Geeza Pro', 'Arial', 'DejaVu Sans', sans-serif"
)


@dataclass(frozen=True)
class NodeStyle:
    color: str
    shape: str  # a vis-network shape
    symbol: str  # the legend's glyph for that shape
    name_ar: str


@dataclass(frozen=True)
class EdgeStyle:
    color: str
    dashed: bool
    name_ar: str


# Actors are dots, places squares, and a GPE (both actor and place) a diamond.
_ACTOR = ("dot", "●")
_PLACE = ("square", "■")
_BOTH = ("diamond", "◆")

NODE_STYLES: dict[EntityType, NodeStyle] = {
    EntityType.PERSON: NodeStyle("#3b7dd8", *_ACTOR, "شخص"),
    EntityType.ORG: NodeStyle("#8e5ec9", *_ACTOR, "منظمة"),
    EntityType.ARMED_GROUP: NodeStyle("#c0392b", *_ACTOR, "جماعة مسلحة"),
    EntityType.MEDIA: NodeStyle("#16a0a0", *_ACTOR, "وسيلة إعلام"),
    EntityType.GPE: NodeStyle("#e0a020", *_BOTH, "دولة أو مدينة"),
    EntityType.LOC: NodeStyle("#4f9a4a", *_PLACE, "منطقة"),
    EntityType.FAC: NodeStyle("#8a6240", *_PLACE, "منشأة"),
}

EDGE_STYLES: dict[RelationType, EdgeStyle] = {
    # force
    RelationType.ASSAULT: EdgeStyle("#d62728", False, "هجوم"),
    RelationType.SEIZE: EdgeStyle("#a0141e", False, "سيطرة"),
    RelationType.COERCE: EdgeStyle("#e8603c", False, "إكراه"),
    RelationType.MOBILIZE: EdgeStyle("#f28e2b", False, "حشد"),
    RelationType.RETREAT: EdgeStyle("#c9a227", False, "انسحاب"),
    # words against
    RelationType.THREATEN: EdgeStyle("#9b1d7a", False, "تهديد"),
    RelationType.ACCUSE: EdgeStyle("#b85fb0", False, "اتهام"),
    RelationType.SANCTION: EdgeStyle("#6a3d9a", False, "عقوبات"),
    RelationType.REJECT: EdgeStyle("#c27ba0", False, "رفض"),
    RelationType.PROTEST: EdgeStyle("#dd77bb", False, "احتجاج"),
    # talk and cooperation
    RelationType.REQUEST: EdgeStyle("#4aa3df", False, "طلب"),
    RelationType.CONSULT: EdgeStyle("#1f77b4", False, "تشاور"),
    RelationType.AGREE: EdgeStyle("#17becf", False, "اتفاق"),
    RelationType.COOPERATE: EdgeStyle("#2ca02c", False, "تعاون"),
    RelationType.SUPPORT: EdgeStyle("#5cb85c", False, "دعم"),
    RelationType.AID: EdgeStyle("#98c94c", False, "مساعدة"),
    RelationType.CONCEDE: EdgeStyle("#7fb3a5", False, "تنازل"),
    # standing relations
    RelationType.LEADS: EdgeStyle("#555555", True, "يقود"),
    RelationType.MEMBER_OF: EdgeStyle("#7f7f7f", True, "عضو في"),
    RelationType.PART_OF: EdgeStyle("#9a9a9a", True, "جزء من"),
    RelationType.LOCATED_IN: EdgeStyle("#b0b0b0", True, "يقع في"),
}

CONTESTED_COLOR = "#ff2d55"


@dataclass(frozen=True)
class LegendEntry:
    key: str  # the type's code, e.g. "ARMED_GROUP"
    name_ar: str
    color: str
    symbol: str  # "●", "■", "◆" for nodes; "—" or "- -" for edges


def node_legend(types: set[EntityType]) -> list[LegendEntry]:
    """Legend rows for the entity types that appear in a view, in the enum's order."""
    return [
        LegendEntry(t.value, NODE_STYLES[t].name_ar, NODE_STYLES[t].color, NODE_STYLES[t].symbol)
        for t in EntityType
        if t in types
    ]


def edge_legend(types: set[RelationType]) -> list[LegendEntry]:
    """Legend rows for the relation types that appear in a view, in the enum's order."""
    return [
        LegendEntry(
            t.value,
            EDGE_STYLES[t].name_ar,
            EDGE_STYLES[t].color,
            "╌╌" if EDGE_STYLES[t].dashed else "──",
        )
        for t in RelationType
        if t in types
    ]


@dataclass(frozen=True)
class SideStyle:
    color: str
    name_ar: str


# The sides of the 2011 and 2014–2020 wars the gazetteer knows; anything else shows its code.
SIDE_STYLES: dict[str, SideStyle] = {
    "lna": SideStyle("#8c564b", "قوات الكرامة (حفتر)"),
    "gna": SideStyle("#1f77b4", "حكومة الوفاق"),
    "gaddafi": SideStyle("#2ca02c", "نظام القذافي"),
    "ntc": SideStyle("#9467bd", "المجلس الانتقالي"),
}
UNKNOWN_SIDE = SideStyle("#8a8a8a", "غير معروف")


def side_style(side: str | None) -> SideStyle:
    if not side:
        return UNKNOWN_SIDE
    return SIDE_STYLES.get(side, SideStyle(UNKNOWN_SIDE.color, side))
