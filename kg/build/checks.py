"""Check curation against the review, the reference list and the ontology.

Every quote must be found in one sentence, every ``[n]`` must exist and be cited where the
claim says, every id must resolve, every number must be written in its quote. Errors carry the
file and line of the offending row; all errors are collected, not just the first.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from kg.build.anchors import Anchor, AnchorError, anchor
from kg.build.concepts import ConceptCoverage, check_concepts
from kg.build.records import CurationError
from kg.build.records import CurationErrors as CurationErrors  # re-exported: callers catch it here
from kg.namespaces import PREFIXES, is_local_id
from kg.text import states_number
from kg.build.ontology_terms import Terms
from kg.build.records import ClaimRecord, Curation, Entity, StatisticRecord, Where
from kg.build.references import Reference
from kg.build.source_text import Document

DIRECTIONS = {"supports", "refutes", "caution"}
# how firmly the review states a relation (ldho:modality); "stated" is a plain assertion
MODALITIES = {"stated", "possible", "prospect", "recommended", "consider", "approach"}
KNOWLEDGE_LEVELS = {
    "knowledge_assertion",
    "logical_entailment",
    "statistical_association",
    "observation",
}
QUANTITIES = {
    "prevalence",
    "sample size",
    "study count",
    "threshold",
    "follow-up",
    "case count",
    "timepoint",
}
UNITS = {"percent", "patients", "studies", "trials", "years", "months", "kg/m2", "cases"}
FLAG_SEVERITIES = {"error", "warning", "note"}
# Kinds of audit flag: the computed ones (kg/audit.py) and the curator's (audit.yaml).
FLAG_KINDS = {
    "grim-inconsistent",
    "malformed-doi",
    "volume-doi-mismatch",
    "identical-author-list",
    "author-name-mismatch",
    "citation-sample-size-mismatch",
    "citation-follow-up-mismatch",
    "citation-topic-mismatch",
    "citation-design-mismatch",
}
_DURATION = re.compile(r"^P(?=\d)(?:\d+Y)?(?:\d+M)?(?:\d+D)?$")  # P6M, P2Y, P1Y6M; not "P"
_DECIMAL = re.compile(r"^\d+(?:\.\d+)?$")  # a statistic's value as written: 32.8, 1192
CLAIM_SECTIONS = {
    "abstract-zh",
    "abstract-en",
    "1",
    "2",
    "3",
    "4",
    "5",
    "6",
    "6.1",
    "6.2",
    "6.3",
    "6.4",
    "6.5",
    "7",
    "8",
}
CJK = re.compile(r"[\u4e00-\u9fff]")


@dataclass(frozen=True, slots=True)
class CheckedClaim:
    record: ClaimRecord
    anchor: Anchor


@dataclass(frozen=True, slots=True)
class CheckedCuration:
    curation: Curation
    claims: tuple[CheckedClaim, ...]
    entities: dict[str, Entity]
    concepts: ConceptCoverage = ConceptCoverage((), 0)


def _check_entities(cur: Curation, terms: Terms, errors: list[CurationError]) -> dict[str, Entity]:
    out: dict[str, Entity] = {}
    for e in cur.entities:
        if not is_local_id(e.id):
            errors.append(
                CurationError(e.where, f"entity id {e.id!r} is not lower-case-hyphenated")
            )
        if e.id in out:
            errors.append(
                CurationError(e.where, f"duplicate entity id {e.id!r} (first at {out[e.id].where})")
            )
            continue
        for t in e.types:
            if t not in terms.clinical_classes:
                errors.append(CurationError(e.where, f"entity {e.id!r}: unknown type {t!r}"))
        if not CJK.search(e.label_zh):
            errors.append(CurationError(e.where, f"entity {e.id!r}: label_zh has no Chinese"))
        out[e.id] = e
    return out


def _check_statistic(
    s: StatisticRecord,
    quote: str,
    paragraph: str,
    entities: dict[str, Entity],
    errors: list[CurationError],
) -> None:
    if s.quantity not in QUANTITIES:
        errors.append(CurationError(s.where, f"unknown statistic quantity {s.quantity!r}"))
    if s.unit not in UNITS:
        errors.append(CurationError(s.where, f"unknown unit {s.unit!r}"))
    if not _DECIMAL.match(s.value):
        errors.append(
            CurationError(s.where, f"statistic value {s.value!r} is not a number such as 32.8")
        )
    elif not states_number(quote, s.value):
        errors.append(CurationError(s.where, f"statistic value {s.value!r} is not in the quote"))
    elif s.unit == "percent" and float(s.value) > 100:
        errors.append(CurationError(s.where, f"a percentage cannot exceed 100: {s.value}"))
    if s.sample_size is not None and s.sample_size < 1:
        errors.append(
            CurationError(s.where, f"sample_size must be at least 1, got {s.sample_size}")
        )
    elif s.sample_size is not None and not states_number(paragraph, str(s.sample_size)):
        errors.append(
            CurationError(
                s.where, f"sample size {s.sample_size} is not stated in the quote's paragraph"
            )
        )
    if s.about and s.about not in entities:
        errors.append(CurationError(s.where, f"statistic about unknown entity {s.about!r}"))
    if s.timepoint and not _DURATION.match(s.timepoint):
        errors.append(
            CurationError(
                s.where, f"timepoint {s.timepoint!r} is not an ISO 8601 duration such as P6M"
            )
        )


def _anchor(
    doc: Document,
    quote: str,
    where: Where,
    errors: list[CurationError],
    *,
    sections: set[str] | None = None,
) -> Anchor | None:
    """The quote's anchor, or ``None`` with the reason added to ``errors``."""
    try:
        return anchor(doc, quote, sections=sections)
    except AnchorError as exc:
        message = str(exc)
        if quote.strip() and quote in doc.raw and not any(quote in s.text for s in doc.sentences):
            message += (
                " (it is in the title, keywords, reference list or page furniture; quote a "
                "sentence of the abstracts or sections 1-8)"
            )
        errors.append(CurationError(where, message))
        return None


