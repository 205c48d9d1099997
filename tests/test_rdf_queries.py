"""Saved SPARQL queries (queries/*.rq) on the sample, with answers checked against the gold.

The expected rows were read off tests/fixtures/gold_claims.jsonl by hand (who says what in the
five sample articles), not copied from the queries' output.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from kg.model import Agent, Claim, Modality, TimeExpr
from kg.rdf.export import export_rdf
from kg.rdf.sparql import SparqlResult, Value, bind_params, query_sparql

ROOT = Path(__file__).resolve().parent.parent
QUERIES = ROOT / "queries"
ALL = sorted(QUERIES.glob("*.rq"))


@pytest.fixture(scope="module")
def dump(gold_claims: list[Claim], tmp_path_factory: pytest.TempPathFactory) -> Path:
    return export_rdf(gold_claims, tmp_path_factory.mktemp("rdf") / "kg.nq")


def _denial(gold_claims: list[Claim]) -> Claim:
    """An LNA spokesman denies what the GNA claims (the sample itself has no dispute)."""
    gna_claim = next(c for c in gold_claims if c.id == "535a7369878643c9")
    return dataclasses.replace(
        gna_claim, id="denial-1", modality=Modality.DENIED,
        attribution=dataclasses.replace(
            gna_claim.attribution, speaker=Agent("mismari", "أحمد المسماري", "lna")))


@pytest.fixture(scope="module")
def disputed_dump(gold_claims: list[Claim], tmp_path_factory: pytest.TempPathFactory) -> Path:
    claims = [*gold_claims, _denial(gold_claims)]
    return export_rdf(claims, tmp_path_factory.mktemp("rdf") / "disputed.nq")


def run(dump: Path, name: str, **params: str) -> list[dict[str, Value]]:
    (path,) = QUERIES.glob(f"{name}*.rq")
    result: SparqlResult = query_sparql(str(path), dump, params=params)
    return result.as_dicts()


def items(value: Value, sep: str = "،") -> set[str]:
    """A GROUP_CONCAT list as a set (engines may order it differently)."""
    return {v.strip() for v in str(value or "").replace(" | ", sep).split(sep) if v.strip()}


def test_there_are_at_least_ten_saved_queries_each_with_a_header() -> None:
    assert len(ALL) >= 10
    for path in ALL:
        head = path.read_text(encoding="utf-8").splitlines()[:2]
        assert head[0].startswith("# title: "), path.name
        assert head[1].startswith("# answers: "), path.name


def test_every_cypher_query_has_a_sparql_twin() -> None:
    cypher = {p.stem for p in QUERIES.glob("*.cypher")}
    assert cypher <= {p.stem for p in ALL}


@pytest.mark.parametrize("path", ALL, ids=lambda p: p.stem)
def test_every_saved_query_answers_on_the_sample(path: Path, disputed_dump: Path) -> None:
    assert query_sparql(str(path), disputed_dump).rows


def test_design_card_what_did_the_lna_attack_per_outlet(dump: Path) -> None:
    rows = run(dump, "13_")
    awj = {r["target"] for r in rows if r["outlet"] == "أوج"}
    assert awj == {"قاعدة مصراتة الجوية", "الميليشيات", "طرابلس"}
    (airbase_via_arabiya,) = [r for r in rows if r["target"] == "قاعدة مصراتة الجوية"
                              and r["via"] == "العربية"]
    assert airbase_via_arabiya["outlet"] == "أوج"
    assert sum(r["claims"] for r in rows if r["target"] == "قاعدة مصراتة الجوية") == 2  # type: ignore[misc]
    # article 003 names no outlet: its targets are still there, as "(unknown)"
    unknown = {r["target"] for r in rows if r["outlet"] == "(unknown)"}
    assert unknown == {"مطار معيتيقة", "مشروع الهضبة", "أبو سليم", "أبو قرين", "القداحية",
                       "طرابلس"}
    # the same question by id gives the same answer
    assert run(dump, "13_", entity="lna") == rows


def test_who_attacked_whom(dump: Path) -> None:
    rows = run(dump, "01_")
    pairs = {(r["attacker"], r["target"]) for r in rows}
    assert ("قوات الكرامة", "قاعدة مصراتة الجوية") in pairs
    assert ("حكومة الوفاق", "قوات الكرامة") in pairs
    assert ("قوات المنطقة الوسطى", "قوات الكرامة") in pairs
    assert len(pairs) == len(rows) == 12
    haftar = next(r for r in rows if r["attacker"] == "خليفة حفتر")
    assert (haftar["target"], haftar["claims"], haftar["articles"]) == ("طرابلس", 3, 3)
    assert items(haftar["action"]) == {"أطلق عملية", "شن هجوم"}
    assert [r["claims"] for r in rows] == sorted((r["claims"] for r in rows),  # type: ignore
                                                 reverse=True)  # most corroborated first
    airbase = next(r for r in rows if r["target"] == "قاعدة مصراتة الجوية")
    assert airbase["places"] == "قاعدة مصراتة الجوية" and airbase["outlets"] == "أوج"
    gna = next(r for r in rows if r["attacker"] == "حكومة الوفاق")
    assert gna["places"] == "" and gna["outlets"] == ""  # an army is not a place


def test_claims_about_an_entity_with_sources(dump: Path) -> None:
    rows = run(dump, "02_", entity="محمد منفور")
    assert {(r["relation"], r["object"]) for r in rows} == {("MEMBER_OF", "قوات الكرامة")}
    rows = run(dump, "02_")  # default: قوات الكرامة
    airbase = {r["claim"]: r for r in rows if r["object"] == "قاعدة مصراتة الجوية"}
    assert airbase.keys() == {"7474f34362bce189", "950a656962fb053d"}
    quoted = airbase["950a656962fb053d"]
    assert (quoted["outlet"], quoted["via"], quoted["speaker"]) == ("أوج", "العربية",
                                                                     "محمد منفور")
    assert "قاعدة مصراتة الجوية" in str(quoted["evidence"])
    assert all("قوات الكرامة" in (r["subject"], r["object"]) for r in rows)


def test_what_each_outlet_claims(dump: Path, gold_claims: list[Claim]) -> None:
    rows = run(dump, "03_")
    per_outlet: dict[Value, int] = {}
    for r in rows:
        per_outlet[r["outlet"]] = per_outlet.get(r["outlet"], 0) + r["claims"]  # type: ignore[operator]
    expected: dict[Value, int] = {}
    for c in gold_claims:
        outlet = c.article.outlet or "(unknown)"
        expected[outlet] = expected.get(outlet, 0) + 1
    assert per_outlet == expected
    assert set(expected) == {"أوج", "يافع نيوز", "(unknown)"}
    yafa_retreat = next(r for r in rows if r["outlet"] == "يافع نيوز"
                        and r["relation"] == "RETREAT")
    assert yafa_retreat["claims"] == 4


def test_contested_statements(dump: Path, disputed_dump: Path) -> None:
    assert not run(dump, "04_")  # in the sample, nobody disputes anything
    # an LNA spokesman denies what the GNA claims: now the statement is contested
    (row,) = run(disputed_dump, "04_")
    assert (row["subject"], row["relation"], row["object"]) == ("حكومة الوفاق", "ASSAULT",
                                                                 "قوات الكرامة")
    assert items(row["sides"], ",") == {"gna", "lna"}
    assert items(row["modalities"], ",") == {"asserted", "denied"}
    assert items(row["speakers"]) == {"محمد قنونو", "أحمد المسماري"}
    assert row["claims"] == 3


def test_attribution_chains(dump: Path) -> None:
    rows = run(dump, "05_")
    chains = {(r["outlet"], r["via"], r["speaker"]): r["claims"] for r in rows}
    assert chains[("أوج", "العربية", "محمد منفور")] == 1
    assert chains[("أوج", "إندبندنت عربية", "مصدر دبلوماسي")] == 3
    assert chains[("أوج", "الشرق الأوسط", "مسؤول عسكري في قوات الكرامة")] == 2
    assert chains[("يافع نيوز", None, "حكومة الوفاق")] == 5
    assert chains[("(unknown)", None, "محمد قنونو")] == 3
    assert all(via or speaker for _, via, speaker in chains)  # no chain without a quote


def test_most_targeted_places(dump: Path) -> None:
    rows = run(dump, "06_")
    assert rows[0]["place"] == "طرابلس"
    assert rows[0]["claims"] == 5  # حفتر ×3 + قوات الكرامة ×2
    assert items(rows[0]["actors"]) == {"خليفة حفتر", "قوات الكرامة"}
    abu_grein = next(r for r in rows if r["place"] == "أبو قرين")
    assert items(abu_grein["relations"], ",") == {"ASSAULT", "SEIZE"}
    assert "قوات الكرامة" not in {r["place"] for r in rows}  # an army is not a place
    assert len(rows) <= 10


def test_each_sides_leaders_spokespeople_and_units(dump: Path) -> None:
    rows = run(dump, "07_")
    got = {(r["side"], r["role"], r["name"]) for r in rows}
    assert got == {
        ("gna", "leader", "فائز السراج"),
        ("gna", "member", "فتحي باشاغا"),
        ("gna", "spokesperson", "محمد قنونو"),
        ("gna", "unit", "قوات المنطقة الوسطى"),
        ("lna", "leader", "خليفة حفتر"),
        ("lna", "member", "خالد المحجوب"),
        ("lna", "member", "محمد منفور"),
        ("lna", "spokesperson", "أحمد المسماري"),
    }
    mismari = next(r for r in rows if r["name"] == "أحمد المسماري")
    assert items(mismari["titles"]) == {"الناطق الرسمي باسم", "المتحدث باسم"}


def test_who_backs_whom(dump: Path) -> None:
    rows = run(dump, "08_")
    assert {(r["backer"], r["backed"], r["claims"]) for r in rows} == {
        ("مجلس النواب", "الحكومة المؤقتة", 3),
        ("تركيا", "حكومة الوفاق", 1),
        ("روسيا", "خليفة حفتر", 1),
    }
    russia = next(r for r in rows if r["backer"] == "روسيا")
    assert (russia["label"], russia["outlets"]) == ("حليف", "يافع نيوز")


def test_timeline_of_an_actors_actions(gold_claims: list[Claim], tmp_path: Path) -> None:
    dump = export_rdf(gold_claims, tmp_path / "kg.nq")
    rows = run(dump, "09_", entity="lna")
    assert len(rows) == 14  # 14 event claims with قوات الكرامة as subject
    assert {r["relation"] for r in rows} == {"ASSAULT", "COERCE", "REQUEST", "SEIZE"}
    planned = next(r for r in rows if r["claim"] == "15406943a31cf33d")
    assert (planned["object"], planned["modality"]) == ("طرابلس", "planned")
    # date article 003 (2020-04-05) and one of its events (أمس = 2020-04-04): the event's own
    # date wins over the article's, dated actions come first and in order, undated last
    dated = []
    for c in gold_claims:
        if c.article.id == "7d9b33d67257b4fc":
            c = dataclasses.replace(c, article=dataclasses.replace(c.article, date="2020-04-05"))
        if c.id == "42b72c1460b8e04e":
            c = dataclasses.replace(c, time=TimeExpr("أمس", "2020-04-04"))
        dated.append(c)
    rows = run(export_rdf(dated, tmp_path / "dated.nq"), "09_")
    assert (rows[0]["claim"], rows[0]["date"], rows[0]["when_written"]) == (
        "42b72c1460b8e04e", "2020-04-04", "أمس")
    dates = [r["date"] for r in rows]
    n_dated = sum(1 for c in gold_claims if c.article.id == "7d9b33d67257b4fc"
                  and c.subject.id == "lna" and not c.relation.type.is_standing)
    assert dates == ["2020-04-04"] + ["2020-04-05"] * (n_dated - 1) + [None] * (14 - n_dated)


def test_claims_with_a_single_source(dump: Path, gold_claims: list[Claim]) -> None:
    rows = run(dump, "10_")
    # independently of the exporter: statements whose claims all come from one article
    articles: dict[tuple[str, str, str], set[str]] = {}
    for c in gold_claims:
        key = (c.subject.id, c.relation.type.value, c.object.id)
        articles.setdefault(key, set()).add(c.article.id)
    single = {k for k, a in articles.items() if len(a) == 1}
    single_claims = {c.id for c in gold_claims
                     if (c.subject.id, c.relation.type.value, c.object.id) in single}
    assert {r["claim"] for r in rows} == single_claims
    assert len(rows) == len(single_claims)  # one row per claim: its first evidence span
    ev = next(r for r in rows if r["claim"] == "7474f34362bce189")
    assert ev["evidence"] == "أعلن استهداف مواقع المليشيات في قاعدة مصراتة الجوية بـ13 غارة جوية"
    assert "مجلس النواب" not in {r["subject"] for r in rows}  # three articles back it


def test_most_active_actors(dump: Path, gold_claims: list[Claim]) -> None:
    rows = run(dump, "11_")
    standing = {"LEADS", "MEMBER_OF", "PART_OF", "LOCATED_IN"}
    lna = sum(1 for c in gold_claims
              if c.subject.id == "lna" and c.relation.type.value not in standing)
    assert (rows[0]["actor"], rows[0]["claims"]) == ("قوات الكرامة", lna)
    assert len(rows) == 10


def test_evidence_for_a_statement(dump: Path) -> None:
    rows = run(dump, "12_")
    assert {(r["claim"], r["start"]) for r in rows} == {
        ("7474f34362bce189", 684), ("7474f34362bce189", 1124),
        ("950a656962fb053d", 684), ("950a656962fb053d", 1124)}
    assert {r["speaker"] for r in rows} == {None, "محمد منفور"}
    rows = run(dump, "12_", subject="russia", object="haftar")
    assert [(r["relation"], r["label"]) for r in rows] == [("SUPPORT", "حليف")]


def test_a_parameter_takes_each_form_of_its_default() -> None:
    """An entity is looked up by id or by Arabic name: the value is set in both forms."""
    query = 'SELECT * WHERE { VALUES ?entity { "قوات الكرامة" "قوات الكرامة"@ar } VALUES ?n { 3 } }'
    bound = bind_params(query, {"entity": 'حكومة "الوفاق"', "n": "5"})
    assert 'VALUES ?entity { "حكومة \\"الوفاق\\"" "حكومة \\"الوفاق\\""@ar }' in bound
    assert "VALUES ?n { 5 }" in bound


@pytest.mark.parametrize("name", ["02_", "09_", "13_"])
def test_an_entity_by_id_or_by_name_gives_the_same_answer(name: str, dump: Path) -> None:
    by_name = run(dump, name, entity="قوات الكرامة")
    assert by_name and run(dump, name, entity="lna") == by_name
