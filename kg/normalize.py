"""Arabic normalisation for *matching*, never for the stored text.

Every function is pure. ``normalize_with_offsets`` also returns, for each output character, the
index of the input character it came from, so a match found in normalised text maps back to the
exact span of the original article.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Container
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np

# Harakat, shadda, sukun, superscript alef, Quranic marks: dropped.
_DIACRITICS = frozenset(
    [chr(c) for c in range(0x064B, 0x0660)]
    + ["\u0670"]
    + [chr(c) for c in range(0x06D6, 0x06EE)]
    + ["\u08f0", "\u08f1", "\u08f2"]
)
_TATWEEL = "\u0640"
# Zero-width and direction marks, soft hyphen, BOM: dropped.
_INVISIBLE = frozenset(
    [
        "\u200b",
        "\u200c",
        "\u200d",
        "\u200e",
        "\u200f",
        "\u2066",
        "\u2067",
        "\u2068",
        "\u2069",
        "\u202a",
        "\u202b",
        "\u202c",
        "\u202d",
        "\u202e",
        "\ufeff",
        "\u00ad",
        "\u061c",
    ]
)
_SPACES = frozenset(
    ["\u00a0", "\u2007", "\u202f", "\u2009", "\u200a", "\u3000", "\u2002", "\u2003"]
)
_QUOTES = frozenset(["«", "»", "“", "”", "„", "‟", "″", "〝", "〞", "＂"])
_SINGLE_QUOTES = frozenset(["‘", "’", "‚", "‛", "′"])
_LETTERS = {
    "أ": "ا",
    "إ": "ا",
    "آ": "ا",
    "ٱ": "ا",
    "ٲ": "ا",
    "ٳ": "ا",
    "ى": "ي",
    "ئ": "ي",
    "ی": "ي",
    "ې": "ي",
    "ؤ": "و",
    "ة": "ه",
    "ۀ": "ه",
    "ە": "ه",
    "ک": "ك",
    "ڪ": "ك",
}
_DIGITS = {chr(0x0660 + i): str(i) for i in range(10)} | {
    chr(0x06F0 + i): str(i) for i in range(10)
}

ARABIC_LETTER = re.compile(r"[\u0621-\u064A\u0671-\u06D3\u06FA-\u06FF]")


def _map_char(ch: str) -> str:
    """What one input character becomes: '' (dropped), itself, or a replacement."""
    if ch in _DIACRITICS or ch == _TATWEEL or ch in _INVISIBLE:
        return ""
    if ch in _SPACES:
        return " "
    if ch in _QUOTES:
        return '"'
    if ch in _SINGLE_QUOTES:
        return "'"
    if ch in _LETTERS:
        return _LETTERS[ch]
    if ch in _DIGITS:
        return _DIGITS[ch]
    if "\ufb50" <= ch <= "\ufeff":
        # Presentation forms (ligatures such as ﻻ) → their base letters; a code point of the
        # block that NFKC leaves alone (unassigned, or a noncharacter) stays as it is.
        decomposed = unicodedata.normalize("NFKC", ch)
        if decomposed != ch:
            return "".join(_map_char(c) for c in decomposed)
    return ch


# _map_char as a str.translate table (built from it, so the two cannot disagree): normalising
# is then one pass in C instead of a Python call per character.
_CHANGED = sorted({*_DIACRITICS, _TATWEEL, *_INVISIBLE, *_SPACES, *_QUOTES, *_SINGLE_QUOTES,
                   *_LETTERS, *_DIGITS, *map(chr, range(0xFB50, 0xFF00))})
_TABLE = {ord(ch): _map_char(ch) for ch in _CHANGED if _map_char(ch) != ch}
# Characters that do not map to exactly one character (dropped, or a ligature's letters):
# only a text holding one needs its offsets worked out character by character.
_NOT_ONE_TO_ONE = re.compile(
    "[" + "".join(re.escape(chr(c)) for c, m in _TABLE.items() if len(m) != 1) + "]")


def normalize(text: str) -> str:
    """The matching form of ``text``: no diacritics or tatweel, one alef/ya/ha, ASCII quotes,
    plain spaces, Western digits."""
    return text.translate(_TABLE)


def normalize_with_offsets(text: str) -> tuple[str, list[int]]:
    """``(normalised, offsets)`` where ``offsets[i]`` is the index in ``text`` of the character
    that produced ``normalised[i]``; ``offsets[len(normalised)] == len(text)``."""
    out: list[str] = []
    offsets: list[int] = []
    pos = 0
    # Runs of characters that map one to one are translated whole; only a character that is
    # dropped or expanded is looked at on its own.
    for m in _NOT_ONE_TO_ONE.finditer(text):
        i = m.start()
        out.append(text[pos:i].translate(_TABLE))
        offsets.extend(range(pos, i))
        mapped = _TABLE[ord(text[i])]
        out.append(mapped)
        offsets.extend([i] * len(mapped))
        pos = i + 1
    out.append(text[pos:].translate(_TABLE))
    offsets.extend(range(pos, len(text) + 1))
    return "".join(out), offsets


def original_span(offsets: list[int], start: int, end: int) -> tuple[int, int]:
    """Map ``[start, end)`` in normalised text back to ``[start, end)`` in the original."""
    if end <= start:
        return offsets[start], offsets[start]
    return offsets[start], offsets[end - 1] + 1


# Proclitics: a conjunction (و، ف) then a preposition (ب، ل، ك) then the article ال.
# ل + ال is written لل (للعقيد = ل + العقيد).
_CLITIC_ARTICLE = re.compile(r"^(?:[وف]?[بك]?ال|[وف]?لل)(?=..)")
_CLITIC_PLAIN = re.compile(r"^([وف]?[بلك]?|[وف])")


def strip_clitics(word: str, known: Container[str] | None = None) -> tuple[str, int]:
    """Split proclitics off a *normalised* word: ``(stem, length of the clitic prefix)``.

    A prefix before ال is always split (والجيش → الجيش, للعقيد → العقيد). A bare prefix
    (وقوات → قوات) is split only when the rest is a word in ``known``: without a lexicon,
    و in وزير is part of the word.
    """
    m = _CLITIC_ARTICLE.match(word)
    if m:
        prefix = m.group(0)
        if prefix.endswith("لل"):  # ل + ال: restore the article's alef
            rest = word[len(prefix) :]
            # ل + ال + a word that starts with ل loses a lam too: للواء = ل + اللواء
            if known is not None and "ال" + rest not in known and "الل" + rest in known:
                return "الل" + rest, len(prefix) - 1
            return "ال" + rest, len(prefix) - 1
        return word[len(prefix) - 2 :], len(prefix) - 2
    if known is not None and word not in known:
        # Try the longest bare prefix first (وب، ول، فب ...), then a single letter.
        for cut in (2, 1):
            if len(word) - cut >= 2 and _CLITIC_PLAIN.fullmatch(word[:cut]) and word[cut:] in known:
                return word[cut:], cut
    return word, 0


def match_form(word: str, known: Container[str] | None = None) -> str:
    """Normalised, clitic-free form of one token: what gazetteer and lexicon entries match on."""
    return strip_clitics(normalize(word), known)[0]


@functools.cache
def _letter_tables() -> tuple[np.ndarray, np.ndarray]:
    """For each code point of the Basic Multilingual Plane: is it a letter (``str.isalpha``),
    and an Arabic one (:data:`ARABIC_LETTER`)? Looked up for a whole text at once: this runs
    on every article read, cached or not, and a call per character cost more than the rest
    of reading."""
    import numpy as np

    chars = [chr(c) for c in range(0x10000)]
    letter = np.fromiter(map(str.isalpha, chars), bool, len(chars))
    arabic = np.fromiter((bool(ARABIC_LETTER.match(c)) for c in chars), bool, len(chars))
    return letter, arabic & letter


def arabic_ratio(text: str) -> float:
    """Share of letters that are Arabic (0.0 for text with no letters)."""
    if not text.isascii() and max(text) > "\uffff":  # outside the tables: one call a character
        letters = sum(map(str.isalpha, text))
        arabic = sum(map(str.isalpha, ARABIC_LETTER.findall(text)))
    else:
        import numpy as np

        codes = np.frombuffer(text.encode("utf-16-le", "surrogatepass"), np.uint16)
        letter, arabic_letter = _letter_tables()
        letters = int(np.count_nonzero(letter[codes]))
        arabic = int(np.count_nonzero(arabic_letter[codes]))
    return arabic / letters if letters else 0.0
