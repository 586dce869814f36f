"""Time points as ``xsd:duration`` values, compared by value: Oxigraph canonicalises them
(``P24M`` is stored as ``P2Y``), so a filter cannot compare their spelling.

>>> duration_key("P24M") == duration_key("P2Y")
True
>>> duration_key("P6M") == duration_key("P180D")
False
>>> duration_text("P24M")
'24:0'
"""

from __future__ import annotations

import re
from decimal import Decimal

_DURATION = re.compile(
    r"^P(?!$)(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?"
    r"(?:T(?=\d)(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$"
)


class BadDuration(ValueError):
    pass


def duration_key(text: str) -> tuple[int, Decimal]:
    """An ISO 8601 duration as (months, seconds): equal keys mean equal durations.

    Months and days are kept apart, as in XML Schema (a month has no fixed number of days).
    """
    m = _DURATION.match(text.strip().upper())
    if m is None:
        raise BadDuration(f"not an ISO 8601 duration: {text!r} (e.g. P6M, P2Y, P24M)")
    y, mo, w, d, h, mi, s = m.groups()
    months = int(y or 0) * 12 + int(mo or 0)
    days = int(w or 0) * 7 + int(d or 0)
    seconds = Decimal(days * 86400 + int(h or 0) * 3600 + int(mi or 0) * 60) + Decimal(s or 0)
    return months, seconds


def duration_text(text: str | None) -> str | None:
    """The duration's key as text (``months:seconds``), what the index looks it up by; None
    for no time point or one that is not a duration."""
    if text is None:
        return None
    try:
        months, seconds = duration_key(text)
    except BadDuration:
        return None
    return f"{months}:{seconds.normalize():f}"
