"""Analytics over the assembled sample: rankings and matrices a reader can check by hand."""

from __future__ import annotations

from graph_checks import LNA, MISRATA_AIRBASE, denial_claim

from kg import analytics
from kg.assemble import assemble, to_networkx
from kg.model import Claim, RelationType


def test_most_central_actors(gold_claims: list[Claim]) -> None:
    assembly = assemble(gold_claims)
    central = analytics.most_central_actors(to_networkx(assembly), n=3)
    assert [c.name for c in central] == [LNA, "حكومة الوفاق", "خليفة حفتر"]
    lna = central[0]
    assert lna.claims == sum(s.n_claims for s in assembly.statements
                             if "lna" in (s.subject.id, s.object.id))
    # Places that are not actors never rank.
    ranked = analytics.most_central_actors(to_networkx(assembly), n=100)
    assert all(assembly.entities[c.id].type.is_actor for c in ranked)


def test_action_matrix(gold_claims: list[Claim]) -> None:
    matrix = analytics.action_matrix(assemble(gold_claims))
    assert matrix[RelationType.ASSAULT][LNA][MISRATA_AIRBASE] == 2
    assert matrix[RelationType.ASSAULT]["خليفة حفتر"]["طرابلس"] == 3
    assert RelationType.LEADS not in matrix
    standing = analytics.action_matrix(assemble(gold_claims), include_standing=True)
    assert standing[RelationType.LEADS]["خليفة حفتر"][LNA] >= 1


def test_most_corroborated_and_contested(gold_claims: list[Claim]) -> None:
    assembly = assemble(gold_claims)
    top = analytics.most_corroborated(assembly, n=1)[0]
    # Al-Sarraj leads the GNA: said in all five articles, by both outlets.
    assert (top.subject.name, top.relation, top.object.name) == (
        "فائز السراج", RelationType.LEADS, "حكومة الوفاق")
    assert top.n_outlets == 2 and top.n_articles == 5
    assert analytics.contested_statements(assembly) == []
    contested = analytics.contested_statements(assemble([*gold_claims, denial_claim()]))
    assert [(s.subject.name, s.object.name) for s in contested] == [(LNA, MISRATA_AIRBASE)]


def test_contested_events(gold_claims: list[Claim]) -> None:
    s = analytics.summary(assemble(gold_claims))
    assert s.events > 0 and s.contested_events == []
    denied = analytics.summary(assemble([*gold_claims, denial_claim()]))
    (event,) = denied.contested_events or []
    assert (event.actor1 and event.actor1.name, event.actor2 and event.actor2.name) == (
        LNA, MISRATA_AIRBASE)
    assert event.contested_why == ("denial",) and denied.events == s.events


def test_summary(gold_claims: list[Claim]) -> None:
    s = analytics.summary(assemble(gold_claims), n=5)
    assert (s.claims, s.articles) == (70, 5)
    assert s.outlets == ("أوج", "يافع نيوز")
    assert s.relations["ASSAULT"] == 18 and next(iter(s.relations)) == "ASSAULT"
    assert s.single_source == len(analytics.single_source_statements(assemble(gold_claims)))
    assert len(s.central) == 5 and len(s.corroborated) == 5
    assert s.actors + s.places - sum(1 for e in assemble(gold_claims).entities.values()
                                     if e.type.value == "GPE") == s.entities


def test_empty_input() -> None:
    s = analytics.summary(assemble([]))
    assert (s.claims, s.statements, s.central, s.contested) == (0, 0, [], [])
    assert (s.events, s.contested_events) == (0, [])
