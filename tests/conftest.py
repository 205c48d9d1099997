"""Shared fixtures: the sample articles and the gold claims in the claims contract."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.claims_io import read_claims
from kg.model import Claim

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="session")
def articles_dir() -> Path:
    """The five sample articles, exactly as scraped."""
    return ROOT / "examples" / "articles"


@pytest.fixture(scope="session")
def gold_dir() -> Path:
    return FIXTURES / "gold"


@pytest.fixture(scope="session")
def gold_claims_path() -> Path:
    """The hand-made gold claims in the claims contract (tests/fixtures/make_gold_claims.py)."""
    return FIXTURES / "gold_claims.jsonl"


@pytest.fixture(scope="session")
def gold_claims(gold_claims_path: Path) -> list[Claim]:
    return list(read_claims(gold_claims_path))
