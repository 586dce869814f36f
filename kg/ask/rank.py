"""Candidate claims for one part of a question, scored, and the answers they yield.

Candidates come from two places: the claims that use the part's anchors (the structured
reading) and the claims the full-text index ranks highest for the part's words (the recall
floor, for questions no structure fits). Each is scored on

- the anchors it uses (what the part is about),
- its words (BM25 against the part, normalised by the best),
- whether its predicate is one the wanted kinds are answered by,
- whether it holds an entity of a wanted class that is not an anchor,
- the study the part names (author, year, sample size, design),

and the frame: a TCM claim for a biomedical question (or the reverse) loses, unless the part
asks for the TCM view. Claims within a fraction of the best are kept; their answers are the
entities that are not anchors or context, of the wanted classes.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass, field

from kg.ask.facts import CONTEXT, ClaimFacts, Facts, InferredEdge, property_roots
from kg.ask.kinds import KIND_CLASSES, KIND_RELATIONS
from kg.ask.roles import Reading
from kg.namespaces import expand
from kg.read.citations import citations
from kg.read.records import Citation
from kg.read.text_index import index_for
from kg.store import Store

_DISTRIBUTIVE = re.compile(r"\b(?:each|respectively|both|or|either)\b|分别|各自|各|或")
_HUB_DOWN = frozenset({"ldho:manifestsAs", "ldho:hasMember"})  # hub -> part
_HUB_UP = frozenset({"ldho:memberOf"})  # part -> hub
_HUB_KINDS = frozenset({"mechanism", "risk", "treatment", "diagnostic"})
CONTEXT_WEIGHT = 0.75  # an anchor's weight when the part names nothing but the setting
_NARROWER = {"treatment": ("drug", "surgery")}  # a kind -> the kinds that narrow it
HUB_WEIGHT = 0.8  # the anchor weight of a claim about the hub
JOINT = 1.5  # a candidate's anchor score when it uses two of the part's anchors
KEEP = 0.55  # a candidate is kept if it scores this fraction of the best
FLOOR = 1.6  # ... and at least this
MAX_CLAIMS = 14  # distinct edges
W_ANCHOR, W_LEX, W_REL, W_TYPE, W_STUDY = 2.0, 1.6, 1.1, 1.0, 1.8
W_FRAME = 0.3  # what a claim found by its words alone loses when the part has anchors
# Bounds that hold a question's work to a fixed size however large the store (the review
# needs at most 7 members as anchors, 182 candidate claims and 67 claims of a hub, measured
# over every bank question: they bind only beyond it)
MEMBER_ANCHORS = 25  # a group's or type's members taken as anchors, most-connected first
POOL = 250  # candidate claims read in full, the best by anchors and words first
HUB_CLAIMS = 200  # claims read per hub on the two-hop path


@dataclass(slots=True)
class Candidate:
    claim: ClaimFacts | None = None
    edge: InferredEdge | None = None  # an inferred edge, when the candidate is one
    via: ClaimFacts | None = None  # the claim to the hub, when the candidate is two hops away
    score: float = 0.0
    why: dict[str, float] = field(default_factory=dict)

    @property
    def id(self) -> str:
        if self.claim is not None:
            return f"{self.claim.id} via {self.via.id}" if self.via else self.claim.id
        assert self.edge is not None
        return f"inferred:{self.edge.subject}|{self.edge.predicate}|{self.edge.object}"

    def entities(self) -> list[str]:
        if self.claim is not None:
            return self.claim.entities()
        assert self.edge is not None
        return [self.edge.subject, self.edge.object]

    @property
    def predicate(self) -> str:
        return self.claim.predicate if self.claim else self.edge.predicate  # type: ignore[union-attr]


def _names(ref: Citation) -> list[str]:
    names = []
    if ref.first_author:
        first = ref.first_author.split(",")[0].strip()
        if first:
            names.append(first.casefold())
    return names


def authors_named(ref: Citation | None, text: str) -> int:
    """How many of the reference's first-author names ``text`` names ("Santos", "Ahn")."""
    return sum(bool(re.search(rf"(?<![a-z]){re.escape(name)}(?![a-z])", text))
               for name in (_names(ref) if ref else []))


def authors_named_zh(quote: str, text: str, ref: int | None = None) -> int:
    """How many of the Chinese authors the quote cites ("吕建亮等[13]", of reference ``ref``
    when given) ``text`` names."""
    tail = rf"\[{ref}\]" if ref is not None else r"\["
    return sum(m.group(1) in text for m in re.finditer(rf"([\u4e00-\u9fff]{{2,4}})等\s*{tail}",
                                                        quote))


