"""Yes/no questions that compare two printed figures: "was back pain more prevalent than leg
pain?", "24个月时下肢痛残留率是不是比6个月时还高？". The answer is the comparison of the two
statistics the review gives (same study, same time point or same thing at two time points),
never a guess: when the two figures are not both found, this reading does not decide. And a
follow-up length asked against the one the study had ("followed out to 5 years?").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.ask.facts import ClaimFacts, Facts, StatFacts
from kg.ask.roles import Reading, residual_forms
from kg.read.text_index import index_for
from kg.text import states_number

_OVER_TIME = re.compile(r"\bbetween\b|\bfrom\b.*\bto\b|\bbecome\b|\bbecame\b|\bover time\b|"
                        r"\bgo(?:es)? (?:up|down)\b|随时间|逐渐|之间")


@dataclass(slots=True)
class Figures:
    """The verdict of a comparison and the two figures it rests on."""

    boolean: bool
    first: StatFacts
    second: StatFacts
    claims: list[ClaimFacts]


def _months(code: str | None) -> float | None:
    m = re.fullmatch(r"P(\d+(?:\.\d+)?)([YMWD])", code or "")
    if m is None:
        return None
    return float(m.group(1)) * {"Y": 12.0, "M": 1.0, "W": 12 / 52, "D": 12 / 365}[m.group(2)]


def compare(facts: Facts, reading: Reading, text: str, numbers: list[str]) -> Figures | None:
    """The two figures the question compares, and whether they compare as it asks."""
    up = reading.part.polarity > 0  # "higher / 更高" against "lower / 更低" (kg.ask.analysis)
    if reading.part.polarity == 0:
        return None
    index = index_for(facts.store)
    # what is compared, in the order the question names it: an entity with its residual
    # forms ("back pain" is residual low back pain here), or a class's members ("leg pain")
    sides: list[set[str]] = []
    for r in sorted(reading.entities, key=lambda r: r.span):
        if r.kind == "entity" and reading.anchors.get(r.id, 0.0) >= 0.6:
            names = {r.id, *residual_forms(facts, index, r.id)}
        elif r.kind == "class" and r.id in reading.groups:
            names = set(facts.members(r.id))
        else:
            continue
        if not any(names & side for side in sides):
            sides.append(names)
    anchors = [a for a, w in reading.anchors.items() if w >= 0.6]
    searched = sorted(set(anchors) | {e for side in sides for e in side})
    facts.read_claims(cid for a in searched for cid in facts.claims_of(a))
    stats: list[tuple[StatFacts, ClaimFacts]] = []
    for a in searched:
        for cid in facts.claims_of(a):
            c = facts.claim(cid)
            if not c.statistics or not all(states_number(c.quote, n) for n in numbers):
                continue  # the study the question names by its numbers states them
            for sid in c.statistics:
                st = facts.statistic(sid)
                if all(st.id != s.id for s, _ in stats):
                    stats.append((st, c))
    times = [m for t in reading.part.timepoints if (m := _months(t)) is not None]

    def of(names: set[str], months: float | None) -> list[tuple[StatFacts, ClaimFacts]]:
        return [(s, c) for s, c in stats if s.about in names and (
            months is None or _months(s.timepoint) == months)]

    pair: tuple[list[tuple[StatFacts, ClaimFacts]], list[tuple[StatFacts, ClaimFacts]]]
    if len(times) >= 2 and sides:  # one thing at two time points
        first, second = times[0], times[1]
        if _OVER_TIME.search(text):
            first, second = sorted((first, second), reverse=True)  # "did it rise": later vs
        pair = (of(sides[0], first), of(sides[0], second))
    elif len(sides) >= 2:  # two things, at the time point named (or the only one)
        when = times[0] if times else None
        pair = (of(sides[0], when), of(sides[1], when))
    else:
        return None
    common = {(x.quantity, x.unit) for x, _ in pair[0]} & {(y.quantity, y.unit) for y, _ in pair[1]}
    if len(common) == 1:  # the same measure on both sides ("18 studies" is not a prevalence)
        pair = ([p for p in pair[0] if (p[0].quantity, p[0].unit) in common],
                [p for p in pair[1] if (p[0].quantity, p[0].unit) in common])
    if len(pair[0]) != 1 or len(pair[1]) != 1:
        return None
    (one, c1), (other, c2) = pair[0][0], pair[1][0]
    if one.id == other.id or (one.unit or "") != (other.unit or ""):
        return None
    higher = one.value > other.value
    boolean = one.value != other.value and (higher if up else not higher)
    return Figures(boolean, one, other, [c1] if c1.id == c2.id else [c1, c2])


_FOLLOW = re.compile(r"\bfollow(?:ed|ing|s)?[\s-]*(?:up)?\b|随访")


def other_follow_up(c: ClaimFacts, text: str, asked: list[str]) -> bool:
    """Does the question ask about a follow-up of a length the claim's study did not have
    ("followed out to 5 years?" against a 1-year follow-up)? Only a length the question
    ties to follow-up counts: "3 months out from surgery" describes the patient."""
    if not asked or not _FOLLOW.search(text):
        return False
    had = {_months(t) for t in (c.follow_up, c.timepoint) if t} - {None}
    return bool(had) and not any(_months(t) in had for t in asked)


__all__ = ["Figures", "compare", "other_follow_up"]