def _check_claim(
    c: ClaimRecord,
    doc: Document,
    refs: dict[int, Reference],
    terms: Terms,
    entities: dict[str, Entity],
    errors: list[CurationError],
) -> Anchor | None:
    for role, ent in (("subject", c.subject), ("object", c.object)):
        if ent not in entities:
            errors.append(CurationError(c.where, f"unknown {role} entity {ent!r}"))
    if c.predicate not in terms.relations:
        errors.append(CurationError(c.where, f"unknown predicate {c.predicate!r}"))
    if c.direction not in DIRECTIONS:
        errors.append(CurationError(c.where, f"direction must be one of {sorted(DIRECTIONS)}"))
    if c.knowledge_level not in KNOWLEDGE_LEVELS:
        errors.append(CurationError(c.where, f"unknown knowledge_level {c.knowledge_level!r}"))
    if c.modality not in MODALITIES:
        errors.append(CurationError(c.where, f"modality must be one of {sorted(MODALITIES)}"))
    q = c.qualifiers
    named = [("population", e) for e in q.populations] + [("indication", e) for e in q.indications]
    named += [("anatomical_context", e) for e in q.anatomical_context]
    named += [("outcome", e) for e in q.outcomes]
    if q.comparator:
        named.append(("comparator", q.comparator))
    for key, eid in named:
        if eid not in entities:
            errors.append(CurationError(c.where, f"unknown {key} entity {eid!r}"))
    if q.study_design and q.study_design not in terms.study_designs:
        errors.append(CurationError(c.where, f"unknown study_design {q.study_design!r}"))
    for key, dur in (("follow_up", q.follow_up), ("timepoint", q.timepoint)):
        if dur and not _DURATION.match(dur):
            errors.append(CurationError(c.where, f"{key} {dur!r} is not an ISO 8601 duration"))
    for key, number in (("sample_size", q.sample_size), ("study_count", q.study_count)):
        if number is not None and number < 1:
            errors.append(CurationError(c.where, f"{key} must be at least 1, got {number}"))
    if c.uncited == bool(c.citations):
        errors.append(CurationError(c.where, "give either citations: [n, ...] or uncited: true"))
    for n, k in Counter(c.citations).items():
        if k > 1:
            errors.append(CurationError(c.where, f"reference [{n}] is listed {k} times"))
    for n in c.citations:
        if n not in refs:
            errors.append(
                CurationError(
                    c.where, f"reference [{n}] is out of range (the review lists 1-{len(refs)})"
                )
            )
    a = _anchor(doc, c.quote, c.where, errors, sections=CLAIM_SECTIONS)
    if a is None:
        return None
    para = doc.paragraphs[a.sentence.section][a.sentence.paragraph - 1]
    para_cites = {n for s in para for n in s.citations}
    para_text = "".join(s.text for s in para)
    for n in c.citations:
        if n in refs and n not in a.sentence.citations:
            if not c.context_citation:
                errors.append(
                    CurationError(
                        c.where,
                        f"[{n}] is not cited in the quoted sentence "
                        f"{a.sentence.id}; set context_citation: "
                        "true if the paragraph cites it",
                    )
                )
            elif n not in para_cites:
                errors.append(
                    CurationError(c.where, f"[{n}] is not cited in the quote's paragraph either")
                )
    for number in (q.sample_size, q.study_count):
        if number is not None and number > 0 and not states_number(para_text, str(number)):
            errors.append(
                CurationError(c.where, f"{number} is not stated in the quote's paragraph")
            )
    for s in c.statistics:
        _check_statistic(s, c.quote, para_text, entities, errors)
    return a


