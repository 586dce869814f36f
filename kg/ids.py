"""Readable, stable ids derived from content (same curation -> same ids, any row order).

>>> claim_local("mecobalamin", "targets", "nerve-root-inflammation", "甲钴胺……")
'claim-mecobalamin-targets-nerve-root-inflammation-a947f4f9'
"""

from __future__ import annotations

from kg.namespaces import short_hash, slug


def claim_local(subject: str, predicate: str, obj: str, quote: str) -> str:
    return f"claim-{subject}-{slug(predicate)}-{obj}-{short_hash(quote)}"


def statistic_local(
    claim: str, quantity: str, value: str, about: str | None, timepoint: str | None
) -> str:
    tail = short_hash(claim, quantity, value, about or "", timepoint or "")
    return f"stat-{slug(quantity)}-{value.replace('.', '-')}-{tail}"


def quote_local(start: int, end: int) -> str:
    return f"quote-{start}-{end}"


def mention_local(start: int, end: int) -> str:
    return f"mention-{start}-{end}"


def reference_local(n: int) -> str:
    return f"ref-{n}"


def study_local(n: int) -> str:
    return f"study-{n}"


def flag_local(kind: str, *parts: str) -> str:
    return f"flag-{kind}-{short_hash(kind, *parts)}"


def erratum_local(printed: str) -> str:
    return f"erratum-{short_hash(printed)}"


def inference_local(s: str, p: str, o: str) -> str:
    return f"inference-{short_hash(s, p, o)}"
