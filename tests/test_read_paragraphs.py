"""A scraped text that opens with its first paragraph keeps it (no line is lost to a title)."""

from __future__ import annotations

from kg.read import article_from_text

LONG = (
    "نشرت وسائل إعلام محلية صباح اليوم لقطات مصورة تظهر دخول قوات تابعة للحكومة إلى قاعدة جوية "
    "كبيرة في غرب البلاد بعد أيام من المعارك العنيفة مع القوات المنافسة التي انسحبت منها نحو "
    "الجنوب، وفق ما أفادت مصادر متطابقة."
)


def test_a_long_first_paragraph_is_body_not_dropped() -> None:
    text = LONG + "\nعنوان فرعي قصير للقسم الثاني من الخبر\nوفقرة ثانية من الخبر تكمل ما سبق."
    article = article_from_text(text, "a.txt")
    assert LONG in article.text
    assert "وفقرة ثانية" in article.text


def test_a_short_first_line_is_still_the_title() -> None:
    text = "قوات الحكومة تدخل القاعدة الجوية\n" + LONG
    article = article_from_text(text, "a.txt")
    assert article.title == "قوات الحكومة تدخل القاعدة الجوية"
    assert LONG in article.text
