"""Claim confidence is the measured precision of the rule that read it, and users keep only
the claims above a confidence with ``--min-confidence`` (kg extract, kg build)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from cli_run import ROOT, SAMPLE, run_kg

from kg.build import build
from kg.claims_io import read_claims
from kg.extract.calibration import PRIOR_WEIGHT, calibrated, counts

TEXTS = ROOT / "eval" / "corpus" / "texts"


def test_a_rule_seen_often_gets_its_measured_precision() -> None:
    method, (right, wrong) = max(counts().items(), key=lambda kv: sum(kv[1]))
    assert right + wrong >= 20  # the table holds real measurements
    measured = right / (right + wrong)
    for prior in (0.3, 0.9):  # the prior moves it by at most its weight's share
        share = PRIOR_WEIGHT / (right + wrong + PRIOR_WEIGHT)
        assert abs(calibrated(method, prior) - measured) <= share + 0.01


def test_a_rule_never_measured_keeps_its_prior() -> None:
    assert calibrated("a-rule-no-one-wrote", 0.73) == 0.73


def test_rules_right_more_often_are_more_confident() -> None:
    table = {m: r / (r + w) for m, (r, w) in counts().items() if r + w >= 15}
    best, worst = max(table, key=table.__getitem__), min(table, key=table.__getitem__)
    assert calibrated(best, 0.7) > calibrated(worst, 0.7)


def test_extract_keeps_only_claims_at_or_above_the_threshold(tmp_path: Path) -> None:
    every, some = tmp_path / "all.jsonl", tmp_path / "some.jsonl"
    assert run_kg("extract", SAMPLE, "-o", every).code == 0
    assert run_kg("extract", SAMPLE, "-o", some, "--min-confidence", "0.8").code == 0
    all_claims, kept = list(read_claims(every)), list(read_claims(some))
    assert 0 < len(kept) < len(all_claims)
    assert all(c.confidence >= 0.8 for c in kept)
    assert {c.id for c in kept} == {c.id for c in all_claims if c.confidence >= 0.8}


def test_a_threshold_out_of_range_is_a_usage_error(tmp_path: Path) -> None:
    run = run_kg("extract", SAMPLE, "-o", tmp_path / "c.jsonl", "--min-confidence", "1.5")
    assert run.code == 2


def test_build_with_a_threshold_reuses_the_cache_and_says_so(tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = build([SAMPLE], out, falkordb=False)
    second = build([SAMPLE], out, falkordb=False, min_confidence=0.8)
    assert second.extracted == 0 and second.cached == first.articles  # nothing re-read
    kept = list(read_claims(out / "claims.jsonl"))
    assert kept and all(c.confidence >= 0.8 for c in kept)
    assert second.claims == len(kept) < first.claims
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["min_confidence"] == 0.8


@pytest.mark.skipif(not TEXTS.exists(), reason="the evaluation texts are not in git; none here")
def test_the_shipped_calibration_is_what_the_dev_half_gives() -> None:
    check = subprocess.run([sys.executable, str(ROOT / "eval" / "calibrate.py"), "--check"],
                           capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
