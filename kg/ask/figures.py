"""Numbers a question asks for: the statistics of the claims chosen for it (prevalence at a
time point, sample size, follow-up, thresholds, study counts), kept to the quantity the
question names and to the study it names, and the change between two time points of one
study.
"""

from __future__ import annotations

import re
from decimal import Decimal

from kg.ask.analysis import Part
from kg.ask.answers import Builder, duration_value
from kg.ask.facts import CONTEXT, ClaimFacts, Facts, StatFacts
from kg.ask.model import Computation
from kg.ask.rank import Candidate
from kg.read.statistics import duration_key

_CHANGE = ("change", "differ", "drop", "fall", "decline", "increase", "变化", "下降", "差",
           "增加", "减少")
_ASKS_N = re.compile(r"how many (?:patients|cases|people|participants)|多少例|几例|多少名|"
                     r"多少人|多少患者|纳入多少|样本|sample size|enrol|number of patients|多少病人")
_ASKS_FOLLOW = re.compile(r"how long|follow|随访|多久|多长时间")
_ASKS_COUNT = re.compile(r"how many (?:stud|trial|rct|meta)|几个\s*rct|几项|多少项|多少个\s*rct|"
                         r"多少研究|纳入了几|pooled|纳入.*研究")
# quantity -> the words that ask for it
QUANTITIES: dict[str, re.Pattern[str]] = {
    "prevalence": re.compile(r"rate|prevalen|incidence|how common|how often|proportion|percent|"
                             r"%|发生率|患病率|比例|残留率|多见|多少人|多少患者|占"),
    "sample size": _ASKS_N,
    "follow-up": _ASKS_FOLLOW,
    "study count": _ASKS_COUNT,
    "threshold": re.compile(r"cut[- ]?off|threshold|界值|阈值|标准|以上|以下|定义"),
    "case count": re.compile(r"how many cases|几例|多少例"),
    # quantities the review gives for nothing: asked for, they match no statistic of it
    "course or dose": re.compile(r"疗程|剂量|用量|多少次|course of treatment|treatment course|"
                                 r"how many sessions|\bdos(?:e|age|ing)\b|how much (?:to|should)"),
}


def asked_quantities(text: str) -> set[str]:
    """The quantities ``text`` asks for (empty when it names none)."""
    return {q for q, pattern in QUANTITIES.items() if pattern.search(text)}


def asked_figures(text: str) -> frozenset[str]:
    """Which of a study's own numbers a part asks for: n, count, follow (none named: empty)."""
    return frozenset(k for k, p in (("n", _ASKS_N), ("count", _ASKS_COUNT),
                                    ("follow", _ASKS_FOLLOW)) if p.search(text))


def wants_numbers(part: Part) -> bool:
    return part.top == "number" or "number" in part.wanted(0.75) or bool(
        _ASKS_N.search(part.text) or _ASKS_COUNT.search(part.text))


def add_numbers(builder: Builder, facts: Facts, part: Part, chosen: list[Candidate],
                 anchors: set[str], part_no: int) -> Computation | None:
    """Statistics and qualifier numbers of the chosen claims; a change between time points."""
    text = part.text
    asked = asked_quantities(text)
    named = bool(part.sample_sizes or part.years or part.designs or part.citations) and any(
        c.why.get("study", 0) > 0 for c in chosen)
    stats: list[tuple[StatFacts, ClaimFacts]] = []
    for c in chosen:
        if c.claim is None:
            continue
        for sid in c.claim.statistics:
            st = facts.statistic(sid)
            if part.timepoints and (st.timepoint is None or duration_key(st.timepoint) not in
                                    {duration_key(t) for t in part.timepoints}):
                continue
            specific = {a for a in anchors if a not in CONTEXT}
            if specific and st.about and st.about not in specific and \
                    st.quantity == "prevalence" and not about_near(facts, st.about, specific):
                continue
            if asked and st.quantity not in asked:
                continue
            if named and not c.why.get("study"):
                continue  # the part names a study; this is another one
            stats.append((st, c.claim))
            builder.answers[sid] = builder.statistic(st, c.claim.id, part_no)
        q = c.claim
        key = q.study or f"ldh:{q.id}"
        if q.n and _ASKS_N.search(text):
            builder.answers.setdefault(f"{key}#n", builder.number(
                key, f"n = {q.n}", q.n, "patients", q.id, part_no))
        if q.follow_up and _ASKS_FOLLOW.search(text) and (d := duration_value(q.follow_up)):
            builder.answers.setdefault(f"{key}#follow", builder.number(
                key, f"follow-up {q.follow_up}", d[0], d[1], q.id, part_no))
        if q.study_count and _ASKS_COUNT.search(text):
            builder.answers.setdefault(f"{key}#count", builder.number(
                key, f"{q.study_count} studies", q.study_count, "studies", q.id, part_no))
    if len(part.timepoints) < 2 and not any(w in text for w in _CHANGE):
        return None
    groups: dict[tuple[str | None, tuple[int, ...]], list[tuple[object, ClaimFacts]]] = {}
    for st, claim in stats:
        if st.timepoint:
            groups.setdefault((st.about, tuple(claim.citations)), []).append((st, claim))
    for (_, cites), group in sorted(groups.items(), key=lambda kv: kv[0][1]):
        group.sort(key=lambda x: duration_key(x[0].timepoint or "P0D"))  # type: ignore[attr-defined]
        a, b = group[0][0], group[-1][0]
        if len(group) >= 2 and a.unit == b.unit:  # type: ignore[attr-defined]
            diff = float(Decimal(str(b.value)) - Decimal(str(a.value)))  # type: ignore[attr-defined]
            unit = "percentage points" if a.unit == "percent" else a.unit or ""  # type: ignore[attr-defined]
            return Computation(f"{b.value:g} - {a.value:g} ({b.timepoint} vs {a.timepoint}, "  # type: ignore[attr-defined]
                               f"{list(cites)})", diff, unit, a.id, b.id)  # type: ignore[attr-defined]
    return None


def about_near(facts: Facts, about: str, anchors: set[str]) -> bool:
    """A statistic about X answers a question about Y when one claim relates X and Y."""
    return any(set(facts.claim(cid).entities()) & anchors for cid in facts.claims_of(about))


__all__ = ["add_numbers", "asked_quantities", "wants_numbers"]
