"""How each reading of one part of a question is answered (``kg.ask`` picks the reading):

- **each**: "what is each good for": every thing named read alone, as a claims part;
- **claims**: the chosen candidates' answers, and the hop more a question asks for - what a
  mechanism of action acts on ("how does X work"), a combined answer's components ("综合分析
  哪些方面"), the causes of each cause ("why ...");
- **composition**: "what does X consist of" - X's stated parts, and theirs;
- **evidence**: the references of the claims that state what is asked;
- **comparison / relation**: only claims that relate the part's anchors;
- **yes/no**: the verdict of ``kg.ask.yesno``, said in words.
"""

from __future__ import annotations

import re
from dataclasses import replace

from kg.ask.answers import Builder
from kg.ask.facts import CONTEXT, ClaimFacts, Facts, StatFacts, property_roots
from kg.ask.kinds import KIND_RELATIONS
from kg.ask.model import EvidenceItem, PartReading
from kg.ask.rank import Candidate, answer_ids
from kg.ask.roles import Reading
from kg.ask.studies import add_reference
from kg.ask.yesno import claims_between, decide
from kg.store import Store

PARTS = re.compile(r"\b(?:aspects?|components?|consists?|compris|made up|made of|elements?|"
                   r"ingredients?|contains?|what'?s (?:actually )?in it|what is in it)\b|方面|"
                   r"包括|包含|组成|构成|哪几")
FULL_NAME = re.compile(r"\b(?:full name|stands? for|short for|abbreviation|acronym|spelled "
                       r"out)\b|全称|全名|缩写|简称")
_WHY = re.compile(r"\bwhy\b|\breasons?\b|为什么|为何|为啥|原因|怎么回事")
UPSTREAM = 100  # claims read per cause for its causes (more than any entity of the review has)
_CAUSAL = frozenset({"ldho:contributesTo", "ldho:causes"})  # with their sub-properties


def add_claim_answers(builder: Builder, facts: Facts, rd: Reading, chosen: list[Candidate],
                       members: dict[str, list[str]], part_no: int) -> None:
    for curie, cands in answer_ids(facts, rd, chosen, members).items():
        for c in cands:
            if c.claim is not None and c.via is not None:
                builder.from_path(curie, c.claim.id, c.via.id, part_no)
            elif c.claim is not None:
                builder.from_claim(curie, c.claim.id, part_no)
            elif c.edge is not None:
                builder.from_edge(curie, c.edge, part_no)
    _expand(builder, facts, rd, part_no)


def _expand(builder: Builder, facts: Facts, rd: Reading, part_no: int) -> None:
    """One hop more where the question asks for it: what each mechanism of action in the
    answers acts on ("lowering homocysteine" -> homocysteine) when it asks how something
    works, and the components of a combined answer when it asks what something comprises
    ("综合分析哪些方面" -> history, signs, imaging)."""
    moa = "moa" in rd.part.wanted(0.6)
    parts = bool(PARTS.search(rd.part.text))
    if _WHY.search(rd.part.text) and "mechanism" in rd.part.wanted(0.9):
        _upstream(builder, facts, rd, part_no)
    if not moa and not parts:
        return
    for curie in list(builder.answers):
        ans = builder.answers[curie]
        if ans.part != part_no or not curie.startswith("ldh:"):
            continue
        for cid in facts.claims_of(curie):
            c = facts.claim(cid)
            if moa and c.subject == curie and c.predicate == "ldho:actsOn":
                builder.from_claim(c.object, cid, part_no)
            elif parts and c.object == curie and c.predicate == "ldho:componentOf" and \
                    c.subject not in rd.anchors:
                builder.from_claim(c.subject, cid, part_no)


_WHOLE = {"ldho:componentOf": "object", "ldho:memberOf": "object", "ldho:hasMember": "subject",
          "ldho:complements": "object"}  # what a combination is made of, or adds


