"""Extraction over a batch of inputs: the one loop ``kg extract`` and ``kg build`` share.

Every input ends up in exactly one place: read (its claims written), skipped (with the
reason), a duplicate of an article already read (its claims used once), and what the reader
repaired is noted. A run that reads no article at all is one :class:`NoArticleError`, raised
before any output is replaced.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import IO, TYPE_CHECKING, Protocol

from kg.atomic import AtomicFile
from kg.errors import ArticleError, ExportError, KgError

if TYPE_CHECKING:
    from kg.cache import ExtractionCache
    from kg.extract import ArticleResult


@dataclass(frozen=True)
class Skipped:
    """An input that was not used (or used with a repair), and why."""

    source: str
    reason: str


class Tally(Protocol):
    """What a batch records about its inputs (BuildReport and ExtractReport both do)."""

    articles: int
    skipped: list[Skipped]
    duplicates: list[Skipped]
    notes: list[Skipped]


Event = Callable[[str, Skipped], None]  # ("skipped" | "duplicate" | "note", what)


class NoArticleError(KgError):
    """No input could be read: nothing to write, so nothing is replaced."""

    def __init__(self, inputs: Sequence[str], skipped: Sequence[Skipped]) -> None:
        where = ", ".join(inputs) or "no input"
        reasons = "; ".join(f"{s.source}: {s.reason}" for s in skipped[:3])
        more = f"; and {len(skipped) - 3} more" if len(skipped) > 3 else ""
        super().__init__(f"no article could be read from {where}",
                         hint=f"{reasons}{more}; fix or replace these inputs" if reasons else
                         "give article files (.txt, .jsonl, .html) or folders holding them")


def extract_batch(paths: Iterable[str | Path], tally: Tally, *,
                  gazetteer: Sequence[str | Path] = (), lexicon: Sequence[str | Path] = (),
                  workers: int = 1, on_event: Event | None = None,
                  cache: ExtractionCache | None = None,
                  cluster: tuple[str, Path] | None = None,
                  min_confidence: float = 0.0) -> Iterator[ArticleResult]:
    """The results of every article under ``paths``, each distinct text once, in input order;
    ``tally`` counts them and collects what was skipped, duplicated or repaired. With
    ``cluster`` (a Dask scheduler address and a work folder every worker sees), the
    extraction runs there (:mod:`kg.distributed`). Claims whose confidence (the measured
    precision of their rule, :mod:`kg.extract.calibration`) is below ``min_confidence`` are
    left out; the build cache keeps them all, so changing it re-extracts nothing."""
    from kg.extract import extract_claims

    def event(kind: str, item: Skipped) -> None:
        {"skipped": tally.skipped, "duplicate": tally.duplicates, "note": tally.notes}[kind] \
            .append(item)
        if on_event is not None:
            on_event(kind, item)

    def skipped(e: ArticleError) -> None:
        event("skipped", Skipped(e.source, e.reason))

    results: Iterable[ArticleResult]
    if cluster is not None:
        from kg.distributed import extract_on_cluster

        results = extract_on_cluster(list(paths), cluster[0], cluster[1], gazetteer=gazetteer,
                                     lexicon=lexicon, on_error=skipped, cache=cache)
    else:
        results = extract_claims(paths, gazetteer=gazetteer, lexicon=lexicon, workers=workers,
                                 cache=cache, on_error=skipped)
    seen: dict[str, str] = {}  # article id → the first source with that text
    for result in results:
        article = result.article
        first = seen.setdefault(article.id, article.source)
        if first != article.source:  # the same text twice: its claims once
            event("duplicate", Skipped(article.source, f"same text as {first}"))
            continue
        for note in article.notes:
            event("note", Skipped(article.source, note))
        tally.articles += 1
        yield result if min_confidence <= 0 else confident(result, min_confidence)


def confident(result: ArticleResult, min_confidence: float) -> ArticleResult:
    """``result`` without its claims below ``min_confidence``."""
    keep = [i for i, c in enumerate(result.claims) if c.confidence >= min_confidence]
    if len(keep) == len(result.claims):
        return result
    return replace(result, claims=[result.claims[i] for i in keep],
                   lines=tuple(result.lines[i] for i in keep))


def write_lines(lines: Sequence[str], stream: IO[str]) -> int:
    """Write claims.jsonl lines (as ``ArticleResult.lines`` holds them); returns the count."""
    for line in lines:
        stream.write(line)
        stream.write("\n")
    return len(lines)


@dataclass
class ExtractReport:
    """What ``kg extract`` read and wrote."""

    inputs: list[str]
    output: str
    articles: int = 0
    claims: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    duplicates: list[Skipped] = field(default_factory=list)  # not a failure: used once
    notes: list[Skipped] = field(default_factory=list)  # read, with a repair

    @property
    def exit_code(self) -> int:
        """0 when every input was read, 1 when one was skipped."""
        return 1 if self.skipped else 0


def extract_to_stream(paths: Iterable[str | Path], stream: IO[str], report: ExtractReport, *,
                      gazetteer: Sequence[str | Path] = (), lexicon: Sequence[str | Path] = (),
                      workers: int = 1, on_event: Event | None = None,
                      on_article: Callable[[ExtractReport], None] | None = None,
                      min_confidence: float = 0.0) -> None:
    """Write the claims of every article under ``paths`` to ``stream`` as they come."""
    for result in extract_batch(paths, report, gazetteer=gazetteer, lexicon=lexicon,
                                workers=workers, on_event=on_event,
                                min_confidence=min_confidence):
        report.claims += write_lines(result.lines, stream)
        if on_article is not None:
            on_article(report)


def extract_file(paths: Iterable[str | Path], output: str | Path, *,
                 gazetteer: Sequence[str | Path] = (), lexicon: Sequence[str | Path] = (),
                 workers: int = 1, on_event: Event | None = None,
                 on_article: Callable[[ExtractReport], None] | None = None,
                 min_confidence: float = 0.0) -> ExtractReport:
    """Extract the claims of ``paths`` into the claims file ``output``.

    The user's data files are checked first. ``output`` is replaced whole and only when at
    least one article was read; while this runs, a second writer of ``output`` is refused.
    Raises :class:`NoArticleError` (``output`` untouched) when nothing could be read, and
    :class:`ExportError` when ``output`` cannot be written.
    """
    from kg.validate import check_data_files

    paths = list(paths)
    check_data_files(gazetteer, lexicon)
    report = ExtractReport(inputs=[str(p) for p in paths], output=str(output))
    with AtomicFile(output, "kg extract") as target:
        try:
            with target.open() as stream:
                extract_to_stream(paths, stream, report, gazetteer=gazetteer, lexicon=lexicon,
                                  workers=workers, on_event=on_event, on_article=on_article,
                                  min_confidence=min_confidence)
        except OSError as exc:
            raise ExportError(f"cannot write {output}: {exc.strerror or exc}",
                              hint="free disk space or choose another path with -o; "
                                   "the previous file is kept") from exc
        if not report.articles:
            raise NoArticleError(report.inputs, report.skipped)
        target.commit()
    return report