def _study_match(c: ClaimFacts, reading: Reading, text: str,
                 known: dict[int, Citation]) -> float:
    """How well the claim's study fits the study the part names (0 when it names none);
    ``known`` holds the references of every candidate, read in one lookup."""
    p = reading.part
    score, asked = 0.0, 0
    if p.sample_sizes:
        asked += 1
        if c.n in p.sample_sizes:
            score += 1.0
    if p.designs:
        asked += 1
        if c.design and any(c.design == d or d.endswith(c.design.split(":")[-1].split("-")[0])
                            for d in p.designs):
            score += 0.7
    refs = {n: known[n] for n in c.citations if n in known}
    score += sum(authors_named(refs.get(n), text) for n in c.citations)
    score += authors_named_zh(c.quote, text)
    if p.citations and set(p.citations) & set(c.citations):
        score += 1.0
    if p.years:
        asked += 1
        year_refs = {n for n, r in refs.items() if r.year in p.years}
        if set(c.citations) & year_refs or any(str(y) in c.quote for y in p.years):
            score += 0.6
    return min(score, 2.0) - (0.3 if asked and not score else 0.0)


def _relation_fit(store: Store, predicate: str, reading: Reading) -> float:
    roots = property_roots(store).get(predicate, frozenset({predicate}))
    kinds = reading.part.kinds
    if not kinds:
        return 0.0
    best = max(kinds.values())
    fit = 0.0
    for kind, score in kinds.items():
        if roots & set(KIND_RELATIONS.get(kind, ())):
            fit = max(fit, score / best)
    if reading.part.relations:  # a verb names the relation: it decides, the kinds only hint
        return 1.0 if roots & set(reading.part.relations) else 0.5 * fit
    return fit


def _anchors_are(facts: Facts, reading: Reading, classes: tuple[str, ...]) -> bool:
    """Are all the part's specific anchors of these classes ("what do sEMG and needle EMG
    assess": the tests are what it asks about, not what it asks for)?"""
    specific = [a for a, w in reading.anchors.items() if w >= 1.0 and a not in CONTEXT]
    return bool(specific) and all(facts.is_a(a, *classes) for a in specific)


def wanted_classes(reading: Reading, facts: Facts | None = None) -> list[str]:
    """Classes the answers may belong to: those the part names and its top kinds' ("what
    mechanisms" in "how does X help" names Mechanism; the part's kinds add MechanismOfAction)."""
    out: list[str] = list(reading.classes)
    wanted = reading.part.wanted(0.6)
    for kind in wanted:
        if any(sub in wanted for sub in _NARROWER.get(kind, ())):
            continue  # "用药方面有没有推荐": drugs, not every treatment
        classes = KIND_CLASSES.get(kind, ())
        if facts is not None and not reading.classes and all(
                _anchors_are(facts, reading, (c,)) for c in classes):
            continue  # the anchors are of the kind: it is what the part is about
        out += [c for c in classes if c not in out]
    return out


def _others(c: Candidate, anchors: set[str]) -> list[str]:
    return [e for e in c.entities() if e not in anchors and e not in CONTEXT]


