"""Build the asserted layer: entities, direct edges, claims, statistics, studies.

A relation is stored twice on purpose: as a direct edge that is easy to query
(``ldh:mecobalamin ldho:targets ldh:nerve-root-inflammation``) and as a claim node carrying
the edge, direction, qualifiers, quote, citations and Biolink knowledge level / agent type.
A refuting claim makes no direct edge.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS, XSD

from kg import ids
from kg.build.checks import CheckedClaim, CheckedCuration
from kg.namespaces import BIOLINK, ECO, LDH, LDHO, expand
from kg.build.records import Entity, StatisticRecord

ECO_TRACEABLE = ECO[
    "0000304"
]  # author statement supported by traceable reference used in manual assertion
ECO_UNTRACEABLE = ECO[
    "0000303"
]  # author statement without traceable support used in manual assertion
DIRECT_EDGE_DIRECTIONS = {"supports", "caution"}


def claim_iri(c: CheckedClaim) -> URIRef:
    r = c.record
    return LDH[ids.claim_local(r.subject, r.predicate, r.object, r.quote)]


def statistic_iri(claim: URIRef, s: StatisticRecord) -> URIRef:
    return LDH[ids.statistic_local(str(claim), s.quantity, s.value, s.about, s.timepoint)]


def _add_entity(g: Graph, e: Entity) -> None:
    node = LDH[e.id]
    g.add((node, RDF.type, OWL.NamedIndividual))
    for t in e.types:
        g.add((node, RDF.type, LDHO[t]))
    for lang, label, definition, synonyms in (
        ("en", e.label_en, e.definition_en, e.synonyms_en),
        ("zh", e.label_zh, e.definition_zh, e.synonyms_zh),
    ):
        g.add((node, RDFS.label, Literal(label, lang=lang)))
        g.add((node, SKOS.prefLabel, Literal(label, lang=lang)))
        g.add((node, SKOS.definition, Literal(definition, lang=lang)))
        for syn in synonyms:
            g.add((node, SKOS.altLabel, Literal(syn, lang=lang)))


def add_mappings(g: Graph, path: Path, known: set[str]) -> int:
    """Add SSSOM rows as SKOS mapping triples; subjects must be known ids."""
    lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if not ln.startswith("#")]
    count = 0
    for row in csv.DictReader(lines, delimiter="\t"):
        subject = row["subject_id"]
        if subject.startswith("ldh:") and subject[4:] not in known:
            raise ValueError(f"{path.name}: mapping subject {subject} is not a curated entity")
        g.add(
            (
                URIRef(expand(subject)),
                URIRef(expand(row["predicate_id"])),
                URIRef(expand(row["object_id"])),
            )
        )
        count += 1
    return count


def _duration(text: str) -> Literal:
    return Literal(text, datatype=XSD.duration)


def _add_statistic(g: Graph, claim: URIRef, c: CheckedClaim, s: StatisticRecord) -> URIRef:
    node = statistic_iri(claim, s)
    q = c.record.qualifiers
    g.add((claim, LDHO.hasStatistic, node))
    g.add((node, RDF.type, LDHO.Statistic))
    g.add((node, LDHO.quantityKind, Literal(s.quantity)))
    g.add((node, LDHO.value, Literal(s.value, datatype=XSD.decimal)))
    g.add((node, LDHO.statedAs, Literal(s.value)))
    g.add((node, LDHO.unit, Literal(s.unit)))
    if s.about:
        g.add((node, LDHO.about, LDH[s.about]))
    if s.timepoint:
        g.add((node, LDHO.timepoint, _duration(s.timepoint)))
    n = s.sample_size if s.sample_size is not None else q.sample_size
    if n is not None and s.quantity == "prevalence":
        g.add((node, LDHO.sampleSize, Literal(n, datatype=XSD.integer)))
    if s.comparison:
        g.add((node, LDHO.comparison, Literal(s.comparison)))
    if q.study_design:
        g.add((node, LDHO.studyDesign, LDHO[q.study_design]))
    for pop in q.populations:
        g.add((node, LDHO.population, LDH[pop]))
    for ref in c.record.citations:
        g.add((node, LDHO.cites, LDH[ids.reference_local(ref)]))
    label = f"{s.quantity} {s.value} {s.unit}" + (f" at {s.timepoint}" if s.timepoint else "")
    g.add((node, RDFS.label, Literal(label, lang="en")))
    return node


def _add_claim(g: Graph, c: CheckedClaim) -> URIRef:
    r, a = c.record, c.anchor
    node = claim_iri(c)
    g.add((node, RDF.type, LDHO.Claim))
    g.add(
        (
            node,
            RDF.type,
            LDHO.TraceableAuthorStatement if r.citations else LDHO.UntraceableAuthorStatement,
        )
    )
    g.add((node, LDHO.subject, LDH[r.subject]))
    g.add((node, LDHO.assertedPredicate, LDHO[r.predicate]))
    g.add((node, LDHO.object, LDH[r.object]))
    g.add((node, LDHO.direction, Literal(r.direction)))
    g.add((node, BIOLINK.knowledge_level, Literal(r.knowledge_level)))
    g.add((node, BIOLINK.agent_type, Literal("manual_agent")))
    g.add((node, LDHO.evidenceType, ECO_TRACEABLE if r.citations else ECO_UNTRACEABLE))
    g.add((node, LDHO.hasQuote, LDH[ids.quote_local(a.start, a.end)]))
    g.add((node, RDFS.label, Literal(f"{r.subject} {r.predicate} {r.object}", lang="en")))
    for n in r.citations:
        g.add((node, LDHO.cites, LDH[ids.reference_local(n)]))
    if r.uncited:
        g.add((node, LDHO.uncited, Literal(True)))
    q = r.qualifiers
    if q.study_design:
        g.add((node, LDHO.studyDesign, LDHO[q.study_design]))
    if q.sample_size is not None:
        g.add((node, LDHO.sampleSize, Literal(q.sample_size, datatype=XSD.integer)))
    if q.study_count is not None:
        g.add((node, LDHO.studyCount, Literal(q.study_count, datatype=XSD.integer)))
    if q.follow_up:
        g.add((node, LDHO.followUp, _duration(q.follow_up)))
    if q.timepoint:
        g.add((node, LDHO.timepoint, _duration(q.timepoint)))
    for pop in q.populations:
        g.add((node, LDHO.population, LDH[pop]))
    if q.comparator:
        g.add((node, LDHO.comparator, LDH[q.comparator]))
    for ind in q.indications:
        g.add((node, LDHO.indication, LDH[ind]))
    for site in q.anatomical_context:
        g.add((node, LDHO.anatomicalContext, LDH[site]))
    for outcome in q.outcomes:
        g.add((node, LDHO.outcomeMeasure, LDH[outcome]))
    if r.modality != "stated":  # a plain assertion is the default and is not written
        g.add((node, LDHO.modality, Literal(r.modality)))
    if r.note:
        g.add((node, LDHO.curationNote, Literal(r.note, lang="en")))
    for s in r.statistics:
        _add_statistic(g, node, c, s)
    if r.direction in DIRECT_EDGE_DIRECTIONS:
        g.add((LDH[r.subject], LDHO[r.predicate], LDH[r.object]))
    return node


def _add_studies(g: Graph, cur: CheckedCuration) -> None:
    """A study node per single cited reference whose design the review states."""
    by_ref: dict[int, list[CheckedClaim]] = defaultdict(list)
    for c in cur.claims:
        if c.record.qualifiers.study_design and len(c.record.citations) == 1:
            by_ref[c.record.citations[0]].append(c)
    for n, claims in sorted(by_ref.items()):
        study = LDH[ids.study_local(n)]
        g.add((study, RDF.type, LDHO.Study))
        g.add((study, LDHO.reportedIn, LDH[ids.reference_local(n)]))
        g.add((study, RDFS.label, Literal(f"study reported in reference [{n}]", lang="en")))
        g.add((study, RDFS.label, Literal(f"文献[{n}]报告的研究", lang="zh")))
        for c in claims:
            q = c.record.qualifiers
            g.add((claim_iri(c), LDHO.describesStudy, study))
            g.add((study, LDHO.studyDesign, LDHO[q.study_design or "unspecified-study"]))
            if q.sample_size is not None:
                g.add((study, LDHO.sampleSize, Literal(q.sample_size, datatype=XSD.integer)))
            if q.study_count is not None:
                g.add((study, LDHO.studyCount, Literal(q.study_count, datatype=XSD.integer)))
            if q.follow_up:
                g.add((study, LDHO.followUp, _duration(q.follow_up)))


def build_asserted(cur: CheckedCuration, mappings: Path) -> Graph:
    g = Graph()
    for e in cur.entities.values():
        _add_entity(g, e)
    add_mappings(g, mappings, set(cur.entities))
    for c in cur.claims:
        _add_claim(g, c)
    _add_studies(g, cur)
    return g
