"""The Typer application and its command groups. Command modules register themselves here.

Each command parses arguments, calls one library function and prints; errors are raised as
:class:`kg.errors.KgError` and turned into one line by :func:`main`, which also owns the exit
codes (0 all read, 1 something skipped or failed, 2 usage error).
"""

from __future__ import annotations

import signal
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.text import Text

from kg import __version__
from kg.batch import Skipped

app = typer.Typer(
    name="kg",
    help="Turn Arabic news articles into a knowledge graph of actors, places and claims.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
load_app = typer.Typer(
    help="Load claims into a graph database (Neo4j, FalkorDB).", no_args_is_help=True
)
query_app = typer.Typer(help="Query a store with Cypher or SPARQL.", no_args_is_help=True)
export_app = typer.Typer(
    help="Export claims as RDF, HTML views or GraphML/GEXF.", no_args_is_help=True
)
app.add_typer(load_app, name="load")
app.add_typer(query_app, name="query")
app.add_typer(export_app, name="export")

# Options shared by the commands that run the extractor (kg extract, kg build).
GazetteerOption = Annotated[
    list[Path] | None,
    typer.Option("--gazetteer", help="Extra gazetteer file (JSONL); repeatable."),
]
MaxEventsOption = Annotated[  # the event map and timeline, alone or among the HTML views
    int, typer.Option("--max-events", min=1,
                      help="Events the page carries at most: those with most sources, then the "
                           "latest (every event is in events.csv).")]
MinConfidenceOption = Annotated[
    float,
    typer.Option("--min-confidence", min=0.0, max=1.0,
                 help="Leave out claims below this confidence: the measured precision of the "
                      "rule that read them (kg/data/calibration.json)."),
]
LexiconOption = Annotated[
    list[Path] | None,
    typer.Option("--lexicon", help="Extra predicate/cue lexicon file (JSONL); repeatable."),
]

# No console markup: what is printed (file names, Arabic titles, entity names from a user's
# claims) may hold brackets, which rich would read as styles or reject as bad markup.
out = Console(soft_wrap=True, markup=False)  # stdout: results
err = Console(stderr=True, soft_wrap=True, markup=False)  # stderr: progress, warnings, errors


def _version(value: bool) -> None:
    if value:
        out.print(f"kg {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version.")
    ] = False,
    debug: Annotated[
        bool, typer.Option("--debug", help="Show the full traceback when something fails.")
    ] = False,
) -> None:
    """kg: Arabic news → knowledge graph."""


def say(label: str, style: str, text: str) -> None:
    """One line on stderr: ``label`` in ``style``, then ``text`` as it is (file names and
    messages may hold brackets, which rich would otherwise read as markup)."""
    line = Text(label, style=style)
    line.append(" " + " ".join(text.split()))
    err.print(line, highlight=False)


_EVENT_STYLE = {"skipped": "yellow", "duplicate": "dim", "note": "cyan"}


def event(kind: str, item: Skipped) -> None:
    """An input skipped, used once as a duplicate, or read with a repair: one line."""
    text = " ".join(f"{item.source}: {item.reason}".split())
    say(kind, _EVENT_STYLE.get(kind, ""), text if len(text) <= 300 else text[:299] + "…")


def main() -> None:
    """Console entry point. The exit code is the same rule for every command: 0 when every
    input was read and every step worked; 1 when an input was skipped or something failed
    (one ``kg: error:`` line says what and how to fix it); 2 for a usage error."""
    from kg.errors import KgError

    debug = "--debug" in sys.argv[1:]
    # `kill` (SIGTERM) unwinds like Ctrl-C, so temporary files are removed on the way out.
    previous = signal.signal(signal.SIGTERM, _terminated)
    try:
        code = typer.main.get_command(app).main(
            args=sys.argv[1:], prog_name="kg", standalone_mode=False)
    except typer.TyperException as exc:  # typer's own click: usage errors and the like
        ctx = getattr(exc, "ctx", None)
        exit_code = getattr(exc, "exit_code", 1)
        if type(exc).__name__ == "NoArgsIsHelpError":  # `kg` or `kg load` alone: the help
            sys.stderr.write(exc.format_message() + "\n")
        elif exit_code == 2:
            where = ctx.command_path if ctx is not None else "kg"
            say("kg: error:", "bold red", f"{exc.format_message()} (see `{where} --help`)")
        else:
            say("kg: error:", "bold red", exc.format_message())
        sys.exit(exit_code)
    except typer.Abort:
        say("kg:", "", "aborted")
        sys.exit(1)
    except KgError as exc:
        if debug:
            raise
        say("kg: error:", "bold red", str(exc))
        sys.exit(1)
    except KeyboardInterrupt:
        err.print("kg: interrupted")
        sys.exit(130)
    except Exception as exc:  # a bug: still one line, and the way to the traceback
        if debug:
            raise
        say("kg: error:", "bold red",
            f"unexpected {type(exc).__name__}: {exc} (this is a bug in kg: run again with "
            "--debug for the traceback and report it)")
        sys.exit(1)
    finally:
        signal.signal(signal.SIGTERM, previous)
    sys.exit(code if isinstance(code, int) else 0)


def _terminated(signum: int, frame: object) -> None:
    raise KeyboardInterrupt