def components(builder: Builder, facts: Facts, rd: Reading, part_no: int) -> bool:
    """"What does multimodal analgesia consist of?": the parts the claims give each anchor
    (componentOf, memberOf, hasMember, and what complements it), and theirs one level down.
    False when no anchor has stated parts, so the part is read as any other."""
    found = False
    wholes = [a for a, w in rd.anchors.items() if (w >= 1.0 or a in rd.aliases)
              and a not in CONTEXT]  # a name two wholes share ("综合分析"): both
    for depth in (0, 1):
        parts: list[str] = []
        for whole in wholes:
            for cid in facts.claims_of(whole):
                c = facts.claim(cid)
                side = _WHOLE.get(c.predicate)
                if side is None or getattr(c, side) != whole or (
                        depth and c.predicate == "ldho:complements"):
                    continue
                part = c.subject if side == "object" else c.object
                if part not in rd.anchors and part not in CONTEXT:
                    builder.from_claim(part, cid, part_no)
                    parts.append(part)
                    found = True
        if not found:
            return False
        wholes = parts
    return True


def full_names(builder: Builder, facts: Facts, rd: Reading, part_no: int) -> str | None:
    """"PELD全称是啥?", "what does PELD stand for?": the entities the short name names (each,
    when the review spells it out two ways), each with a claim whose sentence has the short
    name or the full one, and the sentence naming them; None when no sentence does."""
    found: list[str] = []
    for r in rd.entities:
        if r.kind != "entity" or r.id in CONTEXT:
            continue
        for curie in [r.id, *r.alternatives]:
            e = facts.entity(curie)
            names = [n.casefold() for n in (r.matched, e.label_zh if e else None) if n]
            cid = next((c for c in facts.claims_of(curie)
                        if any(n in facts.claim(c).quote.casefold() for n in names)), None)
            if cid is not None and curie not in found:
                builder.from_claim(curie, cid, part_no)
                found.append(curie)
    if not found:
        return None
    named = ("；" if builder.language == "zh" else "; ").join(builder.name(c) for c in found)
    short = next(r.matched for r in rd.entities if r.id in found or set(r.alternatives) & set(
        found)).upper()
    return (f"{short} 在综述中写作：{named}。" if builder.language == "zh" else
            f"The review spells out {short} as: {named}.")


def _upstream(builder: Builder, facts: Facts, rd: Reading, part_no: int) -> None:
    """"Why" asks for the chain: the causes of each cause the claims give ("disc-space
    collapse causes chronic root compression", which causes residual symptoms), one step
    further up, each answer labelled with its two claims."""
    roots = property_roots(facts.store)
    for curie in list(builder.answers):
        ans = builder.answers[curie]
        if ans.part != part_no or ans.inferred or not curie.startswith("ldh:"):
            continue
        via = next((ev.claim for ev in ans.evidence if facts.claim(ev.claim).subject == curie
                    and roots.get(facts.claim(ev.claim).predicate, frozenset()) & _CAUSAL), None)
        if via is None:
            continue
        for cid in facts.claims_of(curie)[:UPSTREAM]:
            c = facts.claim(cid)
            if c.object == curie and c.subject not in rd.anchors and c.subject not in CONTEXT \
                    and roots.get(c.predicate, frozenset({c.predicate})) & _CAUSAL:
                builder.from_path(c.subject, cid, via, part_no)


def evidence(builder: Builder, store: Store, facts: Facts, rd: Reading, text: str,
              members: dict[str, list[str]], pr: PartReading, part_no: int,
              closest: list[EvidenceItem]) -> None:
    """"What is the evidence that X relieves Y": the references of the claims that state it
    (found as a yes/no question would find them), or no evidence, with the closest claims."""
    v = decide(store, facts, rd, text, members)
    pr.reading = "evidence"
    zh = builder.language == "zh"
    if not v.supporting:
        pr.statement = ("综述没有陈述这一点，因而没有证据可列。" if zh else
                        "The review does not state that, so it cites no evidence for it.")
        closest += [builder.evidence(c.id) for c in (v.contrary + v.related)[:3]]
        return
    for ref in dict.fromkeys(n for c in v.supporting for n in c.citations):
        add_reference(builder, facts, ref, [c.id for c in v.supporting if ref in c.citations],
                      part_no)
    uncited = [c for c in v.supporting if not c.citations]
    if uncited:
        said = "; ".join(builder.sentence(c) for c in uncited[:2])
        pr.statement = (f"综述陈述了这一点，但未引用文献：{said}。" if zh else
                        f"The review states it without citing a study: {said}.")


