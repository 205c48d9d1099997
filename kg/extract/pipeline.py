"""The spaCy pipeline: a blank Arabic tokenizer taught a few more clitic shapes, and kg's
components registered by name (``nlp.add_pipe("kg_entities")``) so users can put them in a
pipeline of their own.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy
import spacy
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import compile_infix_regex, compile_prefix_regex

from kg.extract.mentions import blank_so_called
from kg.extract.resources import FUNCTION_WORDS, Gazetteer, Lexicon, load_gazetteer, load_lexicon
from kg.normalize import normalize, strip_clitics

_MINUS_ONE = numpy.uint64(2**64 - 1)  # spaCy's -1 ("not a sentence start") in a uint64 array
SENTENCE_END = frozenset({".", "!", "?", "؟", "؛", "…"})

# Resources are shared by every component of a pipeline: built once per (gazetteer, lexicon).
_RESOURCES: dict[tuple[tuple[str, ...], tuple[str, ...]], tuple[Gazetteer, Lexicon, set[str]]] = {}


def get_resources(
    gazetteer_files: Sequence[str] = (), lexicon_files: Sequence[str] = ()
) -> tuple[Gazetteer, Lexicon, set[str]]:
    """Gazetteer, lexicon and the set of known words (for safe clitic splitting)."""
    key = (tuple(gazetteer_files), tuple(lexicon_files))
    if key not in _RESOURCES:
        gaz = load_gazetteer(gazetteer_files)
        lex = load_lexicon(lexicon_files)
        tokens: set[str] = set()
        for e in gaz.entities.values():
            for alias in e.aliases:
                tokens.update(normalize(alias).replace('"', " ").split())
        # An alias written with a clitic (التابع لحكومة الوفاق) must not make لحكومه a word of
        # its own, or the clitic would never be split off it elsewhere.
        tokens = {t for t in tokens if not (t[:1] in "وفبلك" and t[1:] in tokens)}
        known = lex.words() | set(FUNCTION_WORDS) | tokens
        _RESOURCES[key] = (gaz, lex, known)
    return _RESOURCES[key]


def _register_extensions() -> None:
    for name in ("kg_mentions", "kg_readings", "kg_article"):
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)


@Language.factory("kg_normalizer", default_config={"gazetteer": [], "lexicon": []})
def make_normalizer(nlp: Language, name: str, gazetteer: list[str], lexicon: list[str]) -> Any:
    """Sets each token's ``norm_`` to its matching form: normalised, proclitics split off when
    what remains is a known word."""
    _, _, known = get_resources(gazetteer, lexicon)
    cache: dict[str, str] = {}

    def normalizer(doc: Doc) -> Doc:
        norms, texts = [], []
        for token in doc:
            text = token.text
            form = cache.get(text)
            if form is None:
                form = strip_clitics(normalize(text).replace("ـ", ""), known)[0]
                if len(cache) < 200_000:
                    cache[text] = form
            token.norm_ = form
            norms.append(form)
            texts.append(text)
        for i in blank_so_called(texts, norms):
            doc[i].norm_ = norms[i]
        # Later components read the forms from here: Token objects are costly to create.
        doc.user_data["kg_norms"] = norms
        doc.user_data["kg_texts"] = texts
        return doc

    return normalizer


@Language.factory("kg_sentencizer")
def make_sentencizer(nlp: Language, name: str) -> Any:
    """Sentence boundaries at . ! ؟ ؛ and line breaks (one paragraph a line in scraped text)."""

    def sentencizer(doc: Doc) -> Doc:
        # One array write: setting is_sent_start token by token is quadratic in spaCy.
        starts = numpy.zeros((len(doc), 1), dtype="uint64")
        start_next = True
        texts = doc.user_data.get("kg_texts")  # kept by the normalizer: Tokens are costly
        if texts is None or len(texts) != len(doc):
            texts = [t.text for t in doc]
        for i, text in enumerate(texts):
            starts[i, 0] = 1 if start_next else _MINUS_ONE
            start_next = text in SENTENCE_END or "\n" in text
        if len(doc):
            doc.from_array([SENT_START], starts)  # type: ignore[arg-type]
        return doc

    return sentencizer


@Language.factory("kg_entities", default_config={"gazetteer": [], "lexicon": []})
def make_entities(nlp: Language, name: str, gazetteer: list[str], lexicon: list[str]) -> Any:
    """Gazetteer matches, trigger-pattern entities and in-article coreference →
    ``doc._.kg_mentions`` (and ``doc.ents`` for displaCy and other spaCy tools)."""
    from spacy.util import filter_spans

    from kg.extract.mentions import EntityMatcher, find_mentions

    _register_extensions()
    gaz, lex, known = get_resources(gazetteer, lexicon)
    matcher = EntityMatcher(nlp, gaz, known)

    def entities(doc: Doc) -> Doc:
        article_key = doc._.kg_article.id if doc._.kg_article is not None else doc.text[:200]
        idx = find_mentions(doc, matcher, lex, gaz, article_key)
        doc._.kg_mentions = idx
        spans = [
            doc.char_span(
                doc[m.start].idx,
                doc[m.end - 1].idx + len(doc[m.end - 1]),
                label=m.entity.type.value,
                kb_id=m.entity.id,
            )
            for m in idx.mentions
        ]
        doc.ents = filter_spans([s for s in spans if s is not None])
        return doc

    return entities


@Language.factory("kg_claims", default_config={"gazetteer": [], "lexicon": []})
def make_claims(nlp: Language, name: str, gazetteer: list[str], lexicon: list[str]) -> Any:
    """Relations between mentions, with speaker, modality, time and place →
    ``doc._.kg_readings`` (one :class:`kg.extract.readings.Reading` per claim found)."""
    from kg.extract.readings import find_readings

    _register_extensions()
    gaz, lex, _ = get_resources(gazetteer, lexicon)

    def claims(doc: Doc) -> Doc:
        doc._.kg_readings = find_readings(doc, doc._.kg_mentions, lex, gaz)
        return doc

    return claims


def customise_tokenizer(nlp: Language) -> None:
    """Split a proclitic written with tatweel (لـ«الجيش», بـ13), or a conjunction before a quote
    (و«الجنجويد»), off the word it precedes; hashtags into their words («#حكومة_الوفاق»: the #
    and each _ a token of their own, which matching passes over like quotes); and an Arabic
    comma typed without its space off both words («أجدابيا،بعد»)."""
    prefixes = [r"[وف]?[بلك]ـ+", r"[وف](?=[«“\"])", r"#(?=[\u0621-\u064A])",
                *(nlp.Defaults.prefixes or [])]
    infixes = [r"(?<=[\u0621-\u064A])_(?=[\u0621-\u064A])",
               # «أجدابيا،بعد»: a comma or semicolon typed without its space
               r"(?<=[\u0621-\u064A])[،؛](?=[\u0621-\u064A])", *(nlp.Defaults.infixes or [])]
    tokenizer: Any = nlp.tokenizer
    tokenizer.prefix_search = compile_prefix_regex(prefixes).search
    tokenizer.infix_finditer = compile_infix_regex(infixes).finditer


def build_pipeline(
    gazetteer: Sequence[str | Path] = (), lexicon: Sequence[str | Path] = ()
) -> Language:
    """The full extraction pipeline on a blank Arabic model (nothing is downloaded)."""
    config = {"gazetteer": [str(p) for p in gazetteer], "lexicon": [str(p) for p in lexicon]}
    _register_extensions()
    nlp = spacy.blank("ar")
    customise_tokenizer(nlp)
    nlp.add_pipe("kg_normalizer", config=config)
    nlp.add_pipe("kg_sentencizer")
    nlp.add_pipe("kg_entities", config=config)
    nlp.add_pipe("kg_claims", config=config)
    return nlp
