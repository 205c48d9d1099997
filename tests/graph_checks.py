"""Assertions shared by the FalkorDB tests and the Neo4j integration tests.

Expected answers come from the gold claims through the Python assembly (an independent path
from the Cypher that builds the store) and from facts of the sample articles written by hand.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

from kg.assemble import Assembly
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
from kg.stores import QueryResult, load_saved_query

QUERIES = Path(__file__).resolve().parent.parent / "queries"
LNA = "قوات الكرامة"
MISRATA_AIRBASE = "قاعدة مصراتة الجوية"
SCARY = "x'}) DETACH DELETE n //"


def run_saved(store: Any, name: str, **params: Any) -> list[dict[str, Any]]:
    """Run queries/<name>.cypher with its header defaults, overridden by ``params``."""
    saved = load_saved_query(str(QUERIES / f"{name}.cypher"))
    result: QueryResult = store.query(saved.text, {**saved.params, **params})
    return result.records()


def statement_edges(store: Any) -> dict[str, dict[str, Any]]:
    """Every typed statement edge of the store, by statement id."""
    rows = store.query(
        "MATCH (s:Entity)-[r]->(o:Entity) RETURN r.id AS id, s.id AS subject, type(r) AS type, "
        "o.id AS object, r.claims AS claims, r.articles AS articles, r.outlets AS outlets, "
        "r.speakers AS speakers, r.sides AS sides, r.contested AS contested, r.labels AS labels"
    ).records()
    return {r["id"]: r for r in rows}


def snapshot(store: Any) -> tuple[Any, ...]:
    """Counts by label and by edge type, plus every statement edge's properties."""
    report = store.report()
    edges = statement_edges(store)
    return (report.nodes, report.edges, report.labels, report.types,
            sorted((k, sorted(map(str, v.items()))) for k, v in edges.items()))


def check_statements_match_assembly(store: Any, assembly: Assembly) -> None:
    edges = statement_edges(store)
    assert set(edges) == {s.id for s in assembly.statements}
    for s in assembly.statements:
        e = edges[s.id]
        assert (e["subject"], e["type"], e["object"]) == (s.subject.id, s.relation.value,
                                                          s.object.id)
        assert e["claims"] == s.n_claims
        assert e["articles"] == s.n_articles
        assert sorted(e["outlets"]) == list(s.outlets)
        assert sorted(e["speakers"]) == list(s.speakers)
        assert sorted(e["sides"]) == list(s.sides)
        assert sorted(e["labels"]) == list(s.labels)
        assert e["contested"] == s.contested


