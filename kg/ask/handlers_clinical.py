"""Answer builders for the clinical intents: treatments, how a treatment works, mechanisms and
causes, diagnostics, differential tests, risk factors.

Each takes the question's context and recognised entities, runs templates through the context's
runner and adds answers; none reads a relation the review does not state.
"""

from __future__ import annotations

from kg.ask.evidence import Context, drop_context
from kg.ask.intents import Classified
from kg.ask.model import ChainHop, InferredFrom, Recognised
from kg.read.statistics import all_statistics

TREATMENT = "ldho:Treatment"
DIAGNOSTIC = "ldho:DiagnosticProcedure"
MECHANISM = "ldho:Mechanism"


def _entities(ents: list[Recognised]) -> list[str]:
    return drop_context([e.id for e in ents if e.kind == "entity"])


def _targets(ctx: Context, ents: list[Recognised], not_a: tuple[str, ...]) -> list[str]:
    """Entities (or members of a named class) that are not of the classes ``not_a``."""
    out = [i for i in _entities(ents) if not any(ctx.is_a(i, c) for c in not_a)]
    for e in ents:
        if e.kind == "class" and e.id not in not_a and not any(
            ctx.is_a(m, c) for m, _ in ctx.runner.members(e.id)[:1] for c in not_a
        ):
            out += [m for m, _ in ctx.runner.members(e.id)]
    return list(dict.fromkeys(out))


def treatments(ctx: Context, ents: list[Recognised], cls: Classified) -> None:
    """Treatments that address a symptom, target a mechanism, improve an outcome, or suit a
    population (direct, and inferred through the ``targets ∘ contributesTo`` chain)."""
    for target in _targets(ctx, ents, (TREATMENT, "ldho:EmergingTechnology")):
        if ctx.is_a(target, "ldho:Population"):
            ctx.add_edges(ctx.runner.edges("ldho:suitableFor", obj=target), "subject")
            continue
        if ctx.is_a(target, "ldho:Outcome"):
            ctx.add_edges(ctx.runner.edges("ldho:improves", obj=target), "subject")
            continue
        ctx.add_edges(ctx.runner.edges("ldho:addresses", obj=target), "subject")
        if ctx.is_a(target, MECHANISM) or ctx.is_a(target, "ldho:MolecularEntity"):
            ctx.add_edges(ctx.runner.edges("ldho:targets", obj=target), "subject")
    for a in list(ctx.answers):
        if ctx.is_a(a, DIAGNOSTIC):
            del ctx.answers[a]


def how_it_works(ctx: Context, ents: list[Recognised], cls: Classified) -> None:
    """What a treatment targets (mechanisms, levels it lowers), or failing that what it is
    made of and what it improves or complements."""
    subjects = [i for i in _entities(ents) if ctx.is_a(i, TREATMENT)]
    if not subjects and any(e.kind == "class" or not ctx.is_a(e.id, TREATMENT) for e in ents):
        treatments(ctx, ents, cls)  # "which treatments target X?" asks for the treatments
        return
    for s in subjects:
        ctx.add_edges(ctx.runner.edges("ldho:targets", subject=s), "object")
        ctx.add_edges(ctx.runner.edges("ldho:componentOf", obj=s), "subject")
        if not ctx.answers:
            for root in ("ldho:improves", "ldho:complements", "ldho:addresses"):
                ctx.add_edges(ctx.runner.edges(root, subject=s), "object")


def mechanisms(ctx: Context, ents: list[Recognised], cls: Classified) -> None:
    """Causes and mechanisms of a symptom or condition; for a manifestation with no stated
    cause of its own, the causes of the condition it manifests, labelled inferred."""
    ids = _entities(ents)
    if ids and all(ctx.is_a(i, TREATMENT) for i in ids):
        how_it_works(ctx, ents, cls)
        return
    for target in _targets(ctx, ents, (TREATMENT,)):
        ctx.add_edges(ctx.runner.edges("ldho:contributesTo", obj=target), "subject")
        assoc = [e for e in ctx.runner.edges("ldho:associatedWith", obj=target)
                 if ctx.is_a(e.subject, MECHANISM) and not e.inferred]
        ctx.add_edges(assoc, "subject")
        if ctx.answers:
            continue
        for parent_edge in ctx.runner.edges("ldho:manifestsAs", obj=target):
            if parent_edge.inferred:
                continue
            parent = parent_edge.subject
            for e in ctx.runner.edges("ldho:contributesTo", obj=parent):
                if e.inferred or not ctx.is_a(e.subject, MECHANISM):
                    continue
                ans = ctx.answer(e.subject, "ldho:contributesTo")
                if ans.inferred_from is None:
                    hop = parent_edge.claims[:1] + e.claims[:1]
                    ans.inferred_from = InferredFrom(
                        "manifestation chain",
                        [ChainHop(e.subject, e.predicate, parent),
                         ChainHop(parent, "ldho:manifestsAs", target)],
                        f"{e.subject} {e.predicate} {parent}, which manifests as {target}",
                    )
                    ans.evidence = ctx.evidence(hop)


def diagnostics(ctx: Context, ents: list[Recognised], cls: Classified) -> None:
    """Tests that detect, localise or tell apart a condition; or what a named test detects."""
    tests = [i for i in _entities(ents) if ctx.is_a(i, DIAGNOSTIC)]
    targets = _targets(ctx, ents, (DIAGNOSTIC,))
    if tests and not [t for t in targets if t not in tests and not ctx.is_a(t, TREATMENT)]:
        for t in tests:
            ctx.add_edges(ctx.runner.edges("ldho:detects", subject=t), "object")
        return
    for target in targets:
        ctx.add_edges(ctx.runner.edges("ldho:detects", obj=target), "subject")
        if target == "ldh:diagnostic-accuracy":
            ctx.add_edges(ctx.runner.edges("ldho:improves", obj=target), "subject")


def differentiation(ctx: Context, ents: list[Recognised], cls: Classified) -> None:
    """Tests the review says tell one condition from another (``distinguishes``)."""
    ids = [i for e in ents if e.kind == "entity" for i in [e.id, *e.alternatives]]
    for target in dict.fromkeys(ids):
        ctx.add_edges(ctx.runner.edges("ldho:distinguishes", obj=target), "subject")
    if not ctx.answers:
        diagnostics(ctx, ents, cls)


def risk_factors(ctx: Context, ents: list[Recognised], cls: Classified) -> None:
    """Risk factors for an outcome (``raisesRiskOf``, and ``associatedWith`` from a risk
    factor), each with the threshold the review gives (≥ 50 years, BMI ≥ 25, > 6 months)."""
    targets = _targets(ctx, ents, ("ldho:RiskFactor",)) or ["ldh:postoperative-residual-symptoms"]
    for target in targets:
        ctx.add_edges(ctx.runner.edges("ldho:raisesRiskOf", obj=target), "subject")
        assoc = [e for e in ctx.runner.edges("ldho:associatedWith", obj=target)
                 if ctx.is_a(e.subject, "ldho:RiskFactor") and not e.inferred]
        ctx.add_edges(assoc, "subject")
    stats = all_statistics(ctx.store)
    for aid, ans in ctx.answers.items():
        for st in stats:
            if st.quantity == "threshold" and st.about and st.about.id == aid:
                ans.related.append(f"{st.comparison or ''} {st.stated_as or st.value} "
                                   f"{st.unit or ''}".strip())
                ans.value, ans.unit = float(st.value), st.unit
