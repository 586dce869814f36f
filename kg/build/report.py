"""The build report: counts by type, sentence coverage, audit flags, errata, reasoning."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from typing import Any

from kg.build.audit import Flag
from kg.build.concepts import entities_used
from kg.build.checks import CLAIM_SECTIONS, CheckedCuration
from kg.build.reasoning import Inference
from kg.build.references import Reference
from kg.build.source_text import Document
from kg.build.validation import ShaclResult


@dataclass(frozen=True, slots=True)
class Coverage:
    covered: tuple[str, ...]
    exempt: tuple[tuple[str, str], ...]
    uncovered: tuple[str, ...]


def coverage(cur: CheckedCuration, doc: Document) -> Coverage:
    """Sentences of sections 1-8: quoted by a claim, exempted (with reason), or uncovered."""
    quoted = {c.anchor.sentence.id for c in cur.claims}
    covered, exempt, uncovered = [], [], []
    for s in doc.sentences:
        if not s.section[0].isdigit():
            continue
        reason = next(
            (x.reason for x in cur.curation.exemptions if s.text.startswith(x.starts_with)), None
        )
        if s.id in quoted:
            covered.append(s.id)
        elif reason:
            exempt.append((s.id, reason))
        else:
            uncovered.append(s.id)
    return Coverage(tuple(covered), tuple(exempt), tuple(uncovered))


def build_report(
    cur: CheckedCuration,
    doc: Document,
    refs: tuple[Reference, ...],
    flags: list[Flag],
    inferences: list[Inference],
    shacl: ShaclResult,
    triples: dict[str, int],
) -> dict[str, Any]:
    cov = coverage(cur, doc)
    types = Counter(t for e in cur.entities.values() for t in e.types)
    claims_by_section = Counter(c.anchor.sentence.section for c in cur.claims)
    stats = [s for c in cur.claims for s in c.record.statistics]
    cited = {n for c in cur.claims for n in c.record.citations}
    used = {x for c in cur.claims for x in entities_used(c.record)}
    unused = sorted(e for e in cur.entities if e not in used)
    mentioned = cur.concepts.entities
    unanchored = sorted(e for e in unused if e not in mentioned)
    return {
        "source": {
            "sha256": doc.sha256,
            "sentences": len(doc.sentences),
            "sentences_in_sections_1_8": len(cov.covered) + len(cov.exempt) + len(cov.uncovered),
        },
        "counts": {
            "entities": len(cur.entities),
            "entities_by_type": dict(sorted(types.items())),
            "claims": len(cur.claims),
            "claims_by_section": {
                k: claims_by_section[k]
                for k in sorted(claims_by_section, key=lambda s: (s[0].isdigit(), s))
            },
            "claims_uncited": sum(1 for c in cur.claims if c.record.uncited),
            "claims_by_direction": dict(
                sorted(Counter(c.record.direction for c in cur.claims).items())
            ),
            "claims_by_knowledge_level": dict(
                sorted(Counter(c.record.knowledge_level for c in cur.claims).items())
            ),
            "statistics": len(stats),
            "statistics_by_quantity": dict(sorted(Counter(s.quantity for s in stats).items())),
            "references": len(refs),
            "references_cited_by_claims": len(cited),
            "references_without_doi": sum(1 for r in refs if not r.doi),
            "errata": len(cur.curation.errata),
            "entities_without_claims": unused,
            "entities_without_claim_or_mention": unanchored,
            "triples": triples,
        },
        "coverage": {
            "covered": len(cov.covered),
            "exempt": len(cov.exempt),
            "uncovered": list(cov.uncovered),
            "exemptions": [{"sentence": s, "reason": r} for s, r in cov.exempt],
            "ratio": round(len(cov.covered) / max(1, len(cov.covered) + len(cov.uncovered)), 4),
        },
        "concept_coverage": _concepts(cur),
        "audit_flags": sorted(
            (
                {
                    "kind": f.kind,
                    "severity": f.severity,
                    "references": list(f.references),
                    "detected_by": f.detected_by,
                    "reason": f.reason,
                }
                for f in flags
            ),
            key=lambda f: (f["references"], f["kind"], f["reason"]),
        ),
        "reasoning": {
            "reasoner": "HermiT (owlready2)",
            "consistent": True,
            "inferred_triples": len(inferences),
            "by_rule": dict(sorted(Counter(i.rule for i in inferences).items())),
            "unexplained": sum(1 for i in inferences if not i.explained),
        },
        "shacl": {"conforms": shacl.conforms},
        "claim_sections": sorted(CLAIM_SECTIONS),
    }


def _concepts(cur: CheckedCuration) -> dict[str, Any]:
    cc = cur.concepts
    types = Counter(t for e in sorted(cc.entities) for t in cur.entities[e].types)
    return {
        "sentences": cc.sentences,
        "mentions": len(cc.mentions),
        "covered": cc.covered,
        "exempt": sum(cc.exempt.values()),
        "unexplained": 0,  # the check stage refuses a build with any
        "exempt_by_reason": dict(sorted(cc.exempt.items())),
        "distinct_entities": len(cc.entities),
        "distinct_entities_by_type": dict(sorted(types.items())),
    }


def report_markdown(rep: dict[str, Any]) -> str:
    c, cov = rep["counts"], rep["coverage"]
    lines = [
        "# Build report",
        "",
        f"Source SHA-256 `{rep['source']['sha256']}`; {rep['source']['sentences']} sentences.",
        "",
        "## Counts",
        "",
        f"- entities: {c['entities']}; claims: {c['claims']} ({c['claims_uncited']} uncited); "
        f"statistics: {c['statistics']}; references: {c['references']} "
        f"({c['references_cited_by_claims']} cited by claims); errata: {c['errata']}",
        "- triples: " + ", ".join(f"{k} {v}" for k, v in c["triples"].items()),
        "- entities by type: " + ", ".join(f"{k} {v}" for k, v in c["entities_by_type"].items()),
        "- claims by section: " + ", ".join(f"{k} {v}" for k, v in c["claims_by_section"].items()),
        "",
        "## Sentence coverage (sections 1-8)",
        "",
        f"{cov['covered']} covered by claims, {cov['exempt']} exempt (no clinical statement), "
        f"{len(cov['uncovered'])} uncovered.",
    ]
    lines += [f"- uncovered: {s}" for s in cov["uncovered"]]
    cc = rep["concept_coverage"]
    lines += [
        "",
        "## Concept coverage (abstracts and sections 1-8)",
        "",
        f"{cc['mentions']} concept mentions in {cc['sentences']} sentences: {cc['covered']} "
        f"covered by the sentence's claims, {cc['exempt']} exempt, {cc['unexplained']} "
        f"unexplained; {cc['distinct_entities']} distinct entities.",
    ]
    lines += [f"- exempt ({n}): {why}" for why, n in cc["exempt_by_reason"].items()]
    lines += ["", "## Audit flags", ""]
    for f in rep["audit_flags"]:
        lines.append(
            f"- **{f['kind']}** ({f['severity']}, {f['detected_by']}) "
            f"refs {f['references']}: {f['reason']}"
        )
    r = rep["reasoning"]
    lines += [
        "",
        "## Reasoning and validation",
        "",
        f"- {r['reasoner']}: consistent; {r['inferred_triples']} inferred triples "
        f"({', '.join(f'{k} {v}' for k, v in r['by_rule'].items())}); "
        f"{r['unexplained']} without a pattern justification",
        f"- SHACL conforms: {rep['shacl']['conforms']}",
        "",
    ]
    return "\n".join(lines)


def dump(rep: dict[str, Any]) -> str:
    return json.dumps(rep, indent=2, ensure_ascii=False, sort_keys=False) + "\n"
