"""Turning claims, inferred edges and statistics into answers: labels, evidence (quote,
citations, design, n, modality, population, audit flags), the chain an inferred answer rests
on, and the plain sentence each claim says ("mecobalamin may ... in elderly patients [34]").

An answer is only ever made from something the graph holds: a claim, an inference record with
its claims, or a statistic with its claim. Nothing here looks at which references or
sentences two entities share.
"""

from __future__ import annotations

from kg import queries
from kg.ask.facts import ClaimFacts, Facts, InferredEdge, StatFacts
from kg.ask.model import Answer, ChainHop, EvidenceItem, InferredFrom
from kg.ids import reference_local
from kg.namespaces import compact
from kg.read.entity_list import per_store
from kg.store import Store

_MODAL_EN = {"possible": "may", "prospect": "is expected to", "recommended": "should",
             "consider": "can be considered to"}
_MODAL_ZH = {"possible": "可能", "prospect": "有望", "recommended": "应", "consider": "可考虑"}
_UNITS = {"P": "", "Y": "years", "M": "months", "W": "weeks", "D": "days"}


def term_labels(store: Store, query: str, var: str) -> dict[str, dict[str, str]]:
    """Ontology term (CURIE, bound to ``var``) -> {language: label}, from the named ``query``
    (the ontology is small and fixed: callers keep the result per store)."""
    out: dict[str, dict[str, str]] = {}
    for r in store.select(queries.load(query)).rows:
        lang = getattr(r["label"], "language", None) or "en"
        out.setdefault(compact(r[var].value), {})[lang] = r["label"].value
    return out


@per_store
def property_labels(store: Store) -> dict[str, dict[str, str]]:
    return term_labels(store, "ask_property_labels", "property")


