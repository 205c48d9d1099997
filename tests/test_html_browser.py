"""The views in a real headless Chromium with networking off: each page draws, logs no error,
holds the expected nodes and edges, shows Arabic, and sends no request off the machine.

Driven with Playwright (its wheel carries its own driver) against Debian's /usr/bin/chromium,
so no browser is downloaded.
"""

from __future__ import annotations

import io
import os
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from kg.assemble import assemble
from kg.model import Claim
from kg.views import export_html, render_view
from kg.views.selection import whole_view
from kg.views.synthetic import synthetic_claims
from tests.test_html_views import EVIL, evil_claims

CHROMIUM = os.environ.get("KG_CHROMIUM", "/usr/bin/chromium")
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists() and not shutil.which("chromium"),
                       reason=f"headless Chromium not installed ({CHROMIUM}); "
                              "apt-get install chromium"),
]
playwright_api = pytest.importorskip("playwright.sync_api",
                                     reason="playwright not installed (pip install playwright)")
Image = pytest.importorskip("PIL.Image", reason="Pillow not installed (pip install pillow)")

# No route out: every proxied request fails, and nothing may bypass the proxy but loopback.
OFFLINE_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--proxy-server=127.0.0.1:9", "--proxy-bypass-list=<-loopback>",
                "--host-resolver-rules=MAP * ~NOTFOUND"]
ARABIC = re.compile("[\u0600-\u06ff]")


@dataclass
class Loaded:
    page: Any
    errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)

    def eval(self, js: str) -> Any:
        return self.page.evaluate(js)


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    chromium = CHROMIUM if Path(CHROMIUM).exists() else shutil.which("chromium")
    with playwright_api.sync_playwright() as p:
        # A persistent context gives Chromium a fresh --user-data-dir of ours.
        context = p.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-profile")), executable_path=chromium,
            headless=True, args=OFFLINE_ARGS, viewport={"width": 1280, "height": 800})
        yield context
        context.close()


@pytest.fixture
def load(browser: Any) -> Iterator[Any]:
    pages = []

    def _load(path: Path) -> Loaded:
        page = browser.new_page()
        pages.append(page)
        seen = Loaded(page)
        page.on("console", lambda m: seen.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: seen.errors.append(str(e)))
        page.on("request", lambda r: None if r.url.startswith(("file:", "data:", "blob:"))
                else seen.requests.append(r.url))
        page.goto(path.as_uri())
        # Drawn and settled: physics off, or its stabilisation finished.
        page.wait_for_function(
            "window.network && (!network.physics.physicsEnabled || network.physics.ready)"
            " && network.body.nodeIndices !== undefined", timeout=60_000)
        page.wait_for_timeout(300)
        return seen

    yield _load
    for page in pages:
        page.close()


def pixel_variety(png: bytes) -> tuple[int, float]:
    """(distinct colours, share of non-white pixels) of a screenshot."""
    img = Image.open(io.BytesIO(png)).convert("RGB")
    colours = img.getcolors(maxcolors=1 << 20) or []
    white = sum(n for n, c in colours if min(c) >= 250)
    return len(colours), 1 - white / (img.width * img.height)


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory, gold_claims: list[Claim]) -> Path:
    out = tmp_path_factory.mktemp("views")
    export_html(gold_claims, out, ["lna", "خليفة حفتر"], depth=2)
    return out


def test_every_view_draws_offline_without_errors(exported: Path, load: Any) -> None:
    # The event map and timeline have their own tests (test_html_events_browser.py).
    pages = sorted(p for p in exported.glob("*.html")
                   if p.name not in ("index.html", "map.html", "timeline.html"))
    assert len(pages) >= 5
    for path in pages:
        seen = load(path)
        assert seen.errors == [], (path.name, seen.errors)
        assert seen.requests == [], (path.name, seen.requests)
        assert seen.eval("document.documentElement.lang") == "ar"
        assert seen.eval("document.documentElement.dir") == "rtl"
        n_edges = seen.eval("network.body.data.edges.length")
        if n_edges:
            colours, inked = pixel_variety(seen.page.locator("#mynetwork").screenshot())
            assert colours > 50 and inked > 0.005, (path.name, colours, inked)


def test_dataset_holds_the_expected_graph(exported: Path, load: Any,
                                          gold_claims: list[Claim]) -> None:
    assembly = assemble(gold_claims)
    seen = load(exported / "network.html")
    nodes = seen.eval("network.body.data.nodes.get()")
    edges = seen.eval("network.body.data.edges.get()")
    assert {e["id"] for e in edges} == {s.id for s in assembly.statements}
    assert {n["id"] for n in nodes} == {x for s in assembly.statements
                                        for x in (s.subject.id, s.object.id)}
    assert any(n["label"] == "قوات الكرامة" for n in nodes)
    assert all(ARABIC.search(e["label"]) for e in edges)
    # vis-network placed every node, and the whole graph fits in the canvas.
    positions = seen.eval("network.getPositions()")
    assert set(positions) == {n["id"] for n in nodes}


