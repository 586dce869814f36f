"""Answer builders for numbers (and change between time points), the evidence behind a claim,
cautions, the TCM view, emerging technologies and their limits, comparisons, and yes/no.

A yes/no answer is ``true`` only when a claim states the relation (or the reasoner infers it,
labelled); a relation between the two entities of another kind, or none, is ``false`` with a
plain statement of what the review does say.
"""

from __future__ import annotations

import re
from decimal import Decimal

from kg.ask.evidence import Context, drop_context
from kg.ask.handlers_clinical import _entities
from kg.ask.intents import Classified
from kg.ask.model import Answer, Computation, Recognised
from kg.ask.templates import property_roots
from kg.read.citations import list_citations
from kg.read.statistics import Statistic, all_statistics, duration_key

_INTENT_ROOTS: dict[str, tuple[str, ...]] = {
    "treatments": ("ldho:addresses", "ldho:targets", "ldho:improves", "ldho:suitableFor"),
    "how_it_works": ("ldho:targets",),
    "mechanisms": ("ldho:contributesTo",),
    "diagnostics": ("ldho:detects",),
    "differentiation": ("ldho:distinguishes",),
    "risk_factors": ("ldho:raisesRiskOf", "ldho:associatedWith"),
    "comparison": ("ldho:outperforms", "ldho:comparableTo"),
    "cautions": ("ldho:cautionFor", "ldho:slowerResponseIn"),
    "emerging": ("ldho:hasLimitation",),
}
_CHANGE = ("change", "differ", "drop", "fall", "decline", "increase", "变化", "下降", "差",
           "增加", "减少")


def numbers(ctx: Context, ents: list[Recognised], cls: Classified) -> None:
    """Statistics about an entity, at the time points asked for; with two time points (or a
    word for change), the difference between them within one study."""
    stats = {s.id: s for s in all_statistics(ctx.store)}
    cite = re.search(r"\[(\d+)\]", ctx.text)
    found = []
    for about in _entities(ents):
        for sid in ctx.runner.statistics(about):
            st = stats[sid]
            if cls.timepoints and (st.timepoint is None or duration_key(st.timepoint) not in
                                   {duration_key(t) for t in cls.timepoints}):
                continue
            if cite and int(cite.group(1)) not in st.citations:
                continue
            found.append(st)
    for st in found:
        ctx.answers[st.id] = ctx.statistic(st)
    if len(cls.timepoints) >= 2 or any(c in ctx.text for c in _CHANGE):
        by_study: dict[tuple[str, tuple[int, ...]], list[Statistic]] = {}
        for st in found:
            if st.timepoint and st.about:
                by_study.setdefault((st.about.id, tuple(st.citations)), []).append(st)
        for (_, citations), group in sorted(by_study.items(), key=lambda kv: kv[0][1]):
            group.sort(key=lambda s: duration_key(s.timepoint or "P0D"))
            if len(group) >= 2 and group[0].unit == group[-1].unit:
                a, b = group[0], group[-1]
                diff = float(Decimal(str(b.value)) - Decimal(str(a.value)))
                unit = "percentage points" if a.unit == "percent" else a.unit or ""
                ctx.computation = Computation(f"{b.value} - {a.value} ({b.timepoint} vs "
                                              f"{a.timepoint}, {citations})", diff, unit,
                                              a.id, b.id)
                break


def evidence(ctx: Context, ents: list[Recognised], cls: Classified) -> None:
    """The references behind what the review states between two entities (or about one):
    each with its claims' quotes, study design, n and audit flags; uncited claims as such."""
    ids = _entities(ents)
    if not ids:
        return
    claims = ctx.runner.between(ids[0], ids[1] if len(ids) > 1 else None)
    if cls.relation and len(ids) > 1:
        roots = property_roots(ctx.store)
        claims = [c for c in claims if cls.relation in roots.get(c.predicate, ())] or claims
    refs = {r.n: r for r in list_citations(ctx.store)}
    for c in claims:
        rec = ctx.claim(c.claim)
        if rec is None:
            continue
        for n in rec.citations or [0]:
            if n:
                ref = refs[n]
                key = f"ldh:ref-{n}"
                label = f"[{n}] {ref.first_author or ''} {ref.year or ''}. {ref.title or ''}"
                ans = ctx.answers.setdefault(key, Answer(key, label.strip(), None,
                                                         ["ldho:Reference"], inferred=False))
            else:
                ans = ctx.answers.setdefault(c.claim, Answer(
                    c.claim, "uncited author statement", "无引用的作者陈述",
                    ["ldho:UntraceableAuthorStatement"], inferred=False))
            ans.relation = c.predicate
            ans.evidence += [e for e in ctx.evidence([c.claim])
                             if e.claim not in {x.claim for x in ans.evidence}]


