"""A claim's confidence is the measured precision of the rule that read it.

Each reading's rule (``method``) carries a prior confidence set by hand; ``kg/data/
calibration.json`` holds how often each rule was right and wrong on the development half of
the evaluation corpus (``eval/``, written by ``python eval/calibrate.py``). The confidence a
claim gets is that precision shrunk toward the prior, with the prior counted as
:data:`PRIOR_WEIGHT` observations, so a rule seen a few times keeps close to its prior and one
seen often speaks for itself. Users who keep only claims above a confidence
(``--min-confidence``) thus choose a precision, not an arbitrary score.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources

PRIOR_WEIGHT = 4
FILE = "calibration.json"


@cache
def counts() -> dict[str, tuple[int, int]]:
    """Rule → (claims right, claims wrong) on the development corpus."""
    text = resources.files("kg.data").joinpath(FILE).read_text(encoding="utf-8")
    return {m: (int(c["matched"]), int(c["false"])) for m, c in json.loads(text)["methods"].items()}


def calibrated(method: str, prior: float) -> float:
    """The confidence of a claim read by ``method`` whose rule set ``prior``."""
    right, wrong = counts().get(method, (0, 0))
    return round((right + PRIOR_WEIGHT * prior) / (right + wrong + PRIOR_WEIGHT), 2)
