"""Questions in English or Chinese, answered from the graph with their evidence.

question -> interpretation (intent, recognised entities, yes/no, time points) -> named
``ask_*`` templates run with bound values (all shown in the answer) -> answers, each with its
id, labels in both languages, type, whether it is inferred (and from what chain), and the
evidence: claim, quote, section, citations, study design, n, audit flags.

Restraint is the point: an answer is an edge the review states (or the reasoner infers from
edges it states, labelled so); two things sharing a reference or a sentence are not linked by
it. When nothing answers, the answer says so and suggests close questions that do.

>>> from kg.store import open_store
>>> ask(open_store("memory:"), "甲钴胺能降低同型半胱氨酸吗？").interpretation.language
'zh'
"""

from __future__ import annotations

from collections.abc import Callable

from kg.ask import handlers_clinical as hc
from kg.ask import handlers_evidence as he
from kg.ask.evidence import Context, drop_context
from kg.ask.intents import Classified, classify, language
from kg.ask.lexicon import lexicon
from kg.ask.model import AskAnswer, Interpretation, Recognised
from kg.ask.templates import Runner
from kg.store import Store

Handler = Callable[[Context, list[Recognised], Classified], None]
HANDLERS: dict[str, Handler] = {
    "treatments": hc.treatments, "how_it_works": hc.how_it_works, "mechanisms": hc.mechanisms,
    "diagnostics": hc.diagnostics, "differentiation": hc.differentiation,
    "risk_factors": hc.risk_factors, "numbers": he.numbers, "evidence": he.evidence,
    "cautions": he.cautions, "tcm_view": he.tcm_view, "emerging": he.emerging,
    "comparison": he.comparison, "relation": he.relation,
}
MAX_QUESTION = 500

# (intent, English template, Chinese template) for suggestions; {x} is an entity's name
_SUGGEST: tuple[tuple[str, str, str], ...] = (
    ("treatments", "Which treatments address {x}?", "哪些治疗针对{x}？"),
    ("mechanisms", "What causes {x}?", "{x}的原因是什么？"),
    ("how_it_works", "How does {x} work?", "{x}如何起作用？"),
    ("diagnostics", "Which tests detect {x}?", "哪些检查可以诊断{x}？"),
    ("risk_factors", "Who is at risk of {x}?", "{x}的危险因素有哪些？"),
    ("numbers", "What is the prevalence of {x}?", "{x}的发生率是多少？"),
    ("emerging", "What are the limitations of {x}?", "{x}有哪些局限？"),
    ("evidence", "What is the evidence about {x}?", "关于{x}的证据是什么？"),
)
_FOR_TREATMENTS = frozenset({"how_it_works", "emerging", "evidence"})
_GENERIC = (
    ("Which treatments address inflammatory residual pain?", "哪些治疗针对炎症性残余疼痛？"),
    ("Who is at risk of residual low back pain?", "术后残余腰痛的危险因素有哪些？"),
    ("Which test tells a new nerve-root injury from a residual symptom?",
     "哪种检查可以鉴别术后新发神经根损害与残余症状？"),
)


def _run(store: Store, question: str, *, suggest: bool = True) -> AskAnswer:
    question = question.strip()[:MAX_QUESTION]
    lang = language(question)
    text, ents = lexicon(store).recognise(question)
    cls = classify(text)
    interp = Interpretation(cls.intent, lang, text, ents, cls.boolean, cls.relation,
                            cls.timepoints)
    ctx = Context(store, Runner(store), lang, text)
    entity_ids = [e.id for e in ents if e.kind == "entity"]
    if cls.boolean and len(drop_context(entity_ids)) >= 2 and cls.intent not in (
        "numbers", "evidence", "tcm_view"
    ):
        he.yes_no(ctx, ents, cls)
    else:
        HANDLERS[cls.intent](ctx, ents, cls)
        if cls.boolean:
            ctx.boolean = bool(ctx.answers)
    out = AskAnswer(question, interp, ctx.runner.runs, list(ctx.answers.values()),
                    ctx.boolean, "", ctx.computation)
    out.statement = ctx.statement or _statement(out)
    if suggest and not out.answers:
        out.suggestions = suggestions(store, out)
    return out


def ask(store: Store, question: str) -> AskAnswer:
    """Answer ``question`` (English, Chinese or both) from the graph, with evidence."""
    return _run(store, question)


def _statement(a: AskAnswer) -> str:
    zh = a.interpretation.language == "zh"
    if not a.interpretation.entities and not a.answers:
        return ("问题中没有识别出图谱中的概念；综述对此没有说明。" if zh else
                "No concept of the graph was recognised in the question; the review does not "
                "say.")
    if not a.answers:
        return "综述对此没有说明。" if zh else "The review does not say."
    inferred = sum(x.inferred for x in a.answers)
    n = len(a.answers)
    text = (f"{n} 个答案（{inferred} 个为推理所得）。" if zh else
            f"{n} answer(s) ({inferred} inferred).")
    if a.computation:
        c = a.computation
        text += f" {c.expression} = {c.result:+g} {c.unit}."
    if a.boolean is not None:
        text = ("是。" if a.boolean else "否。") + text if zh else \
            ("Yes. " if a.boolean else "No. ") + text
    return text


def suggestions(store: Store, a: AskAnswer, limit: int = 3) -> list[str]:
    """Close questions the graph can answer: same entities, other intents (each checked by
    answering it), or a few known-good questions when no entity was recognised."""
    zh = a.interpretation.language == "zh"
    out: list[str] = []
    ctx = Context(store, Runner(store), a.interpretation.language, "")
    for e in a.interpretation.entities:
        if e.kind != "entity":
            continue
        name = (e.label_zh if zh else e.label_en) or e.id
        treatment = ctx.is_a(e.id, "ldho:Treatment")
        for intent, en, cn in _SUGGEST:
            if intent == a.interpretation.intent or (intent in _FOR_TREATMENTS) != treatment:
                continue
            q = (cn if zh else en).format(x=name)
            if q not in out and _run(store, q, suggest=False).answers:
                out.append(q)
            if len(out) >= limit:
                return out
    return out or [cn if zh else en for en, cn in _GENERIC]


__all__ = ["AskAnswer", "ask", "suggestions"]