class Builder:
    """Answers for one question, in one language; evidence accumulates per entity."""

    def __init__(self, facts: Facts, language: str) -> None:
        self.facts = facts
        self.language = language
        self.answers: dict[str, Answer] = {}

    def name(self, curie: str) -> str:
        e = self.facts.entity(curie)
        if e is None:
            return curie
        zh = self.language == "zh"
        return (e.label_zh if zh else e.label_en) or e.label_en or e.label_zh or curie

    def sentence(self, c: ClaimFacts) -> str:
        """The claim in words, with its modality, population and indication."""
        labels = property_labels(self.facts.store).get(c.predicate, {})
        zh = self.language == "zh"
        verb = labels.get("zh" if zh else "en") or c.predicate.split(":")[-1]
        if not zh:
            verb = _verb_phrase(verb)
        modal = (_MODAL_ZH if zh else _MODAL_EN).get(c.modality, "")
        neg = {"refutes": "不" if zh else "does not ", "caution": ""}.get(c.direction, "")
        s, o = self.name(c.subject), self.name(c.object)
        if c.modality == "approach":  # 为…提供了思路: a way to think about o, no effect stated
            verb, modal = ("为……提供了思路", "") if zh else ("offers an approach to", "")
        if not zh and (modal or neg):
            verb = _base_form(verb)  # "may contribute to", "does not relieve"
        if zh and "……" in verb:  # a label with a slot for the object: 与……有关, 增加……风险
            text = f"{s}{modal}{neg}{verb.replace('……', o, 1)}"
        else:
            text = (f"{s}{modal}{neg}{verb}{o}" if zh else
                    f"{s} {modal + ' ' if modal else ''}{neg}{verb} {o}")
        extra = []
        if c.populations:
            who = [self.name(p) for p in c.populations]
            extra.append(f"（人群：{'、'.join(who)}）" if zh else f", in {', '.join(who)}")
        if c.indications:
            what = [self.name(p) for p in c.indications]
            extra.append(f"（限于：{'、'.join(what)}）" if zh else f", for {', '.join(what)}")
        if c.comparator:
            extra.append(f"（对照：{self.name(c.comparator)}）" if zh else
                         f", compared with {self.name(c.comparator)}")
        if c.direction == "caution":
            extra.append("（注意）" if zh else " (a caution)")
        cites = "".join(f"[{n}]" for n in c.citations)
        return text + "".join(extra) + (f" {cites}" if cites else "")

    def evidence(self, cid: str) -> EvidenceItem:
        c = self.facts.claim(cid)
        flags = list(self.facts.flag_texts(cid))
        for n in c.citations:
            flags += self.facts.flag_texts(f"ldh:{reference_local(n)}")
        for sid in c.statistics:
            flags += self.facts.flag_texts(sid)
        return EvidenceItem(
            claim=cid, citations=list(c.citations), quote=c.quote, section=c.section,
            direction=c.direction, statement=self.sentence(c), study_design=c.design, n=c.n,
            timepoint=c.timepoint or c.follow_up, audit_flags=list(dict.fromkeys(flags)),
            modality=c.modality, knowledge_level=c.knowledge_level,
            populations=list(c.populations), indications=list(c.indications),
            comparator=c.comparator)

    def answer(self, curie: str, relation: str | None = None, part: int = 0) -> Answer:
        if curie not in self.answers:
            e = self.facts.entity(curie)
            self.answers[curie] = Answer(
                curie, e.label_en if e else None, e.label_zh if e else None,
                list(e.types) if e else [], relation=relation, inferred=True, part=part,
                frame="tcm" if self.facts.is_tcm(curie) else "biomedical")
        return self.answers[curie]

    def from_claim(self, curie: str, cid: str, part: int = 0) -> Answer:
        """``curie`` answers, stated by claim ``cid``."""
        c = self.facts.claim(cid)
        ans = self.answer(curie, c.predicate, part)
        ans.inferred, ans.inferred_from = False, None
        if cid not in {ev.claim for ev in ans.evidence}:
            ans.evidence.append(self.evidence(cid))
        return ans

    def from_edge(self, curie: str, edge: InferredEdge, part: int = 0) -> Answer:
        """``curie`` answers by an inferred edge (unless a claim already states it)."""
        ans = self.answer(curie, edge.predicate, part)
        if ans.inferred and ans.inferred_from is None:
            ans.inferred_from = self.chain(edge)
            ans.evidence = [self.evidence(c) for c in edge.claims]
        return ans

    def from_path(self, curie: str, cid: str, via: str, part: int = 0) -> Answer:
        """``curie`` answers through a hub: claim ``cid`` relates it to the hub, claim ``via``
        relates the hub to what was asked about ("nerve-root compression causes residual
        symptoms", "residual symptoms manifest as leg numbness"). Not stated as one edge, so
        labelled inferred, with both claims as the chain (unless a claim states it)."""
        c, v = self.facts.claim(cid), self.facts.claim(via)
        ans = self.answer(curie, c.predicate, part)
        if ans.inferred and ans.inferred_from is None:
            hub = self.name(v.subject if v.object != c.subject and v.object != c.object
                            else v.object)
            ans.inferred_from = InferredFrom(
                "two-hop query path", [ChainHop(c.subject, c.predicate, c.object),
                                       ChainHop(v.subject, v.predicate, v.object)],
                f"{self.sentence(c)}; {self.sentence(v)} (through {hub})")
            ans.evidence = [self.evidence(cid), self.evidence(via)]
        return ans

    def chain(self, edge: InferredEdge) -> InferredFrom:
        rule = (edge.explanation or "inferred").split(":", 1)[0]
        hops = []
        for cid in edge.claims:
            c = self.facts.claim(cid)
            hops.append(ChainHop(c.subject, c.predicate, c.object))
        return InferredFrom(rule, _ordered(hops, edge.subject), edge.explanation)

    def statistic(self, st: StatFacts, cid: str, part: int = 0) -> Answer:
        """A number as an answer: value, unit, time point, n, and the claim stating it."""
        label = f"{st.quantity} {st.stated_as or st.value:g} {st.unit or ''}".strip() \
            if st.stated_as is None else f"{st.quantity} {st.stated_as} {st.unit or ''}".strip()
        ans = Answer(st.id, label, None, ["ldho:Statistic"], relation="ldho:about",
                     value=st.value, unit=st.unit, timepoint=st.timepoint, n=st.n,
                     related=[st.about] if st.about else [], part=part)
        ans.evidence = [self.evidence(cid)]
        return ans

    def number(self, key: str, label: str, value: float, unit: str, cid: str,
               part: int = 0) -> Answer:
        """A number a claim's qualifiers state (sample size, follow-up, study count)."""
        ans = Answer(key, label, None, ["ldho:Study"], relation="ldho:describesStudy",
                     value=value, unit=unit, part=part)
        ans.evidence = [self.evidence(cid)]
        return ans


