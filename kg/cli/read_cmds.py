"""`kg read`: what the reader makes of articles (title, outlet, dateline, encoding)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table
from rich.text import Text

from kg.batch import NoArticleError, Skipped
from kg.cli.app import app, err, event, out
from kg.errors import ArticleError
from kg.read import iter_articles


@app.command("read")
def read_command(
    paths: Annotated[
        list[Path], typer.Argument(help="Article files or folders (.txt, .jsonl, .html).")
    ],
    as_json: Annotated[
        bool, typer.Option("--json", help="Print one JSON object per article (with its text).")
    ] = False,
) -> None:
    """Read articles and show what was read: title, outlet, dateline, size; bad files listed.

    Exit code: 0 when every input was read; 1 when one was skipped; 2 for a usage error.
    """
    table = Table("file", "outlet", "dateline", "title", "chars", "encoding", title="articles read")
    failures = read = 0
    skipped: list[Skipped] = []
    for item in iter_articles(paths):
        if isinstance(item, ArticleError):
            failures += 1
            skipped.append(Skipped(item.source, item.reason))
            event("skipped", skipped[-1])
            continue
        read += 1
        for note in item.notes:
            event("note", Skipped(item.source, note))
        if as_json:
            rec = {
                "id": item.id,
                "source": item.source,
                "outlet": item.outlet,
                "dateline": item.dateline,
                "title": item.title,
                "date": item.date,
                "url": item.url,
                "encoding": item.encoding,
                "record_id": item.record_id,
                "notes": list(item.notes),
                "text": item.text,
            }
            out.print(json.dumps(rec, ensure_ascii=False), highlight=False, soft_wrap=True)
        else:
            table.add_row(*(Text(v) for v in (  # Text: brackets in a title are not markup
                Path(item.source).name,
                item.outlet or "—",
                item.dateline or "—",
                item.title or "—",
                str(len(item.text)),
                item.encoding or "—",
            )))
    if not as_json:
        out.print(table)
    if failures and not read:
        raise NoArticleError([str(p) for p in paths], skipped)
    err.print(f"{read} articles read; {failures} skipped", highlight=False)
    if failures:
        raise typer.Exit(1)
