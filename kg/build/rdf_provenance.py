"""Build the provenance layer: the review, its sections and sentences, quotes (W3C Web
Annotation selectors with code-point offsets), references, audit flags and errata."""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, XSD

from kg import ids
from kg.build.anchors import anchor
from kg.build.audit import Flag
from kg.build.checks import CheckedCuration
from kg.namespaces import BIBO, LDH, LDHO, OA
from kg.review import ATTRIBUTION, LICENSE_URL, REVIEW_DOI
from kg.build.rdf_clinical import claim_iri, statistic_iri
from kg.build.references import Reference
from kg.build.source_text import Document, Sentence

REVIEW = LDH["review"]


def sentence_iri(s: Sentence) -> URIRef:
    return LDH[s.id]


def _int(v: int) -> Literal:
    return Literal(v, datatype=XSD.integer)


def _document(g: Graph, doc: Document) -> None:
    g.add((REVIEW, RDF.type, LDHO.SourceDocument))
    g.add((REVIEW, RDF.type, BIBO.AcademicArticle))
    g.add((REVIEW, DCTERMS.title, Literal("腰椎间盘突出症术后残余症状的诊疗策略与进展", lang="zh")))
    g.add(
        (
            REVIEW,
            DCTERMS.title,
            Literal(
                "Diagnostic and Therapeutic Strategies for Residual Symptoms after Lumbar Disc "
                "Herniation Surgery: Current Progress",
                lang="en",
            ),
        )
    )
    g.add((REVIEW, RDFS.label, Literal("the source review", lang="en")))
    g.add((REVIEW, RDFS.label, Literal("来源综述", lang="zh")))
    g.add((REVIEW, BIBO.doi, Literal(REVIEW_DOI)))
    g.add((REVIEW, DCTERMS.license, URIRef(LICENSE_URL)))
    g.add((REVIEW, DCTERMS.bibliographicCitation, Literal(ATTRIBUTION)))
    g.add((REVIEW, LDHO.sha256, Literal(doc.sha256)))
    for sec in doc.sections:
        node = LDH[sec.id]
        g.add((node, RDF.type, LDHO.Section))
        g.add((node, LDHO.sectionNumber, Literal(sec.number)))
        g.add(
            (
                node,
                RDFS.label,
                Literal(
                    f"{sec.number} {sec.title}",
                    lang="zh" if any("\u4e00" <= ch <= "\u9fff" for ch in sec.title) else "en",
                ),
            )
        )
        g.add((node, DCTERMS.isPartOf, REVIEW))
        g.add((node, OA.start, _int(sec.start)))
        g.add((node, OA.end, _int(sec.end)))
        for s in sec.sentences:
            sn = sentence_iri(s)
            g.add((sn, RDF.type, LDHO.Sentence))
            g.add((sn, LDHO.text, Literal(s.text)))
            g.add((sn, LDHO.inSection, node))
            g.add((sn, OA.start, _int(s.start)))
            g.add((sn, OA.end, _int(s.end)))
            for n in sorted(set(s.citations)):
                g.add((sn, LDHO.cites, LDH[ids.reference_local(n)]))


def _references(g: Graph, refs: tuple[Reference, ...]) -> None:
    for r in refs:
        node = LDH[ids.reference_local(r.number)]
        g.add((node, RDF.type, LDHO.Reference))
        g.add((node, RDF.type, BIBO.AcademicArticle))
        g.add((node, LDHO.referenceNumber, _int(r.number)))
        g.add((node, RDFS.label, Literal(f"[{r.number}] {r.first_author} ({r.year})")))
        g.add((node, DCTERMS.title, Literal(r.title, lang=r.language)))
        g.add((node, LDHO.authors, Literal(r.authors)))
        g.add((node, LDHO.firstAuthor, Literal(r.first_author)))
        g.add((node, DCTERMS.issued, Literal(str(r.year), datatype=XSD.gYear)))
        g.add((node, LDHO.journal, Literal(r.journal)))
        g.add((node, LDHO.text, Literal(r.raw)))
        g.add((node, OA.start, _int(r.span.start)))
        g.add((node, OA.end, _int(r.span.end)))
        g.add((node, DCTERMS.isReferencedBy, REVIEW))
        for prop, value in (
            (BIBO.volume, r.volume),
            (BIBO.issue, r.issue),
            (BIBO.pages, r.pages),
            (BIBO.locator, r.article_number),
            (BIBO.doi, r.doi),
        ):
            if value:
                g.add((node, prop, Literal(value)))