def distinct_figures(answers: list[Answer]) -> list[Answer]:
    """The answers with each printed figure once: a study's own number (its n, follow-up or
    study count, read from a claim's qualifiers) is dropped where a statistic or an earlier
    study number gives the same value from the same sentence or reference, as when two parts
    of a question ask for it or the study count is also a statistic ("纳入 18 项研究" is both)."""
    seen: set[tuple[float, str]] = set()
    stated = {(round(a.value, 3), key) for a in answers if a.value is not None
              and "ldho:Statistic" in a.type for ev in a.evidence
              for key in (ev.quote, *(f"[{n}]" for n in ev.citations))}
    out = []
    for a in answers:
        if a.value is not None and "ldho:Study" in a.type:
            ref = a.id.rsplit("-", 1)[-1]
            keys = {(round(a.value, 3), ev.quote) for ev in a.evidence} | {
                (round(a.value, 3), f"[{ref}]")}
            if keys & (stated | seen):
                continue
            seen |= keys
        out.append(a)
    return out


# English property labels that are not verb phrases, as the verb phrase a sentence needs
_COPULA = {"member of": "is a member of", "component of": "is a component of",
           "part of": "is part of", "slower response in": "shows a slower response in",
           "to be avoided in": "is avoided in"}  # ("should be avoided in" after a modal)


def _verb_phrase(label: str) -> str:
    """"suitable for" -> "is suitable for", "member of" -> "is a member of"; verbs as they are.

    >>> _verb_phrase("member of"), _verb_phrase("associated with"), _verb_phrase("relieves")
    ('is a member of', 'is associated with', 'relieves')
    """
    if label in _COPULA:
        return _COPULA[label]
    head = label.split(" ", 1)[0]
    return f"is {label}" if head in {"associated", "comparable", "suitable", "located",
                                     "provoked"} else label


def _base_form(verb: str) -> str:
    """The verb after a modal: "contributes to" -> "contribute to", "has" -> "have".

    >>> _base_form("contributes to"), _base_form("has limitation"), _base_form("is part of")
    ('contribute to', 'have limitation', 'be part of')
    >>> _base_form("localizes"), _base_form("relieves"), _base_form("reaches")
    ('localize', 'relieve', 'reach')
    """
    head, _, rest = verb.partition(" ")
    irregular = {"has": "have", "is": "be", "does": "do"}
    if head in irregular:
        head = irregular[head]
    elif head.endswith(("izes", "ises", "yzes", "yses")):  # "localizes": the e is the stem's
        head = head[:-1]
    elif head.endswith(("sses", "shes", "ches", "xes", "zzes")):
        head = head[:-2]
    elif head.endswith("ies"):
        head = head[:-3] + "y"
    elif head.endswith("s") and not head.endswith("ss"):
        head = head[:-1]
    return f"{head} {rest}".strip()


def duration_value(text: str) -> tuple[float, str] | None:
    """``P2Y`` -> (2, "years"), ``P6M`` -> (6, "months"); None for mixed durations."""
    body = text.removeprefix("P")
    if len(body) < 2 or not body[:-1].isdigit():
        return None
    return float(body[:-1]), _UNITS.get(body[-1], "")


def _ordered(hops: list[ChainHop], start: str) -> list[ChainHop]:
    """The hops as a path from ``start`` (an inference lists its claims unordered)."""
    out, left, here = [], list(hops), start
    while left:
        nxt = next((h for h in left if here in (h.subject, h.object)), left[0])
        out.append(nxt)
        left.remove(nxt)
        here = nxt.object if nxt.subject == here else nxt.subject
    return out
