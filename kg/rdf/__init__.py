"""RDF and SPARQL: the kg vocabulary, claims → RDF dumps, and SPARQL over dumps.

- :mod:`kg.rdf.vocab`: the ontology's terms as a closed rdflib ``DefinedNamespace``.
- :mod:`kg.rdf.mapping`: pure functions from claims to quads (N-Triples terms), and rdflib
  graphs of them for the SHACL check and graph comparisons.
- :mod:`kg.rdf.export`: ``export_rdf`` writes Turtle, N-Triples, N-Quads, TriG or JSON-LD, the
  line formats directly and the others with pyoxigraph's serialisers.
- :mod:`kg.rdf.sparql`: ``query_sparql`` answers SPARQL over a dump with pyoxigraph, from a
  store bulk-loaded once.
"""

from kg.rdf.export import FORMATS, export_rdf
from kg.rdf.mapping import DEFAULT_BASE, claims_to_dataset
from kg.rdf.sparql import SparqlResult, query_sparql

__all__ = [
    "DEFAULT_BASE",
    "FORMATS",
    "SparqlResult",
    "claims_to_dataset",
    "export_rdf",
    "query_sparql",
]
