"""The map and timeline views in a real headless Chromium with networking off: they draw, log no
error, send no request, filter by date, side and contest, and a click on an event shows its
evidence. Data: the multi-outlet fixture through the real extractor, with its coordinates."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from kg.events import Event, group_events
from kg.model import Claim, EntityRef, EntityType, Evidence
from kg.views.event_pages import export_event_views, render_map
from tests.test_events import fixture_claims, fixture_facts  # noqa: F401  (a fixture)
from tests.test_html_browser import CHROMIUM, OFFLINE_ARGS, Loaded, pixel_variety
from tests.test_html_views import EVIL

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists() and not shutil.which("chromium"),
                       reason=f"headless Chromium not installed ({CHROMIUM}); "
                              "apt-get install chromium"),
]
playwright_api = pytest.importorskip("playwright.sync_api",
                                     reason="playwright not installed (pip install playwright)")


@pytest.fixture(scope="module")
def events(fixture_claims: list[Claim]) -> tuple[Event, ...]:  # noqa: F811
    return group_events(fixture_claims, fixture_facts())


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory, events: tuple[Event, ...]) -> Path:
    out = tmp_path_factory.mktemp("event-views")
    export_event_views(events, out)
    return out


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    chromium = CHROMIUM if Path(CHROMIUM).exists() else shutil.which("chromium")
    with playwright_api.sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-profile")), executable_path=chromium,
            headless=True, args=OFFLINE_ARGS, viewport={"width": 1280, "height": 800})
        yield context
        context.close()


@pytest.fixture
def load(browser: Any) -> Iterator[Any]:
    opened = []

    def _load(path: Path, ready: str) -> Loaded:
        page = browser.new_page()
        opened.append(page)
        seen = Loaded(page)
        page.on("console", lambda m: seen.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: seen.errors.append(str(e)))
        page.on("request", lambda r: None if r.url.startswith(("file:", "data:", "blob:"))
                else seen.requests.append(r.url))
        page.goto(path.as_uri())
        page.wait_for_function(f"window.{ready} === true" if ready != "network" else
                               "window.network && (!network.physics.physicsEnabled || "
                               "network.physics.ready)", timeout=30_000)
        page.wait_for_timeout(200)
        return seen

    yield _load
    for page in opened:
        page.close()


def contested(events: tuple[Event, ...]) -> Event:
    return next(e for e in events if e.contested)


def _set(seen: Loaded, selector: str, value: str) -> None:
    seen.page.fill(selector, value)
    seen.page.dispatch_event(selector, "input")


def test_map_draws_the_outline_and_every_located_event_offline(pages: Path, load: Any,
                                                               events: tuple[Event, ...]) -> None:
    seen = load(pages / "map.html", "mapReady")
    assert seen.errors == [] and seen.requests == []
    assert seen.eval("document.documentElement.lang") == "ar"
    assert seen.eval("document.documentElement.dir") == "rtl"
    located = {e.id for e in events if e.lat is not None}
    assert located and set(seen.eval("window.shownIds")) == {e.id for e in events}
    assert seen.eval("document.querySelectorAll('path.ev').length") == len(located)
    # The outline: Libya and its neighbours drawn as filled country shapes.
    assert seen.eval("document.querySelectorAll('.leaflet-overlay-pane path:not(.ev)').length") \
        >= 10
    colours, inked = pixel_variety(seen.page.locator("#map").screenshot())
    assert colours > 20 and inked > 0.5  # sea and land, not a blank page


def test_marker_size_is_the_number_of_sources(pages: Path, load: Any,
                                              events: tuple[Event, ...]) -> None:
    seen = load(pages / "map.html", "mapReady")
    strike = contested(events)
    single = next(e for e in events if e.n_sources == 1 and e.lat is not None)
    radii = seen.eval(f"[markers['{strike.id}'][0].getRadius(), "
                      f"markers['{single.id}'][0].getRadius()]")
    assert radii[0] > radii[1]


def test_clicking_a_contested_event_shows_both_sides_evidence(pages: Path, load: Any,
                                                              events: tuple[Event, ...]) -> None:
    seen = load(pages / "map.html", "mapReady")
    strike = contested(events)
    seen.page.locator(f"path.ev-{strike.id}").click(force=True)
    panel = seen.page.locator("#panel")
    assert panel.is_visible()
    text = panel.inner_text()
    assert "روايات متعارضة" in text and "2020-05-09" in text
    for outlet in ("قناة ليبيا الأحرار", "قناة ليبيا الحدث", "رويترز"):
        assert outlet in text
    assert "نفت قوات حفتر قصف قاعدة الوطية الجوية أمس." in text
    marked = seen.eval("Array.from(document.querySelectorAll('#panel mark'))"
                       ".map(m => m.textContent)")
    assert "قاعدة الوطية الجوية" in marked
    assert seen.eval("getComputedStyle(document.querySelector('#panel blockquote')).direction") \
        == "rtl"
    assert seen.errors == []


def test_map_filters_by_date_side_and_contest(pages: Path, load: Any,
                                              events: tuple[Event, ...]) -> None:
    seen = load(pages / "map.html", "mapReady")
    _set(seen, "#from", "2020-05-20")
    assert set(seen.eval("window.shownIds")) == {e.id for e in events
                                                 if e.date and e.date >= "2020-05-20"}
    seen.page.click("#clear-filters")
    seen.page.locator("input[name=side][value=gna]").uncheck()
    assert set(seen.eval("window.shownIds")) == {e.id for e in events if e.actor1_side != "gna"}
    seen.page.click("#clear-filters")
    seen.page.locator("#contested-only").check()
    assert seen.eval("window.shownIds") == [contested(events).id]
    assert seen.eval("document.querySelectorAll('path.ev').length") == 1


def test_timeline_stacks_each_day_per_side_and_click_shows_evidence(
        pages: Path, load: Any, events: tuple[Event, ...]) -> None:
    seen = load(pages / "timeline.html", "timelineReady")
    assert seen.errors == [] and seen.requests == []
    dated = [e for e in events if e.date]
    assert seen.eval("document.querySelectorAll('rect.ev').length") == len(dated)
    lanes = seen.eval("Array.from(document.querySelectorAll('.lane-label'))"
                      ".map(t => t.textContent)")
    assert lanes == ["حكومة الوفاق", "قوات الكرامة (حفتر)"]  # the sides of actor 1
    strike = contested(events)
    assert seen.eval(f"document.querySelector('rect.ev-{strike.id}').classList"
                     ".contains('contested')")
    seen.page.locator(f"rect.ev-{strike.id}").click()
    assert "نفت قوات حفتر" in seen.page.locator("#panel").inner_text()
    _set(seen, "#to", "2020-05-10")
    assert seen.eval("document.querySelectorAll('rect.ev').length") == sum(
        1 for e in dated if e.date <= "2020-05-10")
    assert seen.errors == []


def test_a_script_name_shows_as_text(tmp_path: Path, load: Any,
                                     fixture_claims: list[Claim]) -> None:  # noqa: F811
    c = next(c for c in fixture_claims if c.object.id == "watiya_airbase")
    evil = EntityRef(id="evil", name=EVIL, type=EntityType.ARMED_GROUP)
    sentence = f"قصفت {EVIL} قاعدة الوطية الجوية"
    claims = [replace(c, id="evil", subject=evil, evidence=(Evidence(sentence, 0, len(sentence)),))]
    evs = group_events(claims, fixture_facts())
    (tmp_path / "map.html").write_text(render_map(evs), encoding="utf-8")
    seen = load(tmp_path / "map.html", "mapReady")
    seen.page.locator(f"path.ev-{evs[0].id}").click(force=True)
    assert EVIL in seen.page.locator("#panel").inner_text()
    assert seen.eval("document.querySelectorAll('#panel img, #panel script').length") == 0
    assert seen.eval("window.__pwned") is None
    assert seen.requests == []


def test_contested_view_lists_the_contested_event(tmp_path: Path, load: Any,
                                                  fixture_claims: list[Claim],  # noqa: F811
                                                  events: tuple[Event, ...]) -> None:
    from kg.views import export_html

    export_html(fixture_claims, tmp_path, events=events)
    seen = load(tmp_path / "contested.html", "network")
    assert seen.errors == [] and seen.requests == []
    items = seen.eval("Array.from(document.querySelectorAll('#event-list > li'))"
                      ".map(li => li.innerText)")
    assert len(items) == 1 and "2020-05-09" in items[0] and "قاعدة الوطية الجوية" in items[0]
    # The two stories of the strike are both drawn: Haftar's forces and Turkey struck it.
    ids = set(seen.eval("network.body.data.edges.getIds()"))
    strike = contested(events)
    assert ids >= set(_statement_ids(strike))
    seen.page.locator("#event-list a.event").click()
    assert seen.page.locator("#panel").is_visible()
    assert "قاعدة الوطية الجوية" in seen.page.locator("#panel").inner_text()
    assert sorted(seen.eval("network.getSelectedEdges()")) == sorted(_statement_ids(strike))


def _statement_ids(event: Event) -> list[str]:
    from kg.views.selection import event_statement_ids

    return event_statement_ids(event)
