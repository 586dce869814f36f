"""Helpers the exporters share: the attribution notice, flattening for typed-scalar formats,
deterministic zip archives.

>>> flat(["ldh:a", "ldh:b"])
'["ldh:a","ldh:b"]'
>>> flat(True), flat(3)
(True, 3)
"""

from __future__ import annotations

import io
import json
import zipfile
from dataclasses import dataclass
from typing import Any

import networkx as nx

from kg.exports.subgraph import GRAPH_ATTRS


@dataclass(frozen=True, slots=True)
class Export:
    """One export: bytes, media type and a file name for Content-Disposition."""

    body: bytes
    media_type: str
    filename: str


class ExportUnavailable(RuntimeError):
    """The format needs a program that is not installed here (HTTP 503)."""


def notice(graph: nx.MultiDiGraph[str]) -> str:
    """Attribution, DOI, licence and what the file holds, as plain text lines."""
    return (
        f"{GRAPH_ATTRS['title']}\n"
        f"Selection: {graph.graph.get('selection', '')}\n"
        f"{GRAPH_ATTRS['attribution']}\n"
        f"Source: {GRAPH_ATTRS['source']} (DOI {GRAPH_ATTRS['doi']})\n"
        f"Licence: {GRAPH_ATTRS['license']}\n"
    )


def flat(value: Any) -> Any:
    """A list as compact JSON text (formats whose attributes are scalars); scalars as is."""
    if isinstance(value, list | tuple):
        return json.dumps(list(value), ensure_ascii=False, separators=(",", ":"))
    return value


def flat_graph(graph: nx.MultiDiGraph[str]) -> nx.MultiDiGraph[str]:
    """A copy whose list attributes are JSON text, whose nodes carry a ``label`` and whose
    edges are keyed ``e0``, ``e1``... (XML ids must be unique in the document)."""
    out: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    out.graph.update({k: flat(v) for k, v in graph.graph.items()})
    for n, d in graph.nodes(data=True):
        out.add_node(n, label=d["label_en"], **{k: flat(v) for k, v in d.items()})
    for i, (u, v, d) in enumerate(graph.edges(data=True)):  # unique ids: e0, e1, ...
        out.add_edge(u, v, f"e{i}", label=d["predicate"], **{a: flat(x) for a, x in d.items()})
    return out


def zip_files(files: dict[str, str]) -> bytes:
    """A zip of UTF-8 text files with fixed timestamps, so the same graph gives the same bytes."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, text in files.items():
            info = zipfile.ZipInfo(name, date_time=(2025, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, text.encode("utf-8"))
    return buf.getvalue()


def json_bytes(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, indent=1, sort_keys=False).encode("utf-8") + b"\n"