def _quotes(g: Graph, cur: CheckedCuration) -> None:
    for c in cur.claims:
        a = c.anchor
        node = LDH[ids.quote_local(a.start, a.end)]
        g.add((node, RDF.type, LDHO.Quote))
        g.add((node, RDF.type, OA.TextQuoteSelector))
        g.add((node, RDF.type, OA.TextPositionSelector))
        g.add((node, OA.exact, Literal(c.record.quote)))
        g.add((node, OA.prefix, Literal(a.prefix)))
        g.add((node, OA.suffix, Literal(a.suffix)))
        g.add((node, OA.start, _int(a.start)))
        g.add((node, OA.end, _int(a.end)))
        g.add((node, LDHO.inSentence, sentence_iri(a.sentence)))
        g.add((node, LDHO.inSection, LDH["sec-" + a.sentence.section.replace(".", "-")]))
        g.add((node, DCTERMS.source, REVIEW))


def _mentions(g: Graph, cur: CheckedCuration) -> None:
    """Each annotated concept mention as a W3C Web Annotation text-position selector that
    denotes its entities (or says why it needs none)."""
    for cm in cur.concepts.mentions:
        m = cm.mention
        node = LDH[ids.mention_local(cm.start, cm.end)]
        g.add((node, RDF.type, LDHO.ConceptMention))
        g.add((node, RDF.type, OA.TextPositionSelector))
        g.add((node, OA.exact, Literal(m.term)))
        g.add((node, OA.start, _int(cm.start)))
        g.add((node, OA.end, _int(cm.end)))
        g.add((node, LDHO.inSentence, sentence_iri(cm.sentence)))
        g.add((node, DCTERMS.source, REVIEW))
        for e in m.entities:
            g.add((node, LDHO.denotes, LDH[e]))
        if m.exempt:
            g.add((node, LDHO.exemptionReason, Literal(m.exempt, lang="en")))


def _flags(g: Graph, flags: list[Flag], cur: CheckedCuration, doc: Document) -> None:
    for f in flags:
        parts = [str(n) for n in f.references] + [f.quote or "", repr(f.statistic)]
        node = LDH[ids.flag_local(f.kind, *parts)]
        g.add((node, RDF.type, LDHO.AuditFlag))
        g.add((node, LDHO.flagKind, Literal(f.kind)))
        g.add((node, LDHO.severity, Literal(f.severity)))
        g.add((node, LDHO.reason, Literal(f.reason)))
        g.add((node, LDHO.detectedBy, Literal(f.detected_by)))
        g.add((node, RDFS.label, Literal(f"{f.kind} {f.references}", lang="en")))
        for n in f.references:
            g.add((node, LDHO.flags, LDH[ids.reference_local(n)]))
        if f.quote:
            sent = anchor(doc, f.quote).sentence
            g.add((node, LDHO.flags, sentence_iri(sent)))
            for c in cur.claims:
                cites_flagged = not f.references or set(f.references) & set(c.record.citations)
                if c.anchor.sentence.id == sent.id and cites_flagged:
                    g.add((node, LDHO.flags, claim_iri(c)))
                    if f.statistic:
                        for s in c.record.statistics:
                            if (s.quantity, s.value, s.about, s.timepoint) == f.statistic:
                                g.add((node, LDHO.flags, statistic_iri(claim_iri(c), s)))


def _errata(g: Graph, cur: CheckedCuration, doc: Document, refs: tuple[Reference, ...]) -> None:
    for e in cur.curation.errata:
        node = LDH[ids.erratum_local(e.printed)]
        g.add((node, RDF.type, LDHO.Erratum))
        g.add((node, LDHO.erroneousText, Literal(e.printed)))
        g.add((node, LDHO.intendedText, Literal(e.intended)))
        g.add((node, LDHO.occurrences, _int(doc.raw.count(e.printed))))
        g.add((node, RDFS.comment, Literal(e.note, lang="en")))
        g.add((node, RDFS.label, Literal(f"erratum: {e.printed} -> {e.intended}")))
        for s in doc.sentences:
            if e.printed in s.text:
                g.add((node, LDHO.erratumIn, sentence_iri(s)))
        for r in refs:
            if e.printed in r.raw:
                g.add((node, LDHO.erratumIn, LDH[ids.reference_local(r.number)]))


def build_provenance(
    cur: CheckedCuration, doc: Document, refs: tuple[Reference, ...], flags: list[Flag]
) -> Graph:
    g = Graph()
    _document(g, doc)
    _references(g, refs)
    _quotes(g, cur)
    _mentions(g, cur)
    _flags(g, flags, cur, doc)
    _errata(g, cur, doc, refs)
    return g
