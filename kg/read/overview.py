"""Two views of the whole graph the web page draws: the vocabulary (every class and property
with its labels and definitions in both languages: the ontology's size) and the overview
(which treatments act on which mechanisms and symptoms, stated or inferred, with claim counts;
the cells are computed at build time, and the page shows those of the best-evidenced
treatments and targets).

>>> from kg.store import open_store
>>> overview(open_store("memory:"))
{'cells': [], 'labels': {}, 'totals': {'treatments': 0, 'targets': 0}}
"""

from __future__ import annotations

from typing import Any

from kg import queries
from kg.namespaces import compact, expand
from kg.read.entity_list import entity_refs, per_store
from kg.read.text_index import index_for
from kg.store import Store


@per_store
def vocabulary(store: Store) -> dict[str, dict[str, Any]]:
    """term (CURIE) -> ``{kind, label_en, label_zh, definition_en, definition_zh, parents}``."""
    out: dict[str, dict[str, Any]] = {}
    for r in store.select(queries.load("vocabulary")).rows:
        term = out.setdefault(compact(r["term"].value), {"kind": r["kind"].value, "parents": []})
        field, value = r["field"].value, r["value"].value
        if field == "parent":
            term["parents"].append(compact(value))
        elif field in ("label_en", "label_zh", "definition_en", "definition_zh"):
            term[field] = value
    for term in out.values():
        term["parents"].sort()
    return dict(sorted(out.items()))


TREATMENTS = 60  # the overview's rows: the treatments with the most claims
TARGETS = 80  # and columns: the mechanisms and symptoms with the most claims


def overview(store: Store, treatments: int = TREATMENTS, targets: int = TARGETS
             ) -> dict[str, Any]:
    """``{cells: [{treatment, target, kind, inferred, claims}], labels: {id: {label_en,
    label_zh}}, totals: {treatments, targets}}``: a cell per pair among the ``treatments``
    treatments and ``targets`` targets with the most claims, from the build's index."""
    totals, cells = index_for(store).overview(treatments, targets)
    cells.sort(key=lambda c: (c["treatment"], c["kind"], c["target"]))
    ids: list[str] = sorted({str(c[k]) for c in cells for k in ("treatment", "target")})
    refs = entity_refs(store, [expand(i) for i in ids])
    return {"cells": cells,
            "labels": {i: {"label_en": refs[expand(i)].label_en,
                           "label_zh": refs[expand(i)].label_zh} for i in ids},
            "totals": totals}


__all__ = ["overview", "vocabulary"]
