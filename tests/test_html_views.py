"""HTML views without a browser: what each view holds, escaping, offline assets, UTF-8."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections import Counter
from dataclasses import replace
from pathlib import Path

import pytest
from cli_run import run_kg
from pyvis.network import Network

from kg.assemble import assemble
from kg.claims_io import dumps_claim
from kg.errors import ExportError
from kg.model import Claim, EntityRef, EntityType, Evidence
from kg.views import export_html
from kg.views.highlight import evidence_marks
from kg.views.html import render_view
from kg.views.layout import layout_positions
from kg.views.selection import neighbourhood_view, resolve_entity, trim_view, whole_view
from kg.views.synthetic import synthetic_claims

# A src/href/url()/@import that points at a host, i.e. a request leaving the machine.
REMOTE = re.compile(
    r"""(?:\b(?:src|href)\s*=\s*["']?\s*(?:https?:)?//)|(?:url\(\s*["']?\s*(?:https?:)?//)"""
    r"""|(?:@import\s+(?:url\()?\s*["']?\s*(?:https?:)?//)""",
    re.IGNORECASE,
)
EVIL = '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2">'


def data_of(html: str, name: str) -> list[dict]:
    """The JSON literal passed to ``new vis.DataSet(...)`` for nodes or edges."""
    m = re.search(rf"{name} = new vis\.DataSet\((.*?)\);\n", html, re.S)
    assert m, f"no {name} DataSet in the page"
    return json.loads(m.group(1))


def evil_claims(gold_claims: list[Claim]) -> list[Claim]:
    c = gold_claims[0]
    subject = EntityRef(id="evil", name=EVIL, type=EntityType.ARMED_GROUP)
    sentence = f"قصفت {EVIL} {c.object.name}"
    return [replace(c, id="evil-claim", subject=subject,
                    evidence=(Evidence(sentence, 0, len(sentence)),))]


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory, gold_claims: list[Claim]) -> Path:
    out = tmp_path_factory.mktemp("html")
    export_html(gold_claims, out, ["قوات الكرامة", "haftar"], depth=1)
    return out


def test_export_writes_every_view_and_an_index(exported: Path, gold_claims: list[Claim]) -> None:
    names = {p.name for p in exported.glob("*.html")}
    outlets = {c.article.outlet for c in gold_claims if c.article.outlet}
    assert {"index.html", "network.html", "contested.html", "entity-lna.html",
            "entity-haftar.html"} <= names
    assert len([n for n in names if n.startswith("outlet-")]) == len(outlets)
    index = (exported / "index.html").read_text(encoding="utf-8")
    for name in names - {"index.html"}:
        assert f'href="{name}"' in index


def test_whole_view_holds_every_statement(exported: Path, gold_claims: list[Claim]) -> None:
    assembly = assemble(gold_claims)
    html = (exported / "network.html").read_text(encoding="utf-8")
    nodes, edges = data_of(html, "nodes"), data_of(html, "edges")
    assert {e["id"] for e in edges} == {s.id for s in assembly.statements}
    ends = {x for s in assembly.statements for x in (s.subject.id, s.object.id)}
    assert {n["id"] for n in nodes} == ends
    lna = next(n for n in nodes if n["id"] == "lna")
    assert lna["label"] == "قوات الكرامة" and lna["shape"] == "dot"  # an actor
    assert next(n for n in nodes if n["id"] == "misrata_airbase")["shape"] == "square"  # a place
    assault = next(e for e in edges if e["relation"] == "ASSAULT")
    assert re.search("[\u0600-\u06ff]", assault["label"])  # the Arabic predicate


def test_outlet_view_holds_only_that_outlets_claims(exported: Path,
                                                    gold_claims: list[Claim]) -> None:
    for path in exported.glob("outlet-*.html"):
        html = path.read_text(encoding="utf-8")
        outlets = {o for e in data_of(html, "edges") for o in e["outlets"]}
        assert len(outlets) == 1


def test_neighbourhood_depth(gold_claims: list[Claim]) -> None:
    assembly = assemble(gold_claims)
    one = neighbourhood_view(assembly, "haftar", 1)
    two = neighbourhood_view(assembly, "haftar", 2)
    assert all("haftar" in (s.subject.id, s.object.id) for s in one.statements)
    assert set(one.statements) < set(two.statements)
    with pytest.raises(ExportError):
        neighbourhood_view(assembly, "haftar", 3)