def candidates(store: Store, facts: Facts, reading: Reading, text: str,
               members: dict[str, list[str]]) -> list[Candidate]:
    """Every candidate for the part, scored (best first)."""
    index = index_for(store)
    anchors = dict(reading.anchors)
    for g in reading.groups:
        for m in most_connected(store, members.get(g, []), MEMBER_ANCHORS):
            anchors.setdefault(m, 0.8)
    if not any(a not in CONTEXT for a in anchors):  # "which <type>": the members are anchors
        for m in most_connected(store, sorted(reading.admitted), MEMBER_ANCHORS):
            anchors.setdefault(m, 0.6)
    if anchors and all(a in CONTEXT for a in anchors):
        # the review's setting holds for every claim: naming it says little about which
        anchors = {a: w * CONTEXT_WEIGHT for a, w in anchors.items()}
    lexical = dict(index.claims(text, limit=40))
    top_lex = max(lexical.values(), default=0.0) or 1.0
    ids: dict[str, None] = {}
    edges: dict[str, Candidate] = {}
    for a in anchors:
        ids.update(dict.fromkeys(facts.claims_of(a)))
        for e in facts.inferred_of(a):
            c = Candidate(edge=e)
            edges.setdefault(c.id, c)
    ids.update(dict.fromkeys(list(lexical)[:25]))
    classes = wanted_classes(reading, facts)
    if not any(a not in CONTEXT for a in anchors) and reading.part.top in KIND_CLASSES:
        # the part names nothing but the review's setting: every claim about an answer of the
        # kind it wants is a candidate ("what should be done to prevent residual symptoms?")
        for cls in KIND_CLASSES[reading.part.top]:
            ids.update(dict.fromkeys(facts.claims_of_class(cls, POOL)))
    first = _first(store, ids, anchors, lexical, POOL)
    facts.read_claims(first)
    pool: dict[str, Candidate] = {cid: Candidate(facts.claim(cid)) for cid in first}
    for key, c in edges.items():
        pool.setdefault(key, c)
    known = citations(store, sorted({n for c in pool.values() if c.claim is not None
                                     for n in c.claim.citations}))
    numbers = "number" in reading.part.wanted(0.6)
    distributive = bool(_DISTRIBUTIVE.search(reading.part.text))
    tcm_asked = "tcm" in reading.part.wanted(0.6) or reading.frame == "tcm"

    def score(cand: Candidate) -> Candidate:
        ents = cand.entities()
        weights = sorted((anchors.get(e, 0.0) for e in ents), reverse=True)
        # each anchor on its own for "X and Y respectively"; together count for more otherwise
        hit = weights[0] if distributive else min(weights[0] + 0.5 * sum(weights[1:]), 2.0)
        if cand.via is not None:
            hit = HUB_WEIGHT  # about the hub, which the anchor is part of
        lex = lexical.get(cand.id, 0.0) / top_lex if cand.claim else 0.0
        rel = _relation_fit(store, cand.predicate, reading)
        others = _others(cand, set(anchors))
        if reading.frame == "tcm":
            typ = 1.0 if any(facts.is_tcm(e) for e in others) else 0.0
        elif reading.admitted:
            typ = 1.0 if any(e in reading.admitted for e in others) else 0.0
        else:
            typ = 1.0 if classes and any(facts.is_a(e, *classes) for e in others) else 0.0
        if numbers and cand.claim and (cand.claim.statistics or cand.claim.n):
            typ = 1.0  # a figure is what the part asks for
        study = _study_match(cand.claim, reading, text, known) if cand.claim else 0.0
        s = W_ANCHOR * hit + W_LEX * lex + W_REL * rel + W_TYPE * typ + W_STUDY * study
        if cand.edge is not None:
            s -= 0.6  # a stated claim beats the same relation inferred
            if not cand.edge.claims:
                s -= 1.0
        frame = [facts.is_tcm(e) for e in others]
        if frame and all(frame) and not tcm_asked and not any(facts.is_tcm(x)
                                                              for x in anchors):
            s -= W_FRAME  # a TCM answer to a biomedical question (kept, labelled, if it wins)
        if cand.claim and cand.claim.direction == "refutes":
            s -= 0.5
        cand.score = s
        cand.why = {"anchors": round(hit, 2), "words": round(lex, 2), "relation": round(rel, 2),
                    "type": typ, "study": round(study, 2)}
        return cand

    scored = [score(c) for c in pool.values()]
    if not any(c.why["type"] and c.why["anchors"] >= 1.0 for c in select(sorted(
            scored, key=lambda c: -c.score))):
        # nothing of the wanted kind is stated about the anchor itself: try its hub
        hops = [c for c in _two_hop(facts, reading, anchors) if c.id not in pool]
        known.update(citations(store, sorted({n for c in hops if c.claim is not None
                                              for n in c.claim.citations} - set(known))))
        scored += [score(c) for c in hops]
    scored.sort(key=lambda c: (-c.score, c.id))
    return scored


def most_connected(store: Store, entities: Collection[str], limit: int) -> list[str]:
    """At most ``limit`` of ``entities`` (CURIEs), those in the most claims first (ties by
    id); all of them, in their order, when they are no more than ``limit``."""
    if len(entities) <= limit:
        return list(entities)
    by_iri = index_for(store).degrees(expand(e) for e in entities)
    degree = {e: by_iri.get(expand(e), 0) for e in entities}
    return sorted(entities, key=lambda e: (-degree[e], e))[:limit]


def _first(store: Store, ids: dict[str, None], anchors: dict[str, float],
           lexical: dict[str, float], limit: int) -> list[str]:
    """At most ``limit`` claim ids, the best by what the index knows without reading each
    claim in full (its anchors and its words); all of them when they are no more."""
    if len(ids) <= limit:
        return list(ids)
    ends = index_for(store).claim_ends(ids)
    top = max(lexical.values(), default=0.0) or 1.0

    def key(cid: str) -> tuple[float, str]:
        r = ends.get(cid)
        hit = anchors.get(r[0], 0.0) + anchors.get(r[1], 0.0) if r else 0.0
        return (-(W_ANCHOR * hit + W_LEX * lexical.get(cid, 0.0) / top), cid)

    return sorted(ids, key=key)[:limit]


