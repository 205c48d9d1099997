"""Synthetic claims of a chosen size, for benchmarks and scale tests of the views.

The graph grows by preferential attachment (a few hubs, many leaves, as in news about a war),
with Arabic names, every entity and relation type, several outlets and a share of contested
statements. Deterministic for a given seed.
"""

from __future__ import annotations

import random

from kg.model import (
    Agent,
    ArticleRef,
    Attribution,
    Claim,
    EntityRef,
    EntityType,
    Evidence,
    Modality,
    Relation,
    RelationType,
)

_STEMS = ["قوات", "كتيبة", "مدينة", "قاعدة", "حكومة", "مجلس", "منطقة", "مطار", "وكالة", "اللواء"]
_NAMES = ["الكرامة", "الوفاق", "مصراتة", "طرابلس", "سرت", "الجفرة", "ترهونة", "الزاوية", "غريان",
          "بنغازي", "الوطية", "معيتيقة", "الهلال", "النصر", "الصمود", "البركان"]
_OUTLETS = [("awj", "أوج", "gna"), ("yafa", "يافع نيوز", "lna"), ("ahrar", "ليبيا الأحرار", "gna"),
            ("marsad", "المرصد", "lna"), ("wasat", "بوابة الوسط", None)]
_LABELS = {RelationType.ASSAULT: "قصف", RelationType.SEIZE: "سيطر على",
           RelationType.SUPPORT: "دعم", RelationType.CONSULT: "التقى",
           RelationType.ACCUSE: "اتهم", RelationType.LEADS: "بقيادة",
           RelationType.LOCATED_IN: "في", RelationType.THREATEN: "توعد"}


def synthetic_claims(n_nodes: int, n_edges: int, seed: int = 1) -> list[Claim]:
    """About ``n_edges`` statements among ``n_nodes`` entities (one claim each, a few more for
    corroboration)."""
    rng = random.Random(seed)
    types = list(EntityType)
    entities = [
        EntityRef(
            id=f"e{i}",
            name=f"{_STEMS[i % len(_STEMS)]} {_NAMES[(i // len(_STEMS)) % len(_NAMES)]} {i}",
            type=types[rng.randrange(len(types))],
        )
        for i in range(n_nodes)
    ]
    # Preferential attachment: each new entity links to earlier ones chosen by degree.
    targets: list[int] = [0]
    pairs: list[tuple[int, int]] = []
    per_node = max(1, round(n_edges / max(n_nodes - 1, 1)))
    for i in range(1, n_nodes):
        for _ in range(per_node):
            if len(pairs) >= n_edges:
                break
            j = targets[rng.randrange(len(targets))]
            pairs.append((i, j) if rng.random() < 0.5 else (j, i))
            targets.extend((i, j))
    relations = list(_LABELS)
    claims = []
    for k, (a, b) in enumerate(pairs):
        rel = relations[k % len(relations)]
        for r in range(1 + (k % 7 == 0)):  # every 7th statement is told by two outlets
            oid, outlet, side = _OUTLETS[(k + r) % len(_OUTLETS)]
            subj, obj = entities[a], entities[b]
            sentence = f"{_LABELS[rel]} {subj.name} {obj.name} اليوم"
            article = ArticleRef(id=f"a{k // 3}-{oid}", outlet=outlet, title=f"خبر {k // 3}",
                                 date=f"2020-0{1 + k % 9}-1{k % 10}")
            claims.append(Claim(
                id=f"c{k}-{r}",
                article=article,
                subject=subj,
                relation=Relation(rel, _LABELS[rel]),
                object=obj,
                attribution=Attribution(reporter=Agent(oid, outlet, side)),
                modality=Modality.ASSERTED,
                evidence=(Evidence(sentence, 0, len(sentence)),),
                method="synthetic",
            ))
    return claims
