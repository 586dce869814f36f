"""Content negotiation shared by the routes that offer more than one representation: the
SPARQL endpoint's result formats and the Linked Data descriptions of ``/id/`` and
``/ontology/``."""

from __future__ import annotations


def negotiate(header: str, offered: list[str] | tuple[str, ...]) -> str | None:
    """Best offered type by q-value; no header: the first offered.

    A type's quality is that of the most specific range matching it (RFC 9110 §12.5.1:
    ``text/csv;q=0, */*`` refuses CSV); ties go to the more specific range, then to the order
    of the header, then to the order offered.

    >>> negotiate("text/csv;q=0.5, application/sparql-results+json", ["text/csv",
    ...           "application/sparql-results+json"])
    'application/sparql-results+json'
    >>> negotiate("text/csv;q=0, */*", ["text/csv", "application/sparql-results+json"])
    'application/sparql-results+json'
    """
    if not header.strip():
        return offered[0]
    ranges: list[tuple[str, float]] = []
    for part in header.split(","):
        media, *params = (p.strip().lower() for p in part.split(";"))
        q = 1.0
        for prm in params:
            if prm.startswith("q="):
                try:
                    q = float(prm[2:])
                except ValueError:
                    q = 0.0
        ranges.append((media, q))
    best: tuple[tuple[float, int, int, int], str] | None = None
    for j, o in enumerate(offered):
        match: tuple[int, float, int] | None = None  # (specificity, q, position in header)
        for i, (media, q) in enumerate(ranges):
            spec = (2 if media == o else
                    1 if media.endswith("/*") and media != "*/*" and o.startswith(media[:-1])
                    else 0 if media == "*/*" else -1)
            if spec >= 0 and (match is None or spec > match[0]):
                match = (spec, q, i)
        if match is None or not match[1] > 0:  # q=0 (or NaN): not acceptable
            continue
        key = (match[1], match[0], -match[2], -j)
        if best is None or key > best[0]:
            best = (key, o)
    return best[1] if best else None


__all__ = ["negotiate"]
