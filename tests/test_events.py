"""Event grouping: one test per rule of kg.events (what merges and what must not), the samples,
and the multi-outlet fixture run through the real extractor."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.events import (
    UNKNOWN_ID,
    EntityFacts,
    Event,
    EventContext,
    contested_events,
    facts_from_gazetteer,
    group_events,
    same_event,
)
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
    TimeExpr,
)

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "multi_outlet"

LNA = EntityRef("lna", "قوات الكرامة", EntityType.ARMED_GROUP)
GNA = EntityRef("gna", "حكومة الوفاق", EntityType.ORG)
TURKEY = EntityRef("turkey", "تركيا", EntityType.GPE)
MERCENARIES = EntityRef("mercenaries_generic", "المرتزقة", EntityType.ARMED_GROUP)
UNKNOWN = EntityRef(UNKNOWN_ID, "مجهولون", EntityType.ARMED_GROUP)
WATIYA = EntityRef("watiya_airbase", "قاعدة الوطية الجوية", EntityType.FAC)
MITIGA = EntityRef("mitiga_airport", "مطار معيتيقة الدولي", EntityType.FAC)
TRIPOLI = EntityRef("tripoli", "طرابلس", EntityType.GPE)
BENGHAZI = EntityRef("benghazi", "بنغازي", EntityType.GPE)
OUTLET_SIDES = {"قناة ليبيا الأحرار": "gna", "قناة ليبيا الحدث": "lna", "رويترز": None}

FACTS = {
    "mercenaries_generic": EntityFacts(generic=True),
    "lna": EntityFacts(side="lna"),
    "gna": EntityFacts(side="gna"),
    "tripoli": EntityFacts(lat=32.8872, lon=13.1913, country="LY", admin1="Tripoli"),
    "mitiga_airport": EntityFacts(lat=32.8941, lon=13.2760, country="LY", admin1="Tripoli"),
    "benghazi": EntityFacts(lat=32.1167, lon=20.0667, country="LY", admin1="Benghazi"),
}


def claim(subject: EntityRef, obj: EntityRef, *, article: str = "a1",
          outlet: str = "قناة ليبيا الأحرار", published: str | None = None,
          day: str | None = None, relation: RelationType = RelationType.ASSAULT,
          modality: Modality = Modality.ASSERTED, place: EntityRef | None = None) -> Claim:
    """A claim as an extractor would write it; the outlet's side comes from OUTLET_SIDES."""
    sentence = f"{subject.name} {relation.value} {obj.name}"
    return Claim(
        id=Claim.make_id(article, subject.id, relation, obj.id, None, modality)
        + (place.id if place else ""),
        article=ArticleRef(id=article, outlet=outlet, date=published),
        subject=subject, relation=Relation(relation, "قصف"), object=obj,
        attribution=Attribution(reporter=Agent(outlet, outlet, OUTLET_SIDES.get(outlet))),
        modality=modality, evidence=(Evidence(sentence, 0, len(sentence)),),
        place=place, time=TimeExpr("أمس", day) if day else None,
    )


def events(*claims: Claim, facts: dict[str, EntityFacts] | None = None) -> tuple[Event, ...]:
    return group_events(claims, FACTS if facts is None else facts)


def groups(*claims: Claim) -> list[set[str]]:
    """Which of the given claims ended up together (by their position, 0-based)."""
    index = {c.id: i for i, c in enumerate(claims)}
    return sorted(({str(index[c.id]) for c in e.claims} for e in events(*claims)),
                  key=lambda g: sorted(g))


# ---------------------------------------------------------------- same event across articles


def test_one_strike_reported_by_two_articles_is_one_event() -> None:
    a = claim(LNA, WATIYA, article="a1", day="2020-05-09")
    b = claim(LNA, WATIYA, article="a2", outlet="رويترز", day="2020-05-09")
    (event,) = events(a, b)
    assert (event.actor1, event.actor2, event.place) == (LNA, WATIYA, WATIYA)
    assert event.n_sources == 2 and event.outlets == ("رويترز", "قناة ليبيا الأحرار")
    assert (event.date, event.date_precision) == ("2020-05-09", "day")
    assert event.actor1_side == "lna" and not event.contested


def test_order_of_the_claims_does_not_change_the_events() -> None:
    cs = [claim(LNA, WATIYA, article=f"a{i}", day=f"2020-05-0{i}") for i in range(1, 8)]
    cs.append(claim(UNKNOWN, WATIYA, article="u", published="2020-05-05"))
    assert group_events(cs, FACTS) == group_events(list(reversed(cs)), FACTS)


