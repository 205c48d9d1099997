"""Time to export an HTML view and to its first stable draw in headless Chromium, for our
settings and for pyvis' defaults, measured in the same run.

    python bench/bench_html.py [--sizes 500 2000 5000] [--timeout 240]

Synthetic claims (kg.views.synthetic) with about two statements per entity. "pyvis defaults" is
a plain ``pyvis.network.Network(directed=True, cdn_resources="in_line")`` filled with
``add_node``/``add_edge`` (in_line, pyvis' own offline mode, so it can draw at all with the
network off). "Stable" is the first frame drawn after vis-network's stabilisation (or the first
frame, with physics off), timed from navigation start. Needs playwright and /usr/bin/chromium.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from pyvis.network import Network

from kg.assemble import Assembly, assemble
from kg.views.html import render_view
from kg.views.selection import whole_view
from kg.views.synthetic import synthetic_claims

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--proxy-server=127.0.0.1:9", "--proxy-bypass-list=<-loopback>"]

# Installed before the page's scripts run; both templates define a global `network`.
STABLE_HOOK = """
window.__stable = null;
document.addEventListener('DOMContentLoaded', () => {
  const n = window.network;
  if (!n) return;
  const mark = () => { n.once('afterDrawing', () => { window.__stable = performance.now(); });
                       n.redraw(); };
  if (n.physics.physicsEnabled && n.physics.options.stabilization.enabled && !n.physics.ready)
    n.once('stabilizationIterationsDone', mark);
  else mark();
});
"""


def pyvis_default_html(assembly: Assembly) -> str:
    net = Network(directed=True, cdn_resources="in_line")
    for e in assembly.entities.values():
        net.add_node(e.id, label=e.name, title=e.type.value)
    for s in assembly.statements:
        net.add_edge(s.subject.id, s.object.id, label="، ".join(s.labels), title=s.relation.value)
    return str(net.generate_html())


def ours_html(assembly: Assembly) -> str:
    return render_view(whole_view(assembly))


def draw_time(browser: object, path: Path, timeout_s: float) -> float | None:
    page = browser.new_page(viewport={"width": 1280, "height": 800})  # type: ignore[attr-defined]
    page.add_init_script(STABLE_HOOK)
    try:
        page.goto(path.as_uri(), timeout=timeout_s * 1000)
        page.wait_for_function("window.__stable !== null", timeout=timeout_s * 1000)
        return float(page.evaluate("window.__stable")) / 1000
    except Exception:  # a timeout: reported as such
        return None
    finally:
        page.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[500, 2000, 5000])
    parser.add_argument("--timeout", type=float, default=240.0, help="seconds per draw")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    rows = []
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for n in args.sizes:
            claims = synthetic_claims(n, 2 * n)
            assembly = assemble(claims)
            result = {"nodes": len(assembly.entities), "edges": len(assembly.statements)}
            for name, build in (("ours", ours_html), ("pyvis", pyvis_default_html)):
                t0 = time.perf_counter()
                html = build(assembly)
                path = Path(tmp) / f"{name}-{n}.html"
                path.write_text(html, encoding="utf-8")
                result[f"{name}_export"] = time.perf_counter() - t0
                result[f"{name}_mb"] = path.stat().st_size / 1e6
                result[f"{name}_draw"] = draw_time(browser, path, args.timeout)
            rows.append(result)
            print(_row(result, args.timeout), flush=True)
        browser.close()


def _fmt(x: float | None, timeout: float) -> str:
    return f">{timeout:.0f}" if x is None else f"{x:.2f}"


def _row(r: dict, timeout: float) -> str:
    ours = r["ours_export"] + (r["ours_draw"] or timeout)
    theirs = r["pyvis_export"] + (r["pyvis_draw"] if r["pyvis_draw"] is not None else timeout)
    bound = "≥" if r["pyvis_draw"] is None else ""
    return (f"{r['nodes']:>5} nodes {r['edges']:>6} edges | ours: export "
            f"{r['ours_export']:.2f}s draw {_fmt(r['ours_draw'], timeout)}s "
            f"({r['ours_mb']:.1f} MB) | pyvis defaults: export {r['pyvis_export']:.2f}s draw "
            f"{_fmt(r['pyvis_draw'], timeout)}s ({r['pyvis_mb']:.1f} MB) | "
            f"pyvis/ours total {bound}{theirs / ours:.1f}x")


if __name__ == "__main__":
    main()
