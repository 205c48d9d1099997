"""Where the claimed words sit in an evidence sentence: subject, predicate and object spans.

Matching is done on normalised Arabic (so «الكرامة» finds «الكرامه», a hamza variant or a
diacritised form) and mapped back to offsets of the sentence as written. The page builds the
highlighted sentence from text nodes and ``<mark>`` elements, never from an HTML string.
"""

from __future__ import annotations

from functools import lru_cache

from kg.model import Claim, EntityRef
from kg.normalize import normalize, normalize_with_offsets, original_span

Mark = tuple[int, int, str]  # [start, end) in the sentence, and "subj", "pred" or "obj"


@lru_cache(maxsize=65536)
def _forms(ref: EntityRef) -> tuple[str, ...]:
    """Surface forms to look for, longest first: the mention as written, the canonical name,
    and the name without a leading article word (قوات الكرامة → الكرامة)."""
    forms = [f for f in (ref.mention, ref.name) if f]
    words = ref.name.split()
    if len(words) > 1:
        forms.append(words[-1] if len(words[-1]) > 3 else " ".join(words[1:]))
    # longest first, then by the words themselves: set order changes from run to run
    # (string hashing is seeded per process), and the page must not
    return tuple(sorted({normalize(f).strip() for f in forms if f.strip()},
                        key=lambda f: (-len(f), f)))


@lru_cache(maxsize=4096)
def _label_forms(label: str) -> tuple[str, ...]:
    return (normalize(label).strip(),) if label.strip() else ()


def _find(norm: str, offsets: list[int], forms: tuple[str, ...], kind: str,
          taken: list[Mark]) -> Mark | None:
    for form in forms:
        start = norm.find(form)
        while start >= 0:
            s, e = original_span(offsets, start, start + len(form))
            if not any(s < te and ts < e for ts, te, _ in taken):
                return (s, e, kind)
            start = norm.find(form, start + 1)
    return None


def _raw_forms(ref: EntityRef) -> tuple[str, ...]:
    return tuple(f for f in (ref.mention, ref.name) if f)


def evidence_marks(claim: Claim, sentence: str) -> list[Mark]:
    """Non-overlapping spans of ``sentence`` that name the claim's subject, object and
    predicate, sorted by position. A part the sentence does not spell out gets no mark."""
    return list(_marks(claim.subject, claim.object, claim.relation.label, sentence))


def forget_marks() -> None:
    """Empty the cache of :func:`evidence_marks` (an export does when done with its claims)."""
    _marks.cache_clear()


# Every view that shows a claim (the whole network, an entity's, an outlet's, the contested
# one, the event map and timeline) marks its sentences again: find each once.
@lru_cache(maxsize=1 << 18)
def _marks(subject: EntityRef, obj: EntityRef, relation_label: str,
           sentence: str) -> tuple[Mark, ...]:
    parts = ((subject, "subj"), (obj, "obj"))
    label = relation_label.strip()
    # Fast path: the words as written (most sentences); normalising costs more than the rest.
    identity = list(range(len(sentence) + 1))
    marks: list[Mark] = []
    for forms, kind in ((_raw_forms(ref), kind) for ref, kind in parts):
        found = _find(sentence, identity, forms, kind, marks)
        if found:
            marks.append(found)
    pred = _find(sentence, identity, (label,), "pred", marks) if label else None
    if pred:
        marks.append(pred)
    if len(marks) == 2 + bool(label):
        return tuple(sorted(marks))
    norm, offsets = normalize_with_offsets(sentence)
    marks = []
    for forms, kind in ((_forms(subject), "subj"), (_forms(obj), "obj"),
                        (_label_forms(relation_label), "pred")):
        found = _find(norm, offsets, forms, kind, marks)
        if found:
            marks.append(found)
    return tuple(sorted(marks))
