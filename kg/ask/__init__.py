"""Questions in English or Chinese, answered from the graph with their evidence.

A question is read, not matched (``kg.ask.analysis``, ``kg.ask.roles``): split into parts, each
with the kinds of answer it wants (scored from its structure and a class it names), the
relation its verbs name, and a role for every entity it names (answer type, anchor, group,
context). Each part is then answered one of these ways (the readings are in ``kg.ask.parts``):

- **yes/no** (``kg.ask.yesno``): yes only when a claim states the relation between the things
  asked about; otherwise no, with the closest claims;
- **studies** (``kg.ask.studies``): which studies are retrospective, the largest, how many;
- **numbers**: the statistics and the sample sizes, follow-ups and study counts of the claims
  the part is about, and the change between two time points of one study;
- **composition**: "what does X consist of", X's stated parts;
- **comparison / relation / evidence**: only the claims that relate what is asked about;
- **claims** (``kg.ask.rank``): candidate claims from the anchors and from full-text retrieval,
  scored; the answers are their other entities of the wanted classes, with the hop more a
  question asks for (the causes of each cause for "why").

Every answer carries its evidence (quote, section, ``[n]``, design, n, modality, population,
audit flags), inferred answers their chain, TCM answers their frame; every query run is shown.
When nothing answers, the answer says so and gives the closest claims and close questions.

>>> from kg.store import open_store
>>> ask(open_store("memory:"), "甲钴胺能降低同型半胱氨酸吗？").interpretation.language
'zh'
"""

from __future__ import annotations

import re

from kg.ask.analysis import Part
from kg.ask.answers import Builder, distinct_figures
from kg.ask.facts import CONTEXT, Facts
from kg.ask.figures import add_numbers, asked_figures, asked_quantities, wants_numbers
from kg.ask.model import (
    AskAnswer,
    CandidateQuery,
    Computation,
    EvidenceItem,
    Interpretation,
    PartReading,
    QueryRun,
)
from kg.ask.parts import (
    FULL_NAME,
    PARTS,
    add_claim_answers,
    answer_yes_no,
    between,
    components,
    each,
    evidence,
    full_names,
    pairwise,
    typed_members,
    untype,
)
from kg.ask.rank import answer_ids, candidates, joins, select
from kg.ask.roles import Reading, read
from kg.ask.studies import (
    add_reference,
    answer_design,
    answer_studies,
    asks_design,
    study_figures,
    wants_studies,
)
from kg.ask.yesno import unknown_phrase
from kg.read.text_index import index_for
from kg.store import Store

MAX_QUESTION = 500
_SINGULAR = re.compile(r"\b(?:it|its)\b|它(?!们)")
_PLURAL = re.compile(r"\b(?:each|they|them|these|those|their)\b|分别|各自|它们|这些")
_ANAPHORA = re.compile(r"\b(?:each|they|them|these|those|it|its|their)\b|分别|各自|各|它们|这些|其")
_GENERIC = (
    ("Which treatments address inflammatory residual pain?", "哪些治疗针对炎症性残余疼痛？"),
    ("Who is at risk of residual low back pain?", "术后残余腰痛的危险因素有哪些？"),
    ("Which test tells a new nerve-root injury from a residual symptom?",
     "哪种检查可以鉴别术后新发神经根损害与残余症状？"),
)


def _members(facts: Facts, readings: list[Reading]) -> dict[str, list[str]]:
    return {g: facts.members(g) for r in readings for g in r.groups}


def _names_one_study(part: Part) -> bool:
    """Does the part name one study (by year, sample size or [n]) rather than rank a set?"""
    return not part.superlative and bool(part.years or part.sample_sizes or part.citations)


def _same_study(before: Part, part: Part) -> None:
    """A figures part that names no study asks about the one the previous part named ("the
    2020 cohort: how many patients ..., and what were the residual rates?")."""
    if not (part.sample_sizes or part.years or part.designs or part.citations):
        part.sample_sizes, part.years = list(before.sample_sizes), list(before.years)
        part.designs, part.citations = list(before.designs), list(before.citations)