def _check_audit(
    cur: Curation, doc: Document, refs: dict[int, Reference], errors: list[CurationError]
) -> None:
    for f in cur.audit_flags:
        if f.kind not in FLAG_KINDS:
            errors.append(
                CurationError(
                    f.where, f"unknown flag kind {f.kind!r} (known: {sorted(FLAG_KINDS)})"
                )
            )
        if f.severity not in FLAG_SEVERITIES:
            errors.append(
                CurationError(f.where, f"severity must be one of {sorted(FLAG_SEVERITIES)}")
            )
        if not f.references and not f.quote:
            errors.append(
                CurationError(f.where, "the flag refers to nothing: give references: [n] or quote")
            )
        for n in f.references:
            if n not in refs:
                errors.append(
                    CurationError(
                        f.where, f"reference [{n}] is out of range (the review lists 1-{len(refs)})"
                    )
                )
        if f.quote:
            _anchor(doc, f.quote, f.where, errors)


def _check_errata(cur: Curation, doc: Document, errors: list[CurationError]) -> None:
    first: dict[str, Where] = {}
    for e in cur.errata:
        if e.printed in first:
            errors.append(
                CurationError(
                    e.where, f"duplicate erratum for {e.printed!r} (first at {first[e.printed]})"
                )
            )
            continue
        first[e.printed] = e.where
        if e.printed not in doc.raw:
            errors.append(
                CurationError(e.where, f"erratum text {e.printed!r} is not in the source")
            )
        if e.intended == e.printed:
            errors.append(CurationError(e.where, "intended is the same as printed"))


def _check_exemptions(
    cur: Curation, doc: Document, quoted: dict[str, ClaimRecord], errors: list[CurationError]
) -> None:
    """Each exemption names exactly one sentence of sections 1-8 that no claim quotes."""
    first: dict[str, Where] = {}
    for x in cur.exemptions:
        hits = [s for s in doc.sentences if s.text.startswith(x.starts_with)]
        if len(hits) != 1:
            errors.append(
                CurationError(
                    x.where, f"{len(hits)} sentences start with {x.starts_with!r}; need exactly one"
                )
            )
            continue
        sent = hits[0]
        if sent.id in first:
            errors.append(
                CurationError(x.where, f"{sent.id} is already exempted (at {first[sent.id]})")
            )
            continue
        first[sent.id] = x.where
        if not sent.section[0].isdigit():
            errors.append(
                CurationError(
                    x.where,
                    f"{sent.id} is in section {sent.section}; exemptions are for sections 1-8",
                )
            )
        elif sent.id in quoted:
            errors.append(
                CurationError(
                    x.where,
                    f"{sent.id} is exempted but quoted by the claim at {quoted[sent.id].where}",
                )
            )


def check(
    cur: Curation, doc: Document, references: tuple[Reference, ...], terms: Terms
) -> CheckedCuration:
    """Cross-check all curation; raise ``CurationErrors`` listing every problem."""
    errors: list[CurationError] = []
    entities = _check_entities(cur, terms, errors)
    refs = {r.number: r for r in references}
    checked: list[CheckedClaim] = []
    seen: dict[tuple[str, str, str, str], str] = {}
    for c in cur.claims:
        key = (c.subject, c.predicate, c.object, c.quote)
        if key in seen:
            errors.append(CurationError(c.where, f"duplicate claim (first at {seen[key]})"))
            continue
        seen[key] = str(c.where)
        a = _check_claim(c, doc, refs, terms, entities, errors)
        if a is not None:
            checked.append(CheckedClaim(c, a))
    _check_audit(cur, doc, refs, errors)
    _check_errata(cur, doc, errors)
    _check_exemptions(cur, doc, {c.anchor.sentence.id: c.record for c in checked}, errors)
    # coverage is judged once every claim anchors: a broken quote is one error, not also a
    # "no claim uses ..." for each concept of its sentence
    concepts = check_concepts(cur, doc, [(c.record, c.anchor) for c in checked], entities,
                              CLAIM_SECTIONS, errors, coverage=len(checked) == len(cur.claims))
    if errors:
        raise CurationErrors(errors)
    return CheckedCuration(cur, tuple(checked), entities, concepts)