def check_saved_queries(store: Any, assembly: Assembly) -> None:
    """Every saved query answers the sample corpus as a reader of the articles expects."""
    claims = assembly.claims
    # 01: the example, and Haftar's offensive on Tripoli reported in three articles.
    attacks = run_saved(store, "01_who_attacked_whom")
    row = next(r for r in attacks if (r["attacker"], r["target"]) == (LNA, MISRATA_AIRBASE))
    assert row["outlets"] == ["أوج"] and row["claims"] == 2 and row["action"] == "قصف"
    assert row["places"] == [MISRATA_AIRBASE]
    row = next(r for r in attacks if (r["attacker"], r["target"]) == ("خليفة حفتر", "طرابلس"))
    assert row["claims"] == 3 and row["articles"] == 3
    assert len(attacks) == sum(1 for s in assembly.statements if s.relation.value == "ASSAULT")
    assert [r["claims"] for r in attacks] == sorted((r["claims"] for r in attacks), reverse=True)

    # 02: every claim with the LNA as subject or object; by name, id or alias alike.
    about = run_saved(store, "02_claims_about_entity")
    expected = {c.id for c in claims if "lna" in (c.subject.id, c.object.id)}
    assert {r["claim"] for r in about} == expected
    assert {r["claim"] for r in run_saved(store, "02_claims_about_entity", entity="lna")} \
        == expected
    manfour = [r for r in about if r["speaker"] == "محمد منفور"]
    assert manfour and all(r["outlet"] == "أوج" and r["via"] == "العربية" for r in manfour)

    # 03: claims per outlet add up to the claims of each outlet's articles.
    per_outlet: Counter[str] = Counter()
    for r in run_saved(store, "03_what_each_outlet_claims"):
        per_outlet[r["outlet"]] += r["claims"]
    assert per_outlet == Counter(c.article.outlet or "(unknown)" for c in claims)

    # 04: contested statements are exactly the assembly's.
    contested = run_saved(store, "04_contested_statements")
    assert {(r["subject"], r["relation"], r["object"]) for r in contested} == {
        (s.subject.name, s.relation.value, s.object.name)
        for s in assembly.statements if s.contested}

    # 05: أوج quoting a diplomatic source through إندبندنت عربية (article 000).
    chains = run_saved(store, "05_attribution_chains")
    chain = next(r for r in chains if r["via"] == "إندبندنت عربية")
    assert (chain["outlet"], chain["speaker"]) == ("أوج", "مصدر دبلوماسي")
    assert chain["claims"] == sum(
        1 for c in claims if c.attribution.via and c.attribution.via.id == "independent_arabia"
        and c.attribution.speaker and c.attribution.speaker.id == "diplomatic_source")
    assert sum(r["claims"] for r in chains) == sum(
        1 for c in claims if c.attribution.via or c.attribution.speaker)

    # 06: Tripoli is the most targeted place of the sample.
    places = run_saved(store, "06_most_targeted_places")
    assert places[0]["place"] == "طرابلس"
    assert places[0]["claims"] == sum(
        s.n_claims for s in assembly.statements if s.object.id == "tripoli"
        and s.relation.value in {"ASSAULT", "SEIZE", "COERCE", "THREATEN"})
    assert len(run_saved(store, "06_most_targeted_places", limit=2)) == 2

    # 07: the two sides' leaders, spokespeople and units, as the articles name them.
    sides = {(r["side"], r["role"], r["name"])
             for r in run_saved(store, "07_sides_leaders_spokespeople_units")}
    assert {("gna", "leader", "فائز السراج"), ("gna", "spokesperson", "محمد قنونو"),
            ("gna", "unit", "قوات المنطقة الوسطى"), ("gna", "member", "فتحي باشاغا"),
            ("lna", "leader", "خليفة حفتر"), ("lna", "spokesperson", "أحمد المسماري"),
            } <= sides

    # 08: Turkey backs the GNA, Russia is Haftar's ally.
    backs = {(r["backer"], r["backed"]) for r in run_saved(store, "08_who_backs_whom")}
    assert {("تركيا", "حكومة الوفاق"), ("روسيا", "خليفة حفتر"),
            ("مجلس النواب", "الحكومة المؤقتة")} <= backs

    # 09: the LNA's actions (no standing relations).
    timeline = run_saved(store, "09_actor_timeline")
    assert {r["claim"] for r in timeline} == {
        c.id for c in claims if c.subject.id == "lna" and not c.relation.type.is_standing}

    # 10: statements only one article backs.
    single = run_saved(store, "10_single_source_claims")
    assert {(r["subject"], r["relation"], r["object"]) for r in single} == {
        (s.subject.name, s.relation.value, s.object.name)
        for s in assembly.statements if s.n_articles == 1}

    # 11: the LNA acts the most.
    assert run_saved(store, "11_most_active_actors")[0]["actor"] == LNA

    # 12: the evidence behind the example statement.
    evidence = run_saved(store, "12_statement_evidence")
    assert {r["speaker"] for r in evidence} == {None, "محمد منفور"}
    assert all(r["outlet"] == "أوج" and "قاعدة مصراتة الجوية" in r["evidence"]
               for r in evidence)


def denial_claim() -> Claim:
    """A second article: the GNA's spokesman denies the air strikes on the Misrata air base,
    calling the LNA «قوات حفتر»."""
    article = ArticleRef(id="second-article", path="second.txt", outlet="ليبيا الأحرار",
                         title="قنونو ينفي", date="2020-01-06")
    sentence = "نفى محمد قنونو أن تكون قوات حفتر قصفت قاعدة مصراتة الجوية"
    return Claim(
        id="second-claim",
        article=article,
        subject=EntityRef("lna", LNA, EntityType.ARMED_GROUP, mention="قوات حفتر"),
        relation=Relation(RelationType.ASSAULT, "قصف"),
        object=EntityRef("misrata_airbase", MISRATA_AIRBASE, EntityType.FAC),
        attribution=Attribution(reporter=Agent("libya_ahrar", "ليبيا الأحرار"),
                                speaker=Agent("ganounou", "محمد قنونو", "gna")),
        modality=Modality.DENIED,
        evidence=(Evidence(sentence, 0, len(sentence)),),
    )


def scary_claim() -> Claim:
    """Names and text that would break a query built by string concatenation."""
    sentence = 'قال "x" \\ \n' + SCARY
    return Claim(
        id="scary-claim",
        article=ArticleRef(id="scary-article", outlet=SCARY, title=SCARY),
        subject=EntityRef("scary", SCARY, EntityType.ORG, mention=SCARY + "'"),
        relation=Relation(RelationType.ACCUSE, SCARY),
        object=EntityRef("lna", LNA, EntityType.ARMED_GROUP),
        attribution=Attribution(speaker=Agent("scary-speaker", SCARY, SCARY)),
        evidence=(Evidence(sentence, 0, len(sentence)),),
    )
