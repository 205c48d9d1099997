"""Speakers: reporting verbs (قال، أكد، أعلن …) give the speaker of what follows and the outlet
it went through («في تصريحات لصحيفة X»)."""

from __future__ import annotations

from dataclasses import dataclass

from kg.extract.arguments import subject_of_verb
from kg.extract.mentions import Mention
from kg.extract.resources import lex_key
from kg.extract.sentence import THAT_WORDS, Sentence
from kg.model import EntityType
from kg.normalize import normalize


@dataclass
class Speech:
    verb: int
    speaker: Mention | None
    via: Mention | None
    alleged: bool
    denied: bool
    that: int | None  # token of أن/إن that opens the reported content


def find_speech(s: Sentence, previous: Mention | None, reporter_names: set[str]) -> list[Speech]:
    out = []
    for i in range(s.start, s.end):
        if s.mention(i) is not None or s.norm(i) not in s.lex.reporting:
            continue
        speaker = subject_of_verb(s, i, actors_only=True)
        if speaker is None and (s.clitic(i).startswith(("و", "ف")) or i == s.start):
            speaker = previous
        via = None
        for k in range(i, s.end):
            m = s.mention(k)
            if m is None or m.entity.type is not EntityType.MEDIA:
                continue
            if normalize(m.entity.name) in reporter_names:
                continue
            prev = s.norm(m.start - 1) if m.start - 1 >= s.start else ""
            if (
                s.prep_before(m) == "ل"
                or prev in s.lex.words_of("attribution_nouns")
                or lex_key(prev) in s.lex.heads
            ):
                via = m
                break
        that = next((k for k in range(i + 1, min(i + 12, s.end)) if s.norm(k) in THAT_WORDS), None)
        norm = s.norm(i)
        out.append(
            Speech(
                i,
                speaker,
                via,
                norm in s.lex.reporting_alleged,
                norm in s.lex.reporting_denied,
                that,
            )
        )
    return out
