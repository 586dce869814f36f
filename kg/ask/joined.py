"""How the things a yes/no names are joined, and which claims together say yes: "X or Y"
(either), "X and Y" (each), a structure named inside another thing's name, a member beside
its group, and a chain one sentence states. (``kg.ask.yesno`` decides; this module holds the
readings of the question's things and of one sentence's claims.)
"""

from __future__ import annotations

import re
from itertools import pairwise

from kg.ask.facts import ClaimFacts, Facts
from kg.ask.roles import Reading
from kg.index import Index
from kg.text import states_number

_OR = re.compile(r"\s*,?\s*(?:or|either|或者|或是|或)\s*")


def either(reading: Reading) -> dict[str, str]:
    """Anchors joined by "or" ("root retraction or bruising", "针灸或熏洗"): each but the
    first maps to the first, so a claim about any one of them names the slot."""
    part = reading.part
    named = sorted((r for r in reading.entities if r.kind == "entity" and r.id in
                    reading.anchors), key=lambda r: r.span)
    out: dict[str, str] = {}
    for left, right in pairwise(named):
        between = part.text[left.span[1] - part.start:right.span[0] - part.start]
        if between and _OR.fullmatch(between):
            out[right.id] = out.get(left.id, left.id)
    return out


def unnamed_inside(facts: Facts, reading: Reading, anchors: list[str]) -> list[str]:
    """The anchors less the structures another anchor's name holds ("nerve root" in
    "nerve-root oedema", 神经根 in 神经根水肿): the question named the structure as part of the
    thing. (Only structures: "mecobalamin" in "mecobalamin plus Neurotropin" is compared.)"""
    said = {r.id: r.matched for r in reading.entities}

    def names(a: str) -> list[str]:
        e = facts.entity(a)
        found = [e.label_en, e.label_zh] if e else []
        return [n.casefold().replace("-", " ") for n in (*found, said.get(a)) if n]

    inside = {a for a in anchors if facts.is_a(a, "ldho:AnatomicalEntity") for b in anchors
              if a != b and any(x in y and x != y for x in names(a) for y in names(b)[:2])}
    return [a for a in anchors if a not in inside] or anchors


def narrowest(facts: Facts, anchors: list[str]) -> list[str]:
    """The anchors less those another anchor is a member of: "wants minimally invasive
    surgery, is PELD suitable?" asks about PELD, which is one."""
    broader = {c.object for b in anchors for cid in facts.claims_of(b)
               if (c := facts.claim(cid)).subject == b and c.predicate == "ldho:memberOf"
               and c.object in anchors and c.object != b}
    return [a for a in anchors if a not in broader] or anchors


_AND = re.compile(r"\s*(?:,|、|and|和|与|及|以及|跟)\s*")


def both(reading: Reading, anchors: list[str]) -> list[str]:
    """Anchors the question joins by "and" ("herbal fumigation and acupuncture"), each
    asked about on its own; empty when it joins none."""
    part = reading.part
    named = sorted((r for r in reading.entities if r.kind == "entity" and r.id in anchors),
                   key=lambda r: r.span)
    out: list[str] = []
    for left, right in pairwise(named):
        between = part.text[left.span[1] - part.start:right.span[0] - part.start]
        if between and _AND.fullmatch(between):
            out += [x for x in (left.id, right.id) if x not in out]
        elif out:
            break
    return out


_LISTED = re.compile(r"[,，、;；]|\b(?:and|plus|also|as well as)\b|和|及|还要|还有|并且|同时")
_LIST_FILLER = 14  # characters of unmatched words an item may carry ("别弯腰搬重物，坚持")
_ASKING = re.compile(r"是不是|是否|吗|能否|能不能|会不会|有没有|的话|\b(?:does|do|did|is|are|was|"
                     r"were|should|can|could|would|will|to|for)\b")  # what asks, not lists


