"""DOT (Graphviz) written by hand with every id and value quoted, and SVG through ``dot``.

networkx's pydot bridge rejects names with ``:`` (every CURIE), so the DOT text is written
here; the tests read it back with pydot. SVG needs the Graphviz ``dot`` program (Debian
package ``graphviz``); without it ``svg`` raises ``ExportUnavailable``.
"""

from __future__ import annotations

import shutil
import subprocess

import networkx as nx

from kg.exports.common import ExportUnavailable, flat, notice

SVG_TIMEOUT_S = 120


def quote(value: object) -> str:
    """A DOT double-quoted string (backslash, quote and newline escaped).

    >>> quote('say "hi"\\n')
    '"say \\\\"hi\\\\"\\\\n"'
    """
    if isinstance(value, bool):
        value = "true" if value else "false"
    text = str(flat(value))
    text = text.replace("\\", "\\\\").replace('"', '\\"').replace("\r", "").replace("\n", "\\n")
    return f'"{text}"'


def _attrs(items: dict[str, object]) -> str:
    return ", ".join(f"{quote(k)}={quote(v)}" for k, v in items.items())


def dot(graph: nx.MultiDiGraph[str]) -> bytes:
    """A ``digraph`` with ``label`` (English and Chinese) on nodes, the predicate on edges
    (dashed when inferred), every attribute kept, and the attribution as the graph label."""
    text = notice(graph)
    lines = ["/*", *(line.replace("*/", "* /") for line in text.splitlines()), "*/"]
    lines.append("digraph ldhkg {")
    graph_attrs = {**graph.graph, "label": text, "labelloc": "b", "fontsize": "9",
                   "rankdir": "LR", "comment": text}
    lines.append(f"  graph [{_attrs(graph_attrs)}];")
    lines.append('  node [shape="box", style="rounded", fontname="Noto Sans CJK SC, sans-serif"];')
    lines.append('  edge [fontsize="9"];')
    for n, d in graph.nodes(data=True):
        label = f"{d['label_en']}\n{d['label_zh']}"
        lines.append(f"  {quote(n)} [{_attrs({'label': label, **d})}];")
    for u, v, d in graph.edges(data=True):
        extra = {"label": d["predicate"].split(":")[-1]}
        if d["inferred"]:
            extra["style"] = "dashed"
        lines.append(f"  {quote(u)} -> {quote(v)} [{_attrs({**extra, **d})}];")
    lines.append("}")
    return ("\n".join(lines) + "\n").encode("utf-8")


def graphviz_available() -> bool:
    return shutil.which("dot") is not None


def svg(graph: nx.MultiDiGraph[str]) -> bytes:
    """The DOT laid out by Graphviz ``dot -Tsvg``."""
    exe = shutil.which("dot")
    if exe is None:
        raise ExportUnavailable(
            "SVG needs Graphviz's `dot` program, which is not installed on this server "
            "(Debian/Ubuntu: apt-get install graphviz); the `dot` format works without it"
        )
    try:
        done = subprocess.run(
            [exe, "-Tsvg"], input=dot(graph), capture_output=True, timeout=SVG_TIMEOUT_S,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise ExportUnavailable(f"Graphviz took longer than {SVG_TIMEOUT_S} s") from exc
    if done.returncode != 0:
        raise RuntimeError(f"Graphviz failed: {done.stderr.decode('utf-8', 'replace')[:500]}")
    return done.stdout