# ---------------------------------------------------------------- one side unknown


@pytest.mark.parametrize("who", [UNKNOWN, MERCENARIES], ids=["unknown-id", "generic"])
def test_an_unknown_attacker_joins_the_known_one(who: EntityRef) -> None:
    (event,) = events(claim(who, WATIYA, article="a1", day="2020-05-09"),
                      claim(LNA, WATIYA, article="a2", day="2020-05-09"))
    assert event.actor1 == LNA and event.blamed == (LNA,) and not event.contested


def test_an_unknown_target_joins_the_known_one() -> None:
    (event,) = events(claim(LNA, UNKNOWN, article="a1", day="2020-05-09", place=TRIPOLI),
                      claim(LNA, MITIGA, article="a2", day="2020-05-09"))
    assert event.actor2 == MITIGA


def test_no_shared_known_role_does_not_merge() -> None:
    # "someone struck al-Watiya" and "the LNA struck something": nothing ties them together.
    assert groups(claim(UNKNOWN, WATIYA, article="a1", day="2020-05-09"),
                  claim(LNA, UNKNOWN, article="a2", day="2020-05-09")) == [{"0"}, {"1"}]


def test_a_generic_target_is_not_a_known_one() -> None:
    (event,) = events(claim(LNA, MERCENARIES, day="2020-05-09"))
    assert event.actor1 == LNA and event.actor2 is None


# ---------------------------------------------------------------- dates and their precision


@pytest.mark.parametrize(("first", "second", "merged"), [
    ("2020-05-09", "2020-05-09", True),
    ("2020-05-09", "2020-05-10", True),  # «أمس» in one report, «فجر اليوم» in another
    ("2020-05-09", "2020-05-12", False),
    ("2020-05-09", "2020-06-09", False),
])
def test_day_precise_dates_must_be_within_a_day(first: str, second: str, merged: bool) -> None:
    cs = (claim(LNA, WATIYA, article="a1", day=first),
          claim(LNA, WATIYA, article="a2", day=second))
    assert (len(events(*cs)) == 1) is merged
    assert same_event(*cs) is merged


@pytest.mark.parametrize(("published", "merged"), [
    ("2020-05-09", True),
    ("2020-05-14", True),  # published five days after the strike: "this week"
    ("2020-05-20", False),  # eleven days later: not the week of the strike
    ("2020-05-07", False),  # published before the strike happened
])
def test_a_publication_date_allows_the_week_before(published: str, merged: bool) -> None:
    cs = (claim(LNA, WATIYA, article="a1", day="2020-05-09"),
          claim(LNA, WATIYA, article="a2", published=published))
    assert (len(events(*cs)) == 1) is merged


def test_the_event_date_is_the_most_precise_one() -> None:
    (event,) = events(claim(LNA, WATIYA, article="a1", published="2020-05-11"),
                      claim(LNA, WATIYA, article="a2", day="2020-05-09"))
    assert (event.date, event.date_precision) == ("2020-05-09", "day")
    (week,) = events(claim(LNA, WATIYA, article="a1", published="2020-05-11"),
                     claim(LNA, WATIYA, article="a2", published="2020-05-12"))
    assert (week.date, week.date_precision) == ("2020-05-11", "week")
    (undated,) = events(claim(LNA, WATIYA))
    assert (undated.date, undated.date_precision) == (None, "unknown")


def test_an_undated_report_that_fits_two_strikes_joins_neither() -> None:
    first = claim(LNA, WATIYA, article="a1", day="2020-05-09")
    later = claim(LNA, WATIYA, article="a2", day="2020-05-24")
    undated = claim(LNA, WATIYA, article="a3")
    assert groups(first, later, undated) == [{"0"}, {"1"}, {"2"}]
    assert groups(first, undated) == [{"0", "1"}]  # with one strike it is that one


# ---------------------------------------------------------------- places


def test_a_place_inside_the_other_is_compatible() -> None:
    located = Claim(
        id="loc", article=ArticleRef(id="a9"), subject=MITIGA,
        relation=Relation(RelationType.LOCATED_IN, "في"), object=TRIPOLI)
    a = claim(LNA, GNA, article="a1", day="2020-05-09", place=MITIGA)
    b = claim(LNA, GNA, article="a2", day="2020-05-09", place=TRIPOLI)
    (event,) = events(a, b, located, facts={})
    assert event.place == MITIGA  # the more specific place
    assert len(events(a, b, facts={})) == 2  # not known to be inside: two events


