"""`kg export rdf` and `kg query sparql` as a user runs them, errors included."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Dataset, Graph
from typer.testing import CliRunner

from kg.cli import app
from kg.errors import QueryError
from kg.rdf import sparql
from kg.rdf.sparql import query_sparql, store_for

runner = CliRunner()
# rdflib's own N-Quads, TriG and JSON-LD parsers call its deprecated ConjunctiveGraph and
# Dataset.default_context (rdflib 7.x); the parsers are what these tests check the dumps with
pytestmark = pytest.mark.filterwarnings(
    "ignore:.*is deprecated, use Dataset:DeprecationWarning:rdflib")
ROOT = Path(__file__).resolve().parent.parent
DESIGN_CARD = ROOT / "queries" / "13_what_an_actor_attacked_per_outlet.rq"
SIMPLE = ('PREFIX kg: <https://w3id.org/kg-libya/ontology#> '
          'SELECT ?o WHERE { ?c kg:subject ?s ; kg:object ?o . ?s kg:key "haftar" }')


def _kg(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "kg", *args], capture_output=True, text=True,
                          timeout=120, cwd=cwd)


@pytest.fixture(scope="module")
def nq(gold_claims_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("cli") / "kg.nq"
    result = runner.invoke(app, ["export", "rdf", str(gold_claims_path), "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out


@pytest.mark.parametrize("suffix,parser", [(".ttl", "turtle"), (".nt", "nt"), (".nq", "nquads"),
                                           (".trig", "trig"), (".jsonld", "json-ld")])
def test_export_infers_the_format_from_the_suffix(
    suffix: str, parser: str, gold_claims_path: Path, tmp_path: Path
) -> None:
    out = tmp_path / f"kg{suffix}"
    result = runner.invoke(app, ["export", "rdf", str(gold_claims_path), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert len(Dataset().parse(out, format=parser)) > 0 or len(Graph().parse(out, format=parser))


def test_export_format_option_and_base(gold_claims_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "dump.rdf"
    result = runner.invoke(app, ["export", "rdf", str(gold_claims_path), "-o", str(out),
                                 "--format", "nt", "--base", "http://example.org/kg/"])
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert "<http://example.org/kg/entity/lna>" in text
    assert "w3id.org/kg-libya/data" not in text


def test_query_prints_a_table_csv_and_json(nq: Path) -> None:
    table = runner.invoke(app, ["query", "sparql", SIMPLE, "--data", str(nq)])
    assert table.exit_code == 0, table.output
    assert "entity/tripoli" in table.output
    as_csv = runner.invoke(app, ["query", "sparql", SIMPLE, "--data", str(nq), "-f", "csv"])
    rows = list(csv.reader(io.StringIO(as_csv.stdout)))
    assert rows[0] == ["o"]
    # حفتر attacks طرابلس, meets the US envoys and leads قوات الكرامة
    assert {r[0].rsplit("/", 1)[1] for r in rows[1:]} == {"tripoli", "usa", "lna"}
    as_json = runner.invoke(app, ["query", "sparql", SIMPLE, "--data", str(nq), "-f", "json"])
    assert {d["o"].rsplit("/", 1)[1] for d in json.loads(as_json.stdout)} == {"tripoli", "usa",
                                                                            "lna"}


@pytest.mark.parametrize("ref", ["path", "@path"])
def test_query_from_a_saved_file_with_params(ref: str, nq: Path) -> None:
    query = str(DESIGN_CARD) if ref == "path" else f"@{DESIGN_CARD}"
    result = runner.invoke(app, ["query", "sparql", query, "--data", str(nq), "-f", "json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert any(r["target"] == "قاعدة مصراتة الجوية" and r["outlet"] == "أوج" for r in rows)
    gna = runner.invoke(app, ["query", "sparql", query, "--data", str(nq), "-f", "json",
                              "--param", "entity=حكومة الوفاق"])
    assert {r["target"] for r in json.loads(gna.stdout)} == {"قوات الكرامة"}


def test_the_store_is_built_once_and_rebuilt_when_the_dump_changes(
    gold_claims_path: Path, tmp_path: Path
) -> None:
    dump = tmp_path / "kg.ttl"
    assert runner.invoke(app, ["export", "rdf", str(gold_claims_path), "-o", str(dump)]
                         ).exit_code == 0
    store = store_for(dump)
    assert store.parent == tmp_path / "kg.ttl.oxigraph"
    marker = store / "kg-test-marker"
    marker.write_text("x")
    assert store_for(dump) == store and marker.exists()  # reused, not rebuilt
    first = query_sparql(SIMPLE, dump).rows
    dump.write_text(dump.read_text(encoding="utf-8").replace('"haftar"', '"haftar2"'),
                    encoding="utf-8")
    assert query_sparql(SIMPLE, dump).rows == ()  # the edited dump is what answers
    assert not marker.exists()
    assert first
    # the store directory itself is also accepted as --data
    assert query_sparql(SIMPLE.replace('"haftar"', '"haftar2"'), store.parent).rows == first


def test_a_read_only_dump_directory_uses_the_cache(
    nq: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ro = tmp_path / "ro"
    ro.mkdir()
    dump = ro / "kg.nq"
    dump.write_bytes(nq.read_bytes())
    ro.chmod(0o555)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    try:
        if (ro / "probe").exists() or _writable(ro):
            pytest.skip("running as a user who can write anywhere (root)")
        assert query_sparql(SIMPLE, dump).rows
        assert store_for(dump).is_relative_to(tmp_path / "cache")
    finally:
        ro.chmod(0o755)


def test_an_explicit_cache_dir_holds_the_store(nq: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    assert query_sparql(SIMPLE, nq, cache_dir=cache).rows
    (built,) = cache.iterdir()
    assert built.name.startswith("kg.nq-") and (built / "store").is_dir()


def _writable(directory: Path) -> bool:
    try:
        (directory / "probe").write_text("")
    except OSError:
        return False
    (directory / "probe").unlink()
    return True


def test_malformed_sparql_is_one_clear_line(nq: Path) -> None:
    result = _kg("query", "sparql", "SELECT ?x WHERE { ?x ?y }", "--data", str(nq))
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "malformed SPARQL" in lines[0] and "line 1" in lines[0]
    assert "Traceback" not in result.stderr


def test_a_missing_dump_is_one_clear_line(tmp_path: Path) -> None:
    result = _kg("query", "sparql", "SELECT * WHERE { ?s ?p ?o }", "--data",
                 str(tmp_path / "nope.nq"))
    assert result.returncode == 1
    (line,) = result.stderr.strip().splitlines()
    assert "no RDF dump or store" in line and "kg export rdf" in line


def test_a_missing_query_file_is_one_clear_line(nq: Path) -> None:
    result = _kg("query", "sparql", "@missing.rq", "--data", str(nq))
    assert result.returncode == 1
    (line,) = result.stderr.strip().splitlines()
    assert "cannot read query file missing.rq" in line


def test_an_unwritable_export_is_one_clear_line(gold_claims_path: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    result = _kg("export", "rdf", str(gold_claims_path), "-o", str(blocker / "kg.ttl"))
    assert result.returncode == 1
    (line,) = result.stderr.strip().splitlines()
    assert "cannot write" in line


def test_an_unknown_param_is_one_clear_line(nq: Path) -> None:
    result = _kg("query", "sparql", str(DESIGN_CARD), "--data", str(nq), "--param", "who=x")
    assert result.returncode == 1
    (line,) = result.stderr.strip().splitlines()
    assert "no parameter ?who" in line


def test_named_graphs_stay_queryable_and_claims_need_no_graph_clause(nq: Path) -> None:
    by_graph = query_sparql(
        "PREFIX kg: <https://w3id.org/kg-libya/ontology#> "
        "SELECT ?g WHERE { GRAPH ?g { ?c kg:key \"950a656962fb053d\" } }", nq)
    assert by_graph.column("g") == [
        "https://w3id.org/kg-libya/data/article/00d152774ed446ae"]
    flat = query_sparql(
        "PREFIX kg: <https://w3id.org/kg-libya/ontology#> "
        "SELECT (COUNT(*) AS ?n) WHERE { ?c a kg:Claim }", nq)
    assert flat.rows == ((70,),)  # each claim once: it is stated in its article's graph only


def test_blank_nodes_of_a_named_graph_join_across_graphs(tmp_path: Path) -> None:
    """A third-party dump whose graphs hold anonymous nodes: a node keeps its identity whether
    it is matched through the default graph (all graphs) or through its own graph."""
    dump = tmp_path / "anon.trig"
    dump.write_text('<http://ex.org/g> { <http://ex.org/s> <http://ex.org/p> [ '
                    '<http://ex.org/q> "x" ] }', encoding="utf-8")
    rows = query_sparql("SELECT ?x WHERE { <http://ex.org/s> <http://ex.org/p> ?b . "
                        "GRAPH ?g { ?b <http://ex.org/q> ?x } }", dump).rows
    assert rows == (("x",),)


@pytest.fixture
def chunked(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any dump is cut into chunks of a few lines, loaded two at a time (a real chunk is
    16 MB)."""
    monkeypatch.setattr(sparql, "_CHUNK", 700)
    monkeypatch.setattr(sparql, "_LOADERS", 2)
    monkeypatch.setattr(sparql.os, "cpu_count", lambda: 2)


