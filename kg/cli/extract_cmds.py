"""`kg extract` and `kg evaluate`: articles → claims.jsonl, and claims scored against gold."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from kg.cli.app import GazetteerOption, LexiconOption, app, err, out
from kg.errors import ArticleError, ExportError, KgError


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
) -> None:
    """Extract attributed claims from Arabic articles into claims.jsonl (streamed)."""
    from kg.claims_io import write_claims
    from kg.extract import extract_claims

    failures: list[ArticleError] = []

    def report(e: ArticleError) -> None:
        failures.append(e)
        err.print(f"[yellow]skipped[/] {e}", highlight=False)

    n_articles = n_claims = 0
    to_stdout = str(output) == "-"
    tmp = output.with_name(output.name + ".part") if not to_stdout else None
    try:
        handle = sys.stdout if to_stdout else tmp.open("w", encoding="utf-8")  # type: ignore[union-attr]
    except OSError as exc:
        raise ExportError(
            f"cannot write {output}: {exc.strerror}", hint="choose a writable path with -o"
        ) from None
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
    try:
        with progress:
            task = progress.add_task("extract", total=None, claims=0)
            for result in extract_claims(
                paths,
                gazetteer=gazetteer or [],
                lexicon=lexicon or [],
                workers=workers,
                on_error=report,
            ):
                n_claims += write_claims(result.claims, handle)
                n_articles += 1
                progress.update(task, advance=1, claims=n_claims)
    except OSError as exc:
        raise ExportError(f"cannot write {output}: {exc.strerror}") from None
    finally:
        if not to_stdout:
            handle.close()
    if tmp is not None:
        tmp.replace(output)  # a half-written file never takes the place of a good one
    err.print(
        f"{n_articles} articles, {n_claims} claims → {output}; {len(failures)} skipped",
        highlight=False,
    )
    if failures and not n_articles:
        raise KgError("no article could be read (see the reasons above)")


@app.command("evaluate")
def evaluate_command(
    claims: Annotated[Path, typer.Argument(help="claims.jsonl to score.")],
    gold: Annotated[
        Path, typer.Option("--gold", help="Folder with gold entities.jsonl and claims.jsonl.")
    ],
    show: Annotated[
        int, typer.Option("--show", help="How many misses and false positives to list.")
    ] = 50,
) -> None:
    """Score claims against gold annotations: precision, recall, F1, core recall, reporter
    accuracy, per relation type; lists misses and false positives."""
    from kg.claims_io import read_claims
    from kg.evaluate import evaluate
    from kg.gold import load_gold

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
    if ev.misses:
        out.print(f"misses ({len(ev.misses)}):")
        for g in ev.misses[:show]:
            core = " core" if g.core else ""
            out.print(
                f"  {g.id}{core}: {g.subject} {g.relation.value} {'|'.join(g.objects)}"
                f"  «{g.evidence[0] if g.evidence else ''}»",
                highlight=False,
                markup=False,
            )
    if ev.false_positives:
        out.print(f"false positives ({len(ev.false_positives)}):")
        for fp in ev.false_positives[:show]:
            out.print(
                f"  {Path(fp.article.path or fp.article.id).name}: {fp.subject.name} "
                f"–{fp.relation.type.value}/{fp.relation.label}→ {fp.object.name} "
                f"[{fp.method}]",
                highlight=False,
                markup=False,
            )
