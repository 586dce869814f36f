"""Named ``ask_*`` templates, run with bound values and recorded, and their rows parsed.

Each question runs a few templates; every run is kept (template, bindings, text) so the answer
shows exactly which SPARQL produced it. Results are parsed into plain records here, in one
place; the answer builders never see SPARQL rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pyoxigraph as ox

from kg import queries
from kg.ask.model import QueryRun
from kg.namespaces import compact, expand
from kg.read.entity_list import per_store
from kg.store import Store


@dataclass(slots=True)
class Edge:
    """One edge of the graph and what backs it: claims (asserted) or an inference record."""

    subject: str
    predicate: str
    object: str
    inferred: bool
    claims: list[str] = field(default_factory=list)
    via: list[str] = field(default_factory=list)
    explanation: str | None = None


@dataclass(slots=True)
class StatedClaim:
    claim: str
    subject: str
    predicate: str
    object: str
    direction: str


@dataclass(slots=True)
class ClaimDetail:
    design: str | None = None
    n: int | None = None
    timepoint: str | None = None
    follow_up: str | None = None


def _node(curie: str) -> ox.NamedNode:
    return ox.NamedNode(expand(curie))


class Runner:
    """Runs templates against one store for one question, recording each run."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.runs: list[QueryRun] = []

    def _select(self, name: str, bindings: dict[str, str | ox.Literal]) -> list[dict[str, str]]:
        terms: dict[str, ox.NamedNode | ox.Literal] = {
            k: v if isinstance(v, ox.Literal) else _node(v) for k, v in bindings.items()
        }
        text = queries.load(name)
        shown = {k: str(v.value) if isinstance(v, ox.Literal) else v for k, v in bindings.items()}
        if not any(r.template == name and r.bindings == shown for r in self.runs):
            self.runs.append(QueryRun(name, shown, text))
        rows = self.store.select(text, terms).rows
        return [{k: v.value for k, v in row.items()} for row in rows]

    def edges(self, root: str, subject: str | None = None, obj: str | None = None) -> list[Edge]:
        """Edges by ``root`` or a sub-property, asserted and inferred, grouped per edge."""
        bound: dict[str, str | ox.Literal] = {"root": root}
        if subject:
            bound["subject"] = subject
        if obj:
            bound["object"] = obj
        # the subject-first text when only the subject is known (ask_edges_from_subject.rq)
        name = "ask_edges_from_subject" if subject and not obj else "ask_edges"
        out: dict[tuple[str, str, str, bool], Edge] = {}
        for r in self._select(name, bound):
            key = (compact(r["subject"]), compact(r["predicate"]), compact(r["object"]),
                   r["inferred"] == "true")
            e = out.setdefault(key, Edge(*key))
            if "claim" in r and compact(r["claim"]) not in e.claims:
                e.claims.append(compact(r["claim"]))
            if "via" in r and compact(r["via"]) not in e.via:
                e.via.append(compact(r["via"]))
            if "explanation" in r and e.explanation is None:
                e.explanation = r["explanation"]
        return list(out.values())

    def between(self, a: str, b: str | None = None) -> list[StatedClaim]:
        """Claims stated between ``a`` and ``b`` (either direction), or about ``a``."""
        bound: dict[str, str | ox.Literal] = {"a": a} if b is None else {"a": a, "b": b}
        return [
            StatedClaim(compact(r["claim"]), compact(r["subject"]), compact(r["predicate"]),
                        compact(r["object"]), r["direction"])
            for r in self._select("ask_between", bound)
        ]

    def members(self, cls: str) -> list[tuple[str, bool]]:
        """Entities of class ``cls`` (subclasses included): (id, only by inference)."""
        seen: dict[str, bool] = {}
        for r in self._select("ask_members", {"class": cls}):
            e = compact(r["entity"])
            seen[e] = seen.get(e, True) and r["inferred"] == "true"
        return list(seen.items())

    def statistics(self, about: str) -> list[str]:
        """Ids of the statistics about an entity."""
        return [compact(r["stat"]) for r in self._select("ask_statistics", {"about": about})]

    def cautions(self) -> list[StatedClaim]:
        """Claims that warn: direction "caution", ``cautionFor``, ``slowerResponseIn``."""
        bound: dict[str, str | ox.Literal] = {
            "direction": ox.Literal("caution"),
            "avoid": "ldho:cautionFor",
            "slower": "ldho:slowerResponseIn",
        }
        return [
            StatedClaim(compact(r["claim"]), compact(r["subject"]), compact(r["predicate"]),
                        compact(r["object"]), "caution")
            for r in self._select("ask_cautions", bound)
        ]


@per_store
def claim_details(store: Store) -> dict[str, ClaimDetail]:
    """Study design, n, time point and follow-up of every claim (parsed once per store)."""
    out: dict[str, ClaimDetail] = {}
    for r in store.select(queries.load("ask_claim_details")).rows:
        d = out.setdefault(compact(r["claim"].value), ClaimDetail())
        if "design" in r:
            d.design = compact(r["design"].value)
        if "n" in r:
            d.n = int(r["n"].value)
        if "timepoint" in r:
            d.timepoint = r["timepoint"].value
        if "followUp" in r:
            d.follow_up = r["followUp"].value
    return out


@per_store
def property_roots(store: Store) -> dict[str, frozenset[str]]:
    """Each property (CURIE) -> itself and its super-properties."""
    out: dict[str, set[str]] = {}
    for r in store.select(queries.load("ask_property_closure")).rows:
        out.setdefault(compact(r["property"].value), set()).add(compact(r["root"].value))
    return {k: frozenset(v) for k, v in out.items()}