def _part_text(readings: list[Reading], i: int) -> str:
    """The part's words, with the previous part's when it is short ("and how long?")."""
    text = readings[i].part.text
    if i and len(text) < 40:
        text = readings[i - 1].part.text + " " + text
    return text


def _run(store: Store, question: str, *, suggest: bool = True) -> AskAnswer:
    question = question.strip()[:MAX_QUESTION]
    facts = Facts(store)
    analysis, readings, found = read(store, facts, question)
    builder = Builder(facts, analysis.language)
    members = _members(facts, readings)
    closest: list[EvidenceItem] = []
    computation: Computation | None = None
    parts: list[PartReading] = []
    index = index_for(store)
    named: list[int] = []  # the references of the study an earlier part named
    for i, rd in enumerate(readings):
        text = _part_text(readings, i)
        if i and _ANAPHORA.search(rd.part.text) and not any(
                e.role == "anchor" for e in rd.entities):
            before = readings[i - 1]
            named_before = [e.id for e in before.entities if e.role == "anchor"
                            and e.id not in CONTEXT]
            if _SINGULAR.search(rd.part.text) and not _PLURAL.search(rd.part.text) and len(
                    named_before) == 1 and not (before.classes or before.types):
                # "what is X like, its character, and what makes *it* worse?": X
                rd.anchors = {named_before[0]: 1.0, **rd.anchors}
            else:  # "and what is each indicated for?": the previous part's answers
                rd.anchors = {a.id: 1.0 for a in builder.answers.values()
                              if a.part == i - 1 and a.value is None} or rd.anchors
        if i and _ANAPHORA.search(rd.part.text) and wants_numbers(rd.part) and not (
                rd.part.citations or rd.part.sample_sizes or rd.part.years):
            # "which study had the largest sample, and what rates did *it* report?"
            rd.part.citations = [int(a.id.removeprefix("ldh:ref-")) for a in
                                 builder.answers.values() if a.part == i - 1
                                 and a.id.startswith("ldh:ref-")]
        if i and wants_numbers(rd.part):
            _same_study(readings[i - 1].part, rd.part)
        if i and named and not rd.part.yes_no and not rd.part.citations and not any(
                e.role == "anchor" for e in rd.entities):
            # "黄杰等那项研究纳入多少例？是什么手术后的患者？结果怎样？": the study named first
            rd.part.citations = list(named)
        pr = PartReading(rd.part.text, {k: round(v, 2) for k, v in rd.part.kinds.items()},
                         rd.part.yes_no, list(rd.anchors), list(rd.context), list(rd.classes),
                         list(rd.groups))
        facts.runs.append(QueryRun("text_index", {"match": " OR ".join(
            index.query_tokens(text)[:40])}, "SQLite FTS5 bm25() over build/text.sqlite"))
        own = [e for e in rd.entities if e.role == "anchor"]
        phrase = None if rd.part.yes_no else unknown_phrase(store, rd, rd.part.text)
        unknown = [phrase] if phrase else []
        if not unknown and not own and i and parts and parts[-1].unknown:
            unknown = parts[-1].unknown  # "...? 有效率多少?" about what the review never names
        pr.unknown = unknown
        if unknown:
            pr.reading = "none"
            zh = analysis.language == "zh"
            pr.statement = (f"综述没有提到“{'、'.join(unknown[:3])}”。" if zh else
                            f"The review does not mention {', '.join(unknown[:3])}.")
        elif wants_numbers(rd.part) and rd.anchors and all(
                a.startswith("ldh:ref-") for a in rd.anchors) and study_figures(
                facts, [int(a.removeprefix("ldh:ref-")) for a in rd.anchors],
                asked_figures(rd.part.text), builder, i):
            pr.reading = "numbers"  # "... Give the sample size for each": of those studies
        elif asks_design(rd.part) and (said := answer_design(
                builder, facts, rd.part, [a for a in rd.anchors if a not in CONTEXT], i)):
            pr.reading, pr.statement = "studies", said  # "was it prospective or retrospective?"
        elif rd.part.yes_no:
            answer_yes_no(builder, store, facts, rd, text, members, pr, i, closest)
        elif wants_studies(rd.part, any(a not in CONTEXT for a in rd.anchors)) and not (
                _names_one_study(rd.part) and asked_quantities(rd.part.text)):
            pr.reading = "studies"
            pr.statement = answer_studies(facts, rd.part, builder, i)
        elif rd.part.top == "evidence" and [a for a in rd.anchors if a not in CONTEXT]:
            evidence(builder, store, facts, rd, text, members, pr, i, closest)
        elif PARTS.search(rd.part.text) and components(builder, facts, rd, i):
            pr.reading = "composition"
        elif FULL_NAME.search(rd.part.text) and (spelled := full_names(builder, facts, rd, i)):
            pr.reading, pr.statement = "name", spelled
        elif not wants_numbers(rd.part) and (singles := each(rd)):
            pr.reading = "each"  # one reading per thing named, each answered alone
            for single in singles:
                scored = candidates(store, facts, single, text, members)
                chosen = select(scored, joins(single))
                pr.candidates += [CandidateQuery(c.id, round(c.score, 2), c.why, c in chosen)
                                  for c in scored[:5]]
                add_claim_answers(builder, facts, single, chosen, members, i)
        elif (pair := pairwise(rd)) is not None:
            between(builder, store, facts, rd, pair, pr, i, closest)
        elif rd.unknown_head:
            pr.reading = "none"
            zh = analysis.language == "zh"
            pr.statement = (f"综述没有说明“{rd.unknown_head}”。" if zh else
                            f"The review does not give the {rd.unknown_head}.")
            closest += [builder.evidence(c.claim.id) for c in
                        select(candidates(store, facts, rd, text, members))[:3] if c.claim]
        else:
            scored = candidates(store, facts, rd, text, members)
            chosen = select(scored, joins(rd))
            typed: list[str] = []
            if rd.types and not answer_ids(facts, rd, chosen, members):
                typed = list(rd.types)
                untype(rd)  # "which <X>" where no member of X answers: X is what it is about
                scored = candidates(store, facts, rd, text, members)
                chosen = select(scored, joins(rd))
            pr.candidates = [CandidateQuery(c.id, round(c.score, 2), c.why, c in chosen)
                             for c in scored[:10]]
            if wants_numbers(rd.part):
                pr.reading = "numbers"
                asked_about = set(rd.anchors) | {m for g in rd.groups for m in members.get(g, [])}
                computation = add_numbers(builder, facts, rd.part, chosen, asked_about,
                                          i) or computation
            valued = any(a.part == i and a.value is not None for a in builder.answers.values())
            if rd.part.top == "number" and not valued and not rd.part.wanted(0.7)[1:]:
                pr.reading = "none"  # a figure asked for that no claim states
                pr.statement = ("综述没有给出这一数字。" if analysis.language == "zh" else
                                "The review gives no figure for that.")
                closest += [builder.evidence(c.claim.id) for c in chosen[:3] if c.claim]
            elif not wants_numbers(rd.part) or not valued:
                pr.reading = "claims" if chosen else "none"
                add_claim_answers(builder, facts, rd, chosen, members, i)
                if typed and not any(a.part == i for a in builder.answers.values()):
                    typed_members(builder, facts, typed, chosen, i)
            if "ldho:Study" in rd.classes:  # "which study ...": the chosen claims' sources
                best = [c.claim for c in chosen[:3] if c.claim is not None]
                for ref in dict.fromkeys(n for c in best for n in c.citations):
                    add_reference(builder, facts, ref, [c.id for c in best if ref in c.citations],
                                  i)
        parts.append(pr)
        named = named or sorted({n for c in pr.candidates if c.chosen and c.why.get(
            "study", 0.0) >= 1.0 for n in facts.claim(c.claim.split(" via ")[0]).citations}
            if len(readings) > 1 else set())
    answers = distinct_figures(list(builder.answers.values()))
    yes_no = [p for p in parts if p.yes_no]
    boolean = yes_no[0].boolean if yes_no else None
    first = analysis.parts[0] if analysis.parts else None
    interp = Interpretation(
        first.top or "relation" if first else "relation", analysis.language,
        analysis.normalised, found, bool(yes_no),
        (first.relations[0] if first and first.relations else None),
        first.timepoints if first else [], parts)
    out = AskAnswer(question, interp, facts.runs, answers, boolean, "", computation)
    out.closest = list({ev.quote: ev for ev in reversed(closest)}.values())[::-1]
    if not answers and not closest:  # one item a sentence, as above
        near = [builder.evidence(cid) for cid, score in
                index.claims(analysis.normalised, limit=3) if score > 0]
        out.closest = list({ev.quote: ev for ev in reversed(near)}.values())[::-1]
    out.statement = _statement(out, builder)
    if suggest and not answers:
        out.suggestions = suggestions(store, out)
    return out


