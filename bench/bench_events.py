"""Event grouping and the event views at scale, as ratios to baselines measured in the same run.

    python bench/bench_events.py [--sizes 500 2000 5000]

Synthetic claims (kg.views.synthetic) given publication dates over two months and places with
coordinates inside Libya's bounding box. Reports: group_events time against assemble time (the
step before it), and the map's and timeline's time to a drawn page in headless Chromium against
the whole-network view of the same claims. Needs playwright and /usr/bin/chromium.
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

from kg.assemble import assemble
from kg.events import EntityFacts, group_events
from kg.model import Claim
from kg.views.event_pages import render_map, render_timeline
from kg.views.html import render_view
from kg.views.selection import whole_view
from kg.views.synthetic import synthetic_claims

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--proxy-server=127.0.0.1:9", "--proxy-bypass-list=<-loopback>"]


def dated(claims: list[Claim], seed: int = 7) -> list[Claim]:
    rng = random.Random(seed)
    start = date(2020, 4, 1)
    return [replace(c, article=replace(c.article, date=(start + timedelta(
        days=rng.randrange(60))).isoformat())) for c in claims]


def facts(claims: list[Claim], seed: int = 7) -> dict[str, EntityFacts]:
    rng = random.Random(seed)
    places = sorted({e.id for c in claims for e in (c.subject, c.object) if e.type.is_place})
    return {p: EntityFacts(lat=rng.uniform(20, 33), lon=rng.uniform(10, 25), country="LY")
            for p in places}


def timed(fn, *args):  # type: ignore[no-untyped-def]
    t = time.perf_counter()
    out = fn(*args)
    return out, time.perf_counter() - t


def draw_time(browser: object, path: Path, ready: str) -> float:
    page = browser.new_page()  # type: ignore[attr-defined]
    t = time.perf_counter()
    page.goto(path.as_uri())
    page.wait_for_function(ready, timeout=240_000)
    elapsed = time.perf_counter() - t
    page.close()
    return elapsed


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[500, 2000])
    args = ap.parse_args()
    from playwright.sync_api import sync_playwright

    print(f"{'entities':>8} {'claims':>7} {'events':>7} {'group/assemble':>15} "
          f"{'map/network':>12} {'timeline/network':>17}")
    with sync_playwright() as p, tempfile.TemporaryDirectory() as tmp:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        for n in args.sizes:
            claims = dated(synthetic_claims(n, 2 * n))
            assembly, t_assemble = timed(assemble, claims)
            events, t_group = timed(group_events, assembly, facts(claims))
            d = Path(tmp)
            (d / "net.html").write_text(render_view(whole_view(assembly)), encoding="utf-8")
            (d / "map.html").write_text(render_map(events), encoding="utf-8")
            (d / "tl.html").write_text(render_timeline(events), encoding="utf-8")
            t_net = draw_time(browser, d / "net.html",
                              "window.network && (!network.physics.physicsEnabled || "
                              "network.physics.ready)")
            t_map = draw_time(browser, d / "map.html", "window.mapReady === true")
            t_tl = draw_time(browser, d / "tl.html", "window.timelineReady === true")
            print(f"{n:>8} {len(claims):>7} {len(events):>7} {t_group / t_assemble:>15.1f} "
                  f"{t_map / t_net:>12.2f} {t_tl / t_net:>17.2f}")
        browser.close()


if __name__ == "__main__":
    main()
