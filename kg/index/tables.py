"""The read side's tables, computed once from a whole store: every clinical entity with its
labels and types, every claim, every edge of the clinical graph with the claims (or the
inference record) behind it, the references, the audit flags, the statistics and the
overview's cells.

They are read with the named queries the service used to run on its first request, so the
tables are the same rows, now computed by ``ldhkg build`` (over the review and every
``--add`` file) and written into the build's index, where a route looks up only the rows of
the entity, claim, reference or page it is asked about. ``Rows`` runs a named query however
the caller reaches the store (pyoxigraph at build time, the ``Store`` interface when an index
is made in memory for a store that came without one).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox

from kg.namespaces import LDHO, compact

Term = ox.NamedNode | ox.BlankNode | ox.Literal
Row = Mapping[str, Term]
Rows = Callable[[str], Iterable[Row]]
LDHO_NS = str(LDHO)


@dataclass(slots=True)
class EntityRow:
    iri: str
    id: str
    label_en: str | None = None
    label_zh: str | None = None
    types: list[str] = field(default_factory=list)
    inferred_types: list[str] = field(default_factory=list)
    synonyms: list[str] = field(default_factory=list)
    degree: int = 0  # claims with it as subject or object

    def texts(self) -> list[tuple[str, str]]:
        """(field, text) pairs to match against: labels first, then synonyms."""
        out = [("label_en", self.label_en), ("label_zh", self.label_zh)]
        return [(f, t) for f, t in out if t] + [("synonym", s) for s in self.synonyms]


@dataclass(slots=True)
class ClaimRow:
    id: str
    subject: str
    predicate: str
    object: str
    direction: str
    quote: str
    section: str
    citations: list[int] = field(default_factory=list)


@dataclass(slots=True)
class EdgeRow:
    """An edge of the clinical graph (CURIEs): asserted with the claims stating it, or
    inferred with the rule and the claims it derives from."""

    source: str
    target: str
    predicate: str
    inferred: bool
    rule: str | None
    claims: list[str]
    citations: list[int]

    @property
    def key(self) -> str:
        return f"{self.predicate} (inferred)" if self.inferred else self.predicate


@dataclass(slots=True)
class Tables:
    entities: list[EntityRow]  # sorted by id
    closure: dict[str, frozenset[str]]  # class -> itself and its subclasses (CURIEs)
    claims: dict[str, ClaimRow]  # by id, sorted
    edges: list[EdgeRow]  # sorted by (source, target, key)
    references: list[tuple[str, dict[str, Any]]]  # (IRI, record) by number, then IRI
    flags: dict[str, list[dict[str, Any]]]  # target CURIE -> flags, each list by kind
    statistics: list[dict[str, Any]]  # by id
    overview: list[dict[str, Any]]  # treatment x target cells


def _text(row: Row, key: str) -> str | None:
    return row[key].value if key in row else None


def entity_rows(rows: Iterable[Row]) -> list[EntityRow]:
    """``entity_table`` rows -> one record per clinical entity, sorted by id."""
    out: dict[str, EntityRow] = {}
    for r in rows:
        iri, kind, value = r["entity"].value, r["field"].value, r["value"]
        row = out.setdefault(iri, EntityRow(iri, compact(iri)))
        lang = value.language if isinstance(value, ox.Literal) else None
        if kind == "label" and lang == "en":
            row.label_en = value.value
        elif kind == "label" and lang == "zh":
            row.label_zh = value.value
        elif kind == "synonym" and value.value not in row.synonyms:
            row.synonyms.append(value.value)
        elif kind == "type" and value.value.startswith(LDHO_NS):
            row.types.append(compact(value.value))
        elif kind == "inferred_type" and value.value.startswith(LDHO_NS):
            row.inferred_types.append(compact(value.value))
    return sorted(out.values(), key=lambda e: e.id)


def class_closure(rows: Iterable[Row]) -> dict[str, frozenset[str]]:
    """``class_closure`` rows -> each class (CURIE) with itself and all its subclasses."""
    out: dict[str, set[str]] = {}
    for r in rows:
        out.setdefault(compact(r["class"].value), set()).add(compact(r["sub"].value))
    return {k: frozenset(v) for k, v in sorted(out.items())}


def claim_rows(rows: Iterable[Row]) -> dict[str, ClaimRow]:
    """``claims`` rows (one per citation) -> claim records by id, sorted."""
    out: dict[str, ClaimRow] = {}
    ordered = sorted(rows, key=lambda r: (r["claim"].value,
                                          int(r["citation"].value) if "citation" in r else -1))
    for r in ordered:
        cid = compact(r["claim"].value)
        rec = out.get(cid)
        if rec is None:
            rec = out[cid] = ClaimRow(cid, compact(r["subject"].value),
                                      compact(r["predicate"].value), compact(r["object"].value),
                                      r["direction"].value, r["quote"].value,
                                      r["section"].value)
        if "citation" in r and int(r["citation"].value) not in rec.citations:
            rec.citations.append(int(r["citation"].value))
    return out


def _inference_records(rows: Iterable[Row]
                       ) -> dict[tuple[str, str, str], tuple[str | None, list[str]]]:
    """Inferred edge (CURIEs) -> the rule of its ldho:Inference record and the claims it
    derives from, in claim order (the rule of the record listed first when there are several)."""
    ordered = sorted(rows, key=lambda r: (r["claim"].value if "claim" in r else "",
                                          r["inference"].value))
    out: dict[tuple[str, str, str], tuple[str | None, list[str]]] = {}
    for r in ordered:
        edge = (compact(r["s"].value), compact(r["p"].value), compact(r["o"].value))
        explanation = _text(r, "explanation")
        _, ids = out.setdefault(edge, (explanation.split(":", 1)[0] if explanation else None, []))
        if "claim" in r and (cid := compact(r["claim"].value)) not in ids:
            ids.append(cid)
    return out


def edge_rows(edges: Iterable[Row], records: Iterable[Row], entities: Iterable[str],
              claims: Mapping[str, ClaimRow]) -> list[EdgeRow]:
    """``clinical_edges`` rows between clinical entities (IRIs ``entities``), each with the
    claims stating it (asserted) or its inference record (inferred)."""
    known = set(entities)
    stating: dict[tuple[str, str, str], list[str]] = {}
    for c in claims.values():  # in claim order
        stating.setdefault((c.subject, c.predicate, c.object), []).append(c.id)
    inferred_by = _inference_records(records)
    out: dict[tuple[str, str, str], EdgeRow] = {}
    for s, p, o, inferred in sorted(
        (r["s"].value, r["p"].value, r["o"].value, r["inferred"].value == "true") for r in edges
    ):
        if s not in known or o not in known:
            continue
        pred, u, v = compact(p), compact(s), compact(o)
        if inferred:
            rule, ids = inferred_by.get((u, pred, v), (None, []))
        else:
            rule, ids = None, stating.get((u, pred, v), [])
        cids = [c for c in ids if c in claims]
        row = EdgeRow(u, v, pred, inferred, rule, cids,
                      sorted({n for c in cids for n in claims[c].citations}))
        out[(u, v, row.key)] = row
    return [out[k] for k in sorted(out)]


_REFERENCE_FIELDS = {"authors": "authors", "first_author": "firstAuthor", "title": "title",
                     "journal": "journal", "volume": "volume", "issue": "issue",
                     "pages": "pages", "locator": "locator", "doi": "doi", "text": "text"}


def reference_record(row: Row) -> dict[str, Any]:
    """One ``references`` row as the fields of a ``Citation``."""
    year = _text(row, "year")
    out: dict[str, Any] = {"n": int(row["n"].value),
                           "year": int(year) if year and year.isdigit() else None}
    out.update({k: _text(row, v) for k, v in _REFERENCE_FIELDS.items()})
    return out


def reference_rows(rows: Iterable[Row]) -> list[tuple[str, dict[str, Any]]]:
    """(IRI, record) by number, then IRI: a store holding other sources besides the review
    has several references under one number."""
    return sorted(((r["ref"].value, reference_record(r)) for r in rows),
                  key=lambda x: (int(x[1]["n"]), x[0]))


def flag_rows(rows: Iterable[Row]) -> dict[str, list[dict[str, Any]]]:
    """``audit_flags`` rows -> flags by the node they flag, each list by kind then flag."""
    out: dict[str, list[dict[str, Any]]] = {}
    ordered = sorted(rows, key=lambda r: (r["target"].value, r["kind"].value, r["flag"].value))
    for r in ordered:
        out.setdefault(compact(r["target"].value), []).append({
            "id": compact(r["flag"].value), "kind": r["kind"].value,
            "severity": r["severity"].value, "reason": r["reason"].value,
            "detected_by": _text(r, "detectedBy")})
    return out


def _number(text: str) -> int | float:
    from decimal import Decimal

    value = Decimal(text)
    return int(value) if value == value.to_integral_value() else float(value)


def statistic_rows(rows: Iterable[Row], flags: Iterable[Row]) -> list[dict[str, Any]]:
    """``statistics`` and ``statistic_flags`` rows -> one record per statistic (entities as
    CURIEs), with its audit flags (on it or on its claim), sorted by id."""
    stats: dict[str, dict[str, Any]] = {}
    ordered = sorted(rows, key=lambda r: (r["stat"].value,
                                          int(r["citation"].value) if "citation" in r else -1))
    for r in ordered:
        sid = compact(r["stat"].value)
        st = stats.get(sid)
        if st is None:
            st = stats[sid] = {
                "id": sid,
                "quantity": r["quantity"].value,
                "value": _number(r["value"].value),
                "stated_as": _text(r, "statedAs"),
                "unit": _text(r, "unit"),
                "timepoint": _text(r, "timepoint"),
                "sample_size": int(r["sampleSize"].value) if "sampleSize" in r else None,
                "population": compact(r["population"].value) if "population" in r else None,
                "study_design": compact(r["design"].value) if "design" in r else None,
                "comparison": _text(r, "comparison"),
                "citations": [],
                "quote": r["quote"].value,
                "section": r["section"].value,
                "claim": compact(r["claim"].value),
                "about": compact(r["about"].value) if "about" in r else None,
                "audit_flags": [],
            }
        if "citation" in r and int(r["citation"].value) not in st["citations"]:
            st["citations"].append(int(r["citation"].value))
    ordered_flags = sorted(flags, key=lambda r: (r["stat"].value, r["kind"].value,
                                                 r["flag"].value))
    for r in ordered_flags:
        st = stats.get(compact(r["stat"].value))
        flag = {"id": compact(r["flag"].value), "kind": r["kind"].value,
                "severity": r["severity"].value, "reason": r["reason"].value}
        if st is not None and flag["id"] not in {f["id"] for f in st["audit_flags"]}:
            st["audit_flags"].append(flag)
    return [stats[k] for k in sorted(stats)]


def overview_cells(rows: Iterable[Row]) -> list[dict[str, Any]]:
    """``overview`` rows -> ``{treatment, target, kind, inferred, claims}`` cells."""
    cells = []
    for r in rows:
        claims = int(r["claims"].value)
        cells.append({"treatment": compact(r["treatment"].value),
                      "target": compact(r["target"].value), "kind": r["kind"].value,
                      "inferred": claims == 0, "claims": claims})
    cells.sort(key=lambda c: (c["treatment"], c["kind"], c["target"]))
    return cells


def tables(rows_of: Rows) -> Tables:
    """Every table, from the named queries' rows."""
    entities = entity_rows(rows_of("entity_table"))
    claims = claim_rows(rows_of("claims"))
    degree: Counter[str] = Counter()
    for c in claims.values():
        degree[c.subject] += 1
        degree[c.object] += 1
    for e in entities:
        e.degree = degree[e.id]
    return Tables(
        entities=entities,
        closure=class_closure(rows_of("class_closure")),
        claims=claims,
        edges=edge_rows(rows_of("clinical_edges"), rows_of("inference_records"),
                        (e.iri for e in entities), claims),
        references=reference_rows(rows_of("references")),
        flags=flag_rows(rows_of("audit_flags")),
        statistics=statistic_rows(rows_of("statistics"), rows_of("statistic_flags")),
        overview=overview_cells(rows_of("overview")),
    )
