"""Evidence audit: computed checks over the reference list and the curated statistics.

Computed here (``automated_agent``): GRIM-style granularity of percentages against their sample
size; DOIs that encode a year/volume/page disagreeing with the printed fields; DOI syntax;
identical author lists on different references; "Name 等[n]" whose name is not [n]'s first
author; sample sizes and follow-up stated in a reference's title that differ from what the
review reports for it. Curated flags (a curator's judgement, ``manual_agent``) come from
``kg/curation/audit.yaml``. Every flag says why.

>>> grim_consistent("32.8", 1192), grim_consistent("12.5", 127)
(True, False)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from kg.build.checks import CheckedCuration
from kg.build.references import Reference
from kg.build.source_text import Document

_DOI = re.compile(r"^10\.\d{4,9}/[-._;()/:a-z0-9]+$", re.IGNORECASE)
_DOI_YVP = re.compile(r"/(?:[a-z]+/)?(\d{4})\.(\d+)\.(\d+)$", re.IGNORECASE)
_TITLE_N = re.compile(r"(\d+) (?:Patients|Cases)\b", re.IGNORECASE)
_TITLE_FU = re.compile(r"(\d+)-Year Follow-?up", re.IGNORECASE)
# "Name 等[n]" as an attribution: the clause goes on after the marker ("吕建亮等[13]回顾性分析");
# "……严重程度等[6][7]。" is an enumeration ("etc."), followed by another marker or punctuation.
_NAME_CITE = re.compile(r"([A-Za-z]+|[\u4e00-\u9fff]{2,4})\s*等\s*\[(\d+)\](?=[^\[\]。，；、：\s])")


@dataclass(frozen=True, slots=True)
class Flag:
    kind: str
    severity: str
    reason: str
    references: tuple[int, ...]
    quote: str | None
    statistic: tuple[str, str, str | None, str | None] | None  # claim id parts, for linking
    detected_by: str


def grim_consistent(value: str, n: int) -> bool:
    """Can a percentage written as ``value`` arise from k/n for some integer k?"""
    decimals = len(value.split(".")[1]) if "." in value else 0
    step = Decimal(1).scaleb(-decimals)
    target = Decimal(value)
    return any(
        (Decimal(100 * k) / Decimal(n)).quantize(step, rounding=ROUND_HALF_UP) == target
        for k in range(n + 1)
    )


def _grim(cur: CheckedCuration) -> list[Flag]:
    flags = []
    for c in cur.claims:
        for s in c.record.statistics:
            if (
                s.unit == "percent"
                and s.sample_size
                and not grim_consistent(s.value, s.sample_size)
            ):
                lo = max(
                    k for k in range(s.sample_size + 1) if 100 * k / s.sample_size < float(s.value)
                )
                flags.append(
                    Flag(
                        "grim-inconsistent",
                        "warning",
                        f"{s.value}% cannot arise from a whole number of patients out of "
                        f"n = {s.sample_size}: {lo}/{s.sample_size} = "
                        f"{100 * lo / s.sample_size:.2f}% and {lo + 1}/{s.sample_size} = "
                        f"{100 * (lo + 1) / s.sample_size:.2f}%. The percentage, the sample "
                        "size or the denominator (e.g. a subgroup) is misreported.",
                        c.record.citations,
                        c.record.quote,
                        (s.quantity, s.value, s.about, s.timepoint),
                        "automated_agent",
                    )
                )
    return flags


def _doi(refs: tuple[Reference, ...]) -> list[Flag]:
    flags = []
    for r in refs:
        if r.doi is None:
            continue
        if not _DOI.match(r.doi):
            flags.append(
                Flag(
                    "malformed-doi",
                    "warning",
                    f"DOI {r.doi!r} is not DOI syntax (10.<registrant>/<suffix>).",
                    (r.number,),
                    None,
                    None,
                    "automated_agent",
                )
            )
        m = _DOI_YVP.search(r.doi)
        if m:
            year, volume, page = m.groups()
            problems = []
            if int(year) != r.year:
                problems.append(f"year {year} (printed {r.year})")
            if r.volume is not None and volume != r.volume:
                problems.append(f"volume {volume} (printed {r.volume})")
            if r.pages and not r.pages.startswith(page):
                problems.append(f"first page {page} (printed {r.pages})")
            if problems:
                flags.append(
                    Flag(
                        "volume-doi-mismatch",
                        "warning",
                        f"The DOI {r.doi} encodes " + ", ".join(problems) + "; the printed "
                        "bibliographic fields disagree with it (the printed volume may be the "
                        "issue).",
                        (r.number,),
                        None,
                        None,
                        "automated_agent",
                    )
                )
    return flags


def _identical_authors(refs: tuple[Reference, ...]) -> list[Flag]:
    flags = []
    for i, a in enumerate(refs):
        for b in refs[i + 1 :]:
            if a.author_list == b.author_list and a.title != b.title:
                flags.append(
                    Flag(
                        "identical-author-list",
                        "note",
                        f"References [{a.number}] and [{b.number}] print the same author list "
                        f"({a.authors}) for different works: {a.title!r} and {b.title!r}. Possible "
                        "copy error in one entry; check the authors of each.",
                        (a.number, b.number),
                        None,
                        None,
                        "automated_agent",
                    )
                )
    return flags


def _author_names(doc: Document, refs: dict[int, Reference]) -> list[Flag]:
    flags = []
    seen: set[tuple[str, int]] = set()
    for s in doc.sentences:
        for m in _NAME_CITE.finditer(s.text):
            name, n = m.group(1), int(m.group(2))
            ref = refs.get(n)
            if ref is None or (name, n) in seen:
                continue
            seen.add((name, n))
            ok = name.endswith(ref.first_author) if ref.language == "zh" else name == ref.surname
            if ref.language == "zh" and not re.search(r"[\u4e00-\u9fff]", name):
                ok = False
            if not ok:
                flags.append(
                    Flag(
                        "author-name-mismatch",
                        "warning",
                        f'The text attributes [{n}] to {name} ("{m.group(0)}"), but the first '
                        f"author of reference [{n}] is {ref.first_author}.",
                        (n,),
                        m.group(0),
                        None,
                        "automated_agent",
                    )
                )
    return flags


def _title_numbers(cur: CheckedCuration, refs: dict[int, Reference]) -> list[Flag]:
    flags = []
    for c in cur.claims:
        q = c.record.qualifiers
        for n in c.record.citations:
            ref = refs[n]
            m = _TITLE_N.search(ref.title)
            if m and q.sample_size and int(m.group(1)) != q.sample_size:
                flags.append(
                    Flag(
                        "citation-sample-size-mismatch",
                        "warning",
                        f"The review reports n = {q.sample_size} for [{n}], but its title says "
                        f"{m.group(0)!r}.",
                        (n,),
                        c.record.quote,
                        None,
                        "automated_agent",
                    )
                )
            m = _TITLE_FU.search(ref.title)
            if m and q.follow_up and q.follow_up != f"P{m.group(1)}Y":
                flags.append(
                    Flag(
                        "citation-follow-up-mismatch",
                        "warning",
                        f"The review reports follow-up {q.follow_up} for [{n}], but its title says "
                        f"{m.group(0)!r}.",
                        (n,),
                        c.record.quote,
                        None,
                        "automated_agent",
                    )
                )
    unique = {(f.kind, f.references, f.quote): f for f in flags}
    return list(unique.values())


def computed_flags(cur: CheckedCuration, doc: Document, refs: tuple[Reference, ...]) -> list[Flag]:
    by_n = {r.number: r for r in refs}
    return [
        *_grim(cur),
        *_doi(refs),
        *_identical_authors(refs),
        *_author_names(doc, by_n),
        *_title_numbers(cur, by_n),
    ]


def curated_flags(cur: CheckedCuration) -> list[Flag]:
    return [
        Flag(f.kind, f.severity, f.reason, f.references, f.quote, None, f.detected_by)
        for f in cur.curation.audit_flags
    ]


def all_flags(cur: CheckedCuration, doc: Document, refs: tuple[Reference, ...]) -> list[Flag]:
    return [*computed_flags(cur, doc, refs), *curated_flags(cur)]
