"""Concept coverage: every clinical concept a sentence names is an entity that the sentence's
claims use, or it carries an exemption with its reason.

Sentence coverage alone let a sentence that names five things count as covered by a claim
about one of them. ``concepts/*.yaml`` lists, for every sentence of the abstracts and sections
1-8, each concept it names (the printed term and its code-point offset in the source file,
from the adjudicated double annotation in ``curation/annotation/``) and the entity it denotes.
A concept is covered when a claim quoting that sentence uses the entity as subject, object,
population, comparator, indication, anatomical context, outcome measure or the topic of one of
its statistics.

>>> from kg.build.records import Qualifiers, ClaimRecord, Where
>>> w = Where("x.yaml", 1)
>>> c = ClaimRecord("pregabalin", "memberOf", "neuropathic-pain-drugs", "supports", "q", (36,),
...                 False, False, Qualifiers(populations=("elderly-patients",)), (),
...                 "knowledge_assertion", None, w)
>>> sorted(entities_used(c))
['elderly-patients', 'neuropathic-pain-drugs', 'pregabalin']
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from kg.build.anchors import Anchor
from kg.build.records import (
    ClaimRecord,
    ConceptMention,
    Curation,
    CurationError,
    Entity,
    SentenceConcepts,
)
from kg.build.source_text import Document, Sentence


def entities_used(c: ClaimRecord) -> set[str]:
    """Every entity a claim uses, in any role."""
    q = c.qualifiers
    used = {c.subject, c.object, *q.populations, *q.indications, *q.anatomical_context,
            *q.outcomes}
    if q.comparator:
        used.add(q.comparator)
    used |= {s.about for s in c.statistics if s.about}
    return used


@dataclass(frozen=True, slots=True)
class CheckedMention:
    mention: ConceptMention
    sentence: Sentence
    start: int  # raw code-point offsets
    end: int


@dataclass(frozen=True, slots=True)
class ConceptCoverage:
    mentions: tuple[CheckedMention, ...]
    sentences: int  # sentences with a concepts row

    @property
    def covered(self) -> int:
        return sum(1 for m in self.mentions if not m.mention.exempt)

    @property
    def exempt(self) -> Counter[str]:
        return Counter(m.mention.exempt for m in self.mentions if m.mention.exempt)

    @property
    def entities(self) -> set[str]:
        return {e for m in self.mentions for e in m.mention.entities}


def _sentence_uses(anchors: list[tuple[ClaimRecord, Anchor]]) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for rec, a in anchors:
        out.setdefault(a.sentence.id, set()).update(entities_used(rec))
    return out


def _check_mention(
    m: ConceptMention,
    sent: Sentence,
    doc: Document,
    entities: dict[str, Entity],
    uses: set[str] | None,
    errors: list[CurationError],
) -> CheckedMention | None:
    end = m.at + len(m.term)
    if doc.raw[m.at:end] != m.term:
        found = doc.raw[m.at:end]
        errors.append(CurationError(m.where, f"{m.term!r} is not at offset {m.at} of the source "
                                             f"(found {found!r})"))
        return None
    if not any(sp.start <= m.at and end <= sp.end for sp in sent.spans):
        errors.append(CurationError(m.where, f"{m.term!r} at {m.at} is not inside {sent.id}"))
        return None
    for e in m.entities:
        if e not in entities:
            errors.append(CurationError(m.where, f"unknown entity {e!r} for {m.term!r}"))
        elif uses is not None and e not in uses and not m.exempt:
            errors.append(CurationError(
                m.where, f"{m.term!r} ({sent.id}) names {e}, which no claim quoting this sentence "
                         "uses: add a claim for it, or give exempt: REASON"))
    return CheckedMention(m, sent, m.at, end)


def check_concepts(
    cur: Curation,
    doc: Document,
    anchors: list[tuple[ClaimRecord, Anchor]],
    entities: dict[str, Entity],
    sections: set[str],
    errors: list[CurationError],
    *,
    coverage: bool = True,
) -> ConceptCoverage:
    """Check every concepts row; a sentence of ``sections`` without a row is an error too, so
    "names no concept" is a curator's statement (``concepts: []``), never an omission.
    ``coverage=False`` checks the rows but not whether claims use their entities."""
    by_id = {s.id: s for s in doc.sentences}
    uses = _sentence_uses(anchors)
    seen: dict[str, SentenceConcepts] = {}
    checked: list[CheckedMention] = []
    for row in cur.concepts:
        sent = by_id.get(row.sentence)
        if sent is None:
            errors.append(CurationError(row.where, f"no sentence {row.sentence!r} in the review"))
            continue
        if row.sentence in seen:
            errors.append(CurationError(row.where, f"{row.sentence} is listed twice (first at "
                                                   f"{seen[row.sentence].where})"))
            continue
        seen[row.sentence] = row
        at: set[tuple[int, str]] = set()
        for m in row.mentions:
            if (m.at, m.term) in at:
                errors.append(CurationError(m.where, f"{m.term!r} at {m.at} is listed twice"))
                continue
            at.add((m.at, m.term))
            used = uses.get(sent.id, set()) if coverage else None
            cm = _check_mention(m, sent, doc, entities, used, errors)
            if cm is not None:
                checked.append(cm)
    last: SentenceConcepts | None = None  # the row before, in the review's order
    for s in doc.sentences:
        if s.section not in sections:
            continue
        if s.id in seen:
            last = seen[s.id]
            continue
        # named where its row belongs: after the previous sentence's row
        where = last.where if last is not None else (
            cur.concepts[0].where if cur.concepts else "curation/concepts/:1")
        errors.append(CurationError(where, f"sentence {s.id} has no concepts row (it belongs "
                                           "after this one): add its concepts, or an exempt "
                                           "row"))
    return ConceptCoverage(tuple(checked), len(seen))
