"""GraphML (yEd, Cytoscape desktop) and GEXF 1.3 (Gephi), written by networkx.

Both formats hold scalar attributes only, so lists (types, citations, claims, quotes) are
written as JSON text; readers get them back with ``json.loads``. The attribution goes into
the graph's attributes (GraphML) or ``<meta><description>`` (GEXF) and an XML comment.
"""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

import networkx as nx

from kg.exports.common import flat_graph, notice

_BAD_XSI = b'xmlns:xsi="http://w3.org/2001/XMLSchema-instance"'
_XSI = b'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"'


def _comment(graph: nx.MultiDiGraph[str]) -> bytes:
    text = notice(graph).replace("--", "- -")
    return f"  <!--\n{text}  -->\n".encode()


def _inside_root(xml: bytes, root: bytes, insert: bytes) -> bytes:
    """``insert`` just after the root element's start tag (the file still opens with it)."""
    end = xml.index(b">", xml.index(b"<" + root)) + 1
    return xml[:end] + b"\n" + insert + xml[end:].lstrip(b"\n")


def graphml(graph: nx.MultiDiGraph[str]) -> bytes:
    """GraphML with typed keys (``inferred`` boolean, ``evidence_count`` int)."""
    buf = io.BytesIO()
    nx.write_graphml(flat_graph(graph), buf, encoding="utf-8", prettyprint=True)
    return _inside_root(buf.getvalue(), b"graphml", _comment(graph))


def gexf(graph: nx.MultiDiGraph[str]) -> bytes:
    """GEXF 1.3 (``version="1.3"``, namespace ``http://gexf.net/1.3``)."""
    g = flat_graph(graph)
    g.graph["name"] = g.graph["title"]
    for _, _, k, d in g.edges(keys=True, data=True):
        d["id"] = k
    buf = io.BytesIO()
    nx.write_gexf(g, buf, encoding="utf-8", prettyprint=True, version="1.3")
    desc = f"<description>{escape(notice(graph))}</description>\n  ".encode()
    xml = buf.getvalue().replace(b"</meta>", desc + b"</meta>", 1)
    # networkx 3.6 declares xsi as http://w3.org/...; the XML Schema instance namespace is www.
    xml = xml.replace(_BAD_XSI, _XSI, 1)
    return _inside_root(xml, b"gexf", _comment(graph))
