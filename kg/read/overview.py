"""Two views of the whole graph the web page draws: the vocabulary (every class and property
with its labels and definitions in both languages) and the overview (which treatments act on
which mechanisms and symptoms, stated or inferred, with claim counts).

>>> from kg.store import open_store
>>> overview(open_store("memory:"))
{'cells': [], 'labels': {}}
"""

from __future__ import annotations

from typing import Any

import pyoxigraph as ox

from kg import queries
from kg.namespaces import compact, expand
from kg.read.entity_list import per_store
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


@per_store
def overview(store: Store) -> dict[str, Any]:
    """``{cells: [{treatment, target, kind, inferred, claims}], labels: {id: {label_en,
    label_zh}}}``, a cell per pair."""
    cells: list[dict[str, Any]] = []
    rows = store.select(queries.load("overview")).rows
    for r in rows:
        claims = int(r["claims"].value)
        cells.append({"treatment": compact(r["treatment"].value),
                      "target": compact(r["target"].value), "kind": r["kind"].value,
                      "inferred": claims == 0, "claims": claims})
    cells.sort(key=lambda c: (c["treatment"], c["kind"], c["target"]))
    ids: list[str] = sorted({str(c[k]) for c in cells for k in ("treatment", "target")})
    labels: dict[str, dict[str, str]] = {i: {} for i in ids}
    for i in ids:  # bounded: one lookup per entity on the overview
        for r in store.select(queries.load("labels"), {"entity": ox.NamedNode(expand(i))}).rows:
            label = r["label"]
            labels[i][getattr(label, "language", None) or "en"] = label.value
    return {"cells": cells, "labels": {i: {"label_en": v.get("en"), "label_zh": v.get("zh")}
                                      for i, v in labels.items()}}


__all__ = ["overview", "vocabulary"]
