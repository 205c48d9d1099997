"""Views of the claims graph for people who never open a database: interactive HTML pages
(offline, right to left, thousands of nodes) and GraphML/GEXF files for Gephi and friends."""

from kg.views.formats import export_gexf, export_graphml, graph_for_export
from kg.views.html import Page, export_html, render_view

__all__ = ["Page", "export_gexf", "export_graphml", "export_html", "graph_for_export",
           "render_view"]
