"""Give every entity the question names a role, per part of the question.

- **answer type**: a class the question asks for ("which *tests*", "哪些*药物*") — it adds to
  the part's kinds and restricts the answers to that class;
- **group**: a class that is the subject of the question ("treatments for *inflammatory
  residual pain*") — its members are the anchors;
- **context**: the review's setting (LDH, discectomy, residual symptoms) when anything more
  specific is named — it holds for the whole graph and narrows nothing;
- **answer type (an entity)**: a concept the wh-phrase names that has members ("which *TCM
  therapies*", "哪些*微创技术*", "*中医疗法*有哪些") — its members and the other instances of its
  class are the answers it admits, and it anchors nothing;
- **anchor**: what the part is about. A part that asks nothing of its own (a case vignette, "My
  patient is 72 ...") lends its entities to the next parts as weaker anchors; a later part with
  no entity of its own ("and how long was the follow-up?") borrows the previous part's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from kg.ask.analysis import Analysis, Part, analyse, head_span, split
from kg.ask.facts import CONTEXT, Facts
from kg.ask.heads import head_kind, head_noun, type_entity, unknown_head
from kg.ask.kinds import FRAME_AFTER, FRAME_ASKING, FRAME_BEFORE, FRAME_WORDS, KIND_CLASSES
from kg.ask.lexicon import lexicon
from kg.ask.model import Recognised
from kg.index import Index
from kg.namespaces import compact
from kg.read.claims import Bounded
from kg.read.entity_list import class_closure, per_store
from kg.read.text_index import index_for
from kg.store import Store
from kg.text import squash, words

# the class a kind's answers belong to -> the kind (most specific classes are looked up first)
_KIND_OF_CLASS = {cls: kind for kind, classes in KIND_CLASSES.items() for cls in classes}
_KIND_OF_CLASS.update({"ldho:Condition": "symptom", "ldho:Study": "study",
                       "ldho:Reference": "study", "ldho:EmergingTechnology": "technology",
                       "ldho:Rehabilitation": "treatment", "ldho:TCMTherapy": "tcm"})
_QUESTIONLESS = ("?", "？", "吗")
# "why ... *after the nucleus was removed*", "为什么*用了椎间孔镜*，还...": the situation a why
# question starts from, up to the next comma or the end; what it names is weakly an anchor
_SETTING = re.compile(r"\b(?:after|although|though|despite|even after|even though|once)\b"
                      r"[^,;?？，；]*|(?:用了|虽然|尽管|即使|都)[^,;?？，；]*")
SETTING_WEIGHT = 0.5
RESIDUAL_FORM_WEIGHT = 0.9  # "back pain" for residual low back pain: nearly the same
ALTERNATIVE_WEIGHT = 0.8  # another entity the same name names ("AI": the technology, the model)
RESIDUAL_FORMS = 20  # names read, shortest first, that may be a residual form
_JOIN = re.compile(r"\s*(?:,|and|or|、|和|及|与|以及|或)\s*")
_PERSIST = re.compile(r"\b(?:still|persist\w*|remain\w*|residual)\b.*\bsymptoms?\b|"
                      r"\bsymptoms?\b.*\b(?:still|persist\w*|remain\w*)\b|(?:仍|还|残留|残余).*症状|"
                      # "why don't all patients get complete relief", "为什么没有完全缓解"
                      r"(?:n['’]t|\bnot|\bnever|\bfail\w*)\b.*\b(?:relie\w*|better|improv\w*|recover\w*|"
                      r"resol\w*|cured?)\b|(?:不|没|未)能?(?:完全|彻底)?(?:缓解|好转|改善|恢复|消失|痊愈)")
RESIDUAL = "ldh:postoperative-residual-symptoms"
_WHY = re.compile(r"\bwhy\b|为什么|为何|为啥")
_GROUPABLE = frozenset({"symptom", "mechanism", "anatomy", "population", "outcome", "feature"})


@dataclass(slots=True)
class Reading:
    part: Part
    anchors: dict[str, float] = field(default_factory=dict)  # entity -> weight
    context: list[str] = field(default_factory=list)
    classes: list[str] = field(default_factory=list)  # answer-type classes
    groups: list[str] = field(default_factory=list)  # classes whose members are anchors
    types: list[str] = field(default_factory=list)  # entities whose members are the answers
    admitted: set[str] = field(default_factory=set)  # ... those members and their classmates
    entities: list[Recognised] = field(default_factory=list)
    asks: bool = True  # False for a vignette that asks nothing
    unknown_head: str | None = None  # what the wh-phrase asks for, when the review never says
    aliases: dict[str, str] = field(default_factory=dict)  # alternative -> the anchor it names
    frame: str | None = None  # "tcm" when the part asks for the TCM view


def _framing(part: Part, span: tuple[int, int]) -> bool:
    """Whether the frame word at ``span`` is worded as a frame ("in TCM", "the TCM view",
    "中医认为"): in a yes/no question a bare one is the subject asked about ("does TCM treat X?"),
    and dropping it would leave a question about X alone, answered yes by any treatment of X."""
    before = part.text[:span[0] - part.start].rstrip()
    after = part.text[span[1] - part.start:].lstrip()
    for w in FRAME_ASKING:
        after = after.removeprefix(w)
    words = before.split()
    said_before = any(before.endswith(w) if not w.isascii() else
                      " ".join(words[-len(w.split()):]) == w.strip() for w in FRAME_BEFORE)
    return said_before or after.startswith(FRAME_AFTER)


def kind_of_class(store: Store, cls: str) -> str | None:
    """The kind of answer a class names (``ldho:ElectrophysiologicalTest`` -> diagnostic)."""
    if cls in _KIND_OF_CLASS:
        return _KIND_OF_CLASS[cls]
    supers = [sup for sup, subs in class_closure(store).items() if cls in subs and sup != cls]
    for sup in sorted(supers, key=lambda c: len(class_closure(store).get(c, ()))):
        if sup in _KIND_OF_CLASS:
            return _KIND_OF_CLASS[sup]
    return None


def _admitted(store: Store, facts: Facts, curie: str) -> set[str]:
    """The members of ``curie`` (memberOf / componentOf it) and the other instances of its
    most specific classes: what "which <curie>" admits as answers. Empty if it has none."""
    members = set()
    for cid in facts.claims_of(curie):
        c = facts.claim(cid)
        if c.object == curie and c.predicate in ("ldho:memberOf", "ldho:componentOf"):
            members.add(c.subject)
        elif c.subject == curie and c.predicate == "ldho:hasMember":
            members.add(c.object)
    e = facts.entity(curie)
    if e is not None:
        for t in e.types:
            if t not in _KIND_OF_CLASS and not any(t in subs and t != sup for sup, subs in
                                                   class_closure(store).items()
                                                   if sup in e.types and sup != t):
                members.update(facts.members(t))
    members.discard(curie)
    return members


def _asks(part: Part) -> bool:
    t = part.text
    if re.match(r"\s*(?:what|which|how|why|who|when|where|list|name|please|give|tell|show|"
                r"include|explain|describe)\b|\s*(?:请|列出|说明)", t):
        return True  # "what X and Y does the review point to, and ...": a question, unmarked
    return part.yes_no or any(c in t for c in _QUESTIONLESS) or (bool(part.kinds) and (
        any(w in t for w in ("what", "which", "how", "why", "who", "when", "where", "list",
                             "什么", "哪", "为", "怎", "如何", "多少", "几", "谁", "是否"))))


_FIGURE_HEAD = re.compile(r"\b(?:rates?|prevalences?|incidences?|percentages?|proportions?|"
                          r"figures?|numbers?)\b|发生率|患病率|残留率|比例|百分比")


def asks_figure(part: Part, zh: bool) -> bool:
    """Does the wh-phrase ask for a figure ("what residual back and leg pain *rates*")? Then
    what it names is what the figure is of, not the kind of answer."""
    head = head_span(part.text, zh)
    return head is not None and bool(_FIGURE_HEAD.search(part.text[head[0]:head[1]]))


def _class_roles(store: Store, part: Part, mine: list[Recognised], zh: bool) -> dict[str, str]:
    """answer_type, group or qualifier for each class the part names. A class is what the
    part asks for when it is in the wh-phrase (or there is none) and agrees with the kind the
    wh-phrase's noun names ("which factors did the cohort *study* find" asks for factors); a
    later class of a symptom-like kind is what it asks about ("treatments for <class>"); any
    other class only qualifies (the study named by its design)."""
    head = head_span(part.text, zh)
    kind_named = "number" if asks_figure(part, zh) else head_kind(part.text)
    found = head_noun(part.text)
    noun = found[1] if found else None
    roles: dict[str, str] = {}
    typed = False
    for r in sorted((r for r in mine if r.kind == "class"), key=lambda r: r.span):
        k = kind_of_class(store, r.id)
        a, b = r.span[0] - part.start, r.span[1] - part.start
        in_head = head is None or head[0] <= a < head[1]
        agrees = kind_named is None or k == kind_named or (
            noun is not None and a < noun[1] and noun[0] < b)
        if k is not None and in_head and agrees and not (typed and k in _GROUPABLE):
            roles[r.id] = "answer_type"
            typed = True
        elif k in _GROUPABLE or k is None:
            roles[r.id] = "group"
        else:
            roles[r.id] = "qualifier"
    return roles


@per_store
def _residual_forms_of(store: Store) -> Bounded[str, tuple[list[str], list[str]]]:
    """residual_forms by entity, with the entities read to find them: a question reads them
    for each anchor of each part, and the store does not change while it is served."""
    return Bounded()


def residual_forms(facts: Facts, index: Index, curie: str) -> list[str]:
    """The postoperative forms of a symptom the review names in general: residual symptoms
    of its class whose name holds its name ("back pain" -> residual low back pain). The
    review is about what persists after surgery, so a question's "back pain" is that too.
    Remembered per store; the entity lookups are made again (from their cache), so the
    queries an answer shows do not depend on what was asked before."""
    known = _residual_forms_of(facts.store)
    found = known.get(curie)
    if found is None:
        found = known[curie] = _residual_forms(facts, index, curie)
    else:  # the lookups the uncached path makes, in its order
        facts.entity(curie)
        for other in found[1]:
            facts.entity(other)
    return list(found[0])


def _residual_forms(facts: Facts, index: Index, curie: str) -> tuple[list[str], list[str]]:
    e = facts.entity(curie)
    if e is None or "ldho:ResidualSymptom" in e.classes or not e.label_en or \
            len(e.label_en) < 4:
        return [], []
    out, read = [], []
    for row in index.names_containing(squash(e.label_en), RESIDUAL_FORMS):
        other = compact(row.iri)
        x = facts.entity(other) if other != curie else None
        read.append(other)
        if x is not None and "ldho:ResidualSymptom" in x.classes and x.label_en and \
                e.label_en.casefold() in x.label_en.casefold() and set(x.types) & set(e.types):
            out.append(other)
    return list(dict.fromkeys(out)), list(dict.fromkeys(read))


def _mentioned_again(found: list[Recognised], mine: list[Recognised], text: str,
                     start: int, end: int) -> list[Recognised]:
    """An entity named in an earlier part and again in this one ("what new therapies ...,
    and what is the caveat on the novel therapies?"): the lexicon lists it once, at its
    first mention; this part gets its own copy, with its own role."""
    out = []
    ids = {r.id for r in mine}
    for r in found:
        if r.id in ids or r.span[0] >= start:
            continue
        at = text.find(r.matched, start, end)
        if at >= 0:
            out.append(replace(r, span=(at, at + len(r.matched)), role="anchor",
                               alternatives=list(r.alternatives)))
            ids.add(r.id)
    return out


def _coordinated(typed: str | None, mine: list[Recognised], text: str) -> list[str]:
    """The entity the wh-phrase asks for and those joined to it ("what *new surgical
    techniques* and *novel therapies*", "哪些*中药*和*针灸*")."""
    if typed is None:
        return []
    ents = sorted((r for r in mine if r.kind == "entity" and (r.id not in CONTEXT
                                                              or r.id == typed)),
                  key=lambda r: r.span)
    out = [typed]
    end = next(r.span[1] for r in ents if r.id == typed)
    for r in ents:
        if r.span[0] >= end:
            if not _JOIN.fullmatch(text[end:r.span[0]]):
                break
            out.append(r.id)
            end = r.span[1]
    return out


def _weaken_setting(rd: Reading, mine: list[Recognised], part: Part) -> None:
    """In a why-part, what the situation clause names is where the question starts, not what
    it asks about: weakly an anchor, when something outside the clause is one."""
    clauses = [m.span() for m in _SETTING.finditer(part.text)]
    inside = {r.id for r in mine if r.id in rd.anchors and any(
        a <= r.span[0] - part.start < b for a, b in clauses)}
    if not inside:
        return
    if not any(a not in inside for a in rd.anchors) and not rd.groups:
        rest = _SETTING.sub(" ", part.text)
        if not _PERSIST.search(rest):
            return
        # "why do patients still have symptoms after ...": the residual symptoms themselves
        rd.anchors[RESIDUAL] = 1.0
    for a in inside:
        rd.anchors[a] = SETTING_WEIGHT


def _first(mentions: list[Recognised]) -> list[Recognised]:
    """Each thing at its first mention, in textual order."""
    seen: set[str] = set()
    out: list[Recognised] = []
    for r in mentions:
        if r.id not in seen:
            seen.add(r.id)
            out.append(r)
    return out


def read(store: Store, facts: Facts, question: str) -> tuple[Analysis, list[Reading],
                                                               list[Recognised]]:
    """The analysis, a reading per part, and every entity and class recognised."""
    normalised, every = lexicon(store).recognise(question, every=True)
    found = _first(every)
    bounds = split(normalised)
    zh = bool(re.search(r"[\u3400-\u9fff]", question))
    class_kinds: dict[int, list[str]] = {}
    per_part: list[list[Recognised]] = []
    per_roles: list[dict[str, str]] = []
    for start, end in bounds:
        mine = _first([r for r in every if start <= r.span[0] < end])  # in this part
        mine += _mentioned_again(found, mine, normalised, start, end)
        per_part.append(mine)
        piece = normalised[start:end]
        lead = len(piece) - len(piece.lstrip())
        roles = _class_roles(store, Part(piece.strip(), start + lead), mine, zh)
        per_roles.append(roles)
        class_kinds[start] = [k for r in sorted(mine, key=lambda r: r.span)
                              if roles.get(r.id) == "answer_type"
                              and (k := kind_of_class(store, r.id)) is not None]
    masks = tuple(r.span for r in every if r.kind == "entity")
    analysis = analyse(question, class_kinds, masks, normalised)
    readings: list[Reading] = []
    carried: dict[str, float] = {}
    index = index_for(store)

    def segment(t: str) -> list[str]:
        return words(t, index.vocabulary)

    for part, mine, roles in zip(analysis.parts, per_part, per_roles, strict=True):
        rd = Reading(part, entities=mine, asks=_asks(part))
        spans = [(r.span[0] - part.start, r.span[1] - part.start) for r in mine]
        if not part.yes_no:
            rd.unknown_head = unknown_head(part.text, spans, index.known_or_begun, segment)
        for r in sorted(mine, key=lambda r: r.span):
            if r.kind == "class":
                r.role = roles[r.id]
                if r.role == "answer_type":
                    rd.classes.append(r.id)
                elif r.role == "group":
                    rd.groups.append(r.id)
                continue
            rd.anchors[r.id] = 1.0
        for r in mine:  # a name two entities share: the other one, a little weaker
            for alt in r.alternatives:
                if alt not in rd.anchors and alt not in CONTEXT and r.id in rd.anchors:
                    rd.anchors[alt], rd.aliases[alt] = ALTERNATIVE_WEIGHT, r.id
        for a in [a for a in rd.anchors if a not in CONTEXT]:
            for form in residual_forms(facts, index, a):
                rd.anchors.setdefault(form, RESIDUAL_FORM_WEIGHT)
        typed = type_entity(part.text, [(r.id, (r.span[0] - part.start, r.span[1] - part.start))
                                        for r in mine if r.kind == "entity"  # "what are the
                                        and (r.id not in CONTEXT or r.id == RESIDUAL)])  # main
        # residual symptoms": the symptoms, not what the review says about them
        if asks_figure(part, zh):
            typed = None
        for t in _coordinated(typed, mine, normalised):
            if admitted := _admitted(store, facts, t):
                next(r for r in mine if r.id == t).role = "answer_type"
                del rd.anchors[t]
                rd.types.append(t)
                rd.admitted |= admitted
        for r in mine:  # "the TCM view of X": TCM is the frame asked for, X the anchor
            frame = next((k for k, ws in FRAME_WORDS.items() if r.matched in ws), None)
            if frame and r.id in rd.anchors and (len(mine) > 1 or part.top != "treatment") \
                    and (not part.yes_no or _framing(part, r.span)):
                r.role = "frame"
                del rd.anchors[r.id]
                part.kinds[frame] = part.kinds.get(frame, 0.0) + 2.0
                rd.frame = frame
        if rd.frame is None and readings and not any(r.role == "anchor" for r in mine):
            rd.frame = readings[-1].frame  # "病因病机怎么认识?" after "中医学把…归入什么范畴?"
        if not rd.anchors and not rd.groups and carried:
            rd.anchors = {a: 0.7 * w for a, w in carried.items()}
        if rd.asks:
            for a, w in carried.items():
                rd.anchors.setdefault(a, 0.6 * w)
        specific = [a for a in rd.anchors if a not in CONTEXT]
        if specific or rd.groups or rd.types:
            for a in list(rd.anchors):
                if a in CONTEXT:
                    del rd.anchors[a]
                    rd.context.append(a)
                    for r in mine:
                        if r.id == a:
                            r.role = "context"
        if "mechanism" in part.wanted(0.9):
            _weaken_setting(rd, mine, part)
            if _WHY.search(part.text) and "symptom" in part.kinds:
                part.kinds["symptom"] *= 0.3  # "why do symptoms persist" asks for causes
        readings.append(rd)
        if not rd.asks:  # a vignette: its entities carry to the parts that ask
            carried = {**carried, **rd.anchors}
        elif rd.anchors:
            carried = {a: w for a, w in rd.anchors.items() if w >= 1.0
                       and a not in CONTEXT} or carried
    asking = [r for r in readings if r.asks] or readings
    return analysis, asking, found
