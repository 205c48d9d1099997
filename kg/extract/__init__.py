"""Extraction: Arabic articles → attributed claims, built from spaCy parts and shipped data.

Importing this package registers the spaCy components ``kg_normalizer``, ``kg_sentencizer``,
``kg_entities`` and ``kg_claims``.
"""

from kg.extract.extractor import ArticleResult, Extractor, extract_claims, resolve_date
from kg.extract.pipeline import build_pipeline

__all__ = ["ArticleResult", "Extractor", "build_pipeline", "extract_claims", "resolve_date"]