def listed(reading: Reading, anchors: list[str]) -> tuple[list[str], list[str]]:
    """A list of things the question asks about together with something else ("to prevent
    recurrence, should patients sit less, keep up back exercise and come to follow-up?"): the
    longest run of anchors each joined to the next by a separator (with a few words of their
    own between), and the anchors outside it, which each item is asked about with. Empty
    when the run is shorter than two or nothing stands outside it."""
    part = reading.part
    named = sorted((r for r in reading.entities if r.kind == "entity" and r.id in anchors),
                   key=lambda r: r.span)
    best: list[str] = []
    run: list[str] = []
    for left, right in pairwise(named):
        between = part.text[left.span[1] - part.start:right.span[0] - part.start]
        if _LISTED.search(between) and len(between) <= _LIST_FILLER and not re.search(
                r"[?？。]", between) and not _ASKING.search(between):
            run = run or [left.id]
            run += [right.id] if right.id not in run else []
        else:
            run = []
        if len(run) > len(best):
            best = list(run)
    labels = {r.id: [x.casefold() for x in (r.label_en, r.label_zh) if x] for r in named}
    inside = {a for a in best for b in best if a != b and any(
        x in y and x != y for x in labels[a] for y in labels[b])}  # 弯腰 in 避免久坐、弯腰和负重
    rest = [a for a in anchors if a not in best]
    best = [a for a in best if a not in inside]
    return (best, rest) if len(best) >= 2 and rest else ([], [])


def one_sentence(facts: Facts, pool: dict[str, ClaimFacts], anchors: list[str],
                  aliases: dict[str, str], wanted: set[str], roots: dict[str, frozenset[str]],
                  index: Index, own: list[str], numbers: list[str]) -> list[ClaimFacts]:
    """A chain one sentence states (髓核组织可诱导巨噬细胞聚集，释放 IL-6、TNF-α 等炎性
    介质，加重神经根水肿): its claims, linked object to subject or by a shared subject, reach
    every thing asked about; one of them states the relation asked (if any), and the sentence
    has the question's own terms and numbers. Claims that only share an object are a list,
    not a chain ("smoking and female sex raise the risk of back pain" says nothing of smoking
    in women); and a chain across sentences is never one (that is co-occurrence)."""
    by_quote: dict[str, list[ClaimFacts]] = {}
    for c in pool.values():
        by_quote.setdefault(c.quote, []).append(c)

    def side(e: str) -> set[str]:  # an entity, and the anchors its name holds (巨噬细胞聚集)
        return {aliases.get(e, e)} | {a for a in anchors if _names_in(facts, a, e)}

    for quote, claims in by_quote.items():
        if any(c.direction in ("refutes", "caution") for c in claims):
            continue
        ends = [(side(c.subject), side(c.object)) for c in claims]
        for start in range(len(claims)):  # grow a chain from each claim
            chain, grown = {start}, True
            while grown:
                grown = False
                for k, (subj, _) in enumerate(ends):
                    if k not in chain and any(ends[m][1] & subj or ends[m][0] & subj
                                              for m in chain):
                        chain.add(k)
                        grown = True
            reached = set().union(*(ends[k][0] | ends[k][1] for k in chain))
            links = [claims[k] for k in sorted(chain)]
            fits = not wanted or any(roots.get(c.predicate, frozenset({c.predicate})) & wanted
                                     for c in links)
            if set(anchors) <= reached and fits and all(
                    states_number(quote, n) for n in numbers) and all(
                    any(index.claim_has(c.id, t) for c in links) for t in own):
                return links
    return []


def _names_in(facts: Facts, a: str, e: str) -> bool:
    """Does entity ``e``'s label hold anchor ``a``'s ("macrophage" in "macrophage
    aggregation")?"""
    x, y = facts.entity(a), facts.entity(e)
    if x is None or y is None or a == e:
        return a == e
    return any(p and q and p in q for p, q in ((x.label_en, y.label_en),
                                               (x.label_zh, y.label_zh)))


__all__ = ["both", "either", "narrowest", "one_sentence", "unnamed_inside"]
