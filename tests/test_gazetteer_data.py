"""The shipped gazetteer as data: ids, QIDs, aliases, coordinates of places.

These checks read kg/data/gazetteer.jsonl line by line (not through the loader, which drops
keys it does not use) so that a bad line is reported with its number.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from importlib import resources
from typing import Any

import pytest

from kg.extract.resources import load_gazetteer
from kg.normalize import normalize

KEY_ORDER = ("id", "name", "name_en", "type", "aliases", "qid", "side", "generic")
PLACE_KEYS = ("lat", "lon", "country", "admin1")
PLACE_TYPES = {"GPE", "LOC", "FAC"}
SIDES = {"gna", "lna", "gaddafi", "ntc", None}
QID = re.compile(r"^Q[1-9][0-9]*$")
# The 22 first-level districts (شعبيات) of Libya since 2007, as admin1 is written.
LIBYAN_DISTRICTS = frozenset(
    [
        "طرابلس",
        "الجفارة",
        "الزاوية",
        "النقاط الخمس",
        "الجبل الغربي",
        "نالوت",
        "المرقب",
        "مصراتة",
        "سرت",
        "الجفرة",
        "بنغازي",
        "المرج",
        "الجبل الأخضر",
        "درنة",
        "البطنان",
        "الواحات",
        "الكفرة",
        "سبها",
        "وادي الشاطئ",
        "وادي الحياة",
        "غات",
        "مرزق",
    ]
)
# Aliases that knowingly name entities of different types, with the reason. Matching gives such
# an alias to the entity listed first, so each one here is a decision, not an accident.
SHARED_ALIASES: dict[str, str] = {}


def _rows() -> list[tuple[int, dict[str, Any]]]:
    text = resources.files("kg.data").joinpath("gazetteer.jsonl").read_text(encoding="utf-8")
    return [(n, json.loads(line)) for n, line in enumerate(text.splitlines(), 1) if line.strip()]


ROWS = _rows()
BOUNDS: dict[str, dict[str, Any]] = json.loads(
    resources.files("kg.data").joinpath("country_bounds.json").read_text(encoding="utf-8")
)["countries"]


def _places() -> list[tuple[int, dict[str, Any]]]:
    return [(n, r) for n, r in ROWS if r["type"] in PLACE_TYPES]


def test_ids_are_unique_and_the_loader_keeps_every_entry() -> None:
    seen: dict[str, int] = {}
    dupes = []
    for n, r in ROWS:
        if r["id"] in seen:
            dupes.append(f"{r['id']} (lines {seen[r['id']]} and {n})")
        seen[r["id"]] = n
    assert not dupes, "duplicate ids: " + ", ".join(dupes)
    assert len(load_gazetteer().entities) == len(ROWS)


def test_qids_are_wikidata_item_ids() -> None:
    bad = [
        f"line {n}: {r['qid']!r}"
        for n, r in ROWS
        if r["qid"] is not None and not (isinstance(r["qid"], str) and QID.match(r["qid"]))
    ]
    assert not bad, "qid must match ^Q[1-9][0-9]*$ or be null: " + "; ".join(bad)


def test_no_qid_is_given_to_two_entities() -> None:
    by_qid: dict[str, list[str]] = defaultdict(list)
    for _, r in ROWS:
        if r["qid"]:
            by_qid[r["qid"]].append(r["id"])
    shared = {q: ids for q, ids in by_qid.items() if len(ids) > 1}
    assert not shared, f"one Wikidata item, several entries: {shared}"


def test_keys_follow_the_file_order_and_sides_are_known() -> None:
    order = {k: i for i, k in enumerate(KEY_ORDER + PLACE_KEYS)}
    for n, r in ROWS:
        assert set(r) <= set(order), f"line {n}: unknown keys {set(r) - set(order)}"
        assert list(r) == sorted(r, key=order.__getitem__), f"line {n}: keys out of order"
        assert r["side"] in SIDES, f"line {n}: side {r['side']!r}"


def test_places_carry_location_keys_and_nothing_else_does() -> None:
    for n, r in ROWS:
        has = [k for k in PLACE_KEYS if k in r]
        if r["type"] in PLACE_TYPES:
            assert has == list(PLACE_KEYS), f"line {n} ({r['id']}): a place needs {PLACE_KEYS}"
            assert (r["lat"] is None) == (r["lon"] is None), f"line {n}: lat and lon go together"
        else:
            assert not has, f"line {n} ({r['id']}): {r['type']} entries carry no location"


def test_country_codes_are_known() -> None:
    unknown = {r["country"] for _, r in _places() if r["country"] is not None} - set(BOUNDS)
    assert not unknown, f"country codes missing from kg/data/country_bounds.json: {unknown}"


@pytest.mark.parametrize(
    ("n", "row"),
    [pytest.param(n, r, id=r["id"]) for n, r in _places() if r["lat"] is not None],
)
def test_coordinates_lie_inside_their_country(n: int, row: dict[str, Any]) -> None:
    assert row["country"] is not None, f"line {n}: a point needs a country"
    box = BOUNDS[row["country"]]
    lat, lon = row["lat"], row["lon"]
    assert isinstance(lat, float) and isinstance(lon, float)
    assert box["lat"][0] <= lat <= box["lat"][1] and box["lon"][0] <= lon <= box["lon"][1], (
        f"line {n} ({row['id']}): {lat}, {lon} is outside {box['name']} "
        f"(lat {box['lat']}, lon {box['lon']}); latitude and longitude swapped?"
    )


def test_admin1_is_a_libyan_district() -> None:
    for n, r in _places():
        if r["admin1"] is None:
            continue
        assert r["country"] == "LY", f"line {n}: admin1 is only given for Libyan places"
        assert r["admin1"] in LIBYAN_DISTRICTS, f"line {n}: unknown district {r['admin1']!r}"


def test_the_main_cities_are_placed() -> None:
    # What a map of Libyan news cannot do without: each of these must carry a point.
    must = {
        "tripoli",
        "benghazi",
        "misrata",
        "sirte",
        "sabha",
        "tobruk",
        "derna",
        "zawiya",
        "ajdabiya",
        "gharyan",
        "tarhuna",
        "bani_walid",
        "kufra",
        "ubari",
        "murzuq",
    }
    rows = {r["id"]: r for _, r in ROWS}
    missing = sorted(i for i in must if rows.get(i, {}).get("lat") is None)
    assert not missing, f"cities without coordinates: {missing}"


def test_no_alias_names_entities_of_different_types() -> None:
    owners: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for _, r in ROWS:
        for alias in [r["name"], *r["aliases"]]:
            owners[normalize(alias)].add((r["id"], r["type"]))
    clashes = {
        a: sorted(o)
        for a, o in owners.items()
        if len({t for _, t in o}) > 1 and a not in {normalize(s) for s in SHARED_ALIASES}
    }
    assert not clashes, f"aliases naming entities of different types: {clashes}"
    stale = [s for s in SHARED_ALIASES if len(owners.get(normalize(s), ())) < 2]
    assert not stale, f"SHARED_ALIASES entries no longer shared: {stale}"
