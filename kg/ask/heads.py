"""The wh-phrase of a question part: the noun it asks for ("which *tests*", "what *dose* of",
"哪些*药物*", "*副作用*有哪些"), the kind of answer that noun names, the entity it names when the
part asks for the members of a concept ("which *TCM therapies*"), and whether the noun is
something the review never speaks of. Only the part's first wh-phrase counts: "which test
clarifies *which nerve root* causes it" asks for a test.

>>> head_noun("what dose of pregabalin is used?")
('dose', (5, 9))
>>> head_kind("which factors did the cohort study find")
'risk'
>>> head_noun("甲钴胺的副作用有哪些？")[0]
'副作用'
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from wordfreq import zipf_frequency

from kg.ask.kinds import KINDS, RELATION_WORDS

_STOP_EN = (r"(?=\s+(?:of|does|do|did|is|are|was|were|should|can|could|would|has|have|had|for|"
            r"in|to|will|used|given|on|with|that)\b|\s*[?,]|$)")
_HEAD_EN = (
    re.compile(r"\b(?:what|which)\s+(?:is|are|was|were)\s+the\s+((?:[a-z][a-z-]*\s+){0,2}?"
               r"[a-z][a-z-]*)" + _STOP_EN),
    re.compile(r"\b(?:what|which)\s+((?:[a-z][a-z-]*\s+){0,2}?[a-z][a-z-]*)" + _STOP_EN),
)
_HEAD_ZH = (
    re.compile(r"(?:哪些|哪种|哪个|哪类|哪几种|哪几类|(?<!为)什么|(?<!为)啥)([\u4e00-\u9fff]{2,4})"),
    re.compile(r"(?:的|^)([\u4e00-\u9fff]{2,4}?)(?:有哪些|是什么|有什么|包括哪些)"),
)
_WH_EN = re.compile(r"\b(?:which|what)\s+")
_ONE_EN = re.compile(r"(?:which|what)\s+([a-z][a-z-]*)")
_WH_ZH = re.compile(r"哪些|哪种|哪类|哪几种|哪几类|(?<!为)什么|(?<!为)啥")
_LIST_ZH = re.compile(r"^(?:有|包括|包含|分为)(?:哪些|哪几种|哪几类|什么)\s*(?:呢|[?？。,，]|$)")
_BETWEEN_EN = re.compile(r"^(?:[a-z-]+\s+){0,2}$")  # up to two words ("minimally invasive")
# "what are the *main* residual symptoms": asks for the things of that name, the verb and all
_WHAT_ARE_EN = re.compile(r"^\s*(?:are|were)\s+(?:the\s+)?(?:(?:main|common|most common|"
                          r"commonest|typical|usual|key|major|principal)\s+)?$")
_VERBS_EN = frozenset(("is", "are", "was", "were", "does", "do", "did", "can", "should",
                       "would", "has", "have", "makes", "happens", "the", "a", "an"))
_CUES = tuple(c.strip() for cues, _ in KINDS.values() for c in cues if c.strip())
_RELATION_CUES = tuple(w for cues, _ in RELATION_WORDS for w in cues)
GENERIC = frozenset((
    "kind", "kinds", "type", "types", "sort", "way", "ways", "thing", "things", "aspect",
    "aspects", "part", "parts", "one", "ones", "role", "extent", "level", "evidence",
    "information", "data", "view", "views", "difference", "relationship", "relation",
    "finding", "findings", "feature", "features", "measure", "measures",
    "方面", "东西", "情况", "内容", "作用", "意义", "问题", "关系", "区别", "观点", "看法"))
Span = tuple[int, int]


def head_noun(text: str) -> tuple[str, Span] | None:
    """The noun phrase of the first wh-phrase of ``text`` and where it is."""
    wh = [m for m in (_WH_EN.search(text), _WH_ZH.search(text)) if m]
    first = min((m.start() for m in wh), default=None)
    found = [m for p in (*_HEAD_EN, *_HEAD_ZH) if (m := p.search(text))]
    same = [m for m in found if first is None or m.start() <= first + 1]
    if same:
        m = min(same, key=lambda m: (m.start(), -len(m.group(1))))
        return m.group(1), m.span(1)
    if first is not None and (one := _ONE_EN.match(text, first)):  # "which test clarifies"
        return one.group(1), one.span(1)
    if found:
        m = min(found, key=lambda m: (m.start(), -len(m.group(1))))
        return m.group(1), m.span(1)
    return None


def head_kind(text: str) -> str | None:
    """The kind of answer the wh-phrase's noun names ("which *factors*" -> risk)."""
    found = head_noun(text)
    if found is None:
        return None
    for kind, (cues, _) in KINDS.items():
        if any(c.strip() and c.strip() in found[0] for c in cues):
            return kind
    return None


def type_entity(text: str, spans: Iterable[tuple[str, Span]]) -> str | None:
    """The entity (id) the first wh-phrase names as what it asks for: right after the
    wh-word, with at most two words between that are not verbs ("which minimally invasive
    *procedures*", "哪些*中医疗法*"), or a Chinese "<entity>有哪些"."""
    wh = [m for m in (_WH_EN.search(text), _WH_ZH.search(text)) if m]
    first = min(wh, key=lambda m: m.start()) if wh else None
    for curie, (start, end) in sorted(spans, key=lambda s: s[1]):
        if first is not None and start >= first.end():
            between = text[first.end():start]
            if first.re is _WH_EN and _BETWEEN_EN.match(between) and not (
                    set(between.split()) & _VERBS_EN) and not any(
                    c in between for c in (*_RELATION_CUES, *_CUES)):  # "which *tests* localise"
                return curie
            if first.re is _WH_EN and _WHAT_ARE_EN.match(between):
                return curie
            if first.re is _WH_ZH and start - first.end() <= 2:
                return curie
        if _LIST_ZH.match(text[end:]):
            return curie
    return None


def unknown_head(text: str, spans: Iterable[Span], known: Callable[[str], bool],
                 segment: Callable[[str], list[str]]) -> str | None:
    """The wh-phrase's noun ("what *dose*", "哪些*穴位*") when it is not a kind of answer, not
    a generic noun, not inside a concept the question names, and not a word the review uses
    (``known``): the part asks for something the review does not say."""
    found = head_noun(text)
    if found is None:
        return None
    phrase, (a, b) = found
    if any(s < b and a < e for s, e in spans):
        return None
    zh = bool(re.match(r"[\u4e00-\u9fff]", phrase))
    head = (segment(phrase) or [phrase])[-1 if not zh else 0] if zh else phrase.split()[-1]
    if len(head) < 2 or head in GENERIC or any(c in head for c in _CUES) or known(head):
        return None
    return head if zipf_frequency(head, "zh" if zh else "en") < (5.0 if zh else 4.5) else None


__all__ = ["GENERIC", "head_kind", "head_noun", "type_entity", "unknown_head"]
