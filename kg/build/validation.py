"""SHACL validation (pySHACL) of the built graph against ``ontology/shapes.ttl``."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pyshacl import validate
from rdflib import Graph


@dataclass(frozen=True, slots=True)
class ShaclResult:
    conforms: bool
    report: str
    focus_nodes: int


class ShaclViolation(RuntimeError):
    """The graph does not conform; the message is pySHACL's report."""


def shacl_check(data: Graph, ontology: Graph, shapes_file: Path) -> ShaclResult:
    """Validate ``data`` (+ the ontology, so class targets reach subclasses' instances)."""
    shapes = Graph().parse(shapes_file, format="turtle")
    combined = Graph()
    for t in ontology:
        combined.add(t)
    for t in data:
        combined.add(t)
    conforms, _, text = validate(
        combined, shacl_graph=shapes, inference="none", abort_on_first=False, allow_warnings=False
    )
    focus = sum(1 for _ in shapes.subjects(None, None))
    return ShaclResult(bool(conforms), str(text), focus)
