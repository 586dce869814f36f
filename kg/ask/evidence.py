"""Turning edges and claims into answers: labels, evidence (quote, citations, design, n, audit
flags) and, for an inferred answer, the chain of stated edges it rests on.

An answer is only ever made from an edge the graph holds: an asserted edge with the claims that
state it, or an inferred edge with its ``ldho:Inference`` record. Nothing here looks at which
references or sentences two entities share.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import pairwise

from kg.ask.model import Answer, ChainHop, Computation, EvidenceItem, InferredFrom
from kg.ask.templates import Edge, Runner, claim_details
from kg.ids import reference_local
from kg.namespaces import compact, expand
from kg.read.citations import claims_by_id, flags_by_target
from kg.read.entity_list import class_closure, entity_table
from kg.read.records import Claim
from kg.read.statistics import Statistic, all_statistics
from kg.store import Store

CONTEXT = frozenset({"ldh:lumbar-disc-herniation", "ldh:lumbar-discectomy",
                     "ldh:postoperative-residual-symptoms"})


@dataclass(slots=True)
class Context:
    """Everything a handler needs for one question."""

    store: Store
    runner: Runner
    language: str
    text: str
    answers: dict[str, Answer] = field(default_factory=dict)
    computation: Computation | None = None
    boolean: bool | None = None
    statement: str | None = None

    # -- entities --------------------------------------------------------------------------
    def labels(self, curie: str) -> tuple[str | None, str | None, list[str]]:
        row = entity_table(self.store).get(expand(curie))
        if row is None:
            return None, None, []
        return row.ref.label_en, row.ref.label_zh, list(row.ref.types)

    def name(self, curie: str) -> str:
        en, zh, _ = self.labels(curie)
        return (zh if self.language == "zh" else en) or en or zh or curie

    def is_a(self, curie: str, cls: str) -> bool:
        row = entity_table(self.store).get(expand(curie))
        if row is None:
            return False
        wanted = class_closure(self.store).get(cls, frozenset({cls}))
        return bool(wanted.intersection(row.ref.types + row.inferred_types))

    # -- evidence --------------------------------------------------------------------------
    def claim(self, cid: str) -> Claim | None:
        return claims_by_id(self.store).get(cid)

    def flags_for(self, rec: Claim) -> list[str]:
        flags = flags_by_target(self.store)
        targets = [rec.id] + [f"ldh:{reference_local(n)}" for n in rec.citations]
        targets += [s.id for s in all_statistics(self.store) if s.claim == rec.id]
        kinds = [f"{f.kind}: {f.reason}" for t in targets for f in flags.get(t, [])]
        return list(dict.fromkeys(kinds))

    def evidence(self, claim_ids: list[str]) -> list[EvidenceItem]:
        details = claim_details(self.store)
        out = []
        for cid in dict.fromkeys(claim_ids):
            rec = self.claim(cid)
            if rec is None:
                continue
            d = details.get(cid)
            out.append(EvidenceItem(
                claim=cid, citations=list(rec.citations), quote=rec.quote, section=rec.section,
                direction=rec.direction, statement=self.sentence(rec.subject, rec.predicate,
                                                                  rec.object),
                study_design=d.design if d else None, n=d.n if d else None,
                timepoint=(d.timepoint or d.follow_up) if d else None,
                audit_flags=self.flags_for(rec),
            ))
        return out

    def sentence(self, s: str, p: str, o: str) -> str:
        verb = p.split(":", 1)[-1]
        return f"{self.name(s)} —{verb}→ {self.name(o)}"

    # -- answers ---------------------------------------------------------------------------
    def answer(self, curie: str, relation: str | None = None) -> Answer:
        """The answer for ``curie`` (one per entity per question; evidence accumulates)."""
        if curie not in self.answers:
            en, zh, types = self.labels(curie)
            self.answers[curie] = Answer(curie, en, zh, types, relation=relation, inferred=True)
        return self.answers[curie]

    def add_edges(self, edges: list[Edge], key: str, relation: str | None = None) -> None:
        """Answers from edges: ``key`` is "subject" or "object" (the end that answers).

        A pair with an asserted edge is answered from its claims; an inferred edge counts only
        where nothing is asserted for the pair, and carries its chain.
        """
        asserted = {(e.subject, e.object) for e in edges if not e.inferred}
        for e in sorted(edges, key=lambda e: e.inferred):
            who = e.subject if key == "subject" else e.object
            if e.inferred and (e.subject, e.object) in asserted:
                continue
            ans = self.answer(who, relation or e.predicate)
            if not e.inferred:
                ans.inferred = False
                ans.inferred_from = None
                ans.evidence += [x for x in self.evidence(e.claims)
                                 if x.claim not in {y.claim for y in ans.evidence}]
            elif ans.inferred and ans.inferred_from is None:
                ans.inferred_from = self.inferred_from(e)
                ans.evidence = self.evidence(e.claims)

    def inferred_from(self, e: Edge) -> InferredFrom:
        rule = (e.explanation or "inferred").split(":", 1)[0]
        recs = [r for c in e.claims if (r := self.claim(c)) is not None]
        nodes = order_chain(e.subject, e.via, e.object, recs)
        chain = []
        for a, b in pairwise(nodes):
            hop = next((r for r in recs if (r.subject, r.object) in {(a, b), (b, a)}), None)
            if hop is not None:
                chain.append(ChainHop(hop.subject, hop.predicate, hop.object))
        return InferredFrom(rule, chain, e.explanation)

    def statistic(self, stat: Statistic) -> Answer:
        """A number as an answer: value, unit, time point, n, and the claim stating it."""
        about = stat.about.id if stat.about else stat.claim
        label = f"{stat.quantity} {stat.stated_as or stat.value} {stat.unit or ''}".strip()
        ans = Answer(stat.id, label, None, ["ldho:Statistic"], relation="ldho:about",
                     value=float(stat.value), unit=stat.unit, timepoint=stat.timepoint,
                     n=stat.sample_size, related=[about])
        ans.evidence = self.evidence([stat.claim])
        for ev in ans.evidence:
            ev.study_design = stat.study_design or ev.study_design
            ev.n = stat.sample_size or ev.n
            ev.citations = stat.citations or ev.citations
        return ans


def order_chain(start: str, via: list[str], end: str, claims: list[Claim]) -> list[str]:
    """start -> via... -> end, walking the claims' edges (an inference lists via unordered)."""
    path, left = [start], list(via)
    while left:
        here = path[-1]
        nxt = next((v for v in left if any({c.subject, c.object} == {here, v} for c in claims)),
                   left[0])
        path.append(nxt)
        left.remove(nxt)
    return [*path, end]


def drop_context(ids: list[str]) -> list[str]:
    """The question's specific entities: LDH, discectomy and "residual symptoms" are the
    review's setting and only the focus when nothing more specific is named."""
    specific = [i for i in ids if i not in CONTEXT]
    return specific or ids


__all__ = ["CONTEXT", "Context", "compact", "drop_context", "order_chain"]
