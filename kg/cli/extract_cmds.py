"""`kg extract` and `kg evaluate`: articles → claims.jsonl, and claims scored against gold."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from kg.cli.app import (
    GazetteerOption,
    LexiconOption,
    MinConfidenceOption,
    app,
    err,
    event,
    out,
)


@app.command("extract")
def extract_command(
    paths: Annotated[
        list[Path], typer.Argument(help="Article files or folders (.txt, .jsonl, .html).")
    ],
    output: Annotated[
        Path, typer.Option("-o", "--output", help="Where to write claims.jsonl ('-' for stdout).")
    ] = Path("claims.jsonl"),
    gazetteer: GazetteerOption = None,
    lexicon: LexiconOption = None,
    workers: Annotated[
        int, typer.Option("--workers", min=1, help="Worker processes (articles in parallel).")
    ] = 1,
    min_confidence: MinConfidenceOption = 0.0,
) -> None:
    """Extract attributed claims from Arabic articles into claims.jsonl (streamed).

    The output is replaced only when at least one article was read, and whole (never half
    written); a second run writing the same file at the same time is refused. The same text
    twice is used once.

    Exit code: 0 when every input was read; 1 when an input was skipped or nothing could be
    written (the previous output is kept); 2 for a usage error.
    """
    from kg.batch import ExtractReport, NoArticleError, extract_file, extract_to_stream
    from kg.validate import check_data_files

    progress = Progress(
        TextColumn("extracting"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[claims]} claims"),
        TimeElapsedColumn(),
        console=err,
        transient=True,
        disable=not err.is_terminal,
    )
    with progress:
        task = progress.add_task("extract", total=None, claims=0)

        def advance(r: ExtractReport) -> None:
            progress.update(task, advance=1, claims=r.claims)

        if str(output) == "-":
            check_data_files(gazetteer or [], lexicon or [])
            report = ExtractReport(inputs=[str(p) for p in paths], output="-")
            extract_to_stream(paths, sys.stdout, report, gazetteer=gazetteer or [],
                              lexicon=lexicon or [], workers=workers, on_event=event,
                              on_article=advance, min_confidence=min_confidence)
            if not report.articles:
                raise NoArticleError(report.inputs, report.skipped)
        else:
            report = extract_file(paths, output, gazetteer=gazetteer or [], lexicon=lexicon or [],
                                  workers=workers, on_event=event, on_article=advance,
                                  min_confidence=min_confidence)
    err.print(
        f"{report.articles} articles, {report.claims} claims → {output}; "
        f"{len(report.skipped)} skipped",
        highlight=False, markup=False,
    )
    if report.exit_code:
        raise typer.Exit(report.exit_code)


@app.command("evaluate")
def evaluate_command(
    claims: Annotated[Path, typer.Argument(help="claims.jsonl to score.")],
    gold: Annotated[
        Path, typer.Option("--gold", help="Folder with gold entities.jsonl and claims.jsonl.")
    ],
    articles: Annotated[
        list[Path] | None,
        typer.Option(
            "--articles",
            help="The scored articles (files or folders), so that each miss shows its whole "
            "sentence; repeatable.",
        ),
    ] = None,
    show: Annotated[
        int, typer.Option("--show", help="How many misses and false positives to list.")
    ] = 50,
) -> None:
    """Score claims against gold annotations: precision, recall, F1, core recall, reporter
    accuracy, per relation type; then one line per error: a missed gold claim with its sentence
    and what was read there instead, a false claim with the rule that made it."""
    from kg.claims_io import read_claims
    from kg.errors import ArticleError
    from kg.evaluate import evaluate, explain
    from kg.gold import load_gold
    from kg.read import iter_articles

    ev = evaluate(read_claims(claims), load_gold(gold))
    o, c = ev.overall, ev.core
    out.print(
        f"precision {o.precision:.2f}  recall {o.recall:.2f}  F1 {o.f1:.2f}  "
        f"core recall {c.recall:.2f}  reporter accuracy {ev.reporter_accuracy:.2f}  "
        f"({o.tp} matched of {o.gold} gold, {o.predicted} predicted)",
        highlight=False,
    )
    table = Table("relation", "gold", "predicted", "matched", "precision", "recall")
    for rel, s in ev.by_relation.items():
        table.add_row(
            rel, str(s.gold), str(s.predicted), str(s.tp), f"{s.precision:.2f}", f"{s.recall:.2f}"
        )
    out.print(table)
    texts = {
        Path(a.source).name: a.text
        for a in iter_articles(articles or [])
        if not isinstance(a, ArticleError)
    }
    for line in explain(ev, texts, show=show):
        out.print(line, highlight=False, markup=False, soft_wrap=True)
