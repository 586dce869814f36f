"""Write the build artifacts deterministically (same input -> byte-identical files).

Blank nodes (the ontology's restrictions and lists) are relabelled canonically with
rdflib's RGDA1 implementation; line-based formats are sorted; Turtle, TriG and JSON-LD are
serialised from graphs filled in sorted order. The pyoxigraph store is a database, not a
file format, and is excluded from the byte-identity promise.
"""

from __future__ import annotations

import io
import json
import xml.etree.ElementTree as ET
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path
from typing import Any

import pyoxigraph
from rdflib import BNode, Graph, URIRef
from rdflib.compare import to_canonical_graph

from kg.namespaces import ASSERTED_GRAPH, INFERRED_GRAPH, ONTOLOGY_GRAPH, PREFIXES, PROVENANCE_GRAPH
from kg.build.text_index import index_store
from kg.paths import TEXT_INDEX
from kg.review import ATTRIBUTION

LAYERS = {
    "ontology": ONTOLOGY_GRAPH,
    "asserted": ASSERTED_GRAPH,
    "inferred": INFERRED_GRAPH,
    "provenance": PROVENANCE_GRAPH,
}


def canonical(g: Graph) -> Graph:
    """The same graph with blank nodes labelled by content (stable across runs)."""
    if not any(isinstance(t, BNode) for triple in g for t in triple):
        return g
    return to_canonical_graph(g)


def _sorted_graph(g: Graph) -> Graph:
    out = Graph()
    for prefix, ns in PREFIXES.items():
        out.bind(prefix, ns, override=True)
    for t in sorted(g):
        out.add(t)
    return out


def _bound(g: Graph) -> Graph:
    """``g`` with the project's prefixes: for the writers that order their output themselves
    (rdflib's Turtle writer sorts subjects, predicates and objects; the JSON-LD output is
    sorted below), so no sorted copy of the graph is needed."""
    if type(g) is not Graph:  # a read-only view (the reasoner's layers) cannot bind
        copy = Graph()
        copy += g
        g = copy
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns, override=True)
    return g


def _trig(layers: dict[str, Graph]) -> str:
    """TriG from per-graph Turtle (rdflib's TriG writer orders graphs by hash)."""
    prefixes = "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in sorted(PREFIXES.items()))
    blocks = []
    for name in sorted(layers, key=lambda n: str(LAYERS[n])):
        body = _bound(layers[name]).serialize(format="turtle")
        lines = [ln for ln in body.splitlines() if not ln.startswith("@prefix")]
        inner = "\n".join(("    " + ln) if ln else "" for ln in lines).strip("\n")
        blocks.append(f"<{LAYERS[name]}> {{\n{inner}\n}}\n")
    return prefixes + "\n" + "\n".join(blocks)