def test_entity_page_centres_on_the_entity(exported: Path, load: Any) -> None:
    seen = load(exported / "entity-lna.html")
    ids = set(seen.eval("network.body.data.nodes.getIds()"))
    neighbours = set(seen.eval("network.getConnectedNodes('lna')"))
    assert seen.eval("network.getSelectedNodes()") == ["lna"]  # the focus is selected
    assert neighbours and neighbours < ids - {"lna"}  # depth 2 reaches past the neighbours


def test_side_panel_shows_evidence_with_the_claimed_words_marked(exported: Path,
                                                                 load: Any) -> None:
    seen = load(exported / "network.html")
    seen.eval("showEdge(network.body.data.edges.get().find(e => e.from === 'lna' && "
              "e.to === 'misrata_airbase').id)")
    panel = seen.page.locator("#panel")
    assert panel.is_visible()
    assert "قوات الكرامة" in panel.inner_text()
    marked = seen.eval("Array.from(document.querySelectorAll('#panel mark'))"
                       ".map(m => [m.className, m.textContent])")
    assert ["m-obj", "قاعدة مصراتة الجوية"] in marked
    assert seen.eval("getComputedStyle(document.querySelector('#panel blockquote')).direction") \
        == "rtl"


def test_filter_menu_hides_other_relations(exported: Path, load: Any) -> None:
    seen = load(exported / "network.html")
    seen.eval("document.getElementById('filter-relation').tomselect.setValue(['ASSAULT'])")
    shown = seen.eval("network.body.data.edges.get({filter: e => !e.hidden})")
    assert shown and all(e["relation"] == "ASSAULT" for e in shown)


def test_script_name_shows_as_text(tmp_path: Path, load: Any,
                                   gold_claims: list[Claim]) -> None:
    path = tmp_path / "evil.html"
    path.write_text(render_view(whole_view(assemble(evil_claims(gold_claims)))),
                    encoding="utf-8")
    seen = load(path)
    assert seen.eval("window.__pwned") is None
    assert seen.eval("document.querySelectorAll('script:not([type])').length") == 4  # ours only
    options = seen.eval("Array.from(document.querySelectorAll('#select-node option'))"
                        ".map(o => o.textContent)")
    assert EVIL in options
    seen.eval("showEdge(network.body.data.edges.getIds()[0])")
    assert EVIL in seen.page.locator("#panel").inner_text()
    assert seen.eval("document.querySelectorAll('#panel img, #panel script').length") == 0
    assert seen.eval("window.__pwned") is None
    assert seen.requests == []


def test_large_view_opens_with_python_layout(tmp_path: Path, load: Any) -> None:
    path = tmp_path / "large.html"
    path.write_text(render_view(whole_view(assemble(synthetic_claims(800, 1600)))),
                    encoding="utf-8")
    seen = load(path)
    assert seen.errors == []
    assert seen.eval("network.physics.physicsEnabled") is False
    assert seen.eval("network.body.data.nodes.length") == 800
    colours, inked = pixel_variety(seen.page.locator("#mynetwork").screenshot())
    assert colours > 50 and inked > 0.01


def test_a_big_network_opens_without_edge_labels_and_shows_them_zoomed_in(
        exported: Path, load: Any) -> None:
    # Around the most connected node the predicates piled up into an unreadable knot: a view
    # with many statements draws them only once the reader zooms in (hover and click still
    # tell every edge).
    seen = load(exported / "network.html")
    some_edge = seen.eval("network.body.data.edges.getIds()[0]")
    font = f"network.body.edges['{some_edge}'].options.font.size"
    assert seen.eval("network.body.data.edges.length") > 25
    assert seen.eval(font) == 0
    box = seen.page.locator("#mynetwork").bounding_box()
    seen.page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    for _ in range(12):
        seen.page.mouse.wheel(0, -400)
        seen.page.wait_for_timeout(60)
    assert seen.eval("network.getScale()") >= 1.6
    assert seen.eval(font) == 14
    assert seen.errors == []


def test_a_view_cut_to_its_most_connected_part_opens_and_says_so(tmp_path: Path,
                                                                  load: Any) -> None:
    claims = synthetic_claims(900, 2500)
    export_html(claims, tmp_path, max_entities=400, max_statements=600)
    seen = load(tmp_path / "network.html")
    assert seen.errors == []
    assert seen.eval("network.body.data.nodes.length") <= 400
    assert seen.eval("network.body.data.edges.length") <= 600
    note = seen.page.locator(".counts.trimmed")
    assert note.is_visible()
    assert f"of {len(assemble(claims).entities)} entities" in note.inner_text()
