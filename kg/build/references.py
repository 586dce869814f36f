"""Parse the review's reference list (42 entries, Western and Chinese GB/T 7714 styles).

Fields are kept exactly as printed (a malformed DOI or volume is data for the audit, not
something to repair here).

>>> refs = load_references()
>>> len(refs), refs[7].number, refs[7].first_author, refs[7].year
(42, 8, 'Lv, Z.', 2019)
>>> refs[12].title
'椎间孔镜治疗腰椎间盘突出症的中期疗效及影响因素分析'
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from kg.build.source_text import Span, load_document

_ENTRY = re.compile(r"^- \[(\d+)\] (.+)$", re.MULTILINE)
_WESTERN = re.compile(
    r"^(?P<authors>.+?) \((?P<year>\d{4})\) (?P<title>.+?[.?]) \*(?P<journal>[^*]+)\*"
    r"(?:, \*\*(?P<volume>[^*]+)\*\*)?(?:, (?P<pages>[^<]+?))?\.?"
    r"(?: <?https?://doi\.org/(?P<doi>[^>\s]+?)>?)?$"
)
_CHINESE = re.compile(
    r"^(?P<authors>.+?)\. (?P<title>.+?)\[J\]\. (?P<journal>.+?), (?P<year>\d{4}), "
    r"(?P<volume>\d+)\((?P<issue>\d+)\): (?P<pages>[\d-]+)\.$"
)


@dataclass(frozen=True, slots=True)
class Reference:
    """One reference entry, fields as printed."""

    number: int
    raw: str
    span: Span
    authors: str
    first_author: str
    year: int
    title: str
    journal: str
    volume: str | None
    issue: str | None
    pages: str | None
    article_number: str | None
    doi: str | None
    language: str  # "en" or "zh"

    @property
    def author_list(self) -> tuple[str, ...]:
        """Authors as printed, split; 'et al.' / '等' kept as the last item."""
        return split_authors(self.authors, self.language)

    @property
    def surname(self) -> str:
        """First author's surname (Western) or full name (Chinese), for name checks."""
        return self.first_author.split(",")[0].strip()


def split_authors(authors: str, language: str) -> tuple[str, ...]:
    """Split a printed author list: '吕建亮, 卢怀恩, 等' or 'Ahn, Y., Lee, S.G. and Son, S.'."""
    if language == "zh":
        return tuple(a.strip() for a in authors.split(","))
    parts = re.split(r"(?<=\.),\s+|\s+and\s+", authors)
    return tuple(p.strip().rstrip(",") for p in parts if p.strip())


class ReferenceParseError(ValueError):
    """An entry the parser cannot read; names the entry."""


def _parse_entry(number: int, text: str, span: Span) -> Reference:
    m = _CHINESE.match(text)
    if m:
        authors = m["authors"]
        return Reference(
            number,
            text,
            span,
            authors,
            authors.split(",")[0].strip(),
            int(m["year"]),
            m["title"],
            m["journal"],
            m["volume"],
            m["issue"],
            m["pages"],
            None,
            None,
            "zh",
        )
    m = _WESTERN.match(text)
    if not m:
        raise ReferenceParseError(f"reference [{number}] not understood: {text!r}")
    authors = m["authors"]
    first = split_authors(authors, "en")[0]
    pages = m["pages"]
    article = None
    if pages and re.match(r"Article (No\.|ID:)", pages):
        article, pages = pages, None
    return Reference(
        number,
        text,
        span,
        authors,
        first,
        int(m["year"]),
        m["title"].rstrip("."),
        m["journal"],
        m["volume"],
        None,
        pages,
        article,
        m["doi"],
        "en",
    )


def parse_references(raw: str, block: Span) -> tuple[Reference, ...]:
    out = []
    for m in _ENTRY.finditer(raw, block.start, block.end):
        span = Span(m.start(2), m.end(2))
        out.append(_parse_entry(int(m.group(1)), m.group(2).rstrip(), span))
    numbers = [r.number for r in out]
    if numbers != list(range(1, len(out) + 1)):
        raise ReferenceParseError(f"reference numbers are not 1..n in order: {numbers}")
    return tuple(out)


@cache
def load_references() -> tuple[Reference, ...]:
    doc = load_document()
    return parse_references(doc.raw, doc.reference_block)
