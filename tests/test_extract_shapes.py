"""Shapes of news Arabic the extractor must read on articles it was not written for.

Every sentence here is written for the test, one or more per shape, with names that are not in
the sample articles where the shape allows, so that a rule keyed to one article cannot pass.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg.errors import DataFileError
from kg.extract import Extractor
from kg.model import Article, Claim, Modality


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor.load()


def run(extractor: Extractor, text: str) -> list[Claim]:
    art = Article(id=Article.make_id(text), text=text, source="t.txt", outlet="بوابة الوسط")
    return extractor(art)


def found(claims: list[Claim]) -> set[tuple[str, str, str]]:
    return {(c.subject.name, c.relation.type.value, c.object.name) for c in claims}


def has(claims: list[Claim], subject: str, relation: str, obj: str) -> bool:
    """A claim whose subject and object names (or surface mentions) contain the given words."""
    return any(
        c.relation.type.value == relation
        and subject in f"{c.subject.name} {c.subject.mention}"
        and obj in f"{c.object.name} {c.object.mention}"
        for c in claims
    )


@pytest.mark.parametrize(
    ("text", "subject", "obj"),
    [
        # a weapon named by its owner: the owner's force acts, not the weapon or the person
        ("قال شهود إن طيران الوفاق قصف مواقع في مدينة ترهونة.", "الوفاق", "ترهونة"),
        ("قصفت مقاتلات تابعة لقوات حفتر مطار زوارة.", "الكرامة", "زوارة"),
        ("استهدفت طائرة مسيرة موالية للمشير خليفة حفتر ميناء مصراتة.", "الكرامة", "مصراتة"),
        # a partitive unit: «وحدات من X»
        ("هاجمت وحدات من قوات الردع معسكر اليرموك.", "الردع", "اليرموك"),
    ],
)
def test_force_phrases_act_as_their_owner(
    extractor: Extractor, text: str, subject: str, obj: str
) -> None:
    claims = run(extractor, text)
    assert has(claims, subject, "ASSAULT", obj), found(claims)
    assert not any(
        c.subject.type.value == "PERSON" for c in claims if c.relation.type.value == "ASSAULT"
    )


@pytest.mark.parametrize(
    "text",
    [
        "قالت مصادر عسكرية إن مصادر عسكرية قصفت مدينة سرت.",
        "وأكد مصدر مطلع أن مصدرا عسكريا هاجم قاعدة الجفرة.",
        "أعلنت مصادر ميدانية السيطرة على مدينة الأصابعة.",
    ],
)
def test_unnamed_sources_never_act(extractor: Extractor, text: str) -> None:
    claims = run(extractor, text)
    assert not any(c.subject.id.startswith("source-") for c in claims), found(claims)
    assert not any(c.object.id.startswith("source-") for c in claims), found(claims)


def test_an_unnamed_source_of_a_body_speaks_for_it(extractor: Extractor) -> None:
    claims = run(
        extractor, "أعلنت مصادر عسكرية تابعة لحكومة الوفاق أنها تمكنت من السيطرة على مدينة غريان."
    )
    assert has(claims, "الوفاق", "SEIZE", "غريان"), found(claims)


def test_accusation_of_an_attack_is_an_alleged_attack(extractor: Extractor) -> None:
    claims = run(extractor, "اتهمت حكومة الوحدة الوطنية قوات حفتر بقصف مطار معيتيقة.")
    assert has(claims, "الوحدة", "ACCUSE", "الكرامة"), found(claims)
    attack = [c for c in claims if c.relation.type.value == "ASSAULT"]
    assert attack and all(c.modality is Modality.ALLEGED for c in attack)
    assert has(attack, "الكرامة", "ASSAULT", "معيتيقة")


@pytest.mark.parametrize(
    ("text", "subject", "obj"),
    [
        (
            "تعرضت قاعدة الجفرة الجوية لقصف جوي نفذته طائرات تابعة لحكومة الوفاق.",
            "الوفاق",
            "الجفرة",
        ),
        ("وتعرض مطار زوارة لهجوم من قبل قوات حفتر فجر اليوم.", "الكرامة", "زوارة"),
        ("تعرضت مدينة الأصابعة لقصف طيران الوفاق.", "الوفاق", "الأصابعة"),
    ],
)
def test_the_target_first_and_the_attacker_after(
    extractor: Extractor, text: str, subject: str, obj: str
) -> None:
    claims = run(extractor, text)
    assert has(claims, subject, "ASSAULT", obj), found(claims)
    # the target never becomes the attacker
    assert not has(claims, obj, "ASSAULT", subject), found(claims)


def test_an_agentless_attack_has_no_claim(extractor: Extractor) -> None:
    claims = run(extractor, "تعرضت مدينة سبها لقصف عنيف الليلة الماضية.")
    assert not [c for c in claims if c.relation.type.value == "ASSAULT"], found(claims)


def test_places_listed_after_a_dual_or_plural_head(extractor: Extractor) -> None:
    claims = run(extractor, "استعادت قوات الوفاق قريتي الظهرة والمرقب وبلدات أخرى.")
    assert has(claims, "الوفاق", "SEIZE", "الظهرة"), found(claims)
    assert has(claims, "الوفاق", "SEIZE", "المرقب"), found(claims)
    claims = run(extractor, "انسحبت قوات حفتر من قرى بئر الغنم وأبو شيبة والعزيزية.")
    assert has(claims, "الكرامة", "RETREAT", "بئر الغنم"), found(claims)
    assert has(claims, "الكرامة", "RETREAT", "أبو شيبة"), found(claims)


def test_a_generic_place_noun_hands_the_object_on(extractor: Extractor) -> None:
    claims = run(extractor, "استعادت قوات الوفاق مناطق في جنوب طرابلس من قوات حفتر.")
    assert has(claims, "الوفاق", "SEIZE", "طرابلس"), found(claims)
    claims = run(extractor, "سيطرت قوات حفتر على كامل مدينة ترهونة.")
    assert has(claims, "الكرامة", "SEIZE", "ترهونة"), found(claims)


def test_a_bare_head_refers_back_to_the_body_named_before(extractor: Extractor) -> None:
    text = "أعلن الجيش الوطني الليبي بدء عملية جديدة. وقصف الجيش مواقع في مدينة الزاوية."
    claims = run(extractor, text)
    assert has(claims, "الكرامة", "ASSAULT", "الزاوية"), found(claims)


def test_unknown_people_beside_a_role(extractor: Extractor) -> None:
    text = "وقال سالم الورفلي، المتحدث باسم المجلس الرئاسي، إن الاجتماع انتهى."
    claims = run(extractor, text)
    assert has(claims, "سالم الورفلي", "MEMBER_OF", "الرئاسي"), found(claims)
    text = "وأكد آمر كتيبة الفاروق التابعة للجيش الليبي، عبد الرحمن الفيتوري، أن قواته صامدة."
    claims = run(extractor, text)
    assert has(claims, "عبد الرحمن الفيتوري", "LEADS", "الفاروق"), found(claims)


def test_a_unit_named_by_its_task_and_town(extractor: Extractor) -> None:
    claims = run(extractor, "هاجمت قوة حماية صبراتة مقرا لقوات حفتر.")
    assert any("قوة حماية صبراتة" in c.subject.name for c in claims), found(claims)


def test_leaders_and_backers_are_not_arguments_of_the_verb(extractor: Extractor) -> None:
    claims = run(extractor, "قصفت قوات الوفاق المدعومة من تركيا مواقع لقوات حفتر جنوب طرابلس.")
    assert has(claims, "الوفاق", "ASSAULT", "الكرامة"), found(claims)
    assert not has(claims, "تركيا", "ASSAULT", "الكرامة"), found(claims)
    claims = run(extractor, "هاجم الجيش الليبي بقيادة المشير خليفة حفتر معاقل لتنظيم داعش.")
    assert has(claims, "الجيش الليبي", "ASSAULT", "داعش"), found(claims)
    assert not has(claims, "الجيش الليبي", "ASSAULT", "حفتر"), found(claims)


def test_support_by_an_adverb_of_nationality(extractor: Extractor) -> None:
    claims = run(extractor, "تقدمت قوات الكرامة المدعومة روسيا نحو الجنوب.")
    assert has(claims, "روسيا", "SUPPORT", "الكرامة"), found(claims)


def test_negation_past_an_auxiliary(extractor: Extractor) -> None:
    claims = run(extractor, "وأكد المتحدث أنه لم يتم حتى الآن السيطرة على مدينة سرت.")
    assert not [c for c in claims if c.relation.type.value == "SEIZE"], found(claims)


def test_a_verb_form_read_as_its_verbal_noun(extractor: Extractor) -> None:
    claims = run(extractor, "أعلنت قوات الوفاق شن غارات جوية على قاعدة الجفرة.")
    assert has(claims, "الوفاق", "ASSAULT", "الجفرة"), found(claims)


def test_users_extend_word_classes_without_code(tmp_path: Path) -> None:
    text = "قصفت فرقاطات الوفاق ميناء سرت."
    lexicon = tmp_path / "lexicon.jsonl"
    row = {"kind": "words", "class": "force_heads", "words": ["فرقاطات"]}
    lexicon.write_text(json.dumps(row, ensure_ascii=False) + "\n", encoding="utf-8")
    without = run(Extractor.load(), text)
    claims = run(Extractor.load(lexicon=[lexicon]), text)
    assert has(claims, "الوفاق", "ASSAULT", "سرت"), found(claims)
    assert not any("فرقاطات" in (c.subject.mention or "") for c in without)
    assert any("فرقاطات" in (c.subject.mention or "") for c in claims)


def test_an_unknown_word_class_is_named_in_the_error(tmp_path: Path) -> None:
    lexicon = tmp_path / "lexicon.jsonl"
    lexicon.write_text(
        '{"kind": "words", "class": "force_head", "words": ["x"]}\n', encoding="utf-8"
    )
    with pytest.raises(DataFileError, match=r"line 1: .*unknown word class 'force_head'"):
        Extractor.load(lexicon=[lexicon])


def test_user_gazetteer_entries_win_ties(tmp_path: Path) -> None:
    gazetteer = tmp_path / "gazetteer.jsonl"
    row = {
        "id": "my_council",
        "name": "المجلس الانتقالي الجنوبي",
        "type": "ORG",
        "aliases": ["المجلس الانتقالي"],
    }
    gazetteer.write_text(json.dumps(row, ensure_ascii=False) + "\n", encoding="utf-8")
    claims = run(Extractor.load(gazetteer=[gazetteer]), "هاجم المجلس الانتقالي مدينة عدن.")
    assert any(c.subject.id == "my_council" for c in claims), found(claims)


def test_a_title_alone_refers_back_to_its_person(extractor: Extractor) -> None:
    text = "استقبل المشير خليفة حفتر وفدا في بنغازي. وبثت قناة ليبيا الحدث الموالية للمشير البيان."
    claims = run(extractor, text)
    assert has(claims, "ليبيا الحدث", "SUPPORT", "حفتر"), found(claims)


def test_a_group_loyal_to_a_country_is_not_the_country(extractor: Extractor) -> None:
    claims = run(extractor, "قصفت الطائرات مقار للفصائل الموالية لتركيا قرب مدينة سرت.")
    assert has(claims, "الفصائل الموالية لتركيا", "SUPPORT", "تركيا"), found(claims)
    assert all(c.subject.id != c.object.id and c.subject.type.value != "GPE" for c in claims)


def test_commanders_lead_and_field_commanders_belong(extractor: Extractor) -> None:
    claims = run(extractor, "وقال صالح الفيتوري، قائد كتيبة الفاروق، إن المعركة مستمرة.")
    assert has(claims, "صالح الفيتوري", "LEADS", "الفاروق"), found(claims)
    claims = run(extractor, "ونقلت القناة عن القائد الميداني بقوات الوفاق العقيد سالم الزروق قوله.")
    assert has(claims, "سالم الزروق", "MEMBER_OF", "الوفاق"), found(claims)


def test_an_outlet_speaks_for_a_body_but_does_not_act(extractor: Extractor) -> None:
    claims = run(extractor, "وذكرت قناة الجماهيرية الناطقة باسم نظام القذافي أن الحلف قصف طرابلس.")
    assert has(claims, "الجماهيرية", "MEMBER_OF", "القذافي"), found(claims)
    claims = run(extractor, "ونقلت قناة الجزيرة عن قادة ميدانيين تأكيد سيطرتهم على مدينة غريان.")
    assert not [c for c in claims if c.subject.type.value == "MEDIA"], found(claims)


def test_a_genitive_is_not_the_next_verbs_subject(extractor: Extractor) -> None:
    claims = run(extractor, "ومنذ وصول حميدتي أعلنت الإمارات والسعودية دعم السودان بالمال والنفط.")
    assert has(claims, "الإمارات", "AID", "السودان"), found(claims)
    assert has(claims, "السعودية", "AID", "السودان"), found(claims)
    assert not any(c.subject.name == "محمد حمدان دقلو" for c in claims), found(claims)


def test_a_pronoun_before_the_verb_is_its_subject(extractor: Extractor) -> None:
    text = "ونقلت الوكالة عن أحد المقاتلين أنهم يحاصرون مقاتلين موالين للقذافي في منطقة الجامعة."
    claims = run(extractor, text)
    assert not any("القذافي" in c.subject.name for c in claims if c.relation.type.value == "COERCE")


def test_a_relational_adjective_is_part_of_a_bodys_name(extractor: Extractor) -> None:
    claims = run(extractor, "المعارضة السورية تسيطر على مدينة ترهونة.")
    assert any(c.subject.mention == "المعارضة السورية" for c in claims), found(claims)


def test_generic_forces_loyal_to_a_leader_are_his_forces(extractor: Extractor) -> None:
    text = "قال مسؤولون إن القوات الليبية الموالية للمشير خليفة حفتر قصفت مطار زوارة."
    claims = run(extractor, text)
    assert has(claims, "الكرامة", "ASSAULT", "زوارة"), found(claims)
    assert has(claims, "الكرامة", "SUPPORT", "حفتر"), found(claims)


def test_a_role_reaches_its_name_past_a_place_or_an_aside(extractor: Extractor) -> None:
    claims = run(extractor, "وأعلن رئيس حكومة الإنقاذ في طرابلس، عمر الحاسي، أن حكومته صامدة.")
    assert has(claims, "عمر الحاسي", "LEADS", "الإنقاذ"), found(claims)
    text = "وقال قائد قوات شرق ليبيا (الجيش الوطني الليبي) خليفة حفتر إن قواته تتقدم."
    claims = run(extractor, text)
    assert has(claims, "حفتر", "LEADS", "شرق ليبيا"), found(claims)


def test_a_records_own_id_reaches_its_claims(tmp_path: Path) -> None:
    from kg.extract import extract_claims

    record = {"id": "agency-2020-0518-7", "outlet": "الأناضول", "text": "قصفت قوات حفتر مدينة سرت."}
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    (result,) = list(extract_claims([corpus]))
    assert result.claims
    assert {c.article.record_id for c in result.claims} == {"agency-2020-0518-7"}
    assert all(c.article.id != "agency-2020-0518-7" for c in result.claims)  # the hash stays


def test_an_agent_named_after_the_event(extractor: Extractor) -> None:
    claims = run(extractor, "وأدانت حكومة الوحدة استهداف مطار زوارة من قبل قوات حفتر.")
    assert has(claims, "الكرامة", "ASSAULT", "زوارة"), found(claims)
    claims = run(extractor, "وندد المجلس الرئاسي بقصف مدينة غريان على يد مليشيات حفتر.")
    assert has(claims, "الكرامة", "ASSAULT", "غريان"), found(claims)


def test_what_a_speaker_claims_or_denies(extractor: Extractor) -> None:
    claims = run(extractor, "وادعى الناطق باسم قوات حفتر أن قوات الوفاق قصفت مدينة ترهونة.")
    attack = [c for c in claims if c.relation.type.value == "ASSAULT"]
    assert attack and all(c.modality is Modality.ALLEGED for c in attack), found(claims)
    claims = run(extractor, "ونفت قوات الوفاق أنها قصفت مدينة ترهونة.")
    attack = [c for c in claims if c.relation.type.value == "ASSAULT"]
    assert attack and all(c.modality is Modality.DENIED for c in attack), found(claims)


def test_the_future_tense_is_planned(extractor: Extractor) -> None:
    claims = run(extractor, "وقال المتحدث إن قوات الوفاق ستشن هجوما على مدينة سرت.")
    attack = [c for c in claims if c.relation.type.value == "ASSAULT"]
    assert attack and all(c.modality is Modality.PLANNED for c in attack), found(claims)


def test_a_place_referred_to_by_a_pronoun(extractor: Extractor) -> None:
    text = "استعادت قوات الوفاق مدينة غريان، وصدت هجوما شنته قوات حفتر عليها."
    claims = run(extractor, text)
    assert has(claims, "الكرامة", "ASSAULT", "غريان"), found(claims)


def test_generic_national_forces_of_a_body(extractor: Extractor) -> None:
    text = "تمكنت القوات الليبية التابعة لحكومة الوفاق، من السيطرة بشكل كامل على مدينة ترهونة."
    claims = run(extractor, text)
    assert has(claims, "الوفاق", "SEIZE", "ترهونة"), found(claims)


def test_a_head_with_an_adjective_names_no_one(extractor: Extractor) -> None:
    claims = run(extractor, "ونقلت قناة محلية موالية لقوات الوفاق أن القصف استهدف مدينة سرت.")
    assert not any("محلية" in c.subject.name for c in claims), found(claims)


def test_an_attack_a_threat_promises_is_threatened(extractor: Extractor) -> None:
    text = "على وقع تهديدات حكومة الوفاق بشن هجوم عسكري على مدينة سرت، تحركت القوات."
    claims = run(extractor, text)
    attack = [c for c in claims if c.relation.type.value == "ASSAULT"]
    assert all(c.modality is Modality.THREATENED for c in attack), found(claims)


def test_an_attack_to_seize_is_an_attack(extractor: Extractor) -> None:
    claims = run(extractor, "شنت قوات حفتر هجوما للسيطرة على مدينة غريان.")
    assert has(claims, "الكرامة", "ASSAULT", "غريان"), found(claims)
    assert not [c for c in claims if c.relation.type.value == "SEIZE"], found(claims)
    claims = run(extractor, "بدأت قوات الوفاق هجوما بهدف السيطرة على مدينة سرت.")
    assert not [c for c in claims if c.relation.type.value == "SEIZE"], found(claims)


def test_allies_and_backers_by_participle(extractor: Extractor) -> None:
    claims = run(extractor, "هاجمت كتائب الزنتان المتحالفة مع قوات حفتر مطار طرابلس.")
    assert has(claims, "الزنتان", "SUPPORT", "الكرامة"), found(claims)
    claims = run(
        extractor,
        "شنت القوة الثالثة مدعومة بميليشيات سرايا الدفاع عن بنغازي هجوما على قاعدة تمنهنت.",
    )
    assert has(claims, "سرايا الدفاع", "SUPPORT", "القوة الثالثة"), found(claims)


def test_a_spokesman_announces_what_his_body_did(extractor: Extractor) -> None:
    text = "وقال المتحدث باسم قوات الوفاق العقيد سالم الفيتوري في بيان السيطرة على مدينة ترهونة."
    claims = run(extractor, text)
    assert has(claims, "الوفاق", "SEIZE", "ترهونة"), found(claims)
    assert not has(claims, "الفيتوري", "SEIZE", "ترهونة"), found(claims)


def test_a_role_with_a_nationality_and_dual_places(extractor: Extractor) -> None:
    claims = run(extractor, "وقال الرئيس التونسي قيس سعيد إن بلاده تراقب الوضع.")
    assert has(claims, "قيس سعيد", "LEADS", "تونس"), found(claims)
    text = "وتحدثت عن الهجوم على ميناءي السدرة ورأس لانوف من قبل قوات تابعة لحرس المنشآت النفطية."
    claims = run(extractor, text)
    assert has(claims, "حرس المنشآت", "ASSAULT", "السدرة"), found(claims)
    assert has(claims, "حرس المنشآت", "ASSAULT", "لانوف"), found(claims)


# ---------------------------------------------------------------- people known by a given name


def test_an_unknown_person_is_found_by_a_given_name_beside_a_role(extractor: Extractor) -> None:
    claims = run(extractor, "عنوان\nوقال نبيل الورفلي المتحدث باسم المجلس البلدي في الزاوية إن "
                            "الاشتباكات توقفت.\nوأكد المتحدث باسم الجيش السوداني خالد الأعيسر أن "
                            "قواته صدت الهجوم.")
    assert has(claims, "نبيل الورفلي", "MEMBER_OF", "المجلس البلدي")
    assert any(c.subject.name == "خالد الأعيسر" and c.relation.type.value == "MEMBER_OF"
               for c in claims)


def test_a_given_name_inside_a_unit_name_or_a_word_is_no_person(extractor: Extractor) -> None:
    claims = run(extractor, "عنوان\nوقاتلت كتيبة محمد المقريف إلى جانب الثوار في الزاوية.\n"
                            "وكشفت مصادر عن تهديد تركي جديد باستهداف المقر لصالح قوات حفتر.")
    names = {r.name for c in claims for r in (c.subject, c.object)}
    assert "محمد المقريف" not in names and not any("تركي جديد" in n for n in names)
    assert not any(n.startswith("صالح") for n in names)


def test_one_of_a_body_is_a_member_of_it(extractor: Extractor) -> None:
    claims = run(extractor, "عنوان\nوقال سالم الورفلي، أحد قادة كتيبة شهداء الزاوية، إن قواته "
                            "انسحبت من المدينة.")
    assert has(claims, "سالم الورفلي", "MEMBER_OF", "كتيبة شهداء الزاوية")


def test_an_office_named_with_its_holder_is_the_holder_leading_the_body(
        extractor: Extractor) -> None:
    claims = run(extractor, "عنوان\nوقال الأمين العام للأمم المتحدة، أنطونيو غوتيريش، إن "
                            "الوضع في طرابلس خطير.")
    assert has(claims, "غوتيريش", "LEADS", "الأمم المتحدة")


# ---------------------------------------------------------------- a verb that aims an attack


def test_a_verb_aiming_an_attack_noun_takes_the_event_s_agent(extractor: Extractor) -> None:
    claims = run(extractor, "عنوان\nوقال المتحدث إن سلاح الجو التابع لحكومة الوفاق نفذ ثلاث "
                            "غارات جوية استهدفت تمركزات عسكرية لقوات حفتر قرب ترهونة.\nوأكد "
                            "الناطق أن قصف الناتو استهدف مبان إدارية في وسط طرابلس.")
    assert has(claims, "الوفاق", "ASSAULT", "قوات الكرامة")
    assert has(claims, "الناتو", "ASSAULT", "طرابلس")


def test_an_aiming_verb_with_no_agent_for_its_event_reads_nothing(extractor: Extractor) -> None:
    claims = run(extractor, "عنوان\nوقالت مصادر إن الغارات استهدفت مواقع في مدينة سرت.")
    assert not [c for c in claims if c.relation.type.value == "ASSAULT"]


def test_a_three_part_name_keeps_its_family_name(extractor: Extractor) -> None:
    claims = run(extractor, 'عنوان\nواكتفى وكيل وزارة الداخلية "سالم كونان الورشفاني"، بالقول إن '
                            "الهجوم فشل.\nوقال محمد الحجازي المتحدث باسم قوات حفتر إن قواته تقدمت.")
    names = {r.name for c in claims for r in (c.subject, c.object)}
    assert "سالم كونان الورشفاني" in names
    assert "محمد الحجازي" in names  # a role after a two-part name is no family name


def test_a_place_after_fi_is_not_the_body_a_role_speaks_for(extractor: Extractor) -> None:
    claims = run(extractor, "عنوان\nوقال سالم الورفلي المتحدث باسم الحكومة للصحفيين في مصراتة إن "
                            "الوضع هادئ.")
    assert not [c for c in claims if c.relation.type.value == "MEMBER_OF"
                and c.object.name == "مصراتة"]


def test_naming_an_operation_is_not_aiming_it(extractor: Extractor) -> None:
    claims = run(extractor, 'عنوان\nوكان المشير خليفة حفتر شن عام 2014 عملية أطلق عليها "عملية '
                            'الكرامة" لتحرير بنغازي.')
    assert not [c for c in claims if c.method == "noun-targeted"]


def test_the_general_official_of_a_group_leads_it(extractor: Extractor) -> None:
    claims = run(extractor, "عنوان\nوقال المسؤول العام لتنظيم أنصار الشريعة، محمد الزهاوي، إن "
                            "المعركة مستمرة.")
    assert has(claims, "محمد الزهاوي", "LEADS", "أنصار الشريعة")


def test_a_dual_nationality_adjective_names_the_country(extractor: Extractor) -> None:
    claims = run(extractor, "عنوان\nوقال المتحدث إن طائرتين إماراتيتين قصفتا مواقع في مدينة "
                            "مصراتة.")
    assert has(claims, "الإمارات", "ASSAULT", "مصراتة")


def test_demonym_inflections_are_generated_from_the_listed_form() -> None:
    from kg.extract.resources import demonym_inflections

    assert {"تركيتين", "التركيين", "تركيان"} <= set(demonym_inflections("تركي"))
    assert "اماراتيتين" in demonym_inflections("اماراتيه")
    assert demonym_inflections("الاتراك") == []  # a broken plural is listed, not generated


def test_a_given_name_that_is_also_a_common_word_names_no_one(extractor: Extractor) -> None:
    text = ("عنوان\nوقال متحدث باسم التحالف إن القوات حافظت على مواقعها، وأشرف الجيش على "
            "انسحاب المقاتلين إلى مناطق آمنة قرب مصراتة.")
    doc = extractor.nlp.make_doc(text)
    doc._.kg_article = Article(id=Article.make_id(text), text=text, source="t.txt")
    for _, proc in extractor.nlp.pipeline:
        doc = proc(doc)
    people = [m for m in doc._.kg_mentions.mentions if m.entity.type.value == "PERSON"]
    assert not people, [doc[m.start:m.end].text for m in people]


def test_a_relative_set_off_by_a_comma_describes_the_phrase_head(extractor: Extractor) -> None:
    claims = run(extractor, "عنوان\nوتحاول قوات الردع التابعة لحكومة الوفاق، والتي يقودها عبد "
                            "الرؤوف كارة، السيطرة على المطار.")
    leads = [c for c in claims if c.relation.type.value == "LEADS"]
    assert leads and all("الردع" in c.object.name for c in leads)


def test_district_camp_and_consulate_heads_name_unknown_places(extractor: Extractor) -> None:
    claims = run(extractor, "عنوان\nوأعلنت قوات حفتر سيطرتها على مديرية الشويرف وعلى مخيم "
                            "النازحين قرب مدينة سبها.")
    assert has(claims, "قوات الكرامة", "SEIZE", "مديرية الشويرف")


def test_a_surname_that_reads_as_a_clitic_and_a_word_is_kept(extractor: Extractor) -> None:
    claims = run(extractor, "عنوان\nوأعلن المتحدث باسم قوات حفتر مصطفى بالي امس أن قواته تقدمت.")
    assert has(claims, "مصطفى بالي", "MEMBER_OF", "قوات الكرامة")


def test_a_base_has_a_spokesman(extractor: Extractor) -> None:
    claims = run(extractor, "عنوان\nوقال سالم الورفلي المتحدث باسم قاعدة بنينا الجوية إن الطائرات "
                            "عادت.")
    assert any(c.subject.name == "سالم الورفلي" and c.relation.type.value == "MEMBER_OF"
               and "بنينا" in c.object.name for c in claims)


def test_a_name_linked_by_abu_takes_its_fourth_word(extractor: Extractor) -> None:
    claims = run(extractor, "عنوان\nونقلت الوكالة عن مدير مطار طرابلس، أبو بكر أبو حميدة، أن "
                            "المطار تعرض لقصف.")
    assert any(c.subject.name == "أبو بكر أبو حميدة" for c in claims)


def test_a_compound_given_name_written_as_one_word_starts_a_name(extractor: Extractor) -> None:
    claims = run(extractor, "عنوان\nوقال عضو المركز الإعلامي لقوات حفتر، عبدالمطلب الشكماني: "
                            "إن قواته تقدمت.")
    assert any(c.subject.name == "عبدالمطلب الشكماني" for c in claims)


@pytest.mark.parametrize(
    ("text", "subject", "relation", "obj"),
    [
        # a body named by a chain of nouns ending on a definite one or a place
        ("هاجمت قوات درع الصحراء بلدة تمسة.", "قوات درع الصحراء", "ASSAULT", "تمسة"),
        ("قصفت هيئة تحرير الشام بلدة كفرنبل.", "هيئة تحرير الشام", "ASSAULT", "كفرنبل"),
        ("هاجم مجلس شورى مجاهدي أجدابيا بلدة الزويتينة.", "مجلس شورى مجاهدي أجدابيا",
         "ASSAULT", "الزويتينة"),
        # a country then an adjective of the force's own name is not the country
        ("سيطرت قوات سوريا الديمقراطية على بلدة الشدادي.", "قوات سوريا الديمقراطية", "SEIZE",
         "الشدادي"),
        # a body with its field after لـ
        ("اتهم المرصد العربي لحقوق الإنسان قوات الردع بقصف بلدة تاجوراء.",
         "المرصد العربي لحقوق الإنسان", "ACCUSE", "الردع"),
        # a body's seat is a facility of its own
        ("سيطرت قوات الوفاق على مقر قيادة المنطقة الجنوبية.", "الوفاق", "SEIZE",
         "مقر قيادة المنطقة الجنوبية"),
        ("اقتحمت قوات الردع مقر الشركة العامة للكهرباء في طرابلس.", "الردع", "ASSAULT",
         "مقر الشركة العامة للكهرباء"),
    ],
)
def test_unknown_bodies_named_by_their_phrase(
    extractor: Extractor, text: str, subject: str, relation: str, obj: str
) -> None:
    claims = run(extractor, text)
    assert has(claims, subject, relation, obj), found(claims)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("أعلن الجيش تحرير مدينة سراقب بشكل كامل.", "مدينة سراقب"),
        ("وقالت الحكومة الليبية للصحفيين إن القصف توقف.", None),
    ],
)
def test_a_name_ends_before_an_adverbial_or_an_addressee(
    extractor: Extractor, text: str, name: str | None
) -> None:
    art = Article(id=Article.make_id(text), text=text, source="t.txt")
    doc = extractor.nlp(art.text)
    names = {m.entity.name for m in doc._.kg_mentions.mentions}
    assert not any("بشكل" in n or "للصحفيين" in n for n in names), names
    if name:
        assert name in names or any(name.endswith(n) for n in names), names


def test_a_relative_clause_resumed_by_a_preposition_names_its_own_subject(
    extractor: Extractor,
) -> None:
    # «X التي سيطر عليها Y»: Y is the subject, the head X the object
    claims = run(extractor, "استعاد الجيش مدينة سبها التي استولت عليها كتائب القذافي.")
    assert has(claims, "القذافي", "SEIZE", "سبها"), found(claims)
    assert not any(c.subject.name.endswith("سبها") for c in claims), found(claims)


def test_a_verb_with_an_unnamed_subject_does_not_continue_the_last_one(
    extractor: Extractor,
) -> None:
    text = "قصفت قوات الردع معسكر اليرموك، واستهدف أحد الصواريخ مستشفى المدينة."
    claims = run(extractor, text)
    assert has(claims, "الردع", "ASSAULT", "اليرموك"), found(claims)
    assert not has(claims, "الردع", "ASSAULT", "مستشفى"), found(claims)


def test_a_definite_body_then_a_named_commander_is_apposition(extractor: Extractor) -> None:
    # a definite noun takes no genitive: the commander is not owner of «his forces»
    claims = run(extractor, "وقال قائد القوات البحرية الليبية العميد رضا عيسى إن الزوارق "
                            "قصفت ميناء درنة.")
    assert not any("قوات رضا" in c.subject.name or "قوات رضا" in c.object.name
                   for c in claims), found(claims)
    assert has(claims, "رضا عيسى", "LEADS", "القوات البحرية الليبية"), found(claims)


@pytest.mark.parametrize(
    ("text", "first", "second"),
    [
        ("اندلعت اشتباكات عنيفة بحي الزيتون بمدينة بنغازي بين قوات الصاعقة وعناصر أنصار "
         "الشريعة.", "الصاعقة", "أنصار الشريعة"),
        ("تجددت المعارك بين قوات الوفاق وقوات حفتر جنوب العاصمة.", "الوفاق", "الكرامة"),
    ],
)
def test_a_clash_between_two_sides(extractor: Extractor, text: str, first: str,
                                    second: str) -> None:
    claims = run(extractor, text)
    assert has(claims, first, "ASSAULT", second), found(claims)


def test_a_clash_needs_two_named_sides(extractor: Extractor) -> None:
    claims = run(extractor, "اندلعت اشتباكات بين مسلحين مجهولين في مدينة الزاوية.")
    assert not [c for c in claims if c.method.startswith("clash")], found(claims)


def test_the_operation_to_liberate_a_town_is_an_attack_on_it(extractor: Extractor) -> None:
    # «عملية تحرير X»: the seizure names the operation's aim; the claim is the attack
    claims = run(extractor, "وأعلن المشير خليفة حفتر، أمس، انطلاق عملية تحرير مدينة سبها.")
    assert has(claims, "حفتر", "ASSAULT", "سبها"), found(claims)
    assert not has(claims, "حفتر", "SEIZE", "سبها"), found(claims)
    # while liberating it, announced, is the seizure
    claims = run(extractor, "وأعلنت قوات الوفاق تحرير مدينة ترهونة بالكامل.")
    assert has(claims, "الوفاق", "SEIZE", "ترهونة"), found(claims)


def test_a_compound_first_name_then_two_names_is_one_person(extractor: Extractor) -> None:
    text = "وقال الرئيس عبد ربه منصور هادي إن الحكومة ستعود إلى عدن."
    doc = extractor.nlp(text)
    names = {m.entity.name for m in doc._.kg_mentions.mentions}
    assert "عبد ربه منصور هادي" in names, names


def test_a_role_body_is_not_sought_past_a_new_clause(extractor: Extractor) -> None:
    # «المتحدث باسم الحكومة الليبية إن الثوار …»: «الثوار» is what he spoke of, not his body
    claims = run(extractor, "وقال موسى إبراهيم المتحدث باسم الحكومة الليبية إن الثوار فروا.")
    assert not any(c.relation.type.value == "MEMBER_OF" and "الثوار" in c.object.name
                   for c in claims), found(claims)


def test_a_pronoun_before_a_role_is_not_part_of_a_name(extractor: Extractor) -> None:
    doc = extractor.nlp("وقال نبيل الورفلي وهو متحدث باسم قوات الردع إن القوات تقدمت.")
    names = {m.entity.name for m in doc._.kg_mentions.mentions}
    assert not any("وهو" in n for n in names), names


@pytest.mark.parametrize(
    "text",
    [
        "وألقت قوات الردع القبض على 12 عنصرا من قوات الكانيات.",
        "أسرت قوات الردع عشرات المقاتلين من قوات الكانيات.",
    ],
)
def test_an_arrest_of_a_number_of_a_body_s_men_coerces_the_body(
    extractor: Extractor, text: str
) -> None:
    claims = run(extractor, text)
    assert has(claims, "الردع", "COERCE", "ترهونة"), found(claims)  # الكانيات: the 9th brigade


def test_after_fighting_with_a_side_the_clause_s_actor_attacked_it(extractor: Extractor) -> None:
    text = "سيطرت قوات الردع على مطار معيتيقة بعد يومين من المعارك العنيفة مع قوات الكانيات."
    claims = run(extractor, text)
    assert has(claims, "الردع", "ASSAULT", "ترهونة"), found(claims)  # الكانيات: the 9th brigade
    assert has(claims, "الردع", "SEIZE", "معيتيقة"), found(claims)


def test_each_of_a_list_after_kulan_min_is_an_object(extractor: Extractor) -> None:
    claims = run(extractor, "اتهم المجلس الرئاسي كلا من الإمارات ومصر بدعم قوات حفتر.")
    assert has(claims, "المجلس الرئاسي", "ACCUSE", "الإمارات"), found(claims)
    assert has(claims, "المجلس الرئاسي", "ACCUSE", "مصر"), found(claims)


def test_an_attack_for_its_agent_names_the_attacker(extractor: Extractor) -> None:
    # «صدت X هجوما لقوات Y على Z»: Y attacked Z; X only repelled it
    claims = run(extractor, "صدت قوات الردع هجوما لقوات الكانيات على مطار معيتيقة.")
    assert has(claims, "ترهونة", "ASSAULT", "معيتيقة"), found(claims)  # الكانيات
    assert not has(claims, "الردع", "ASSAULT", "معيتيقة"), found(claims)


def test_a_quoted_name_is_named_without_its_quotes(extractor: Extractor) -> None:
    doc = extractor.nlp('وقد سيطرت حركة "أنصار الله" الحوثية على مطار صنعاء. وتوقفت حركة الملاحة.')
    names = {m.entity.name for m in doc._.kg_mentions.mentions}
    assert "حركة أنصار الله" in names, names
    assert not any("الملاحة" in n for n in names), names  # «حركة» alone names no body


def test_a_relative_clause_whose_head_names_no_one_reads_no_object_after_it(
    extractor: Extractor,
) -> None:
    # «تقوده»: the pronoun is the clause's head («الطيران»), so what follows is not led
    claims = run(extractor, "قصف الطيران الذي تقوده الإمارات مدينة غريان أمس.")
    assert not any(c.relation.type.value == "LEADS" for c in claims), found(claims)
    # with a named head the pronoun is that head
    claims = run(extractor, "وقالت قوات الكرامة التي يقودها خليفة حفتر إنها سيطرت على غريان.")
    assert has(claims, "حفتر", "LEADS", "الكرامة"), found(claims)


@pytest.mark.parametrize(
    ("text", "subject", "obj"),
    [
        ("هاجم متمردو الحركة الشعبية لتحرير السودان مدينة الدلنج أمس.",
         "الحركة الشعبية لتحرير السودان", "الدلنج"),
        ("قصفت الجبهة الوطنية لتحرير ليبيا مدينة سبها.", "الجبهة الوطنية لتحرير ليبيا", "سبها"),
    ],
)
def test_a_movement_is_named_by_its_aim(
    extractor: Extractor, text: str, subject: str, obj: str
) -> None:
    claims = run(extractor, text)
    assert has(claims, subject, "ASSAULT", obj), found(claims)


def test_a_movement_without_a_name_is_no_body(extractor: Extractor) -> None:
    claims = run(extractor, "تراجعت الحركة التجارية في الميناء بعد أن قصفت قوات حفتر مدينة سبها.")
    assert not any("الحركة" in c.subject.name for c in claims), found(claims)


def test_a_town_in_ya_after_a_feminine_head_is_a_name(extractor: Extractor) -> None:
    claims = run(extractor, "سيطرت قوات الدعم السريع على مدينة كادقلي.")
    assert has(claims, "الدعم السريع", "SEIZE", "كادقلي"), found(claims)
    claims = run(extractor, "سيطرت قوات الدعم السريع على مدينة سودانية.")
    assert not any(c.relation.type.value == "SEIZE" for c in claims), found(claims)


@pytest.mark.parametrize(
    ("text", "subject", "relation", "obj"),
    [
        ("وهزمت قوات الردع قوات حفتر في غريان.", "الردع", "ASSAULT", "الكرامة"),
        ("وقال إن قوات حفتر المنسحبة من ترهونة وصلت إلى بني وليد.", "الكرامة", "RETREAT",
         "ترهونة"),
        ("تقدمت قوات الوفاق بدعم من تركيا نحو سرت.", "تركيا", "SUPPORT", "الوفاق"),
        ("وكبدت قوات الردع قوات حفتر خسائر فادحة.", "الردع", "ASSAULT", "الكرامة"),
        ("وواصلت مدفعية قوات الردع دك مواقع قوات حفتر.", "الردع", "ASSAULT", "الكرامة"),
        ("والتي تسيطر عليها قوات شرق ليبيا بزعامة خليفة حفتر.", "حفتر", "LEADS", "الكرامة"),
    ],
)
def test_war_verbs_and_participles_of_the_lexicon(
    extractor: Extractor, text: str, subject: str, relation: str, obj: str
) -> None:
    claims = run(extractor, text)
    assert has(claims, subject, relation, obj), found(claims)


@pytest.mark.parametrize(
    ("text", "subject", "obj"),
    [
        # a unit's number in brackets, and the arm after it, are part of its name
        ("وهاجمت الكتيبة (166 مشاة) مواقع داعش في سرت.", "الكتيبة 166", "داعش"),
        ("هاجم اللواء 52 مشاة مدينة غريان.", "اللواء 52 مشاة", "غريان"),
        # after لـ the article of «اللواء» is written once: «للواء 52» is ل + «اللواء 52»
        ("وقال سالم الورفلي، مدير المكتب الإعلامي للواء 52 مشاة، إن قوات الردع سيطرت على "
         "غريان.", "الورفلي", "اللواء 52 مشاة"),
    ],
)
def test_numbered_units_keep_their_number_and_arm(
    extractor: Extractor, text: str, subject: str, obj: str
) -> None:
    claims = run(extractor, text)
    rel = "ASSAULT" if "هاجم" in text else "MEMBER_OF"
    assert has(claims, subject, rel, obj), found(claims)
    assert not any("الواء" in c.object.name for c in claims), found(claims)


def test_the_forces_a_man_leads_are_his_forces(extractor: Extractor) -> None:
    claims = run(extractor, "وقصفت القوات التي يقودها المشير خليفة حفتر مطار معيتيقة.")
    assert has(claims, "الكرامة", "ASSAULT", "معيتيقة"), found(claims)
    assert has(claims, "حفتر", "LEADS", "الكرامة"), found(claims)
    claims = run(extractor, "وهاجمت الميليشيات التي يتزعمها سالم الورفلي مطار معيتيقة.")
    assert has(claims, "الورفلي", "ASSAULT", "معيتيقة"), found(claims)


def test_suffering_losses_is_no_attack(extractor: Extractor) -> None:
    # «تكبدت X خسائر»: X suffered them; «كبدت X Y خسائر»: X inflicted them on Y
    claims = run(extractor, "وتكبدت قوات حفتر خسائر فادحة في غريان.")
    assert not any(c.relation.type.value == "ASSAULT" for c in claims), found(claims)


def test_an_undergone_attack_past_where_and_when(extractor: Extractor) -> None:
    claims = run(extractor, "تعرضت مدينة الدلنج في ولاية جنوب كردفان، أمس الإثنين، لهجوم من قوات "
                            "الحركة الشعبية.")
    assert has(claims, "الحركة الشعبية", "ASSAULT", "الدلنج"), found(claims)


def test_an_attack_noun_before_its_aiming_verb_is_its_subject(extractor: Extractor) -> None:
    # «القصف استهدف مواقع الزنتان»: the bombing (agent unnamed) targeted Zintan's positions
    claims = run(extractor, "وقال مسؤول إن القصف استهدف مواقع الزنتان بمنطقة القواليش.")
    assert not any(c.subject.name == "الزنتان" for c in claims), found(claims)


def test_a_role_with_its_country_after_a_body_is_another_man_s(extractor: Extractor) -> None:
    claims = run(extractor, "وحذر قنونو الناطق الرسمي باسم قوات الوفاق، الرئيس المصري عبد الفتاح "
                            "السيسي من الفوضى.")
    assert has(claims, "قنونو", "MEMBER_OF", "الوفاق"), found(claims)
    assert not has(claims, "السيسي", "MEMBER_OF", "الوفاق"), found(claims)


@pytest.mark.parametrize(
    ("text", "subject", "obj"),
    [
        # an operation whose aim is to take a place attacks it; its agent is the subject of the
        # verb that launches it, past a date set off by commas
        ("وبدأ الجيش الليبي، أمس الخميس، عملية عسكرية شاملة لتحرير مدينة درنة من قبضة "
         "الميليشيات.", "الجيش الليبي", "درنة"),
        ("أطلقت قوات الوفاق، السبت، عملية عسكرية لاستعادة السيطرة على مدينة غريان.", "الوفاق",
         "غريان"),
        # an attack «from» its agent «on» its target
        ("وأصيب ثلاثة مدنيين بقصف صاروخي من قوات حفتر على مدينة زوارة.", "الكرامة", "زوارة"),
        # an attack undergone, with إلى
        ("وكان ميناء السدرة تعرض إلى هجوم من قوات الجضران في يونيو الماضي.", "الجضران",
         "السدرة"),
        ("وواصلت قوات الردع دحر قوات حفتر جنوب العاصمة.", "الردع", "الكرامة"),
    ],
)
def test_attacks_read_past_their_nouns(
    extractor: Extractor, text: str, subject: str, obj: str
) -> None:
    claims = run(extractor, text)
    assert has(claims, subject, "ASSAULT", obj), found(claims)


def test_entering_with_li(extractor: Extractor) -> None:
    claims = run(extractor, "وقال إن قوات الدعم السريع دخلوا لمنطقة أبو زبد.")
    assert has(claims, "الدعم السريع", "SEIZE", "أبو زبد"), found(claims)


@pytest.mark.parametrize(
    ("text", "relation", "obj"),
    [
        # a definite facility head with its adjective names a facility; so do plural heads
        ("سيطرت قوات الردع على الثكنة العسكرية للقوات الخاصة في بنغازي.", "SEIZE",
         "الثكنة العسكرية"),
        ("وقصفت قوات الردع مخازن الذخيرة في ترهونة.", "ASSAULT", "مخازن الذخيرة"),
        ("وسيطرت قوات الدعم السريع على جميع الحاميات العسكرية في المدينة.", "SEIZE",
         "الحاميات العسكرية"),
    ],
)
def test_facilities_named_by_a_head_and_its_adjective(
    extractor: Extractor, text: str, relation: str, obj: str
) -> None:
    claims = run(extractor, text)
    assert any(c.relation.type.value == relation and obj in c.object.name for c in claims), \
        found(claims)


def test_a_definite_facility_head_does_not_take_the_verb_after_it(extractor: Extractor) -> None:
    claims = run(extractor, "وقالت إن المطار تعرض لقصف من قوات حفتر.")
    assert not any("تعرض" in f"{c.subject.name} {c.object.name}" for c in claims), found(claims)


@pytest.mark.parametrize(
    ("text", "subject"),
    [
        ("وقالت المصادر إن القوات الشرعية سيطرت على مدينة الحزم.", "القوات الشرعية"),
        ("وقصفت القوات الحكومية مواقع المتمردين في مدينة الدلنج.", "القوات الحكومية"),
        ("واتهمت اللجنة الأمنية قوات الدعم السريع بقصف مدينة الجنينة.", "اللجنة الأمنية"),
    ],
)
def test_a_body_told_by_what_it_is_acts(extractor: Extractor, text: str, subject: str) -> None:
    claims = run(extractor, text)
    assert any(c.subject.name == subject for c in claims), found(claims)


@pytest.mark.parametrize(
    "text",
    [
        # a title, not a unit: the man is «اللواء الليبي المتقاعد خليفة حفتر»
        "وهاجم اللواء الليبي المتقاعد خليفة حفتر مدينة غريان.",
        # an office speaks for its body; it does not act
        "وقال المكتب الإعلامي إن القوات سيطرت على معسكر اليرموك.",
    ],
)
def test_titles_and_offices_are_no_acting_bodies(extractor: Extractor, text: str) -> None:
    claims = run(extractor, text)
    assert not any(c.subject.name in ("اللواء الليبي", "المكتب الإعلامي") for c in claims), \
        found(claims)


def test_a_tie_participle_is_no_part_of_a_seat_s_name(extractor: Extractor) -> None:
    claims = run(extractor, "وأعلن سيطرة قواته على عدة معسكرات تابعة للحكومة اليمنية في عدن.")
    assert not any("تابعة" in f"{c.subject.name} {c.object.name}" for c in claims), found(claims)


@pytest.mark.parametrize(
    ("text", "subject", "obj"),
    [
        # a relative clause past «كان»: «الذي كان يقاتل ضمن X»
        ("وقال القائد الميداني سالم الورفلي الذي كان يقاتل ضمن كتيبة النواصي إن ...",
         "الورفلي", "النواصي"),
        ("وانضم العقيد سالم الورفلي إلى قوات الردع.", "الورفلي", "الردع"),
    ],
)
def test_joining_and_fighting_within_a_body_make_a_member(
    extractor: Extractor, text: str, subject: str, obj: str
) -> None:
    claims = run(extractor, text)
    assert has(claims, subject, "MEMBER_OF", obj), found(claims)


def test_places_named_by_plural_and_height_heads(extractor: Extractor) -> None:
    claims = run(extractor, "وسيطرت قوات الردع على مرتفعات الكورفات وقرى الساحل.")
    assert has(claims, "الردع", "SEIZE", "مرتفعات الكورفات"), found(claims)


def test_a_masculine_participle_does_not_describe_a_feminine_body(extractor: Extractor) -> None:
    # «التابع» agrees with «قائد», not with «غرفة»
    claims = run(extractor, "وذكرت القناة فرار قائد غرفة العمليات الرئيسية التابع لحفتر.")
    assert not any(c.relation.type.value == "PART_OF" for c in claims), found(claims)
    claims = run(extractor, "وقالت غرفة العمليات الرئيسية التابعة لحفتر إن قواتها سيطرت على غريان.")
    assert has(claims, "غرفة العمليات", "PART_OF", "حفتر"), found(claims)


@pytest.mark.parametrize(
    ("text", "subject", "obj"),
    [
        # an attack noun, its genitive actor, then where the attack goes
        ("وأدى هجوم قوات حفتر على مدينة غريان إلى مقتل مدنيين.", "الكرامة", "غريان"),
        ("كواليس معركة قوة الردع ضد كتيبة ثوار طرابلس.", "الردع", "ثوار طرابلس"),
    ],
)
def test_an_attack_noun_s_genitive_actor_attacks(
    extractor: Extractor, text: str, subject: str, obj: str
) -> None:
    claims = run(extractor, text)
    assert has(claims, subject, "ASSAULT", obj), found(claims)


def test_a_bombing_of_a_force_is_not_by_it(extractor: Extractor) -> None:
    # «قصف قوات حفتر بالمدفعية»: with ب the genitive may be the target; nothing is guessed
    claims = run(extractor, "وتواصل قصف قوات حفتر بالمدفعية الثقيلة.")
    assert not any(c.subject.name == "قوات الكرامة" for c in claims), found(claims)


def test_hashtags_are_read_as_their_words(extractor: Extractor) -> None:
    claims = run(extractor, "وقصفت قوات #حكومة_الوفاق مواقع قوات حفتر في مدينة سرت.")
    assert has(claims, "الوفاق", "ASSAULT", "الكرامة"), found(claims)


@pytest.mark.parametrize(
    ("text", "relation", "subject", "obj"),
    [
        # a facility named by its town and the town's own head
        ("وتمكن الثوار من السيطرة بالكامل على مطار مدينة سرت.", "SEIZE", "الثوار",
         "مطار مدينة سرت"),
        # counts in words
        ("وأسرت قوات الردع عشرة من مقاتلي داعش.", "COERCE", "الردع", "داعش"),
    ],
)
def test_facilities_in_towns_and_captives_counted_in_words(
    extractor: Extractor, text: str, relation: str, subject: str, obj: str
) -> None:
    claims = run(extractor, text)
    assert has(claims, subject, relation, obj), found(claims)


def test_prisoners_are_no_capture(extractor: Extractor) -> None:
    # «أسرى» (prisoners) is not the verbal noun «أسر» (capture)
    claims = run(extractor, "وقالت قوات الوفاق إنها تبادلت أمس 8 أسرى مع قوات حفتر شرق مدينة سرت.")
    assert not any(c.relation.type.value == "COERCE" for c in claims), found(claims)


@pytest.mark.parametrize(
    ("text", "relation", "obj"),
    [
        # a man «attacking» a country or a person attacks them in words
        ("وهاجم خليفة حفتر تركيا وقطر على خلفية دعمهما للحكومة.", "ACCUSE", "تركيا"),
        ("وهاجم خليفة حفتر المبعوث الأممي قائلا إنه لم يعد نزيها.", "ACCUSE", "المبعوث"),
        # his forces attacking a town attack it
        ("وهاجمت قوات حفتر مدينة غريان.", "ASSAULT", "غريان"),
    ],
)
def test_attacking_in_words_is_an_accusation(
    extractor: Extractor, text: str, relation: str, obj: str
) -> None:
    claims = run(extractor, text)
    assert any(c.relation.type.value == relation and obj in c.object.name for c in claims), \
        found(claims)


def test_the_noun_after_a_passive_marker_has_no_subject(extractor: Extractor) -> None:
    # «تم دحر X»: X was repelled; it repelled no one
    claims = run(extractor, "وأوضحت أنه تم دحر عصابات الكاني في ترهونة.")
    assert not any("الكاني" in c.subject.name for c in claims), found(claims)


def test_ordered_is_no_commander(extractor: Extractor) -> None:
    # «أمر X بـ»: ordered X to; «آمر X»: X's commander
    claims = run(extractor, "وتؤكد المعلومات أن باشاغا أمر قوة الردع بالقبض على قادة الكتيبة.")
    assert not any(c.relation.type.value == "LEADS" for c in claims), found(claims)
    claims = run(extractor, "وقال آمر قوة حماية غريان، سالم الورفلي، إن قواته سيطرت على المدينة.")
    assert has(claims, "الورفلي", "LEADS", "قوة حماية غريان"), found(claims)


def test_a_comma_typed_without_its_space_still_ends_a_name(extractor: Extractor) -> None:
    claims = run(extractor, "تمكن الثوار ظهر أمس من السيطرة على مدينة أجدابيا،بعد أن تجدد القتال.")
    assert has(claims, "الثوار", "SEIZE", "أجدابيا"), found(claims)


def test_a_bare_head_with_a_tie_is_a_new_body(extractor: Extractor) -> None:
    # «والقوات الموالية لـX» are X's loyal forces, not the body named before
    claims = run(extractor, "وسيطرت قوات الردع على المطار بعد معارك مع قوات حفتر والقوات الموالية "
                            "للرئيس السابق.")
    assert not any(c.relation.type.value == "SUPPORT" and "الردع" in c.subject.name
                   for c in claims), found(claims)


def test_a_possessive_after_a_second_verb_is_the_subject_s(extractor: Extractor) -> None:
    claims = run(extractor, "قوات الردع تطرد قوات حفتر وتبسط سيطرتها الكاملة على مطار معيتيقة.")
    assert has(claims, "الردع", "SEIZE", "معيتيقة"), found(claims)
    assert not has(claims, "الكرامة", "SEIZE", "معيتيقة"), found(claims)


def test_claiming_an_attack_names_its_agent(extractor: Extractor) -> None:
    claims = run(extractor, "وتبنى تنظيم داعش هجوما استهدف قوات حفتر في مدينة سبها.")
    assert has(claims, "داعش", "ASSAULT", "الكرامة"), found(claims)
    claims = run(extractor, "وتبنى المجلس قرارا بدعم الحكومة.")
    assert not any(c.relation.type.value == "ASSAULT" for c in claims), found(claims)


@pytest.mark.parametrize(
    ("text", "subject", "obj"),
    [
        ("وأعلنت قوات الردع أنها سيطرت على 60 بالمئة من مساحة مدينة ترهونة.", "الردع", "ترهونة"),
        ("واستعاد الجيش السوداني نحو 300 كيلومتر مربع من مدينة ود مدني.", "الجيش", "ود مدني"),
        ("وسيطرت قوات الوفاق على مساحة واسعة من منطقة قصر بن غشير.", "الوفاق", "قصر بن غشير"),
    ],
)
def test_a_share_or_measure_of_a_place_is_the_place(
    extractor: Extractor, text: str, subject: str, obj: str
) -> None:
    claims = run(extractor, text)
    assert has(claims, subject, "SEIZE", obj), found(claims)


def test_a_share_of_people_is_no_place(extractor: Extractor) -> None:
    # a measure word before «من» admits a place; people counted stay what they were
    claims = run(extractor, "وقال إن غالبية من المسلحين انسحبوا من مدينة سرت.")
    assert not any(c.relation.type.value == "SEIZE" for c in claims), found(claims)


@pytest.mark.parametrize(
    ("text", "subject", "obj"),
    [
        # «ما يسمى بـ» / «ما يعرف بـ» before the name: the name's body acts
        ("قصفت طائرات تابعة لما يسمى بعملية فجر ليبيا مواقع في مدينة الزنتان.", "فجر ليبيا",
         "الزنتان"),
        ("وقال إن ما يسمى بالجيش الوطني قصف مطار معيتيقة.", "الكرامة", "معيتيقة"),
        ("وهاجمت قوات ما يعرف بـ\"قوة الردع\" معسكر اليرموك.", "الردع", "اليرموك"),
    ],
)
def test_so_called_names_act_as_the_name(
    extractor: Extractor, text: str, subject: str, obj: str
) -> None:
    claims = run(extractor, text)
    assert has(claims, subject, "ASSAULT", obj), found(claims)


def test_a_quoted_owner_before_a_generic_target(extractor: Extractor) -> None:
    # the closing quote of the attacker's name does not hide the «مواقع لـX» after it
    claims = run(extractor, "قصفت طائرات تابعة لعملية \"فجر ليبيا\" مواقع عسكرية للزنتان.")
    assert has(claims, "فجر ليبيا", "ASSAULT", "الزنتان"), found(claims)


def test_every_actor_of_a_subject_list_acts(extractor: Extractor) -> None:
    claims = run(extractor, "وأعلن الوالي أن الجيش السوداني وقوات الدفاع الشعبي دخلوا مدينة "
                            "كادوقلي.")
    assert has(claims, "السودان", "SEIZE", "كادوقلي"), found(claims)
    assert has(claims, "الدفاع الشعبي", "SEIZE", "كادوقلي"), found(claims)


def test_a_list_after_a_preposition_is_no_subject(extractor: Extractor) -> None:
    # «مجموعات مسلحة من مدن X وY وZ دخلت»: the towns the fighters came from did not enter
    claims = run(extractor, "وقالت مصادر إن مجموعات مسلحة من مدن غريان ومصراتة وزليتن دخلت "
                            "قاعدة الوطية.")
    assert not any(c.relation.type.value == "SEIZE" for c in claims), found(claims)


def test_a_verb_s_object_before_a_new_clause_is_no_subject(extractor: Extractor) -> None:
    claims = run(extractor, "دبابات القذافي تقصف \"مصراتة\" والثوار يسيطرون على مطار بنينا.")
    assert not has(claims, "مصراتة", "SEIZE", "بنينا"), found(claims)
    assert has(claims, "الثوار", "SEIZE", "بنينا"), found(claims)


def test_an_event_noun_after_a_new_body_s_name_is_the_event(extractor: Extractor) -> None:
    # «جيش الأحرار السيطرة على»: the noun takes its preposition; it is no word of the name
    claims = run(extractor, "وأعلن جيش الأحرار السيطرة على مدينة سراقب.")
    assert has(claims, "جيش الأحرار", "SEIZE", "سراقب"), found(claims)
    claims = run(extractor, "وقصفت قوات الدعم السريع مدينة الفاشر.")
    assert has(claims, "قوات الدعم السريع", "ASSAULT", "الفاشر"), found(claims)


def test_an_announcer_far_in_tokens_near_in_words(extractor: Extractor) -> None:
    # quotes and commas between the announcer and the event noun are not words
    claims = run(extractor, "وأعلن \"جيش الأحرار\"، التابع للجيش السوري الحر، على تطبيق "
                            "\"تيلغرام\"، السيطرة على قريتي معزراف وكفرعميم.")
    assert has(claims, "جيش الأحرار", "SEIZE", "معزراف"), found(claims)


def test_an_announcement_is_its_own_event_chain(extractor: Extractor) -> None:
    # what was announced is the destruction; the attack after «بعد محاولتها شن» is the other side's
    claims = run(extractor, "وكانت قوات الردع أعلنت تدمير عدد من الآليات التابعة لقوات حفتر، بعد "
                            "محاولتها شن هجوم واسع على مدينة غريان.")
    assert not has(claims, "الردع", "ASSAULT", "غريان"), found(claims)
    # a chain of event words is one announcement
    claims = run(extractor, "وأعلنت قوات الردع إطلاق عملية عسكرية لاستعادة السيطرة على مدينة "
                            "غريان.")
    assert has(claims, "الردع", "ASSAULT", "غريان"), found(claims)


def test_a_plural_nisba_names_a_movement(extractor: Extractor) -> None:
    # no gazetteer entry: «الحوثيون» / «الحوثيين» are one movement, read from the word alone
    claims = run(extractor, "وسيطر الانفصاليون على مدينة زنجبار، بعد أن طردوا منها القوات "
                            "الحكومية.")
    assert has(claims, "الانفصاليون", "SEIZE", "زنجبار"), found(claims)
    one = run(extractor, "هاجم الحوثيون مدينة مأرب.")
    other = run(extractor, "وقصفت القوات الحكومية مواقع الحوثيين في مدينة مأرب.")
    ids = {c.subject.id for c in one if c.subject.name == "الحوثيون"}
    assert ids and ids == {c.object.id for c in other if c.object.name == "الحوثيون"}, (
        found(one), found(other))


def test_kinds_of_people_and_peoples_are_no_movement(extractor: Extractor) -> None:
    claims = run(extractor, "وهاجم الصحفيون مقر البلدية، واستهدف الليبيون مطار معيتيقة.")
    assert not any(c.subject.name in ("الصحفيون", "الليبيون") for c in claims), found(claims)


def test_generic_collectives_act(extractor: Extractor) -> None:
    claims = run(extractor, "وهاجم المسلحون مركز الشرطة في مدينة سبها.")
    assert has(claims, "المسلحون", "ASSAULT", "مركز الشرطة"), found(claims)


def test_a_complement_before_a_verb_with_its_pronoun(extractor: Extractor) -> None:
    # «صاروخا أطلقه X باتجاه Y»: the missile X fired, at Y
    claims = run(extractor, "واعترضت الدفاعات الجوية صاروخا أطلقه الانفصاليون باتجاه مدينة "
                            "عتق.")
    assert has(claims, "الانفصاليون", "ASSAULT", "عتق"), found(claims)


@pytest.mark.parametrize(
    ("text", "holder", "place"),
    [
        ("وأصبحت مدينة سراقب تحت السيطرة الكاملة لقوات المعارضة.", "المعارضة", "سراقب"),
        ("وقال إن مدينة كادوقلي تحت سيطرة قوات الحلو.", "قوات الحلو", "كادوقلي"),
        ("وتقدمت القوات نحو مدينة درنة التي باتت تحت سيطرة الجيش الوطني الليبي.", "الكرامة",
         "درنة"),
    ],
)
def test_a_place_under_an_actor_s_control(
    extractor: Extractor, text: str, holder: str, place: str
) -> None:
    claims = run(extractor, text)
    assert has(claims, holder, "SEIZE", place), found(claims)


@pytest.mark.parametrize(
    "text",
    [
        "وقال إن مدينة سرت لم تعد تحت سيطرة تنظيم داعش.",  # no longer
        "وستكون مدينة سرت تحت سيطرة الجيش الوطني الليبي.",  # a hope
        "وباتت مدينة سرت خارج سيطرة تنظيم داعش.",  # outside its control
    ],
)
def test_control_denied_or_hoped_for_is_no_seizure(extractor: Extractor, text: str) -> None:
    claims = run(extractor, text)
    assert not any(c.relation.type.value == "SEIZE" for c in claims), found(claims)


def test_the_one_charged_after_an_accusation_is_the_accused(extractor: Extractor) -> None:
    # «واتهم X بـ…» with no accuser named: X is accused, by the one the text was about
    claims = run(extractor, "وقصفت قوات الردع مواقع في مطار معيتيقة. واتهمت قوات حفتر بخرق "
                            "الهدنة.")
    assert has(claims, "الردع", "ACCUSE", "الكرامة"), found(claims)
    claims = run(extractor, "واتهم إيران باستغلال الانفصاليين.")
    assert not has(claims, "إيران", "ACCUSE", "الانفصاليون"), found(claims)
    # the accuser named after the verb, then the accused: no change
    claims = run(extractor, "واتهمت قوات الردع قوات حفتر بخرق الهدنة.")
    assert has(claims, "الردع", "ACCUSE", "الكرامة"), found(claims)


def test_a_country_after_fi_is_where_not_what(extractor: Extractor) -> None:
    claims = run(extractor, "ويشن حفتر عملية عسكرية منذ أسبوع وصفها بأنها حرب على الإرهاب في "
                            "ليبيا.")
    assert not any(c.object.name == "ليبيا" for c in claims), found(claims)
    claims = run(extractor, "وقصفت الطائرات التركية مواقع في سوريا.")
    assert not any(c.object.name == "سوريا" and c.relation.type.value == "ASSAULT"
                   for c in claims), found(claims)
    # a country hit as such stays the target
    claims = run(extractor, "وقصفت الطائرات التركية شمال العراق.")
    assert any(c.relation.type.value == "ASSAULT" for c in claims), found(claims)


def test_a_minister_told_by_field_and_country(extractor: Extractor) -> None:
    # an unknown name after «وزير الدفاع اليمني» is the minister, of that country
    claims = run(extractor, "وقال وزير الدفاع اليمني الفريق ناصر الحميري إن القوات تقدمت.")
    assert has(claims, "ناصر الحميري", "MEMBER_OF", "اليمن"), found(claims)
    # and he does not stand for the country in what he announces
    claims = run(extractor, "وأعلن وزير الدفاع السوداني عوض بن عوف اعتقال الرئيس عمر البشير.")
    assert not any(c.subject.name == "السودان" and c.relation.type.value == "COERCE"
                   for c in claims), found(claims)


def test_doing_verbs_hand_their_subject_to_the_noun(extractor: Extractor) -> None:
    claims = run(extractor, "وقامت قوات الردع باقتحام معسكر اليرموك في طرابلس.")
    assert has(claims, "الردع", "ASSAULT", "اليرموك"), found(claims)
    claims = run(extractor, "وقام الجيش الوطني الليبي باستهداف المرتزقة في مدينة مصراتة.")
    assert has(claims, "الكرامة", "ASSAULT", "المرتزقة"), found(claims)


def test_where_a_weapon_was_made_is_not_whose_it_is(extractor: Extractor) -> None:
    claims = run(extractor, "وأسقطت قوات الوفاق طائرة مسيرة حديثة روسية الصنع تابعة لحفتر.")
    assert has(claims, "الوفاق", "ASSAULT", "الكرامة"), found(claims)
    assert not any(c.object.name == "روسيا" for c in claims), found(claims)


def test_a_force_tie_set_off_by_commas(extractor: Extractor) -> None:
    claims = run(extractor, "ويقصف سلاح الجو، التابع لقوات حفتر، مواقع في مدينة غريان.")
    assert has(claims, "الكرامة", "ASSAULT", "غريان"), found(claims)
    claims = run(extractor, "وقصفت طائرة مروحية تابعة لقوات حفتر مواقع في مدينة غريان.")
    assert has(claims, "الكرامة", "ASSAULT", "غريان"), found(claims)


def test_a_word_with_the_article_and_lam_is_no_name(extractor: Extractor) -> None:
    claims = run(extractor, "ولم يكن المتحدث باسم الجيش السوداني متاحا للتعليق.")
    assert not any(c.relation.type.value == "MEMBER_OF" for c in claims), found(claims)


def test_a_title_inside_a_place_name(extractor: Extractor) -> None:
    claims = run(extractor, "وسيطرت المعارضة على تلة الشيخ منصور في ريف جسر الشغور.")
    assert has(claims, "المعارضة", "SEIZE", "تلة الشيخ منصور"), found(claims)


def test_a_country_s_territory_is_the_country(extractor: Extractor) -> None:
    claims = run(extractor, "وأطلق الحوثيون صواريخ باتجاه الأراضي السعودية.")
    assert has(claims, "الحوثيون", "ASSAULT", "السعودية"), found(claims)


def test_the_coalition_named_alone_is_an_actor(extractor: Extractor) -> None:
    claims = run(extractor, "وقصف طيران التحالف مواقع الحوثيين في مدينة صعدة.")
    assert has(claims, "التحالف", "ASSAULT", "الحوثيون"), found(claims)


def test_a_movement_s_adjective_on_a_force_is_the_movement(extractor: Extractor) -> None:
    claims = run(extractor, "وسيطر الانفصاليون على عدن. وقصفت المدفعية الانفصالية مدينة زنجبار.")
    assert has(claims, "الانفصاليون", "ASSAULT", "زنجبار"), found(claims)


def test_a_bare_army_with_none_named_before_is_the_article_s(extractor: Extractor) -> None:
    text = "وقصف الجيش مواقع المتمردين في مدينة كادقلي."
    claims = run(extractor, text)
    assert has(claims, "الجيش", "ASSAULT", "المتمردون"), found(claims)
    # which army «الجيش» is depends on the article: no shared node across articles
    other = run(extractor, "وقصف الجيش مواقع المتمردين في مدينة تعز.")
    ids = {c.subject.id for c in claims} & {c.subject.id for c in other}
    assert not ids, ids
    # named before, it is that army
    claims = run(extractor, "سيطر الجيش الوطني الليبي على سرت. وقصف الجيش مواقع في مصراتة.")
    assert has(claims, "الكرامة", "ASSAULT", "مصراتة"), found(claims)


def test_a_feminine_possessive_is_no_man_s(extractor: Extractor) -> None:
    # «دعمها»: the country's support, not the man's who attacked it in words
    claims = run(extractor, "وهاجم حفتر تركيا على خلفية دعمها حكومة الوفاق.")
    assert not has(claims, "حفتر", "SUPPORT", "الوفاق"), found(claims)
    assert has(claims, "تركيا", "SUPPORT", "الوفاق"), found(claims)


def test_a_subject_read_from_the_statement_keeps_its_words(extractor: Extractor) -> None:
    # «أعلن X أنه سيطر …»: the claim's subject keeps the words that named X
    claims = run(extractor, "أعلن الجيش الوطني الليبي، أمس، أنه بسط سيطرته الكاملة على منطقة "
                            "الصابري.")
    seized = [c for c in claims if c.relation.type.value == "SEIZE"]
    assert seized and seized[0].subject.mention == "الجيش الوطني الليبي", found(claims)


def test_a_whole_that_comprises_its_parts(extractor: Extractor) -> None:
    # «يتكون X من Y», «تتألف X من Y», «X تضم Y»: Y is part of X
    claims = run(extractor, "ويتكون جيش الفتح بشكل رئيسي من حركة أحرار الشام الإسلامية.")
    assert has(claims, "أحرار الشام", "PART_OF", "جيش الفتح"), found(claims)
    claims = run(extractor, "وتتألف قوات حكومة الوفاق من قوة الردع الخاصة وكتيبة ثوار طرابلس.")
    assert has(claims, "الردع", "PART_OF", "الوفاق"), found(claims)
    assert not has(claims, "الوفاق", "PART_OF", "الردع"), found(claims)


def test_capture_as_a_counted_verbal_noun(extractor: Extractor) -> None:
    claims = run(extractor, "وأكد أن قوات الردع تمكنت من أسر 12 من عناصر قوات حفتر.")
    assert has(claims, "الردع", "COERCE", "الكرامة"), found(claims)
    # «أسر» not before a count is the families' plural; «الأسرى» the prisoners
    claims = run(extractor, "وزار وفد من قوات الردع أسر الضحايا والأسرى في مدينة ترهونة.")
    assert not any(c.relation.type.value == "COERCE" for c in claims), found(claims)


def test_a_length_of_road_is_no_city(extractor: Extractor) -> None:
    claims = run(extractor, "وقال إن المعارضة سيطرت على 80 كيلومترا من الطريق السريع بين حلب "
                            "ودمشق.")
    assert not any(c.object.name in ("حلب", "دمشق") for c in claims), found(claims)


def test_an_event_joined_by_wa_is_announced_too(extractor: Extractor) -> None:
    claims = run(extractor, "وأعلنت قوات الردع سيطرتها الكاملة على مدينة غريان، ليل أمس، وطرد "
                            "قوات حفتر منها.")
    assert has(claims, "الردع", "ASSAULT", "الكرامة"), found(claims)
