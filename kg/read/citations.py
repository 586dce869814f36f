"""The review's 42 references, the claims that cite each, and their audit flags.

Claims are also the evidence behind every edge (treatments, graph navigation), so all of them
are parsed once per store into ``Claim`` here and looked up by id.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox

from kg import ids, queries
from kg.namespaces import compact, expand
from kg.read.entity_list import EntityRef, entity_ref, per_store
from kg.read.records import AuditFlag, Citation, Claim, Evidence, UnknownCitation
from kg.store import Store


@dataclass(slots=True)
class CitingClaim:
    id: str
    subject: EntityRef
    predicate: str
    object: EntityRef
    direction: str
    quote: str
    section: str
    citations: list[int]


@dataclass(slots=True)
class CitationDetail:
    reference: Citation
    claims: list[CitingClaim]
    audit_flags: list[AuditFlag]


@per_store
def claims_by_id(store: Store) -> dict[str, Claim]:
    """Every claim (CURIE -> record), parsed once per store."""
    out: dict[str, Claim] = {}
    rows = sorted(  # here, not in SPARQL: Oxigraph's ORDER BY was half the time at 1 M triples
        store.select(queries.load("claims")).rows,
        key=lambda r: (r["claim"].value, int(r["citation"].value) if "citation" in r else -1),
    )
    for r in rows:
        cid = compact(r["claim"].value)
        rec = out.get(cid)
        if rec is None:
            rec = out[cid] = Claim(
                cid,
                compact(r["subject"].value),
                compact(r["predicate"].value),
                compact(r["object"].value),
                r["direction"].value,
                r["quote"].value,
                r["section"].value,
            )
        if "citation" in r and int(r["citation"].value) not in rec.citations:
            rec.citations.append(int(r["citation"].value))
    return out


def claim_evidence(store: Store, claim_ids: list[str]) -> list[Evidence]:
    """Evidence (quote, section, citations) for claims, in the given order, unknown ids skipped."""
    claims = claims_by_id(store)
    return [claims[c].evidence() for c in dict.fromkeys(claim_ids) if c in claims]


def _text(row: dict[str, ox.NamedNode | ox.BlankNode | ox.Literal], key: str) -> str | None:
    return row[key].value if key in row else None


def _reference(row: dict[str, ox.NamedNode | ox.BlankNode | ox.Literal]) -> Citation:
    year = _text(row, "year")
    return Citation(
        n=int(row["n"].value),
        authors=_text(row, "authors"),
        first_author=_text(row, "firstAuthor"),
        year=int(year) if year and year.isdigit() else None,
        title=_text(row, "title"),
        journal=_text(row, "journal"),
        volume=_text(row, "volume"),
        issue=_text(row, "issue"),
        pages=_text(row, "pages"),
        locator=_text(row, "locator"),
        doi=_text(row, "doi"),
        text=_text(row, "text"),
    )


@per_store
def _all_references(store: Store) -> tuple[Citation, ...]:
    # One row per reference with a dozen OPTIONALs: 1 ms on the review, seconds with thousands
    # of reviews' references in the store, so it is read once, like the other tables.
    return tuple(_reference(r) for r in store.select(queries.load("references")).rows)


def list_citations(store: Store) -> list[Citation]:
    """All references, by number (parsed once per store)."""
    return list(_all_references(store))


@per_store
def flags_by_target(store: Store) -> dict[str, list[AuditFlag]]:
    """Every audit flag by the node it flags (CURIE of a claim, reference, statistic or
    sentence), parsed once per store; each list ordered by kind."""
    out: dict[str, list[AuditFlag]] = {}
    for r in store.select(queries.load("audit_flags")).rows:
        flag = AuditFlag(
            compact(r["flag"].value),
            r["kind"].value,
            r["severity"].value,
            r["reason"].value,
            _text(r, "detectedBy"),
        )
        out.setdefault(compact(r["target"].value), []).append(flag)
    return out


def audit_flags_on(store: Store, iri: str) -> list[AuditFlag]:
    """Audit flags that flag the node ``iri`` (a reference, claim, statistic, sentence)."""
    return list(flags_by_target(store).get(compact(iri), []))


def get_citation(store: Store, n: int) -> CitationDetail:
    """Reference ``[n]`` with the claims citing it (edge with labels, quote, section) and its
    audit flags. Raises ``UnknownCitation``.
    """
    ref = ox.NamedNode(expand(f"ldh:{ids.reference_local(n)}"))
    rows = store.select(queries.load("references"), {"ref": ref}).rows
    if not rows:
        raise UnknownCitation(f"no reference [{n}] in the review")
    claims = claims_by_id(store)
    citing = []
    for r in store.select(queries.load("reference_claims"), {"ref": ref}).rows:
        c = claims.get(compact(r["claim"].value))
        if c is None:
            continue
        citing.append(
            CitingClaim(
                c.id,
                entity_ref(store, expand(c.subject)),
                c.predicate,
                entity_ref(store, expand(c.object)),
                c.direction,
                c.quote,
                c.section,
                list(c.citations),
            )
        )
    return CitationDetail(_reference(rows[0]), citing, audit_flags_on(store, ref.value))