def ask(store: Store, question: str) -> AskAnswer:
    """Answer ``question`` (English, Chinese or both) from the graph, with evidence."""
    return _run(store, question)


def _statement(a: AskAnswer, builder: Builder) -> str:
    zh = a.interpretation.language == "zh"
    parts = [p.statement for p in a.interpretation.parts if p.statement]
    if not a.answers and not any(p.boolean for p in a.interpretation.parts):
        if not a.interpretation.entities and not a.closest:
            return ("问题中没有识别出图谱中的概念；综述对此没有说明。" if zh else
                    "No concept of the graph was recognised in the question; the review does "
                    "not say.")
        base = " ".join(parts) or ("综述对此没有说明。" if zh else "The review does not say.")
        if a.closest and "没有" not in base and "does not" not in base:
            base += " 最接近的陈述见 closest。" if zh else " The closest claims are listed."
        return base
    inferred = sum(x.inferred for x in a.answers)
    head = (f"{len(a.answers)} 个答案（{inferred} 个为推理所得）。" if zh else
            f"{len(a.answers)} answer(s) ({inferred} inferred).")
    tcm = [x for x in a.answers if x.frame == "tcm"]
    if tcm and len(tcm) < len(a.answers):
        head += (f" 其中 {len(tcm)} 个来自中医观点。" if zh else
                 f" {len(tcm)} of them {'is' if len(tcm) == 1 else 'are'} the TCM view.")
    said = [ev.statement for x in a.answers[:3] for ev in x.evidence[:1] if ev.statement]
    if said and not any(p.yes_no for p in a.interpretation.parts):
        head += ("综述陈述：" + "；".join(dict.fromkeys(said)) + "。") if zh else (
            " The review says: " + "; ".join(dict.fromkeys(said)) + ".")
    if a.computation:
        c = a.computation
        head += f" {c.expression} = {c.result:+g} {c.unit}."
    return " ".join([*parts, head]) if parts else head


def suggestions(store: Store, a: AskAnswer, limit: int = 3) -> list[str]:
    """Close questions the graph can answer about the entities named, or known-good ones."""
    zh = a.interpretation.language == "zh"
    facts = Facts(store)
    out: list[str] = []
    for e in a.interpretation.entities:
        if e.kind != "entity" or e.id in CONTEXT:
            continue
        name = (e.label_zh if zh else e.label_en) or e.id
        preds = {facts.claim(c).predicate for c in facts.claims_of(e.id)}
        if preds & {"ldho:relieves", "ldho:treats", "ldho:addresses", "ldho:targets"}:
            out.append(f"{name}如何起作用？" if zh else f"How does {name} work?")
        if preds & {"ldho:causes", "ldho:contributesTo", "ldho:associatedWith"}:
            out.append(f"{name}的原因是什么？" if zh else f"What causes {name}?")
        if preds:
            out.append(f"关于{name}，综述说了什么？" if zh else
                       f"What does the review say about {name}?")
        if len(out) >= limit:
            return out[:limit]
    return out or [cn if zh else en for en, cn in _GENERIC]


__all__ = ["AskAnswer", "ask", "suggestions"]
