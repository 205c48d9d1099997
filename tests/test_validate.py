"""User data files checked on load (issue 13, case 5): a bad gazetteer or lexicon line is one
line naming file, line and field, before any work starts; nothing that cannot be an IRI gets
through to the RDF writer."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from cli_run import SAMPLE, run_kg

from kg.errors import DataFileError
from kg.extract.resources import load_gazetteer
from kg.validate import check_base_iri, check_data_files, first_error, validator

ROOT = Path(__file__).resolve().parent.parent
GOOD = {"id": "zawiya_council", "name": "مجلس الزاوية", "type": "ORG"}


def jsonl(path: Path, *rows: dict[str, Any] | str) -> Path:
    path.write_text("\n".join(r if isinstance(r, str) else json.dumps(r, ensure_ascii=False)
                              for r in rows) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(("entry", "field", "reason"), [
    ({"qid": "Q1> <http://x/>"}, "qid", "does not match"),
    ({"qid": "Q12\n"}, "qid", "does not match"),  # Python's "$" alone would let it through
    ({"qid": "Q0"}, "qid", "does not match"),
    ({"qid": 1016}, "qid", "must be string or null, not a number"),
    ({"type": "TRIBE"}, "type", "'TRIBE' is not one of PERSON"),
    ({"name": ""}, "name", "should be non-empty"),
    ({"aliases": "الزاوية"}, "aliases", "must be array, not a string"),
    ({"aliases": ["الزاوية", 7]}, "aliases.1", "must be string, not a number"),
    ({"side": ["gna"]}, "side", "must be string or null, not a list"),
    ({"generic": "yes"}, "generic", "must be boolean, not a string"),
    ({"lat": "32.7", "lon": 12.7}, "lat", "must be number or null, not a string"),
    ({"lat": 132.7, "lon": 12.7}, "lat", "greater than the maximum"),
    ({"lat": 32.7}, "lon", "is required when 'lat' is given"),
    ({"country": "LBY"}, "country", "does not match"),
    ({"admin1": 3}, "admin1", "must be string or null, not a number"),
    ({"name": "مجلس\x00الزاوية"}, "name", "control character U+0000"),
])
def test_a_bad_gazetteer_value_names_file_line_and_field(
        tmp_path: Path, entry: dict[str, Any], field: str, reason: str) -> None:
    path = jsonl(tmp_path / "mine.jsonl", "# my entries", GOOD, {**GOOD, "id": "x", **entry})
    with pytest.raises(DataFileError) as info:
        load_gazetteer([path])
    message = str(info.value)
    assert message.startswith(f"{path}, line 3, field '{field}': ")
    assert reason in message and "gazetteer.schema.json" in message and "\n" not in message


@pytest.mark.parametrize(("line", "reason"), [
    ('{"id": "x", "name": "س", "type": "ORG"', "not JSON"),
    ('["x"]', "expected a JSON object, not list"),
    ('{"id": "x", "name": "س", "type": "ORG", "lat": NaN, "lon": 1}', "NaN is not a JSON number"),
])
def test_a_gazetteer_line_that_is_no_object_names_file_and_line(
        tmp_path: Path, line: str, reason: str) -> None:
    path = jsonl(tmp_path / "mine.jsonl", GOOD, line)
    with pytest.raises(DataFileError, match=rf"^{path}, line 2: .*{reason}"):
        load_gazetteer([path])


def test_a_missing_or_binary_gazetteer_is_one_clear_line(tmp_path: Path) -> None:
    with pytest.raises(DataFileError, match=r"cannot read .*No such file"):
        load_gazetteer([tmp_path / "none.jsonl"])
    (tmp_path / "bin.jsonl").write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(DataFileError, match="not UTF-8 text"):
        load_gazetteer([tmp_path / "bin.jsonl"])


def test_place_fields_reach_the_entity(tmp_path: Path) -> None:
    place = {"id": "zawiya", "name": "الزاوية", "type": "GPE", "lat": 32.757, "lon": 12.727,
             "country": "LY", "admin1": "الزاوية", "qid": "Q207009", "wikipedia": "extra keys ok"}
    gaz = load_gazetteer([jsonl(tmp_path / "mine.jsonl", place)])
    e = gaz.entities["zawiya"]
    assert (e.lat, e.lon, e.country, e.admin1, e.qid) == (32.757, 12.727, "LY", "الزاوية",
                                                          "Q207009")
    assert gaz.entities["libya"].lat is None or isinstance(gaz.entities["libya"].lat, float)


def test_the_shipped_and_example_gazetteers_follow_the_schema() -> None:
    files = [ROOT / "kg" / "data" / "gazetteer.jsonl",
             *sorted((ROOT / "examples" / "gazetteers").glob("*.jsonl"))]
    for path in files:
        for number, line in enumerate(path.read_text(encoding="utf-8").split("\n"), 1):
            if line.strip() and not line.startswith("#"):
                assert first_error("gazetteer", json.loads(line)) is None, (path, number)


@pytest.mark.parametrize(("entry", "field", "reason"), [
    ({"kind": "title", "words": "اللواء"}, "words", "must be array, not a string"),
    ({"kind": "title", "words": [5]}, "words.0", "must be string, not a number"),
    ({"kind": "predicate", "past": ["قصف"]}, "relation", "is required and missing"),
    ({"kind": "predicate", "relation": "BOMB", "past": ["قصف"]}, "relation",
     "'BOMB' is not one of ASSAULT"),
    ({"relation": "ASSAULT", "past": ["قصف"], "modality": "rumoured"}, "modality",
     "'rumoured' is not one of asserted"),
    ({"kind": "head", "type": "TRIBE", "words": ["قبيلة"]}, "type", "'TRIBE' is not one of"),
    ({"kind": "predicate", "relation": "ASSAULT", "light": "yes"}, "light",
     "must be boolean, not a string"),
    ({"kind": "role", "words": ["آمر"]}, "relation", "is required and missing"),
    ({"kind": "title", "words": ["الل\u0007واء"]}, "words.0", "control character U+0007"),
])
def test_a_bad_lexicon_value_names_file_line_and_field(
        tmp_path: Path, entry: dict[str, Any], field: str, reason: str) -> None:
    path = jsonl(tmp_path / "lex.jsonl", {"kind": "title", "words": ["العميد"]}, entry)
    with pytest.raises(DataFileError) as info:
        check_data_files(lexicon=[path])
    message = str(info.value)
    assert message.startswith(f"{path}, line 2, field '{field}': ")
    assert reason in message and "\n" not in message


def test_the_shipped_lexicon_follows_its_schema() -> None:
    path = ROOT / "kg" / "data" / "lexicon.jsonl"
    for number, line in enumerate(path.read_text(encoding="utf-8").split("\n"), 1):
        if line.strip() and not line.startswith("#"):
            errors = list(validator("lexicon").iter_errors(json.loads(line)))
            assert not errors, (number, errors[0].message)


def test_a_good_user_lexicon_passes(tmp_path: Path) -> None:
    path = jsonl(tmp_path / "lex.jsonl",
                 {"kind": "predicate", "relation": "ASSAULT", "past": ["دك"], "present": ["يدك"],
                  "preps": [""], "object": "place"},
                 {"kind": "demonym", "entity": "تركيا", "forms": ["التركي"]},
                 {"kind": "title", "words": ["العميد"], "note": ["keys of their own are fine"]})
    check_data_files(lexicon=[path])


@pytest.mark.parametrize("command", ["extract", "build"])
def test_a_bad_data_line_is_one_error_line_before_any_work(
        tmp_path: Path, command: str) -> None:
    gazetteer = jsonl(tmp_path / "mine.jsonl", GOOD, {**GOOD, "id": "x", "qid": "Q1> <http://x/>"})
    out = tmp_path / "out"
    done = run_kg(command, SAMPLE, "-o", out, "--gazetteer", gazetteer)
    assert done.code == 1
    assert done.err_lines == [done.first_line]  # one line, and nothing ran before it
    assert done.first_line.startswith(f"kg: error: {gazetteer}, line 2, field 'qid': ")
    assert not out.exists()


def test_a_bad_lexicon_line_through_the_cli(tmp_path: Path) -> None:
    lexicon = jsonl(tmp_path / "lex.jsonl", {"kind": "title", "words": 5})
    done = run_kg("extract", SAMPLE, "-o", tmp_path / "c.jsonl", "--lexicon", lexicon)
    assert done.code == 1
    assert done.err_lines == [f"kg: error: {lexicon}, line 1, field 'words': must be array, "
                              "not a number (see kg/data/lexicon.schema.json and "
                              "kg/data/lexicon.jsonl for the entry format)"]


@pytest.mark.parametrize("base", ["https://example.org/kg/", "urn:kg:", "http://x/a#"])
def test_a_good_base_iri(base: str) -> None:
    assert check_base_iri(base) == base


@pytest.mark.parametrize("base", ["http://x/> <http://y/", "no-scheme/", "http://x/\n",
                                  "http://x/{id}", ""])
def test_a_base_that_cannot_be_an_iri_is_a_usage_error(
        base: str, gold_claims_path: Path, tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        check_base_iri(base)
    done = run_kg("export", "rdf", gold_claims_path, "-o", tmp_path / "kg.ttl", "--base", base)
    assert done.code == 2
    assert done.first_line.startswith("kg: error: Invalid value for '--base'")
    assert not (tmp_path / "kg.ttl").exists()
