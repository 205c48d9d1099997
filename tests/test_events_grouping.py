"""The event grouping's index (groups by actor, pruned by date) gives exactly the groups of the
rule it speeds up: each report, taken in order of precision, date and id, joins the one event
whose every report it fits (by :func:`kg.events.same_event`), else starts its own."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_events import FACTS, GNA, LNA, MITIGA, TRIPOLI, TURKEY, UNKNOWN, WATIYA, claim

from kg.events import PRECISIONS, EventContext, claim_window, group_events, same_event
from kg.model import Claim, EntityRef, EntityType, Modality, RelationType

ACTORS = (LNA, GNA, TURKEY, UNKNOWN)
TARGETS = (WATIYA, MITIGA, TRIPOLI, UNKNOWN, EntityRef("misrata", "مصراتة", EntityType.GPE))
OUTLETS = ("قناة ليبيا الأحرار", "قناة ليبيا الحدث", "رويترز")
DAYS = [None, *(f"2020-05-{d:02d}" for d in range(1, 29))]


def reference_groups(claims: list[Claim], ctx: EventContext) -> list[list[str]]:
    """The rule itself, comparing each report with every group: quadratic, and obviously so."""
    def order(c: Claim) -> tuple[int, str, str]:
        lo, _, precision = claim_window(c, ctx.rules)
        return PRECISIONS.index(precision), lo.isoformat() if lo else "", c.id

    groups: list[list[Claim]] = []
    for c in sorted(claims, key=order):
        fits = [g for g in groups if all(same_event(c, m, ctx) for m in g)]
        if len(fits) == 1:
            fits[0].append(c)
        else:
            groups.append([c])
    return sorted(sorted(c.id for c in g) for g in groups)


report = st.builds(
    lambda s, o, article, outlet, day, published, relation, denied: claim(
        s, o, article=f"a{article}", outlet=outlet, day=day, published=published,
        relation=relation, modality=Modality.DENIED if denied else Modality.ASSERTED),
    st.sampled_from(ACTORS), st.sampled_from(TARGETS), st.integers(0, 6),
    st.sampled_from(OUTLETS), st.sampled_from(DAYS), st.sampled_from(DAYS),
    st.sampled_from((RelationType.ASSAULT, RelationType.SEIZE)), st.booleans(),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(report, min_size=1, max_size=40, unique_by=lambda c: c.id))
def test_indexed_grouping_equals_the_rule(claims: list[Claim]) -> None:
    ctx = EventContext(facts=FACTS)
    got = sorted(sorted(c.id for c in e.claims) for e in group_events(claims, FACTS))
    assert got == reference_groups(claims, ctx)
