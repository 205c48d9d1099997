"""Where the claimed words sit in an evidence sentence: subject, predicate and object spans.

Matching is done on normalised Arabic (so «الكرامة» finds «الكرامه», a hamza variant or a
diacritised form) and mapped back to offsets of the sentence as written. The page builds the
highlighted sentence from text nodes and ``<mark>`` elements, never from an HTML string.
"""

from __future__ import annotations

from kg.model import Claim, EntityRef
from kg.normalize import normalize, normalize_with_offsets, original_span

Mark = tuple[int, int, str]  # [start, end) in the sentence, and "subj", "pred" or "obj"


def _forms(ref: EntityRef) -> list[str]:
    """Surface forms to look for, longest first: the mention as written, the canonical name,
    and the name without a leading article word (قوات الكرامة → الكرامة)."""
    forms = [f for f in (ref.mention, ref.name) if f]
    words = ref.name.split()
    if len(words) > 1:
        forms.append(words[-1] if len(words[-1]) > 3 else " ".join(words[1:]))
    return sorted({normalize(f).strip() for f in forms if f.strip()}, key=len, reverse=True)


def _find(norm: str, offsets: list[int], forms: list[str], kind: str,
          taken: list[Mark]) -> Mark | None:
    for form in forms:
        start = norm.find(form)
        while start >= 0:
            s, e = original_span(offsets, start, start + len(form))
            if not any(s < te and ts < e for ts, te, _ in taken):
                return (s, e, kind)
            start = norm.find(form, start + 1)
    return None


def evidence_marks(claim: Claim, sentence: str) -> list[Mark]:
    """Non-overlapping spans of ``sentence`` that name the claim's subject, object and
    predicate, sorted by position. A part the sentence does not spell out gets no mark."""
    norm, offsets = normalize_with_offsets(sentence)
    marks: list[Mark] = []
    label_forms = [normalize(claim.relation.label).strip()] if claim.relation.label.strip() else []
    for forms, kind in ((_forms(claim.subject), "subj"), (_forms(claim.object), "obj"),
                        (label_forms, "pred")):
        found = _find(norm, offsets, forms, kind, marks)
        if found:
            marks.append(found)
    return sorted(marks)
