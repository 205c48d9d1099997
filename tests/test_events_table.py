"""events.csv and events.jsonl: what a spreadsheet user and a PLOVER/POLECAT user read."""

from __future__ import annotations

import codecs
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from kg.event_table import (
    CSV_COLUMNS,
    LIST_SEP,
    SNIPPET_CHARS,
    event_record,
    read_events_csv,
    write_events_csv,
    write_events_jsonl,
)
from kg.events import group_events
from kg.model import Claim, Modality
from tests.test_events import LNA, TURKEY, WATIYA, claim, fixture_facts

ROOT = Path(__file__).resolve().parent.parent
ARABIC = re.compile("[\u0600-\u06ff]")


@pytest.fixture
def contested_events() -> tuple:
    return group_events([
        claim(LNA, WATIYA, article="a1", day="2020-05-09"),
        claim(LNA, WATIYA, article="a2", outlet="قناة ليبيا الحدث", day="2020-05-09",
              modality=Modality.DENIED),
        claim(TURKEY, WATIYA, article="a2", outlet="قناة ليبيا الحدث", day="2020-05-09"),
        claim(LNA, WATIYA, article="a3", day="2020-05-24"),
    ], fixture_facts())


def test_csv_starts_with_a_bom_and_reads_back_with_arabic_intact(tmp_path: Path,
                                                               contested_events: tuple) -> None:
    path = tmp_path / "events.csv"
    assert write_events_csv(contested_events, path) == 2
    data = path.read_bytes()
    assert data.startswith(codecs.BOM_UTF8)  # what Excel needs to read UTF-8
    rows = read_events_csv(path)
    assert list(rows[0]) == list(CSV_COLUMNS)
    strike, later = rows
    assert (strike["event_date"], strike["date_precision"], strike["time_precision"]) == (
        "2020-05-09", "day", "1")
    assert (strike["actor1"], strike["actor1_side"], strike["actor2"]) == (
        "قوات الكرامة", "lna", "قاعدة الوطية الجوية")
    assert strike["actors_blamed"].split(LIST_SEP) == ["قوات الكرامة", "تركيا"]
    assert (strike["contested"], strike["contested_why"]) == ("1", "denial | blame")
    watiya = fixture_facts()["watiya_airbase"]
    assert (float(strike["latitude"]), float(strike["longitude"])) == (watiya.lat, watiya.lon)
    assert (strike["n_sources"], strike["reporting_sides"]) == ("2", "gna | lna")
    assert ARABIC.search(strike["evidence_ar"]) and len(strike["evidence_ar"]) <= SNIPPET_CHARS
    assert later["contested"] == "0" and later["event_date"] == "2020-05-24"


def test_a_long_sentence_is_cut_to_a_snippet(tmp_path: Path) -> None:
    c = claim(LNA, WATIYA, day="2020-05-09")
    long = "قصف " * 200
    c = Claim(**{**c.__dict__, "evidence": (type(c.evidence[0])(long, 0, len(long)),)})
    write_events_csv(group_events([c]), tmp_path / "e.csv")
    (row,) = read_events_csv(tmp_path / "e.csv")
    assert len(row["evidence_ar"]) == SNIPPET_CHARS and row["evidence_ar"].endswith("…")


def test_jsonl_records_are_plover_shaped(tmp_path: Path, contested_events: tuple) -> None:
    path = tmp_path / "events.jsonl"
    assert write_events_jsonl(contested_events, path) == 2
    lines = path.read_text(encoding="utf-8").splitlines()
    assert "\\u06" not in lines[0]  # Arabic stays readable
    record = json.loads(lines[0])
    assert record == event_record(contested_events[0])
    assert record["event_type"] == "ASSAULT"
    assert record["actor"]["name"] == "قوات الكرامة" and record["actor"]["side"] == "lna"
    assert record["recipient"]["id"] == "watiya_airbase"
    assert record["location"]["lat"] == fixture_facts()["watiya_airbase"].lat
    assert record["contested"] is True
    assert {s["modality"] for s in record["sources"]} == {"asserted", "denied"}
    assert all(s["text"] for s in record["sources"])


def test_unwritable_directory_is_one_clear_error(tmp_path: Path, contested_events: tuple
                                                 ) -> None:
    from kg.errors import ExportError

    with pytest.raises(ExportError, match=r"cannot write .*events\.csv"):
        write_events_csv(contested_events, tmp_path / "missing" / "events.csv")


def test_readme_documents_every_column() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    missing = [c for c in CSV_COLUMNS if f"| `{c}` |" not in readme]
    assert missing == []


SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice not installed "
                                            "(apt-get install libreoffice-calc-nogui)")
def test_libreoffice_reads_the_arabic(tmp_path: Path, contested_events: tuple) -> None:
    """LibreOffice Calc, with the import options its Text Import dialog offers for this file
    (UTF-8, comma), shows the Arabic, and the BOM does not leak into the first header."""
    write_events_csv(contested_events, tmp_path / "events.csv")
    assert SOFFICE is not None
    subprocess.run(
        [SOFFICE, f"-env:UserInstallation={(tmp_path / 'lo-profile').as_uri()}", "--headless",
         "--infilter=CSV:44,34,76,1", "--convert-to", "html", "--outdir", str(tmp_path),
         str(tmp_path / "events.csv")],
        check=True, capture_output=True, timeout=120)
    html = (tmp_path / "events.html").read_text(encoding="utf-8")
    cells = [re.sub("<[^>]+>", "", c) for c in re.findall(r"<td[^>]*>(.*?)</td>", html, re.S)]
    assert cells[: len(CSV_COLUMNS)] == list(CSV_COLUMNS)
    assert "قاعدة الوطية الجوية" in cells and "قوات الكرامة | تركيا" in cells
