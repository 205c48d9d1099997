"""The map and timeline pages as files: self-contained, escaped, and the shipped outline."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from kg.errors import ExportError
from kg.events import group_events
from kg.model import Claim, EntityRef, EntityType, Evidence
from kg.views.event_pages import export_event_views, render_map, render_timeline, top_events
from kg.views.outline import decode_arcs, load_outline, region_geojson, simplify
from tests.test_html_views import EVIL


def test_pages_are_single_files_with_no_address_to_fetch(tmp_path: Path,
                                                         gold_claims: list[Claim]) -> None:
    paths = export_event_views(group_events(gold_claims), tmp_path, index_href="index.html")
    assert [p.name for p in paths] == ["map.html", "timeline.html"]
    for p in paths:
        html = p.read_text(encoding="utf-8")
        assert '<html lang="ar" dir="rtl">' in html
        markup = re.sub(r"<(script|style)\b[^>]*>.*?</\1>", "", html, flags=re.S)
        assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", markup)
        assert "<script src" not in html and "<link" not in html
        assert "sourceMappingURL" not in html and "url(images/" not in html
        assert 'href="index.html"' in html
    assert "L.map(" in paths[0].read_text(encoding="utf-8")  # Leaflet inlined


def test_data_cannot_close_the_script_element(gold_claims: list[Claim]) -> None:
    c = gold_claims[0]
    sentence = f"قصفت {EVIL} </script><script>x()</script>"
    evil = [Claim(**{**c.__dict__, "id": "evil", "subject": EntityRef("evil", EVIL,
                                                                    EntityType.ARMED_GROUP),
                     "evidence": (Evidence(sentence, 0, len(sentence)),)})]
    for html in (render_map(group_events(evil)), render_timeline(group_events(evil))):
        assert EVIL not in html and "</script><script>x()" not in html
        data = re.search(r'id="kg-events">(.*?)</script>', html, re.S)
        assert data and EVIL in json.loads(data.group(1))[0]["actor1"]


def test_an_unwritable_directory_is_one_clear_error(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    with pytest.raises(ExportError, match="cannot create"):
        export_event_views([], tmp_path / "file" / "views")


def test_the_shipped_outline_is_libya_and_its_neighbours() -> None:
    outline = load_outline()
    names = [f["properties"]["name"] for f in outline["features"]]
    assert names[0] == "Libya" and {"Tunisia", "Egypt", "Algeria", "Chad"} <= set(names)
    libya = outline["features"][0]["geometry"]["coordinates"]
    lons = [x for poly in libya for ring in poly for x, _ in ring]
    lats = [y for poly in libya for ring in poly for _, y in ring]
    # Libya spans about 9.3°E–25.2°E and 19.5°N–33.2°N.
    assert 9.0 < min(lons) < 9.7 and 24.9 < max(lons) < 25.5
    assert 19.3 < min(lats) < 19.8 and 33.0 < max(lats) < 33.4


def test_topojson_decoding_and_simplification() -> None:
    topology = {
        "transform": {"scale": [0.5, 0.5], "translate": [10, 20]},
        "arcs": [[[0, 0], [2, 0], [0, 2]], [[2, 2], [-2, 0], [0, -2]]],
        "objects": {"countries": {"geometries": [
            {"type": "Polygon", "id": "434", "arcs": [[0, 1]]},
            {"type": "Polygon", "id": "999", "arcs": [[0, 1]]},
        ]}},
    }
    assert decode_arcs(topology)[0] == [(10.0, 20.0), (11.0, 20.0), (11.0, 21.0)]
    geo = region_geojson(topology, {"434": "Libya"})
    assert [f["properties"]["name"] for f in geo["features"]] == ["Libya"]
    ring = geo["features"][0]["geometry"]["coordinates"][0][0]
    assert ring[0] == ring[-1] == [10.0, 20.0] and len(ring) == 5
    line = [(0.0, 0.0), (1.0, 0.001), (2.0, 0.0), (3.0, 1.0)]
    assert simplify(line, 0.01) == [(0.0, 0.0), (2.0, 0.0), (3.0, 1.0)]


def test_event_pages_carry_the_best_sourced_events_and_say_so(tmp_path: Path,
                                                               gold_claims: list[Claim]) -> None:
    events = group_events(gold_claims)
    assert len(events) > 3
    kept = top_events(events, 3)
    assert len(kept) == 3 and [e for e in events if e in kept] == kept  # in their order
    fewest = min(e.n_sources for e in kept)
    assert all(e.n_sources <= fewest for e in events if e not in kept)
    assert top_events(events, len(events)) == list(events)
    paths = export_event_views(events, tmp_path, max_events=3)
    for p in paths:
        html = p.read_text(encoding="utf-8")
        data = re.search(r'id="kg-events">(.*?)</script>', html, re.S)
        assert data and len(json.loads(data.group(1))) == 3
        assert f"the best-sourced of {len(events)} events" in html
    whole = export_event_views(events, tmp_path / "all")
    assert "the best-sourced of" not in whole[0].read_text(encoding="utf-8")
