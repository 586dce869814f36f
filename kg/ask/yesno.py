"""Yes/no: **yes** only when a claim (or an inference record) states the relation asked about
between the things asked about; otherwise **no**, said as "the review does not state that",
with the closest claims it does make.

A claim counts when it uses every anchor of the question (as subject, object or qualifier),
its predicate is one the question's verb names (sub-properties included) or the question
names none, and it does not contradict the question:

- a claim that refutes, warns (direction caution) or states a limitation ("lacks prospective
  validation" for "has it been validated?") answers **no**, with its quote;
- a comparison the other way round ("higher complication rate?" against "并发症发生率更低")
  answers **no**, the review states the opposite;
- a content word of the question the review never uses ("gabapentin", "男性") means the
  question is about something the review does not mention: **no**.

Besides one claim: two printed figures compared decide a comparison by their values
(``kg.ask.compare``); "X or Y" asks about either, "X and Y" about each, and the claims of one
sentence that chain its things together count as one (``kg.ask.joined``). Sharing a reference
or a paragraph is never a relation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kg.ask.analysis import A_NOT_A
from kg.ask.compare import Figures, compare, other_follow_up
from kg.ask.facts import CONTEXT, ClaimFacts, Facts, property_roots
from kg.ask.joined import both, either, listed, narrowest, one_sentence, unnamed_inside
from kg.ask.kinds import ASKING_EN, ASKING_ZH, COMPLEMENT_WORDS, DESIGNS, KINDS, RELATION_WORDS
from kg.ask.roles import Reading
from kg.index import Index
from kg.read.text_index import index_for
from kg.store import Store
from kg.text import everyday, normalise, phrasing, states_number, words

_HAN = re.compile(r"[\u4e00-\u9fff]+")
_ASKS_ZH = re.compile(r"吗|是否|能否|有没有|是不是|会不会|能不能|[?？]")
_RELATION_CUES = tuple(w for cues, _ in RELATION_WORDS for w in cues)
# a study design's words are read as the design asked about, not as terms a claim must hold
_DESIGN_CUES = tuple(c for cues in DESIGNS.values() for c in cues if len(c) > 2)
_KIND_CUES = frozenset(c.strip() for cues, _ in KINDS.values() for c in cues if len(c.strip()) > 1)
_LACK = ("lack", "without", "not ", "n't", "unverified", "unvalidated", "no ", "insufficient",
         "缺乏", "尚未", "未经", "未", "不足", "没有")
_LOWER = ("更低", "低于", "减少", "降低", "下降", "少", "lower", "less", "fewer", "reduc")
_HIGHER = ("更高", "高于", "增加", "升高", "更多", "higher", "more", "increase", "greater")
_NEGATIVE_PREDICATES = frozenset({"ldho:hasLimitation", "ldho:cautionFor",
                                  "ldho:slowerResponseIn"})

_CASE_NUMBER = re.compile(r"\s*(?:岁|周岁|years?[\s-]*old|-?year-old|yo\b|个月|月|周|天|"
                          r"weeks?|months?|days?|years?\b)")
_BOUND_AFTER = re.compile(r"\s*(?:岁|周岁|years?|个月|月|周|天|weeks?|months?|days?)?\s*"
                          r"(?:以上|以下|以内|以后|之后|后|or (?:more|older|less|longer))")
_BOUND_BEFORE = re.compile(r"(?:over|above|under|below|at least|more than|less than|older than|"
                           r"超过|大于|小于|不足)\s*$")


@dataclass(slots=True)
class Verdict:
    boolean: bool
    supporting: list[ClaimFacts] = field(default_factory=list)
    contrary: list[ClaimFacts] = field(default_factory=list)  # claims that say no
    related: list[ClaimFacts] = field(default_factory=list)  # closest claims, saying neither
    unknown_terms: list[str] = field(default_factory=list)
    reason: str = ""
    figures: Figures | None = None  # the two statistics a comparison of figures rests on


def terms(store: Store, reading: Reading, text: str) -> list[str]:
    """The question's own terms: its words, less the entities it recognised, the words of
    asking and the words that name relations (checked as relations). English questions also
    drop everyday words ("comes", "effective"): the review is Chinese, its English is only
    labels; a Chinese question is read against the review's own words, so 男性 counts. In a
    Chinese question of several clauses only the asking clause's words are its terms: the
    clauses before it set the scene ("一位70岁的老人术后还有症状，想选微创，PELD适合吗？")."""
    index = index_for(store)
    rest = _asking_clause(normalise(text))
    rest = A_NOT_A.sub(lambda m: m.group() if rest[m.start():m.start() + 3] in ASKING_ZH
                        else "", rest)  # 适不适合: 适合 (有没有, 是不是 are words of asking)
    for r in sorted(reading.entities, key=lambda r: -len(r.matched)):
        rest = rest.replace(normalise(r.matched), " ")
    tail = _TAIL.search(rest)  # "suitable for *children*?": whom or what it holds for
    held = set(tail.group(1).split()) if tail else set()
    out = []
    for word in dict.fromkeys(words(rest, index.vocabulary)):
        if len(word) < 2 or word.isdigit() or word in ASKING_EN or word in ASKING_ZH:
            continue
        if _HAN.fullmatch(word) and (any(w in word for w in ASKING_ZH if len(w) > 1)
                                     or phrasing(word, index.vocabulary)):
            continue
        if any(cue in word for cue in _RELATION_CUES) or word in _KIND_CUES or any(
                word in cue or cue in word for cue in _DESIGN_CUES) or (
                not _HAN.search(word) and everyday(word) and word not in held):
            continue
        out.append(word)
    return out


# the phrase a yes/no question ends on after "for / in / among": the population or setting
# the relation is asked to hold for; its everyday words ("children", "women") still count
_TAIL = re.compile(r"\b(?:for|in|among|amongst)\s+((?:[a-z][a-z-]*\s+){0,2}[a-z][a-z-]*)"
                   r"\s*[?.!]*\s*$")


def _asking_clause(text: str) -> str:
    """The clause of a Chinese question that asks (the last with a question marker), or the
    text itself when it has one clause or is not Chinese."""
    if not _HAN.search(text):
        return text
    clauses = [c for c in re.split(r"[,，;；。]", text) if c.strip()]
    asking = [c for c in clauses if _ASKS_ZH.search(c)]
    return asking[-1] if asking else text


# a phrase the question quotes ("“通则不痛”理论", 'the "long-term management" idea'): the name of
# something, to be found as written or not at all
_QUOTED = re.compile(r"[“\"「『‘]([^“”\"「」『』‘’]{2,40})[”\"」』’]")


def quoted_unknown(store: Store, reading: Reading, text: str) -> list[str]:
    """Phrases the question quotes that the review never uses and no recognised entity
    names: "综述里“通则不痛”理论…" asks about a theory the review does not mention."""
    index = index_for(store)
    named = [normalise(r.matched) for r in reading.entities]
    out = []
    for m in _QUOTED.finditer(normalise(text)):
        phrase = m.group(1).strip()
        if phrase and not any(n in phrase or phrase in n for n in named) and not _known(
                index, phrase):
            out.append(phrase)
    return out


def unknown_terms(store: Store, reading: Reading, text: str) -> list[str]:
    """The question's own terms that no claim or entity of the graph uses, and the phrases it
    quotes that the review never uses."""
    index = index_for(store)
    quoted = quoted_unknown(store, reading, text)
    return quoted + [t for t in terms(store, reading, text) if not index.known(t)
                     and not any(t in q for q in quoted)]


def unknown_phrase(store: Store, reading: Reading, text: str) -> str | None:
    """Adjacent English terms that name something the review never mentions: two or more
    words it never uses, or a run of its terms with one it never uses that it never uses
    together ("epidural steroid injections": the review has "epidural scar" and
    "non-steroidal", never this). A wh-question about it gets "does not mention". (A single
    unknown word is too often a spelling the index lacks, "localise", to say so on its own.)"""
    if quoted := quoted_unknown(store, reading, text):
        return quoted[0]
    index = index_for(store)
    own = set(terms(store, reading, text))
    unknown = {t for t in own if not _known(index, t)}
    runs: list[list[str]] = [[]]
    for word in re.findall(r"[a-z][a-z-]+", normalise(text)):
        if word in own:
            runs[-1].append(word)
        elif runs[-1]:
            runs.append([])
    for run in runs:
        if len(run) >= 2 and sum(w in unknown for w in run) >= 2:
            return " ".join(run)
        if len(run) >= 2 and set(run) & unknown and not _known(index, " ".join(run)):
            return " ".join(run)
    return None


def _known(index: Index, phrase: str) -> bool:
    """Is ``phrase`` in the review, as written, with its last word in the singular
    ("technologies", "injections") or cut short ("exam", "rehab": a word it begins)?"""
    head, _, last = phrase.rpartition(" ")
    forms = [last]
    if last.endswith("ies"):
        forms.append(last[:-3] + "y")
    elif last.endswith("es"):
        forms += [last[:-2], last[:-1]]
    elif last.endswith("s"):
        forms.append(last[:-1])
    return any(index.known(f"{head} {f}".strip()) for f in forms) or \
        index.known_or_begun(phrase)


def _numbers(reading: Reading, text: str) -> list[str]:
    """Numbers the question states ("60岁以上"): a claim that says yes must state them too."""
    rest = normalise(text)
    for r in reading.entities:
        rest = rest.replace(normalise(r.matched), " ")
    out = []
    for m in re.finditer(r"\d+(?:\.\d+)?", rest):
        before, after = rest[max(0, m.start() - 12):m.start()], rest[m.end():m.end() + 14]
        if _CASE_NUMBER.match(after) and not _BOUND_AFTER.match(after) and \
                not _BOUND_BEFORE.search(before):
            continue  # the patient's age or time since surgery ("72岁老太太", "6 months out")
        out.append(m.group())
    return out


def _polarity_conflict(text: str, c: ClaimFacts) -> bool:
    asks_up = any(w in text for w in _HIGHER)
    asks_down = any(w in text for w in _LOWER)
    says_up = any(w in c.quote for w in _HIGHER[:6])
    says_down = any(w in c.quote for w in _LOWER[:6])
    return (asks_up and says_down and not says_up) or (asks_down and says_up and not says_down)


def _avoidance_asked(c: ClaimFacts, wanted: set[str]) -> bool:
    """Is ``c`` a caution and the question one about avoiding ("should X be avoided in Y?")?"""
    return c.predicate == "ldho:cautionFor" and "ldho:cautionFor" in wanted


def _denies(facts: Facts, c: ClaimFacts, anchors: list[str], text: str,
            wanted: set[str], named: bool = False) -> bool:
    """Does the claim answer the question with a no: it refutes or warns (unless the question
    asks whether to avoid it: "should sedatives be avoided?" against the review's caution),
    it states a limitation the question did not name ("validated?" against "lacks
    prospective validation"; ``named``: the question names it in words of its own, "haven't
    been validated prospectively"), or a lack the question asks the other way round, or a
    comparison the other way round?"""
    if _avoidance_asked(c, wanted):  # the review's caution is the "yes"
        return c.direction == "refutes" or _polarity_conflict(text, c)
    if c.direction in ("refutes", "caution") or _polarity_conflict(text, c):
        return True
    if c.predicate not in _NEGATIVE_PREDICATES:
        return False
    asks_lack = any(w in text for w in _LACK)
    if c.object not in anchors:  # a limitation the question names only in words of its own
        return not (named and asks_lack)  # ("haven't been validated prospectively")
    return _lack(facts, c) and not asks_lack


def _lack(facts: Facts, c: ClaimFacts) -> bool:
    """Is the claim's object a lack ("lacks prospective validation", "缺乏前瞻性验证")?"""
    e = facts.entity(c.object)
    label = " ".join(x for x in (e.label_en, e.label_zh) if x) if e else ""
    return any(w in label.casefold() for w in _LACK)


def _reversed(c: ClaimFacts, anchors: list[str], wanted: set[str]) -> bool:
    """"Is X better than Y?" against a claim that Y is better than X (or better than X as its
    comparator): the review states the opposite. The anchors are in the question's order."""
    if "ldho:outperforms" not in wanted:
        return False
    named = [a for a in anchors if a in (c.subject, c.object, c.comparator)]
    better = c.subject if c.predicate == "ldho:outperforms" or c.comparator else None
    return len(named) >= 2 and better is not None and named[0] != better


def decide(store: Store, facts: Facts, reading: Reading, text: str,
           members: dict[str, list[str]]) -> Verdict:
    """Yes when one claim uses every thing asked about, states the relation asked (if the
    question names one), covers the question's own terms and does not deny it."""
    aliases = dict(reading.aliases)  # alternative -> anchor: a claim using either names it
    aliases.update(either(reading))  # "retraction *or* bruising": either one is asked about
    anchors = [a for a, w in reading.anchors.items() if w >= 0.6 and a not in CONTEXT
               and a not in aliases]
    if not anchors and not reading.groups:  # asked about the setting itself (LDH, surgery)
        anchors = [a for a, w in reading.anchors.items() if w >= 0.6] or list(reading.context)
    anchors = unnamed_inside(facts, reading, narrowest(facts, anchors))
    group = {m for g in reading.groups for m in members.get(g, [])}
    index = index_for(store)
    own = terms(store, reading, text)
    unknown = unknown_terms(store, reading, text)
    numbers = _numbers(reading, text)
    roots = property_roots(store)
    wanted = set(reading.part.relations)
    if (figures := compare(facts, reading, text, numbers)) is not None:
        return Verdict(figures.boolean, supporting=figures.claims if figures.boolean else [],
                       contrary=[] if figures.boolean else figures.claims,
                       reason="the two figures the review gives", figures=figures)
    pool: dict[str, ClaimFacts] = {}
    asked = [*(anchors or sorted(group)), *(x for x, a in aliases.items() if a in anchors)]
    facts.read_claims(cid for a in asked for cid in facts.claims_of(a))
    for a in asked:
        for cid in facts.claims_of(a):
            pool[cid] = facts.claim(cid)
    def classify(asked_about: list[str]) -> tuple[list[ClaimFacts], list[ClaimFacts],
                                                   list[ClaimFacts]]:
        return _classify(facts, pool, asked_about, group, aliases, wanted, roots, index, own,
                         numbers, text)

    def attempt(anchors: list[str]) -> tuple[list[ClaimFacts], list[ClaimFacts],
                                             list[ClaimFacts]]:
        supporting, contrary, related = classify(anchors)
        if not supporting and not contrary and len(joint := both(reading, anchors)) >= 2:
            # "do fumigation *and* acupuncture complement rehabilitation?": each, on its own
            each = [classify([a for a in anchors if a not in joint or a == m]) for m in joint]
            if all(sup for sup, _, _ in each) and not any(con for _, con, _ in each):
                supporting = [c for sup, _, _ in each for c in sup]
        items, common = listed(reading, anchors)
        if not supporting and not contrary and items:
            # "should patients sit less, exercise the back and come to follow-up (to prevent
            # recurrence)?": yes only when each item is stated with what they share
            each = [classify([*common, m]) for m in items]
            if all(sup for sup, _, _ in each) and not any(con for _, con, _ in each):
                supporting = [c for sup, _, _ in each for c in sup]
        if not supporting and not contrary and len(anchors) >= 2:
            supporting = one_sentence(facts, pool, anchors, aliases, wanted, roots, index,
                                       own, numbers)
        return supporting, contrary, related

    supporting, contrary, related = attempt(anchors)
    named_here = {r.id for r in reading.entities}
    asked_here = [a for a in anchors if a in named_here or reading.anchors.get(a, 0) > 0.7]
    if not supporting and not contrary and len(asked_here) >= 2 and asked_here != anchors:
        # "a 58-year-old smoker, BMI 27 ... Does the review count age, sex, obesity ... as
        # risk factors?": the vignette's things describe the patient; the asking part names
        # the relation in full
        supporting, contrary, more = attempt(asked_here)
        related += more
    if longer := [c for c in supporting if other_follow_up(c, text, reading.part.timepoints)]:
        # "followed out to 5 years?" against the study's 1-year follow-up: it says otherwise
        supporting = [c for c in supporting if c not in longer]
        contrary = [*longer, *contrary]
    if unknown:
        return Verdict(False, contrary=contrary, related=supporting + related,
                       unknown_terms=unknown,
                       reason="the question names something the review does not mention")
    if supporting:
        return Verdict(True, supporting=supporting, contrary=contrary)
    if contrary:
        return Verdict(False, contrary=contrary, related=related,
                       reason="the review states otherwise")
    return Verdict(False, related=related, reason="the review does not state that")


def _classify(facts: Facts, pool: dict[str, ClaimFacts], anchors: list[str], group: set[str],
              aliases: dict[str, str], wanted: set[str], roots: dict[str, frozenset[str]],
              index: Index, own: list[str], numbers: list[str], text: str
              ) -> tuple[list[ClaimFacts], list[ClaimFacts], list[ClaimFacts]]:
    """The claims that say yes (every thing asked about, the relation, every term and number
    in one claim), those that say no, and the rest that relate what was asked."""
    supporting: list[ClaimFacts] = []
    contrary: list[ClaimFacts] = []
    related: list[ClaimFacts] = []
    mates: dict[str, list[str]] = {}  # quote -> the claims made from that sentence
    for c in pool.values():
        mates.setdefault(c.quote, []).append(c.id)

    def says(c: ClaimFacts) -> bool:
        """Every term of the question is in the claim, or in its sentence: a term that
        describes a thing asked about ("the AI models *for predicting complications*") may
        be in a sibling claim of the same sentence; the relation must still be this claim's."""
        return all(any(index.claim_has(m, t) for m in (c.id, *mates[c.quote])) for t in own)

    for c in pool.values():
        ents = set(c.entities())
        ents |= {aliases[e] for e in ents if e in aliases}
        shared = sum(a in ents for a in anchors) + bool(group and ents & group)
        needed = len(anchors) + bool(group)
        preds = roots.get(c.predicate, frozenset({c.predicate}))
        if shared < min(2, needed):
            # a limitation of one thing asked about, on the point asked ("validated?")
            if shared and c.predicate in _NEGATIVE_PREDICATES and not _avoidance_asked(
                    c, wanted) and (
                    preds & wanted or any(index.claim_has(c.id, t) for t in own)):
                contrary.append(c)
            continue
        if wanted and not preds & wanted and not (
                "ldho:outperforms" in wanted and c.comparator in anchors):
            continue  # (a claim against a comparator asked about is a comparison)
        if c.predicate == "ldho:complements" and c.object not in anchors and not any(
                w in text for w in COMPLEMENT_WORDS):
            related.append(c)  # "X complements rehabilitation" does not say X treats Y
        elif _denies(facts, c, anchors, text, wanted, named=own != [] and says(c)) or \
                _reversed(c, anchors, wanted):
            contrary.append(c)
        elif c.modality == "approach":  # "offers an approach to": no effect is stated
            related.append(c)
        elif shared == needed and says(c) and all(
                states_number(c.quote, n) for n in numbers):
            supporting.append(c)  # every thing asked about, every term, in one claim
        else:
            related.append(c)
    return supporting, contrary, related


def claims_between(store: Store, facts: Facts, anchors: list[str],
                   predicates: tuple[str, ...] = ()) -> list[ClaimFacts]:
    """Claims that use at least two of ``anchors`` (with one of ``predicates``, sub-properties
    included, when given): what "how does X compare with Y" and "X和Y有什么关系" need."""
    roots = property_roots(store)
    out: dict[str, ClaimFacts] = {}
    for a in anchors:
        for cid in facts.claims_of(a):
            c = facts.claim(cid)
            preds = roots.get(c.predicate, frozenset({c.predicate}))
            if sum(x in c.entities() for x in anchors) >= 2 and (
                    not predicates or preds & set(predicates)):
                out[cid] = c
    return list(out.values())