_EACH = re.compile(r"\beach\b|\brespectively\b|各自|分别|各有|各是")


OTHER_WEIGHT = 0.1  # in "what is each good for", the others named: not answers, barely anchors


def each(rd: Reading) -> list[Reading]:
    """"MRI vs CT — what is each good for?", "MRI和CT各自擅长看什么": one reading per thing
    named, each asked alone (a comparison only if a claim compares them, which ``between``
    tries first). Empty when the part does not ask of each."""
    specific = [r.id for r in rd.entities if r.role == "anchor" and r.id not in CONTEXT
                and rd.anchors.get(r.id, 0.0) >= 1.0]  # named in the part, not "each" of before
    if len(specific) < 2 or not _EACH.search(rd.part.text):
        return []
    kinds = {k: v for k, v in rd.part.kinds.items() if k not in ("comparison", "relation")}
    rest = {a: w for a, w in rd.anchors.items() if a not in specific and rd.aliases.get(a)
            not in specific}
    return [replace(rd, part=replace(rd.part, kinds=kinds or {"summary": 0.5}),
                    anchors={a: 1.0, **rest, **{o: OTHER_WEIGHT for o in specific if o != a}},
                    types=[], admitted=set()) for a in specific]


def pairwise(rd: Reading) -> tuple[str, ...] | None:
    """The predicates a comparison or "what is the relation between X and Y" part needs
    between its anchors (() for any), or None when the part is not one."""
    specific = [a for a, w in rd.anchors.items() if w >= 1.0 and a not in CONTEXT]
    if len(specific) < 2 or rd.part.top not in ("comparison", "relation"):
        return None
    return KIND_RELATIONS["comparison"] if rd.part.top == "comparison" else ()


def between(builder: Builder, store: Store, facts: Facts, rd: Reading,
             predicates: tuple[str, ...], pr: PartReading, part_no: int,
             closest: list[EvidenceItem]) -> None:
    """Answer a comparison or relation part only from claims that relate its anchors."""
    specific = [a for a, w in rd.anchors.items() if w >= 1.0 and a not in CONTEXT]
    found = claims_between(store, facts, specific, predicates)
    pr.reading = "comparison" if predicates else "relation"
    zh = builder.language == "zh"
    if not found:
        names = [builder.name(a) for a in specific]
        pr.statement = (f"综述没有陈述{'与'.join(names)}之间的{'比较' if predicates else '关系'}。"
                        if zh else f"The review does not state a "
                        f"{'comparison' if predicates else 'relation'} between "
                        f"{' and '.join(names)}.")
        closest += [builder.evidence(c) for a in specific for c in facts.claims_of(a)[:1]]
        return
    for c in found:  # what is compared, and in whom and on what outcome the claim says so
        for e in (c.subject, c.object, *c.populations, *c.outcomes):
            if e not in CONTEXT:
                builder.from_claim(e, c.id, part_no)


def typed_members(builder: Builder, facts: Facts, typed: list[str], chosen: list[Candidate],
                  part_no: int) -> None:
    """"Which new procedures does the review point to as future directions?" where the claims
    name the group, not its members ("new procedures are a future direction"): the members
    of each group asked for that a chosen claim relates, through that claim (a two-hop path,
    so labelled inferred, with both claims)."""
    for c in chosen:
        if c.claim is None:
            continue
        for group in typed:
            if group not in (c.claim.subject, c.claim.object):
                continue
            for cid in facts.claims_of(group):
                m = facts.claim(cid)
                if m.object == group and m.predicate in ("ldho:memberOf", "ldho:componentOf"):
                    builder.from_path(m.subject, m.id, c.claim.id, part_no)


def untype(rd: Reading) -> None:
    for e in rd.entities:
        if e.id in rd.types:
            e.role = "anchor"
            rd.anchors[e.id] = 1.0
    rd.types, rd.admitted = [], set()


