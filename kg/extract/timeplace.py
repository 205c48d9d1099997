"""Where and when: the place of an event (a place governed by في/بـ), a facility written with
its city («مطار معيتيقة بطرابلس»), and the sentence's time expression."""

from __future__ import annotations

import re

from kg.extract.mentions import Mention
from kg.extract.sentence import Reading, Sentence, skip_quotes_forward
from kg.model import EntityType, RelationType

_TIME = re.compile(
    r"(?:صباح|مساء|ليل|فجر|ظهر)?\s*(?:اليوم|امس|أمس|أول من أمس|اول من امس|أمس الأول|امس الاول"
    r"|الليلة الماضية|يوم\s+\S+|الأسبوع الماضي|الاسبوع الماضي)"
    r"(?:\s+(?:السبت|الأحد|الاحد|الاثنين|الإثنين|الثلاثاء|الأربعاء|الاربعاء|الخميس|الجمعة))?"
    r"|\d{1,2}\s*[-–]?\s*(?:\d{1,2}\s+)?(?:من\s+)?(?:شهر\s+)?"
    r"(?:يناير|فبراير|مارس|أبريل|ابريل|مايو|يونيو|يوليو|أغسطس|اغسطس|سبتمبر|أكتوبر|اكتوبر"
    r"|نوفمبر|ديسمبر|جانفي|الطير|النوار|الربيع|الماء|الصيف|ناصر|هانيبال|الفاتح|التمور|الحرث"
    r"|الكانون|أي النار|اي النار|كانون الثاني|شباط|آذار|نيسان|أيار|حزيران|تموز|آب"
    r"|أيلول|تشرين الأول|تشرين الثاني|كانون الأول)(?:/\S+)?(?:\s+(?:الماضي|المقبل|الجاري))?"
)


def sentence_time(s: Sentence) -> str | None:
    text = s.doc[s.start : s.end].text
    m = _TIME.search(text)
    return m.group(0).strip() if m else None


def event_place(s: Sentence, used: set[int]) -> Mention | None:
    for m in s.idx.mentions:
        if m.start < s.start or m.start >= s.end or id(m) in used or id(m) in s.absorbed:
            continue
        if m.entity.type.is_place and s.prep_before(m) in ("في", "ب"):
            return m
    return None


def facility_readings(s: Sentence) -> list[Reading]:
    """«مطار معيتيقة بطرابلس»: a facility written with the city it is in."""
    out: list[Reading] = []
    for m in s.idx.mentions:
        if m.start < s.start or m.end >= s.end or m.entity.type is not EntityType.FAC:
            continue
        k = skip_quotes_forward(s.doc, m.end)
        while (
            k < s.end and s.mention(k) is None and s.norm(k) in s.lex.words_of("place_adjectives")
        ):
            k += 1  # «معسكر القعقاع العسكري في بلدة الفلاح»
        if k < s.end and s.mention(k) is None and s.norm(k) == "في":
            k += 1
        city = s.mention(k)
        if (
            city is not None
            and city is not m
            and city.entity.type in (EntityType.GPE, EntityType.LOC)
            and s.prep_before(city) in ("ب", "في")
        ):
            out.append(
                Reading(
                    m,
                    RelationType.LOCATED_IN,
                    "في",
                    city,
                    s.start,
                    s.end,
                    m.start,
                    "facility-in",
                    0.8,
                )
            )
    return out
