"""`kg stats`, `kg load falkordb|neo4j` and `kg query cypher` as a user runs them."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from graph_checks import LNA, MISRATA_AIRBASE, QUERIES

from kg.stores.falkordb_server import free_port, running_server

pytestmark = pytest.mark.falkordb


def kg(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", "import sys; from kg.cli import main; sys.argv[0] = 'kg'; main()",
         *args], capture_output=True, text=True, encoding="utf-8", timeout=120, env=env)


@pytest.fixture(scope="module")
def loaded_dir(tmp_path_factory: pytest.TempPathFactory, gold_claims_path: Path) -> Path:
    data_dir = tmp_path_factory.mktemp("kgdata")
    done = kg("load", "falkordb", str(gold_claims_path), "--data-dir", str(data_dir),
              "--batch-size", "20")
    assert done.returncode == 0, done.stderr
    assert "loaded 70 claims (53 statements)" in done.stdout
    return data_dir


def test_stats_prints_the_rankings(gold_claims_path: Path) -> None:
    done = kg("stats", str(gold_claims_path), "--top", "3")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("70 claims · 53 statements")
    for title in ("Most central actors", "Most corroborated statements", "Contested statements",
                  "Who acts on whom"):
        assert title in done.stdout
    assert LNA in done.stdout


def test_load_leaves_no_server_running(loaded_dir: Path) -> None:
    assert running_server(loaded_dir) is None
    assert (loaded_dir / "dump.rdb").exists()


def test_query_json_csv_and_table(loaded_dir: Path) -> None:
    text = ("MATCH (s:Entity {name: $s})-[r:ASSAULT]->(o:Entity) WHERE o.name = $o "
            "RETURN s.name AS subject, r.outlets AS outlets, r.claims AS claims")
    args = ["query", "cypher", text, "-p", f"s={LNA}", "-p", f"o={MISRATA_AIRBASE}",
            "--data-dir", str(loaded_dir)]
    done = kg(*args, "--format", "json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == [{"subject": LNA, "outlets": ["أوج"], "claims": 2}]
    done = kg(*args, "--format", "csv")
    assert list(csv.reader(io.StringIO(done.stdout))) == [
        ["subject", "outlets", "claims"], [LNA, '["أوج"]', "2"]]
    done = kg(*args)
    assert LNA in done.stdout and "1 row" in done.stderr


def test_query_a_saved_query_file_with_a_parameter(loaded_dir: Path) -> None:
    done = kg("query", "cypher", str(QUERIES / "06_most_targeted_places.cypher"),
              "-p", "limit=1", "--data-dir", str(loaded_dir), "-f", "json")
    assert done.returncode == 0, done.stderr
    rows = json.loads(done.stdout)
    assert len(rows) == 1 and rows[0]["place"] == "طرابلس"


@pytest.mark.parametrize(("args", "message", "code"), [
    (["query", "cypher", "MATCH (n RETURN n"], "FalkorDB rejected the query", 1),
    # a bad option value is a usage error: exit status 2, as for any command line tool
    (["query", "cypher", "MATCH (n) RETURN n", "-f", "xml"], "unknown output format 'xml'", 2),
    (["query", "cypher", "MATCH (n) RETURN n", "-p", "novalue"], "is not name=value", 2),
    (["query", "cypher", "missing.cypher"], "cannot read saved query missing.cypher", 1),
])
def test_query_errors_are_one_line(loaded_dir: Path, args: list[str], message: str,
                                   code: int) -> None:
    done = kg(*args, "--data-dir", str(loaded_dir))
    assert done.returncode == code
    assert message in done.stderr and done.stderr.count("\n") == 1
    assert "Traceback" not in done.stderr


def test_load_errors_are_one_line(tmp_path: Path, gold_claims_path: Path) -> None:
    port = str(free_port())
    cases = [
        (kg("load", "falkordb", str(tmp_path / "none.jsonl")), "cannot open claims file"),
        (kg("load", "falkordb", str(gold_claims_path), "--port", port),
         f"no FalkorDB server answers at 127.0.0.1:{port}"),
        (kg("load", "neo4j", str(gold_claims_path), "--uri", f"bolt://127.0.0.1:{port}",
            env={"NEO4J_PASSWORD": "x", "PATH": ""}), "cannot reach Neo4j"),
        (kg("load", "neo4j", str(gold_claims_path), env={"PATH": ""}),
         "NEO4J_PASSWORD is not set"),
        (kg("query", "cypher", "MATCH (n) RETURN n", "--data-dir", str(tmp_path / "empty")),
         "no graph in"),
    ]
    for done, message in cases:
        assert done.returncode == 1, done.stdout
        assert message in done.stderr and done.stderr.count("\n") == 1, done.stderr


def test_every_command_has_help() -> None:
    for args in (["stats"], ["load", "neo4j"], ["load", "falkordb"], ["query", "cypher"]):
        done = kg(*args, "--help")
        assert done.returncode == 0
        assert "--" in done.stdout and "Usage" in done.stdout