def cautions(ctx: Context, ents: list[Recognised], cls: Classified) -> None:
    """What to avoid and for whom, who responds more slowly, and statements the review
    hedges; narrowed to the entities named, if any."""
    ids = set(drop_context([e.id for e in ents if e.kind == "entity"]))
    for c in ctx.runner.cautions():
        if ids and not ids & {c.subject, c.object}:
            continue
        ans = ctx.answer(c.subject, c.predicate)
        ans.inferred = False
        ans.related = list(dict.fromkeys([*ans.related, c.object]))
        ans.evidence += ctx.evidence([c.claim])


def tcm_view(ctx: Context, ents: list[Recognised], cls: Classified) -> None:
    """The TCM patterns (causes) and therapies, each with the claims the review makes."""
    wants = []
    if cls.asks_cause:
        wants.append("ldho:TCMPattern")
    if cls.asks_treatment:
        wants.append("ldho:TCMTherapy")
    for cls_id in wants or ["ldho:TCMPattern", "ldho:TCMTherapy"]:
        for member, _ in ctx.runner.members(cls_id):
            ans = ctx.answer(member, "rdf:type")
            ans.inferred = False
            ans.related.append(cls_id)
            stated = ctx.runner.between(member)
            ans.evidence = ctx.evidence([c.claim for c in stated])


def emerging(ctx: Context, ents: list[Recognised], cls: Classified) -> None:
    """Limits the review states for a technology; or every emerging technology with its."""
    named = _entities(ents)
    for s in named:
        ctx.add_edges(ctx.runner.edges("ldho:hasLimitation", subject=s), "object")
    if ctx.answers or named:
        return  # a named thing without stated limits gets none, not the whole list
    for member, _ in ctx.runner.members("ldho:EmergingTechnology"):
        ans = ctx.answer(member, "rdf:type")
        ans.inferred = False
        for e in ctx.runner.edges("ldho:hasLimitation", subject=member):
            if not e.inferred:
                ans.related.append(e.object)
                ans.evidence += ctx.evidence(e.claims)
        if not ans.evidence:
            ans.evidence = ctx.evidence([c.claim for c in ctx.runner.between(member)])


def comparison(ctx: Context, ents: list[Recognised], cls: Classified) -> None:
    """What the review says when it compares two things: the better one (``outperforms``) or
    both (``comparableTo``). No comparison stated, no answer."""
    ids = _entities(ents)
    if len(ids) < 2:
        return
    for c in ctx.runner.between(ids[0], ids[1]):
        if c.predicate not in ("ldho:outperforms", "ldho:comparableTo"):
            continue
        ans = ctx.answer(c.subject, c.predicate)
        ans.inferred = False
        ans.related = [c.object]
        ans.evidence += ctx.evidence([c.claim])


def yes_no(ctx: Context, ents: list[Recognised], cls: Classified) -> None:
    """``true`` when a claim states the relation asked about between the two entities (or it
    is inferred, labelled so); otherwise ``false`` and what the review does state."""
    ids = _entities(ents)[:2]
    if len(ids) < 2:
        return
    roots = property_roots(ctx.store)
    wanted = (cls.relation,) if cls.relation else _INTENT_ROOTS.get(cls.intent, ())
    stated = ctx.runner.between(ids[0], ids[1])
    match = [c for c in stated if not wanted or set(wanted) & roots.get(c.predicate, set())]
    for c in match:
        ans = ctx.answer(c.object if c.subject == ids[0] else c.subject, c.predicate)
        ans.inferred = False
        ans.evidence += ctx.evidence([c.claim])
    if not match and wanted:
        for root in wanted:
            edges = [e for e in ctx.runner.edges(root, subject=ids[0], obj=ids[1])
                     if e.inferred]
            ctx.add_edges(edges, "object")
    ctx.boolean = bool(ctx.answers)
    if not ctx.boolean:
        a, b = ctx.name(ids[0]), ctx.name(ids[1])
        other = sorted({c.predicate.split(":")[-1] for c in stated})
        if ctx.language == "zh":
            ctx.statement = f"综述没有说明{a}与{b}之间存在所问的关系。"
            if other:
                ctx.statement += f"综述陈述的关系是：{', '.join(other)}。"
        else:
            ctx.statement = f"The review does not state that relation between {a} and {b}."
            if other:
                ctx.statement += f" What it does state: {', '.join(other)}."


def relation(ctx: Context, ents: list[Recognised], cls: Classified) -> None:
    """No cue word: what the review states between the two entities named. One entity alone
    is not a question: listing everything said about it would answer by co-occurrence."""
    ids = _entities(ents)
    if len(ids) >= 2:
        for c in ctx.runner.between(ids[0], ids[1]):
            other = c.object if c.subject == ids[0] else c.subject
            ans = ctx.answer(other, c.predicate)
            ans.inferred = False
            ans.evidence += ctx.evidence([c.claim])
