"""Turtle written straight from sorted N-Triples lines reads back as the same triples."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import Graph

from kg.rdf.export import turtle_lines

NAMES = {"ex": "http://example.org/", "exd": "http://example.org/data/",
         "xsd": "http://www.w3.org/2001/XMLSchema#"}
# IRIs a prefix can shorten and IRIs it must not (no safe local name after the namespace)
IRIS = ["<http://example.org/a>", "<http://example.org/data/e-1>", "<http://example.org/data/>",
        "<http://example.org/x.y>", "<http://example.org/end.>", "<http://example.org/-lead>",
        "<http://example.org/100>", "<http://example.org/a%20b>", "<http://example.org/(p)>",
        "<http://example.org/data/q:1>", "<http://other.org/z>",
        "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"]
LITERALS = ['"plain"', '"قوات الكرامة"@ar', '"2020-01-05"^^<http://www.w3.org/2001/XMLSchema#date>',
            '"a \\"quoted\\"^^<x> word"', '"line\\nbreak"', '"7"^^<http://example.org/n>',
            '"tab\\t and \\\\ slash"', '"84"^^<http://www.w3.org/2001/XMLSchema#integer>',
            '"-3"^^<http://www.w3.org/2001/XMLSchema#integer>',
            '"true"^^<http://www.w3.org/2001/XMLSchema#boolean>',
            '"1.5"^^<http://www.w3.org/2001/XMLSchema#integer>']


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.sampled_from([*IRIS, "_:b1", "_:b2"]), st.sampled_from(IRIS),
                          st.sampled_from([*IRIS, *LITERALS, "_:b1"])), max_size=25))
def test_turtle_reads_back_as_the_n_triples(triples: list[tuple[str, str, str]]) -> None:
    lines = sorted({f"{s} {p} {o} .\n".encode() for s, p, o in triples})
    turtle = b"".join(turtle_lines(lines, NAMES)).decode()
    expected = Graph().parse(data=b"".join(lines).decode(), format="nt")
    got = Graph().parse(data=turtle, format="turtle")
    assert got.isomorphic(expected), turtle


def test_turtle_groups_a_subjects_triples_and_shortens_what_it_can() -> None:
    lines = sorted([
        b'<http://example.org/data/e1> <http://example.org/name> "x" .\n',
        b"<http://example.org/data/e1> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> "
        b"<http://example.org/Person> .\n",
        b'<http://example.org/data/e2> <http://example.org/date> '
        b'"2020-01-05"^^<http://www.w3.org/2001/XMLSchema#date> .\n',
        b'<http://example.org/data/e2> <http://example.org/n> '
        b'"84"^^<http://www.w3.org/2001/XMLSchema#integer> .\n',
    ])
    text = b"".join(turtle_lines(lines, NAMES)).decode()
    assert "exd:e1 ex:name \"x\" ;\n    a ex:Person .\n" in text
    assert 'exd:e2 ex:date "2020-01-05"^^xsd:date ;\n    ex:n 84 .\n' in text
    assert text.startswith("@prefix ex: <http://example.org/> .\n")