def _two_hop(facts: Facts, reading: Reading, anchors: dict[str, float]) -> list[Candidate]:
    """Claims about a hub the anchor belongs to: for "why does leg numbness persist?", the
    causes of the residual symptoms that manifest as leg numbness. Only for the kinds whose
    answers a whole passes to its parts (mechanisms, risks, treatments, tests), and only
    through the belonging relations (manifestsAs, memberOf, hasMember)."""
    if not set(reading.part.wanted(0.6)) & _HUB_KINDS:
        return []
    out = []
    for a, w in anchors.items():
        if w < 1.0 or (a in CONTEXT and len(anchors) > 1):
            continue
        ids = facts.claims_of(a)
        rows = index_for(facts.store).claims_by_id(ids)
        for cid in ids:  # only the belonging claims are read in full
            r = rows.get(cid)
            if r is not None and r.predicate not in _HUB_DOWN | _HUB_UP:
                continue
            link = facts.claim(cid)
            hub = (link.subject if link.object == a and link.predicate in _HUB_DOWN else
                   link.object if link.subject == a and link.predicate in _HUB_UP else None)
            if hub is None or hub in anchors:
                continue
            facts.read_claims(facts.claims_of(hub)[:HUB_CLAIMS])
            for cid2 in facts.claims_of(hub)[:HUB_CLAIMS]:
                c = facts.claim(cid2)
                if c.predicate not in _HUB_DOWN | _HUB_UP and a not in c.entities():
                    out.append(Candidate(c, via=link))
    return out


def joins(reading: Reading) -> bool:
    """Does the part ask about its anchors together ("what correlates psoas function with
    outcome"), not each on its own ("X or Y", "X and Y respectively") or for figures? Only
    anchors the part itself names join: "what is behind *it*" takes the previous part's
    answers, each on its own."""
    named = sum(r.role == "anchor" and r.id in reading.anchors for r in reading.entities)
    return named >= 2 and not _DISTRIBUTIVE.search(reading.part.text) and "number" not in \
        reading.part.wanted(0.6)


def select(scored: list[Candidate], joint: bool = False) -> list[Candidate]:
    """The candidates close enough to the best, up to MAX_CLAIMS distinct edges (a relation
    several sentences state is one reading, however many claims carry it). (Keeping only the
    query shapes close to the best shape, as QAnswer ranks whole queries, raised precision on
    the team's bank but cost more recall on the blind dev questions, which ask for lists that
    span shapes; measured and left out. So was keeping only the sentence the question's words
    point at when it states several answers: precision +0.015 on A/B dev, recall -0.05 on
    bank C dev.)"""
    if not scored or scored[0].score < FLOOR:
        return []
    cut = max(FLOOR, KEEP * scored[0].score)
    joint = joint and scored[0].why.get("anchors", 0.0) >= JOINT
    out: list[Candidate] = []
    edges: set[tuple[str, str, str]] = set()
    for c in scored:
        if c.score < cut:
            break
        if joint and c.why.get("anchors", 0.0) < JOINT and c.why.get("words", 0.0) < 0.8:
            continue  # the best reading joins the anchors: one about only one of them is not it
        edge = (c.claim.subject, c.claim.predicate, c.claim.object) if c.claim else (
            c.edge.subject, c.edge.predicate, c.edge.object)  # type: ignore[union-attr]
        if edge not in edges and len(edges) >= MAX_CLAIMS:
            continue
        edges.add(edge)
        out.append(c)
    return out


def answer_ids(facts: Facts, reading: Reading, chosen: list[Candidate],
               members: dict[str, list[str]]) -> dict[str, list[Candidate]]:
    """Answer entity -> the candidates that give it, filtered to the wanted classes; when the
    filter leaves nothing, the candidates' subjects and objects that are not anchors."""
    anchors = set(reading.anchors) | {m for g in reading.groups for m in members.get(g, [])}
    classes = wanted_classes(reading, facts)
    out: dict[str, list[Candidate]] = {}
    loose: dict[str, list[Candidate]] = {}
    for c in chosen:
        named_study = c.why.get("study", 0.0) >= 0.5 and c.why.get("relation", 0.0) >= 1.0
        for e in _others(c, anchors):
            if e.startswith("ldh:") and facts.entity(e) is not None:
                # the study the question names, saying what was asked: its answer, whatever
                # the class ("what does rehabilitation improve, per the 12-RCT meta-analysis":
                # strength, range of motion, and pain and impairment relieved)
                ends = (c.claim.subject, c.claim.object) if c.claim else ()
                if not classes or facts.is_a(e, *classes) or (named_study and e in ends):
                    out.setdefault(e, []).append(c)
                elif e in (c.claim.subject if c.claim else c.edge.subject,  # type: ignore[union-attr]
                           c.claim.object if c.claim else c.edge.object):  # type: ignore[union-attr]
                    loose.setdefault(e, []).append(c)
    if reading.frame == "tcm":  # the TCM view was asked for: TCM answers only
        out = {e: c for e, c in out.items() if facts.is_tcm(e)}
        loose = {e: c for e, c in loose.items() if facts.is_tcm(e)}
    if reading.admitted:  # "which <type>": its members, whatever their class
        return {e: c for e, c in {**loose, **out}.items() if e in reading.admitted}
    return out or loose
