"""Anchor a quote in the review: the sentence it lies in and its exact raw offsets."""

from __future__ import annotations

from dataclasses import dataclass

from kg.build.source_text import Document, Sentence

CONTEXT = 24  # characters of prefix/suffix kept for a W3C text-quote selector


@dataclass(frozen=True, slots=True)
class Anchor:
    sentence: Sentence
    start: int  # raw offset of the first character
    end: int  # raw offset after the last character
    prefix: str
    suffix: str


class AnchorError(LookupError):
    pass


def anchor(doc: Document, quote: str, *, sections: set[str] | None = None) -> Anchor:
    """Find ``quote`` in exactly one sentence; raise if it is missing or ambiguous."""
    if not quote.strip():
        raise AnchorError("empty quote")
    hits = [
        s for s in doc.sentences if quote in s.text and (sections is None or s.section in sections)
    ]
    if not hits:
        raise AnchorError(f"quote not found in any sentence of the review: {quote!r}")
    if len(hits) > 1:
        ids = ", ".join(s.id for s in hits)
        raise AnchorError(f"quote is ambiguous (in {ids}); quote more of the sentence")
    sent = hits[0]
    i = sent.text.index(quote)
    if sent.text.find(quote, i + 1) != -1:
        raise AnchorError(f"quote occurs twice in {sent.id}; quote more of the sentence")
    j = i + len(quote)
    return Anchor(
        sent,
        sent.raw_offset(i),
        sent.raw_offset(j, is_end=True),
        sent.text[max(0, i - CONTEXT) : i],
        sent.text[j : j + CONTEXT],
    )
