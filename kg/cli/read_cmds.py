"""`kg read`: what the reader makes of articles (title, outlet, dateline, encoding)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from kg.cli.app import app, err, out
from kg.errors import ArticleError, KgError
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
    """Read articles and show what was read: title, outlet, dateline, size; bad files listed."""
    table = Table("file", "outlet", "dateline", "title", "chars", "encoding", title="articles read")
    failures = 0
    for item in iter_articles(paths):
        if isinstance(item, ArticleError):
            failures += 1
            err.print(f"[yellow]skipped[/] {item}", highlight=False)
            continue
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
                "text": item.text,
            }
            out.print(json.dumps(rec, ensure_ascii=False), highlight=False, soft_wrap=True)
        else:
            table.add_row(
                Path(item.source).name,
                item.outlet or "—",
                item.dateline or "—",
                item.title or "—",
                str(len(item.text)),
                item.encoding or "—",
            )
    if not as_json:
        out.print(table)
    if failures:
        raise KgError(f"{failures} input(s) could not be read (listed above)")
