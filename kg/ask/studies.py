"""Questions over the studies the review cites: which are retrospective (or any design), the
largest or smallest sample, how many meta-analyses, and what each pooled or enrolled.

A study is what the review says of a cited work: its design, sample size, study count and
follow-up, from the claims that describe it (``ldho:describesStudy``). Answers are the
references, each with the claims describing its study as evidence and its numbers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kg import queries
from kg.ask.analysis import Part
from kg.ask.answers import Builder, duration_value, term_labels
from kg.ask.facts import Facts
from kg.ask.model import Answer
from kg.ask.rank import authors_named, authors_named_zh
from kg.namespaces import compact
from kg.read.citations import citations
from kg.read.entity_list import per_store
from kg.store import Store

# a design the question names also takes the designs that are kinds of it
_FAMILY = {
    "ldho:prospective-study": ("ldho:prospective-study", "ldho:prospective-cohort-study"),
    "ldho:cohort-study": ("ldho:cohort-study", "ldho:prospective-cohort-study"),
}


@dataclass(slots=True)
class StudyView:
    ref: int
    designs: set[str] = field(default_factory=set)
    n: int | None = None
    count: int | None = None
    follow_up: str | None = None
    claims: list[str] = field(default_factory=list)


def studies(facts: Facts) -> dict[int, StudyView]:
    text = queries.load("ask_studies")
    from kg.ask.model import QueryRun

    facts.runs.append(QueryRun("ask_studies", {}, text))
    out: dict[int, StudyView] = {}
    for r in facts.store.select(text).rows:
        n_ref = int(r["ref"].value.rsplit("-", 1)[-1])
        v = out.setdefault(n_ref, StudyView(n_ref))
        v.claims.append(compact(r["claim"].value))
        if "design" in r and not r["design"].value.endswith("unspecified-study"):
            v.designs.add(compact(r["design"].value))
        if "n" in r:
            v.n = max(v.n or 0, int(r["n"].value))
        if "count" in r:
            v.count = max(v.count or 0, int(r["count"].value))
        if "followUp" in r:
            v.follow_up = r["followUp"].value
    return out


def wants_studies(part: Part, anchored: bool = False) -> bool:
    """A question over the studies as a set: it counts or ranks them, or filters them by
    design, without naming a clinical relation. ("Which study looked at X" is a question
    about X's claims, answered with their references.)"""
    if not anchored and part.superlative == "count" and part.designs:
        return True  # "几项Meta分析", "how many RCTs": the studies of a design, counted
    return not anchored and bool(part.designs or part.superlative) and \
        "study" in part.wanted(0.7)


@per_store
def design_labels(store: Store) -> dict[str, dict[str, str]]:
    """Study design (CURIE) -> {language: label}, from the ontology."""
    return term_labels(store, "ask_design_labels", "design")


def asks_design(part: Part) -> bool:
    """"Was it prospective or retrospective?", "是前瞻性还是回顾性的?": which design, not yes
    or no (two designs offered as alternatives)."""
    return len(part.designs) >= 2 and bool(re.search(r"\bor\b|还是|或是", part.text))


def answer_design(builder: Builder, facts: Facts, part: Part, anchors: list[str],
                  part_no: int) -> str | None:
    """The design the review gives the studies the part names (by reference, author or
    sample size) or that stand behind the anchors' claims, each reference an answer with
    those claims as evidence; None when none has a design."""
    found: dict[int, tuple[set[str], list[str]]] = {}
    named = {int(a.removeprefix("ldh:ref-")) for a in anchors if a.startswith("ldh:ref-")}
    named |= set(part.citations)
    views = studies(facts)
    named |= _by_author(facts, views, part.text)
    if named or part.sample_sizes:
        for v in views.values():
            if (v.ref in named or (v.n is not None and v.n in part.sample_sizes)) and v.designs:
                found[v.ref] = (set(v.designs), list(v.claims))
        if found:
            anchors = []  # the study is named: not every study behind its subject
    for a in anchors:
        for cid in facts.claims_of(a):
            c = facts.claim(cid)
            if c.design and not c.design.endswith("unspecified-study"):
                for n in c.citations:
                    designs, cids = found.setdefault(n, (set(), []))
                    designs.add(c.design)
                    cids.append(cid)
    if not found:
        return None
    zh = builder.language == "zh"
    labels = design_labels(facts.store)
    said = []
    for n, (designs, cids) in sorted(found.items()):
        add_reference(builder, facts, n, cids, part_no)
        names = [labels.get(d, {}).get("zh" if zh else "en") or d for d in sorted(designs)]
        said.append(f"[{n}]：{'、'.join(names)}" if zh else f"[{n}] is a {' and '.join(names)}")
    return ("综述所述研究设计：" + "；".join(said) + "。") if zh else (
        "The review describes the study: " + "; ".join(said) + ".")


def _by_author(facts: Facts, views: dict[int, StudyView], text: str) -> set[int]:
    """The studies the text names by first author ("Santos", "吕建亮等")."""
    refs = citations(facts.store, list(views))
    facts.read_claims(c for v in views.values() for c in v.claims)  # CLAIM_BATCH a query
    return {n for n, v in views.items() if authors_named(refs.get(n), text) or any(
        authors_named_zh(facts.claim(cid).quote, text, n) for cid in v.claims)}


def add_reference(builder: Builder, facts: Facts, ref: int, claims: list[str],
                  part_no: int) -> None:
    """The reference ``ref`` as an answer, with ``claims`` (that cite it) as evidence."""
    r = citations(facts.store, [ref]).get(ref)
    key = f"ldh:ref-{ref}"
    label = f"[{ref}] {r.first_author or ''} {r.year or ''}. {r.title or ''}".strip() \
        if r else f"[{ref}]"
    ans = builder.answers.setdefault(key, Answer(key, label, None, ["ldho:Reference"],
                                                 inferred=False, part=part_no))
    for cid in claims:
        if cid not in {e.claim for e in ans.evidence}:
            ans.evidence.append(builder.evidence(cid))


def answer_studies(facts: Facts, part: Part, builder: Builder, part_no: int) -> str:
    """Add the studies the part asks for; returns the statement."""
    views = studies(facts)
    chosen = list(views.values())
    if part.designs:
        asked = {d for x in part.designs for d in _FAMILY.get(x, (x,))}
        chosen = [v for v in chosen if v.designs & asked]
    if part.superlative in ("max", "min"):
        sized = [v for v in chosen if v.n]
        if sized:
            pick = max if part.superlative == "max" else min
            target = pick(v.n for v in sized if v.n is not None)
            chosen = [v for v in sized if v.n == target]
    zh = builder.language == "zh"
    for v in sorted(chosen, key=lambda v: v.ref):
        add_reference(builder, facts, v.ref, v.claims, part_no)
        if "number" in part.wanted(0.6) or part.superlative:
            _figures(builder, v, part_no)
    n = len(chosen)
    return (f"综述描述的研究中有 {n} 项符合。" if zh else
            f"{n} of the studies the review describes match.")


def _figures(builder: Builder, v: StudyView, part_no: int,
             which: frozenset[str] = frozenset({"n", "count", "follow"})) -> None:
    """A study's own numbers as answers: its sample size, study count, follow-up."""
    key, cid = f"ldh:ref-{v.ref}", v.claims[0]
    if v.n and "n" in which:
        builder.answers[f"{key}#n"] = builder.number(
            f"ldh:study-{v.ref}", f"[{v.ref}] n = {v.n}", v.n, "patients", cid, part_no)
    if v.count and "count" in which:
        builder.answers[f"{key}#count"] = builder.number(
            f"ldh:study-{v.ref}", f"[{v.ref}] {v.count} studies", v.count, "studies", cid,
            part_no)
    if v.follow_up and "follow" in which and (d := duration_value(v.follow_up)):
        builder.answers[f"{key}#follow"] = builder.number(
            f"ldh:study-{v.ref}", f"[{v.ref}] follow-up {v.follow_up}", d[0], d[1], cid,
            part_no)


def study_figures(facts: Facts, refs: list[int], which: frozenset[str], builder: Builder,
                  part_no: int) -> bool:
    """"Which studies are retrospective? Give the sample size for each": the numbers of the
    studies the previous part answered (``which`` of n, count, follow; all when empty).
    False when none of them has one."""
    views = studies(facts)
    before = len(builder.answers)
    for ref in refs:
        if ref in views:
            _figures(builder, views[ref], part_no, which or frozenset({"n", "count", "follow"}))
    return len(builder.answers) > before