def test_resolve_entity_by_id_name_and_part(gold_claims: list[Claim]) -> None:
    assembly = assemble(gold_claims)
    assert resolve_entity(assembly, "lna").id == "lna"
    assert resolve_entity(assembly, "قوات الكرامة").id == "lna"
    assert resolve_entity(assembly, "حفتر").id == "haftar"  # the one name containing it
    with pytest.raises(ExportError, match="no entity named"):
        resolve_entity(assembly, "لا أحد")


def test_unknown_entity_fails_before_writing(tmp_path: Path, gold_claims: list[Claim]) -> None:
    with pytest.raises(ExportError):
        export_html(gold_claims, tmp_path / "out", ["no such entity"])
    assert not (tmp_path / "out").exists()


def test_no_claims_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="no claims"):
        export_html([], tmp_path)


def test_script_in_a_name_is_escaped_in_the_html(gold_claims: list[Claim]) -> None:
    html = render_view(whole_view(assemble(evil_claims(gold_claims))))
    assert "<script>window.__pwned" not in html
    assert "<img src=x" not in html
    # Still there, as text: escaped in the menu, \u003c-escaped in the JSON data.
    assert "&lt;script&gt;window.__pwned = 1&lt;/script&gt;" in html
    assert any(n["label"] == EVIL for n in data_of(html, "nodes"))


def test_pages_load_nothing_from_the_network(exported: Path) -> None:
    for path in exported.glob("*.html"):
        html = path.read_text(encoding="utf-8")
        assert not REMOTE.findall(html), path.name
        assert "<script src" not in html and '<link rel="stylesheet"' not in html


def test_remote_pattern_catches_pyvis_own_cdn_links() -> None:
    # The check above means something: pyvis' template, even in_line, points at CDNs.
    net = Network(cdn_resources="in_line", select_menu=True, filter_menu=True)
    net.add_node("a", label="قوات الكرامة")
    assert REMOTE.findall(net.generate_html())


def test_files_are_utf8_whatever_the_locale(exported: Path) -> None:
    raw = (exported / "network.html").read_bytes()
    assert "قوات الكرامة".encode() in raw
    assert b'<html lang="ar" dir="rtl">' in raw


def test_evidence_marks_find_the_claimed_words(gold_claims: list[Claim]) -> None:
    claim = next(c for c in gold_claims if c.subject.id == "lna"
                 and c.object.id == "misrata_airbase")
    sentence = claim.evidence[0].sentence  # «عمليات القصف التي شنتها … قوات الكرامة على …»
    marks = {kind: sentence[s:e] for s, e, kind in evidence_marks(claim, sentence)}
    assert marks == {"subj": "قوات الكرامة", "obj": "قاعدة مصراتة الجوية", "pred": "قصف"}


def test_evidence_marks_survive_spelling_variants(gold_claims: list[Claim]) -> None:
    claim = next(c for c in gold_claims if c.subject.id == "lna")
    sentence = "وأعلنت قوات الكرامه أنها قصفت المواقع"  # ة written as ه
    kinds = {kind: sentence[s:e] for s, e, kind in evidence_marks(claim, sentence)}
    assert kinds["subj"] == "قوات الكرامه"


def test_large_views_get_python_positions_and_no_physics(gold_claims: list[Claim]) -> None:
    html = render_view(whole_view(assemble(gold_claims)), physics_limit=10)
    nodes = data_of(html, "nodes")
    assert all("x" in n and "y" in n for n in nodes)
    assert '"physics":{"enabled":false}' in html
    small = render_view(whole_view(assemble(gold_claims)))
    assert all("x" not in n for n in data_of(small, "nodes"))
    assert '"solver":"forceAtlas2Based"' in small


def test_layout_is_deterministic_and_separates_nodes() -> None:
    edges = [(i, (i * 7) % 400) for i in range(400)] + [(i, i + 1) for i in range(399)]
    a = layout_positions(range(400), edges, seed=3)
    b = layout_positions(range(400), edges, seed=3)
    assert a == b and len(a) == 400
    assert len(set(a.values())) == 400  # no two nodes on one spot


def outputs_under_hash_seeds(code: str, seeds: int = 6) -> set[str]:
    """What ``code`` prints in child processes with different string-hash seeds."""
    return {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                           env={**os.environ, "PYTHONHASHSEED": str(seed)}, check=True).stdout
            for seed in range(seeds)}