_CASE_ASK = re.compile(r"\b(?:similar|such|like this|like that|a case|any cases?|case reports?)\b|"
                       r"类似|病例|个案|这样的")


def _the_case(builder: Builder, facts: Facts, supporting: list[ClaimFacts],
              part_no: int) -> None:
    """"Does the review describe a case like this?" answered yes by a case report: the whole
    case as the review tells it (every claim of the report's sentence: what was found, by
    which test, what was done)."""
    for c in supporting:
        if c.design != "ldho:case-report":
            continue
        seen, todo = {c.id}, [e for e in (c.subject, c.object) if e not in CONTEXT]
        while todo:  # the report's claims, through the things they share
            for cid in facts.claims_of(todo.pop()):
                other = facts.claim(cid)
                if other.quote == c.quote and other.id not in seen:
                    seen.add(other.id)
                    for x in (other.subject, other.object):
                        if x not in CONTEXT:
                            builder.from_claim(x, other.id, part_no)
                            todo.append(x)


def _figure(builder: Builder, st: StatFacts) -> str:
    """"residual leg pain 16.7% at 24 months" / "残余下肢痛 16.7%（24 个月）"."""
    zh = builder.language == "zh"
    unit = "%" if (st.unit or "").startswith("percent") else f" {st.unit or ''}".rstrip()
    what = builder.name(st.about) if st.about else st.quantity
    value = f"{st.stated_as or f'{st.value:g}'}{unit}"
    m = re.fullmatch(r"P(\d+)([YMW])", st.timepoint or "")
    if m is None:
        return f"{what} {value}"
    n, u = m.groups()
    when = (f"{n} {'年' if u == 'Y' else '周' if u == 'W' else '个月'}" if zh else
            f"{n} {'years' if u == 'Y' else 'weeks' if u == 'W' else 'months'}")
    return f"{what} {value}（{when}）" if zh else f"{what} {value} at {when}"


def answer_yes_no(builder: Builder, store: Store, facts: Facts, rd: Reading, text: str,
            members: dict[str, list[str]], pr: PartReading, part_no: int,
            closest: list[EvidenceItem]) -> None:
    v = decide(store, facts, rd, text, members)
    pr.reading, pr.boolean, pr.unknown = "yes/no", v.boolean, v.unknown_terms
    for c in v.supporting:
        for e in (c.subject, c.object):
            if e not in CONTEXT or e in rd.anchors:
                builder.from_claim(e, c.id, part_no)
    if v.boolean and _CASE_ASK.search(text):
        _the_case(builder, facts, v.supporting, part_no)
    closest += [builder.evidence(c.id) for c in (v.contrary + v.related)[:3]]
    zh = builder.language == "zh"
    if v.figures is not None:  # two figures compared: both are the answer, and the verdict
        f = v.figures
        for st, c in ((f.first, f.claims[0]), (f.second, f.claims[-1])):
            builder.answers[st.id] = builder.statistic(st, c.id, part_no)
        a, b = (_figure(builder, x) for x in (f.first, f.second))
        pr.statement = (f"{'是' if v.boolean else '否'}：综述给出的数字是 {a}，对比 {b}。" if zh
                        else f"{'Yes' if v.boolean else 'No'}: the review gives {a}, against {b}.")
    elif v.boolean:
        said = ("；" if zh else "; ").join(dict.fromkeys(
            builder.sentence(c) for c in v.supporting[:3]))
        pr.statement = f"是。综述陈述：{said}。" if zh else f"Yes. The review says: {said}."
    elif v.unknown_terms:
        terms = ", ".join(v.unknown_terms[:3])
        pr.statement = (f"否：综述没有提到“{terms}”，也没有陈述这一关系。" if zh else
                        f"No: the review does not mention {terms} and does not state that.")
    elif v.contrary:
        said = "; ".join(builder.sentence(c) for c in v.contrary[:2])
        pr.statement = (f"否：综述陈述的是另一种情况：{said}。" if zh else
                        f"No: the review states otherwise: {said}.")
    else:
        pr.statement = "否：综述没有陈述这一点。" if zh else "No: the review does not state that."