@pytest.mark.usefixtures("chunked")
def test_a_dump_loaded_in_chunks_holds_every_quad_once(nq: Path, tmp_path: Path) -> None:
    dump = tmp_path / "kg.nq"
    dump.write_bytes(nq.read_bytes())
    chunks = list(sparql._chunks(dump))
    assert len(chunks) > 3 and b"".join(chunks) == dump.read_bytes()
    assert all(c.endswith(b"\n") for c in chunks)  # whole lines only
    store = ox.Store.read_only(str(store_for(dump)))
    whole = ox.Store()  # the dump loaded as one stream (the engine normalises some literals)
    whole.bulk_load(path=str(dump), format=ox.RdfFormat.N_QUADS)
    assert set(store) == set(whole) and len(store) == len(whole)
    assert query_sparql(SIMPLE, dump).rows == query_sparql(SIMPLE, nq).rows


@pytest.mark.usefixtures("chunked")
def test_blank_nodes_keep_a_line_dump_whole(tmp_path: Path) -> None:
    """Each load names blank nodes afresh: a dump naming one is not cut."""
    dump = tmp_path / "anon.nt"
    dump.write_text(("_:b <http://ex.org/p> <http://ex.org/o> .\n"
                    * 3 + "<http://ex.org/s> <http://ex.org/q> _:b .\n") * 20, encoding="utf-8")
    assert not sparql._splittable(dump, ox.RdfFormat.N_TRIPLES)
    rows = query_sparql("SELECT (COUNT(DISTINCT ?b) AS ?n) WHERE { ?b <http://ex.org/p> ?o . "
                        "<http://ex.org/s> <http://ex.org/q> ?b }", dump).rows
    assert rows == ((1,),)


@pytest.mark.usefixtures("chunked")
def test_a_syntax_error_in_a_later_chunk_names_its_line_in_the_dump(
    nq: Path, tmp_path: Path
) -> None:
    lines = nq.read_bytes().splitlines(keepends=True)
    bad = len(lines) - 2  # in the last chunk
    lines[bad] = b"<http://ex.org/s> <http://ex.org/p> oops .\n"
    dump = tmp_path / "bad.nq"
    dump.write_bytes(b"".join(lines))
    with pytest.raises(QueryError, match=f"line {bad + 1}\\b"):
        store_for(dump)