def test_places_with_coordinates_close_together_are_compatible() -> None:
    # Mitiga lies 8 km from the centre of Tripoli; Benghazi 640 km away.
    a = claim(LNA, GNA, article="a1", day="2020-05-09", place=MITIGA)
    assert len(events(a, claim(LNA, GNA, article="a2", day="2020-05-09", place=TRIPOLI))) == 1
    assert len(events(a, claim(LNA, GNA, article="a2", day="2020-05-09", place=BENGHAZI))) == 2


def test_an_unknown_place_is_compatible_and_coordinates_are_the_places() -> None:
    (event,) = events(claim(LNA, GNA, article="a1", day="2020-05-09", place=MITIGA),
                      claim(LNA, GNA, article="a2", day="2020-05-09"))
    assert (event.lat, event.lon, event.geo_precision) == (32.8941, 13.2760, 1)
    assert (event.admin1, event.country) == ("Tripoli", "LY")


def test_a_place_without_coordinates_takes_its_containers() -> None:
    base = EntityRef("tripoli_port", "ميناء طرابلس", EntityType.FAC)
    located = Claim(id="loc", article=ArticleRef(id="a9"), subject=base,
                    relation=Relation(RelationType.LOCATED_IN, "في"), object=TRIPOLI)
    (event,) = events(claim(LNA, base, day="2020-05-09"), located)
    assert (event.place, event.lat, event.lon, event.geo_precision) == (
        base, 32.8872, 13.1913, 2)


# ---------------------------------------------------------------- contested


def test_assert_and_deny_by_opposite_outlets_is_contested() -> None:
    told = claim(LNA, WATIYA, article="a1", day="2020-05-09")
    denied = claim(LNA, WATIYA, article="a2", outlet="قناة ليبيا الحدث", day="2020-05-09",
                   modality=Modality.DENIED)
    (event,) = events(told, denied)
    assert event.contested_why == ("denial",)
    assert event.sides == ("gna", "lna")
    assert dict(event.versions) == {"gna": "قوات الكرامة ← قصف ← قاعدة الوطية الجوية",
                                    "lna": "قوات الكرامة ← نفى ← قاعدة الوطية الجوية"}
    assert contested_events(events(told, denied)) == [event]


def test_opposite_sides_blaming_different_actors_is_contested() -> None:
    (event,) = events(
        claim(LNA, WATIYA, article="a1", day="2020-05-09"),
        claim(TURKEY, WATIYA, article="a2", outlet="قناة ليبيا الحدث", day="2020-05-09"))
    assert event.contested_why == ("blame",)
    assert event.blamed == (LNA, TURKEY)


def test_a_denial_beside_another_culprit_is_one_story() -> None:
    # «نفت قوات حفتر قصف الوطية… وقال المسماري إن الطيران التركي قصفها» in one article.
    (event,) = events(
        claim(LNA, WATIYA, article="a2", outlet="قناة ليبيا الحدث", day="2020-05-09",
              modality=Modality.DENIED),
        claim(TURKEY, WATIYA, article="a2", outlet="قناة ليبيا الحدث", day="2020-05-09"))
    assert event.contested_why == ("denial",) and event.blamed == (TURKEY,)


def test_both_sides_agreeing_is_corroboration_not_contest() -> None:
    (event,) = events(claim(LNA, WATIYA, article="a1", day="2020-05-09"),
                      claim(LNA, WATIYA, article="a2", outlet="قناة ليبيا الحدث",
                            day="2020-05-09"))
    assert event.sides == ("gna", "lna") and not event.contested


# ---------------------------------------------------------------- what must not merge


def test_one_article_naming_two_attackers_tells_of_two_strikes() -> None:
    assert groups(claim(LNA, WATIYA, article="a1", day="2020-05-09"),
                  claim(TURKEY, WATIYA, article="a1", day="2020-05-09")) == [{"0"}, {"1"}]


def test_one_side_naming_two_attackers_tells_of_two_strikes() -> None:
    assert groups(claim(LNA, WATIYA, article="a1", day="2020-05-09"),
                  claim(TURKEY, WATIYA, article="a2", day="2020-05-09")) == [{"0"}, {"1"}]


def test_different_attackers_need_dates_to_be_one_event() -> None:
    assert groups(claim(LNA, WATIYA, article="a1"),
                  claim(TURKEY, WATIYA, article="a2", outlet="قناة ليبيا الحدث")) \
        == [{"0"}, {"1"}]