def test_evidence_marks_do_not_depend_on_the_process_hash_seed() -> None:
    """Equal-length surface forms are tried in one fixed order, so two builds of the same
    claims mark the same words whatever Python's string-hash seed (an incremental build and
    a clean one run in different processes)."""
    code = (
        "from kg.model import *; from kg.views.highlight import evidence_marks\n"
        "s = EntityRef('usa', 'الولايات المتحدة', EntityType.GPE, mention='أميركية')\n"
        "o = EntityRef('haftar', 'خليفة حفتر', EntityType.PERSON, mention='لحفتر')\n"
        "sent = 'ووسط تهديدات أميركية معلنة لحفتر، أعرب مسؤول ببعثة الأمم المتحدة عن القلق'\n"
        "c = Claim(id='c', article=ArticleRef(id='a'), subject=s, object=o,\n"
        "          relation=Relation(RelationType.THREATEN, 'هدد'),\n"
        "          evidence=(Evidence(sent, 0, len(sent)),))\n"
        "print(evidence_marks(c, sent))\n"
    )
    runs = outputs_under_hash_seeds(code)
    assert len(runs) == 1, runs


def test_layout_positions_do_not_depend_on_the_process_hash_seed() -> None:
    """Large views are laid out in Python; the same graph must land on the same positions in
    every process (string hashing is seeded per process, and set order with it)."""
    code = (
        "from kg.views.layout import layout_positions\n"
        "big = [(f'a{i}', f'a{i + 1}') for i in range(40)]\n"
        "small = [('x', 'y'), ('y', 'z'), ('z', 'w'), ('w', 'x'), ('x', 'v')]\n"
        "nodes = [n for e in big + small for n in e]\n"
        "print(sorted(layout_positions(nodes, big + small).items()))\n"
    )
    runs = outputs_under_hash_seeds(code)
    assert len(runs) == 1


def test_a_view_too_big_to_draw_keeps_its_most_connected_part() -> None:
    view = whole_view(assemble(synthetic_claims(600, 1500)))
    degree: Counter[str] = Counter()
    for s in view.statements:
        degree[s.subject.id] += 1
        degree[s.object.id] += 1
    cut = trim_view(view, max_entities=50, max_statements=200)
    kept = cut.entity_ids()
    assert len(kept) <= 50 and len(cut.statements) <= 200
    assert (cut.total_entities, cut.total_statements) == (len(degree), len(view.statements))
    # the 10 biggest hubs are in: they link to one another far more than 200 times over
    assert {e for e, _ in degree.most_common(10)} <= kept
    assert set(cut.claims) == {s.id for s in cut.statements}
    weakest = min(s.n_claims for s in cut.statements)
    among = [s for s in view.statements if {s.subject.id, s.object.id} <= kept]
    assert all(s.n_claims <= weakest for s in among if s not in cut.statements)
    assert trim_view(view) is view  # within the limits: untouched, nothing said


def test_a_trimmed_neighbourhood_keeps_its_focus(gold_claims: list[Claim]) -> None:
    assembly = assemble(gold_claims)
    view = neighbourhood_view(assembly, "haftar", 1)
    cut = trim_view(view, max_entities=2, max_statements=1)
    assert "haftar" in cut.entity_ids() and len(cut.statements) == 1


def test_a_trimmed_page_and_the_index_say_what_they_leave_out(tmp_path: Path) -> None:
    claims = synthetic_claims(300, 700)
    pages = export_html(claims, tmp_path, max_entities=40, max_statements=100, max_events=20)
    network = (tmp_path / "network.html").read_text(encoding="utf-8")
    assert len(data_of(network, "edges")) <= 100
    whole = assemble(claims)
    assert f"the most connected part of {len(whole.entities)} entities" in network
    index = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert f"من {len(whole.entities)} كيان · {len(whole.statements)} علاقة" in index
    page = next(p for p in pages if p.kind == "network")
    assert (page.total_nodes, page.total_edges) == (len(whole.entities), len(whole.statements))


def test_the_cli_takes_the_view_limits(tmp_path: Path) -> None:
    claims = tmp_path / "claims.jsonl"
    claims.write_text("".join(dumps_claim(c) + "\n" for c in synthetic_claims(200, 500)),
                      encoding="utf-8")
    done = run_kg("export", "html", claims, "-o", tmp_path / "views", "--max-entities", "30",
                  "--max-statements", "50", "--max-events", "5")
    assert done.code == 0, done.err
    network = (tmp_path / "views" / "network.html").read_text(encoding="utf-8")
    assert len(data_of(network, "edges")) <= 50 and "the most connected part of" in network
    timeline = (tmp_path / "views" / "timeline.html").read_text(encoding="utf-8")
    assert "the best-sourced of" in timeline
    assert run_kg("export", "html", claims, "-o", tmp_path / "v2", "--max-entities", "0").code == 2
