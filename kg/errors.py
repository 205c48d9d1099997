"""One error hierarchy. Every message says the cause and, where there is one, the fix.

The CLI prints ``str(error)`` on one line and exits non-zero; library callers catch ``KgError``.
"""

from __future__ import annotations


class KgError(Exception):
    """Root of every error kg raises on purpose."""

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        self.message = message
        self.hint = hint
        super().__init__(message if not hint else f"{message} ({hint})")


class ArticleError(KgError):
    """An input article cannot be read: unreadable, undecodable, empty, not Arabic."""

    def __init__(self, source: str, reason: str, *, hint: str | None = None) -> None:
        self.source = source
        self.reason = reason
        super().__init__(f"{source}: {reason}", hint=hint)


class ClaimsFormatError(KgError):
    """A claims.jsonl line does not follow schema/claim.schema.json."""

    def __init__(self, source: str, line: int, field: str, reason: str) -> None:
        self.source = source
        self.line = line
        self.field = field
        super().__init__(
            f"{source}, line {line}, field '{field}': {reason}",
            hint="see schema/claim.schema.json for the claims contract",
        )


class DataFileError(KgError):
    """A gazetteer or lexicon file (shipped or the user's) is malformed."""


class StoreError(KgError):
    """A graph or RDF store is unreachable, refuses the credentials or rejects a statement."""


class QueryError(KgError):
    """A Cypher or SPARQL query is malformed or its data source is missing."""


class ExportError(KgError):
    """An export cannot be written (unwritable directory, disk full, bad format)."""


class ClusterError(KgError):
    """A Dask cluster (``--scheduler``) could not be reached or failed a task."""