def test_different_targets_or_types_do_not_merge() -> None:
    assert groups(claim(LNA, WATIYA, article="a1", day="2020-05-09"),
                  claim(LNA, MITIGA, article="a2", day="2020-05-09"),
                  claim(LNA, WATIYA, article="a3", day="2020-05-09",
                        relation=RelationType.SEIZE)) == [{"0"}, {"1"}, {"2"}]


def test_standing_relations_and_threats_of_action_are_not_events() -> None:
    assert events(
        claim(LNA, TRIPOLI, relation=RelationType.LOCATED_IN),
        claim(LNA, WATIYA, modality=Modality.THREATENED),
        claim(LNA, WATIYA, modality=Modality.PLANNED),
    ) == ()
    (threat,) = events(claim(LNA, GNA, relation=RelationType.THREATEN))
    assert threat.type is RelationType.THREATEN  # a threat itself is an event (PLOVER)


def test_same_event_without_context_uses_the_claims_alone() -> None:
    a = claim(LNA, WATIYA, article="a1", day="2020-05-09")
    assert same_event(a, claim(UNKNOWN, WATIYA, article="a2", day="2020-05-09"))
    assert not same_event(a, claim(MERCENARIES, WATIYA, article="a2", day="2020-05-09"),
                          EventContext())  # no facts: «المرتزقة» is just another actor
    assert same_event(a, claim(MERCENARIES, WATIYA, article="a2", day="2020-05-09"),
                      EventContext(facts=FACTS))


# ---------------------------------------------------------------- the samples and the fixture


def test_every_sample_claim_of_an_event_is_in_exactly_one(gold_claims: list[Claim]) -> None:
    evs = group_events(gold_claims)
    ids = [c.id for e in evs for c in e.claims]
    assert len(ids) == len(set(ids))
    assert set(ids) == {c.id for c in gold_claims
                        if not c.relation.type.is_standing
                        and c.modality not in (Modality.PLANNED, Modality.THREATENED)}
    # Haftar's offensive on Tripoli is told in three of the five articles.
    offensive = next(e for e in evs if e.actor1 and e.actor1.name == "خليفة حفتر"
                     and e.actor2 and e.actor2.name == "طرابلس")
    assert offensive.n_sources == 3
    assert contested_events(evs) == []  # the samples tell one side's story each


def fixture_facts() -> dict[str, EntityFacts]:
    """Sides and coordinates from the shipped gazetteer."""
    from kg.extract.resources import load_gazetteer

    return facts_from_gazetteer(load_gazetteer())


@pytest.fixture(scope="module")
def fixture_claims() -> list[Claim]:
    from kg.extract import extract_claims

    errors: list[object] = []
    out = [c for r in extract_claims([FIXTURE / "articles.jsonl"], on_error=errors.append)
           for c in r.claims]
    assert errors == []
    return out


def test_the_multi_outlet_fixture_groups_as_its_readme_says(fixture_claims: list[Claim]
                                                           ) -> None:
    evs = group_events(fixture_claims, fixture_facts())
    watiya = [e for e in evs if e.actor2 and e.actor2.id == "watiya_airbase"]
    assert [e.date for e in watiya] == ["2020-05-09", "2020-05-24"]
    strike, later = watiya
    # Three articles on the strike of 9 May: the GNA-side channel, the LNA-side channel's
    # denial and counter-claim, and the wire report with only its publication date.
    assert strike.n_sources == 3
    assert set(strike.outlets) == {"قناة ليبيا الأحرار", "قناة ليبيا الحدث", "رويترز"}
    assert strike.contested and set(strike.contested_why) == {"denial", "blame"}
    assert {e.id for e in strike.blamed} == {"lna", "turkey"}
    assert (strike.actor1 and strike.actor1.id, strike.actor1_side) == ("lna", "lna")
    watiya = fixture_facts()["watiya_airbase"]
    assert watiya.has_coordinates and (strike.lat, strike.lon) == (watiya.lat, watiya.lon)
    assert strike.geo_precision == 1 and strike.country == "LY"
    assert later.n_sources == 1 and not later.contested
    assert contested_events(evs) == [strike]
    mitiga = next(e for e in evs if e.actor2 and e.actor2.id == "mitiga_airport")
    assert mitiga.n_sources == 1 and mitiga.date == "2020-05-10"
