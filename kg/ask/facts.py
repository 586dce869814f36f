"""What the answerer reads from the store: the bounded lookups of ``kg.read.claims``, each
recorded as a query run (template, bindings, text) so the answer shows every query it rests
on, cached or not; and the review's setting, which a question names without narrowing.

>>> from kg.store import open_store
>>> f = Facts(open_store("memory:"))
>>> f.claims_of("ldh:mecobalamin"), [r.template for r in f.runs]
([], ['ask_claims_of'])
"""

from __future__ import annotations

from kg import queries
from kg.ask.model import QueryRun
from kg.read.claims import (
    ClaimRecord as ClaimFacts,
)
from kg.read.claims import (
    EntityBrief as EntityFacts,
)
from kg.read.claims import (
    InferredEdge,
    Lookups,
    property_roots,
)
from kg.read.claims import (
    StatRecord as StatFacts,
)
from kg.store import Store

# lookups in the build's index (kg.index) rather than the store: what each reads
INDEX_LOOKUPS = {
    "index:claims_of_class": "SQLite over build/text.sqlite: the claims whose subject or object "
                             "is in entity_class for ?class, by id, limited",
    "index:entity": "SQLite over build/text.sqlite: the entity row of ?entity (labels, asserted "
                    "and inferred types), made at build time by the entity_table query",
}
# the review's setting: named in a question, these narrow nothing when anything else is named
CONTEXT = frozenset({"ldh:lumbar-disc-herniation", "ldh:lumbar-discectomy",
                     "ldh:surgical-treatment", "ldh:post-ldh-surgery-patients",
                     "ldh:postoperative-residual-symptoms"})


class Facts(Lookups):
    """The lookups for one question, each recorded in ``runs``."""

    def __init__(self, store: Store) -> None:
        self.runs: list[QueryRun] = []
        self._seen: set[tuple[str, tuple[tuple[str, str], ...]]] = set()
        super().__init__(store, self._record)

    def _record(self, name: str, bindings: dict[str, str]) -> None:
        key = (name, tuple(sorted(bindings.items())))
        if key not in self._seen:  # a set: a question on a large store makes thousands
            self._seen.add(key)
            text = INDEX_LOOKUPS[name] if name in INDEX_LOOKUPS else queries.load(name)
            self.runs.append(QueryRun(name, bindings, text))

    def flag_texts(self, target: str) -> list[str]:
        """Audit flags on a target as "kind: reason" (how answers show them)."""
        return [f"{kind}: {reason}" for kind, _, reason in self.flags(target)]


__all__ = ["CONTEXT", "ClaimFacts", "EntityFacts", "Facts", "InferredEdge", "StatFacts",
           "property_roots"]