def _normalise_jsonld(node: Any, in_list: bool = False) -> Any:
    """Sort JSON-LD arrays (never an @list, whose order is data) for stable output."""
    if isinstance(node, dict):
        return {k: _normalise_jsonld(v, k == "@list") for k, v in node.items()}
    if isinstance(node, list):
        items = [_normalise_jsonld(v) for v in node]
        return (
            items
            if in_list
            else sorted(items, key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
        )
    return node


def _jsonld(layers: dict[str, Graph], context: dict[str, Any]) -> str:
    graphs = []
    for name in sorted(layers, key=lambda n: str(LAYERS[n])):
        doc = json.loads(_bound(layers[name]).serialize(format="json-ld", context=context))
        nodes = doc.get("@graph", [doc] if "@id" in doc else [])
        for n in nodes:
            n.pop("@context", None)
        graphs.append({"@id": str(LAYERS[name]), "@graph": _normalise_jsonld(nodes)})
    out = {"@context": context, "@graph": graphs}
    return json.dumps(out, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def _rdfxml(g: Graph) -> str:
    """RDF/XML with descriptions and their properties in a stable order."""
    text = _sorted_graph(g).serialize(format="xml")
    for prefix, uri in (ev[1] for ev in ET.iterparse(io.StringIO(text), events=("start-ns",))):
        ET.register_namespace(prefix, uri)
    root = ET.fromstring(text)
    for desc in root:
        children = sorted(desc, key=lambda e: ET.tostring(e, encoding="unicode"))
        desc[:] = children
    root[:] = sorted(root, key=lambda e: ET.tostring(e, encoding="unicode"))
    ET.indent(root, space="  ")
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def _nquads(layers: dict[str, Graph]) -> str:
    lines = []
    for name, g in layers.items():
        nt = g.serialize(format="nt", encoding="utf-8").decode("utf-8")
        graph = f"<{LAYERS[name]}>"
        lines += [f"{ln[:-2]} {graph} .\n" for ln in nt.splitlines(keepends=True) if ln.strip()]
    return "".join(sorted(lines))


def _jsonld_context() -> dict[str, Any]:
    return {"@context": dict(PREFIXES)}


def write_all(out: Path, layers: dict[str, Graph], add: tuple[Path, ...] = ()
              ) -> tuple[dict[str, int], list[dict[str, Any]]]:
    """Write every serialisation and the store into ``out`` (with the N-Quads files ``add``
    loaded into the store too); returns triple counts by layer and what each file added."""
    layers = {name: canonical(g) for name, g in layers.items()}
    union = Graph()
    for g in layers.values():
        for t in g:
            union.add(t)
    header = "# " + ATTRIBUTION + "\n"
    (out / "ldhkg.nq").write_text(_nquads(layers), encoding="utf-8")
    added = _write_store(out / "store", out / "ldhkg.nq", add)
    # the index is read back from the store (so added data is indexed like the review's); it
    # is built in a second process while this one writes the other serialisations
    with ProcessPoolExecutor(1, mp_context=get_context("spawn")) as pool:
        indexed = pool.submit(index_store, out / "store", out / TEXT_INDEX)
        ttl = _bound(union).serialize(format="turtle")
        (out / "ldhkg.ttl").write_text(header + ttl, encoding="utf-8")
        nt = union.serialize(format="nt", encoding="utf-8").decode("utf-8")
        (out / "ldhkg.nt").write_text("".join(sorted(nt.splitlines(keepends=True))),
                                      encoding="utf-8")
        (out / "ldhkg.trig").write_text(header + _trig(layers), encoding="utf-8")
        context = _jsonld_context()
        (out / "context.jsonld").write_text(
            json.dumps(context, indent=2, sort_keys=True) + "\n", encoding="utf-8"
        )
        (out / "ldhkg.jsonld").write_text(_jsonld(layers, context["@context"]),
                                          encoding="utf-8")
        (out / "ontology.owl").write_text(_rdfxml(layers["ontology"]), encoding="utf-8")
        indexed.result()  # re-raises what went wrong in the index process
    return {name: len(g) for name, g in layers.items()}, added


def _write_store(path: Path, nquads: Path, add: tuple[Path, ...] = ()) -> list[dict[str, Any]]:
    """The on-disk store: the review, then each added N-Quads file; closed when done, so the
    index process can open it."""
    store = pyoxigraph.Store(str(path))
    with nquads.open("rb") as fh:
        store.bulk_load(fh, pyoxigraph.RdfFormat.N_QUADS)
    added = []
    for extra in add:
        before = len(store)
        with extra.open("rb") as fh:
            try:
                store.bulk_load(fh, pyoxigraph.RdfFormat.N_QUADS)
            except SyntaxError as exc:
                raise ValueError(f"{extra}: not valid N-Quads: {exc}") from exc
        added.append({"file": str(extra), "quads": len(store) - before})
    store.flush()
    store.optimize()
    del store
    return added


def graph_iri(name: str) -> URIRef:
    return LAYERS[name]
