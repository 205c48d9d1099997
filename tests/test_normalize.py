"""Arabic normalisation: one parametrised case per quirk met in scraped news."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kg.normalize import (
    ARABIC_LETTER,
    arabic_ratio,
    match_form,
    normalize,
    normalize_with_offsets,
    original_span,
    strip_clitics,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("مُحَمَّد", "محمد"),  # harakat and shadda
        ("قـــوات", "قوات"),  # tatweel
        ("أحمد", "احمد"),  # alef with hamza above
        ("إيطاليا", "ايطاليا"),  # alef with hamza below
        ("آمر", "امر"),  # alef madda
        ("ٱلله", "الله"),  # alef wasla
        ("مصطفى", "مصطفي"),  # alef maqsura
        ("فائز", "فايز"),  # ya with hamza: فائز/فايز are one name
        ("مصراتة", "مصراته"),  # ta marbuta
        ("«الوفاق»", '"الوفاق"'),  # Arabic guillemets
        ("“أوج”", '"اوج"'),  # curly quotes
        ("أبو\u00a0قرين", "ابو قرين"),  # non-breaking space
        ("حف\u200cتر", "حفتر"),  # zero-width non-joiner
        ("\u200fطرابلس", "طرابلس"),  # right-to-left mark
        ("١٢ من الشهر", "12 من الشهر"),  # Arabic-Indic digits
        ("۱۹", "19"),  # Extended (Persian) digits
        ("ﻻ", "لا"),  # presentation-form ligature
    ],
)
def test_normalize_quirks(raw: str, expected: str) -> None:
    assert normalize(raw) == expected


@pytest.mark.parametrize(
    ("word", "stem", "cut"),
    [
        ("والجيش", "الجيش", 1),  # و + ال
        ("بالجيش", "الجيش", 1),  # ب + ال
        ("فالجيش", "الجيش", 1),  # ف + ال
        ("كالجيش", "الجيش", 1),  # ك + ال
        ("وبالجيش", "الجيش", 2),  # و + ب + ال
        ("للعقيد", "العقيد", 1),  # ل + ال written لل
        ("وللعقيد", "العقيد", 2),  # و + ل + ال
        ("الجيش", "الجيش", 0),  # nothing to strip
    ],
)
def test_clitics_before_the_article(word: str, stem: str, cut: int) -> None:
    assert strip_clitics(word) == (stem, cut)


@pytest.mark.parametrize(
    ("word", "stem"),
    [
        ("وقوات", "قوات"),  # known word after و
        ("بمدينه", "مدينه"),  # ب + known word
        ("لحكومه", "حكومه"),  # ل + known word
        ("وحفتر", "حفتر"),  # و before a name
        ("وزير", "وزير"),  # و is part of وزير: not split when زير is unknown
        ("بنغازي", "بنغازي"),  # ب is part of the name
    ],
)
def test_bare_clitics_need_a_known_word(word: str, stem: str) -> None:
    known = {"قوات", "مدينه", "حكومه", "حفتر", "وزير", "بنغازي"}
    assert strip_clitics(word, known)[0] == stem


def test_match_form_combines_normalisation_and_clitics() -> None:
    assert match_form("لـلعقيـد") == "العقيد"
    assert match_form("وقُوّات", {"قوات"}) == "قوات"


@pytest.mark.parametrize(
    "text",
    [
        "قصفت قُوّات «الكرامة» قاعدة مصراتة",
        "اللواء\u00a0محمد منفور، آمر غرفة العمليات",
        "حف\u200cتر في ٤ الطير",
        "قـــوات ﻻ تتراجع",
    ],
)
def test_offsets_map_back_exactly(text: str) -> None:
    norm, offsets = normalize_with_offsets(text)
    assert len(offsets) == len(norm) + 1
    assert offsets[-1] == len(text)
    # Every normalised word maps back to an original span whose normalisation is that word.
    pos = 0
    for word in norm.split():
        start = norm.index(word, pos)
        end = start + len(word)
        pos = end
        o_start, o_end = original_span(offsets, start, end)
        assert normalize(text[o_start:o_end]) == word


def test_arabic_ratio() -> None:
    assert arabic_ratio("قوات الكرامة") == 1.0
    assert arabic_ratio("hello world") == 0.0
    assert arabic_ratio("12 34 !!") == 0.0
    assert 0.4 < arabic_ratio("قوات abcd") < 0.6


@given(st.text(alphabet=st.sampled_from(
    "قوات الكرامةابجدۍۺۻ۽۾٠١abcXYZ_²½Ⅻ \u0640\u064b\n\u00a0😀𐐀\ud800")))
def test_arabic_ratio_counts_letters_as_str_isalpha_does(text: str) -> None:
    # counted with tables over the whole text; the definition is one test per character
    letters = [ch for ch in text if ch.isalpha()]
    arabic = [ch for ch in letters if ARABIC_LETTER.match(ch)]
    assert arabic_ratio(text) == (len(arabic) / len(letters) if letters else 0.0)


def test_the_fast_normaliser_maps_every_character_as_the_reference_does() -> None:
    """normalize() is a str.translate table built from _map_char: every BMP character must
    come out the same, and offsets must agree on text that drops and expands characters."""
    from kg.normalize import _map_char

    chars = [chr(c) for c in range(0x10000) if not 0xD800 <= c <= 0xDFFF]
    assert [normalize(ch) for ch in chars] == [_map_char(ch) for ch in chars]
    text = "قُوّاتـ\u200f ﻻ «الوفاق»\ufdd0 ١٢"  # diacritics, tatweel, mark, ligature, quotes
    norm, offsets = normalize_with_offsets(text)
    assert norm == "".join(_map_char(ch) for ch in text)
    assert offsets == [i for i, ch in enumerate(text) for _ in _map_char(ch)] + [len(text)]


def test_a_presentation_block_code_point_nfkc_leaves_alone_is_kept() -> None:
    assert normalize("\ufdd0") == "\ufdd0"  # a noncharacter: once an endless recursion
