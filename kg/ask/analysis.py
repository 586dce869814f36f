"""Read a question: its parts, what each part asks for, how it asks, and the study it names.

A question is split into parts (sentences, and clauses that ask something of their own);
for each part the kinds of answer it wants are scored, not taken from the first cue word:
a cue in the question's head (the wh-phrase, "哪些X", "which X") weighs more than one
elsewhere, and a class the wh-phrase names ("which tests") weighs most. Yes/no is read from
the structure (a leading auxiliary, 吗/是否/能否 ...), the relation from the verbs, the
polarity of a comparison (higher / lower) from its words, and a study from its author, year,
sample size or design.

>>> p = analyse("Which treatments address inflammatory residual pain?").parts[0]
>>> p.top, p.yes_no
('treatment', False)
>>> analyse("甲钴胺能降低同型半胱氨酸吗？").parts[0].yes_no
True
>>> [x.text for x in analyse("How many patients were followed, and for how long?").parts]
['how many patients were followed, and for how long?']
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kg.ask.heads import head_noun
from kg.ask.kinds import DESIGNS, KINDS, RELATION_WORDS
from kg.read.statistics import duration_key
from kg.text import normalise

_UP = ("higher", "more ", "increase", "greater", "worse", "larger", "rise", "rose", "risen",
       "commoner", "更高", "高于", "还高", "增加", "更多", "多于", "升高", "上升", "更大", "更差",
       "更常见", "更多见")
_DOWN = ("lower", "less ", "fewer", "decrease", "smaller", "reduc", "decline", "dropped", "fell",
         "fallen", "rarer", "更低", "低于", "还低", "减少", "降低", "更少", "少于", "下降", "更小",
         "更少见")
_BOOL_EN = re.compile(r"^(?:so\s+|and\s+|but\s+)?(?:does|do|did|is|are|was|were|can|could|"
                      r"will|would|should|has|have|had|may|might|must|wo|ca)(?:n['’]t)?\b")
_LEAD_EN = re.compile(r"\s*(?:in|for|among|at|after|with|within|from|per|according to|across|"
                      r"of|regarding|about|if|when|since|given|apart from|besides)\b")
_BOOL_ZH = ("吗", "是否", "能否", "能不能", "会不会", "是不是", "有没有", "可否", "可不可以",
            "有无", "对不对", "是吗", "对吗", "吧?", "吧？")
# "when I can't tell which root ..., is ...?": a clause that sets the scene, not a wh-question
_SUBORDINATE = re.compile(r"\s*(?:if|since|given|although|though|because|while|once|whenever|"
                          r"when(?!\s+(?:does|do|did|is|are|was|were|can|could|will|would|"
                          r"should|has|have|had|may|might|must)\b))\b")
# 适不适合, 要不要, 好不好: asks yes or no (the match is the "X不", which phrases the question)
A_NOT_A = re.compile(r"([\u4e00-\u9fff])[不没](?=\1)")
_WH_EN = re.compile(r"\b(?:what|which|who|whom|whose|why|how|where|when|list|name)\b")
_WH_ZH = ("什么", "哪些", "哪个", "哪种", "哪项", "哪几", "为什么", "为何", "为啥", "怎么", "怎样",
          "如何", "多少", "几", "谁", "哪里", "何种")
_SPLIT = re.compile(r"(?<=[?？])\s*|(?<=[;；。！!])\s*|\s+[—–-]{1,2}\s+(?=[a-z])|"
                    r"(?<=\.)\s+|"
                    r",\s*(?=and\s+(?:what|which|how|why|who|when|where|is|are|does|do|did|can)\b)|"
                    r"(?:(?<=described)|(?<=mentioned)|(?<=reported)|(?<=common)|(?<=true))"
                    r"\s*,\s*(?=(?:how|what|which|why)\b)")
_NOT_A_STOP = re.compile(r"\b(?:al|vs|e\.g|i\.e|dr|fig|no|approx|acc|incl|esp|resp|pt|pts|ref|"
                         r"refs|approx|cf|etc)\.$")  # "Ahn et al. —", "acc. to the review"
_NUM = r"(\d+(?:\.\d+)?)"
_UNIT = r"(months?|years?|weeks?|个月|月|年|周)"
_TIME = re.compile(_NUM + r"\s*(?:-|\s)?\s*" + _UNIT)
_RANGE = re.compile(r"(\d+)\s*(?:and|to|-|–|~|和|到|至)\s*(?:at\s+|in\s+)?(\d+)\s*" + _UNIT)
_SAMPLE = re.compile(r"(\d{2,5})\s*(?:-\s*)?(?:patients?|cases?|participants?|people|例|名|位)")
_YEAR = re.compile(r"\b(20[0-2]\d)\b|(20[0-2]\d)\s*年")
_CITE = re.compile(r"\[(\d+)\]")


@dataclass(slots=True)
class Part:
    """One thing the question asks."""

    text: str  # normalised
    start: int = 0  # where it starts in the normalised question
    kinds: dict[str, float] = field(default_factory=dict)  # kind -> score
    yes_no: bool = False
    relations: tuple[str, ...] = ()  # predicates a yes/no names (with sub-properties)
    polarity: int = 0  # +1 "higher/more", -1 "lower/less", 0 none
    negated: bool = False
    timepoints: list[str] = field(default_factory=list)
    sample_sizes: list[int] = field(default_factory=list)
    years: list[int] = field(default_factory=list)
    designs: list[str] = field(default_factory=list)
    citations: list[int] = field(default_factory=list)
    superlative: str | None = None  # "max" | "min" | "count"

    @property
    def top(self) -> str | None:
        return max(self.kinds, key=lambda k: self.kinds[k]) if self.kinds else None

    def wanted(self, threshold: float = 0.5) -> list[str]:
        """Kinds scoring at least ``threshold`` of the best, best first."""
        if not self.kinds:
            return []
        best = max(self.kinds.values())
        return sorted((k for k, v in self.kinds.items() if v >= threshold * best),
                      key=lambda k: -self.kinds[k])


@dataclass(slots=True)
class Analysis:
    question: str
    language: str
    normalised: str
    parts: list[Part]


def language(question: str) -> str:
    """``zh`` if the question has Chinese characters, ``en`` otherwise (mixed counts as zh)."""
    return "zh" if re.search(r"[\u3400-\u9fff]", question) else "en"


def timepoints(text: str) -> list[str]:
    """Time points as ISO 8601 durations, in order of mention (``6个月`` -> ``P6M``).

    >>> timepoints("from 6 months to 24 months"), timepoints("术后6个月到2年")
    (['P6M', 'P24M'], ['P6M', 'P2Y'])
    """
    out: list[str] = []
    found = [(a, u) for a, _, u in _RANGE.findall(text)] + _TIME.findall(text)
    for number, unit in found:
        if "." in number:
            continue
        code = ("Y" if unit.startswith(("year", "年"))
                else "W" if unit.startswith(("week", "周")) else "M")
        value = f"P{number}{code}"
        if duration_key(value) not in {duration_key(v) for v in out}:
            out.append(value)
    return out


def head_span(text: str, zh: bool) -> tuple[int, int] | None:
    """Where the question's head is: the wh-phrase and the words right after it
    ("which imaging tests does", "哪些药物", "…有哪些"); None when there is no wh-word."""
    if zh:
        hits = [m.start() for w in _WH_ZH for m in re.finditer(w, text)]
        if not hits:
            return None
        i = min(hits)
        return max(0, i - 8), min(len(text), i + 10)
    m = _WH_EN.search(text)
    if m is None:
        return None
    words = list(re.finditer(r"\S+", text[m.start():]))[:7]
    return m.start(), m.start() + words[-1].end()


def _head(text: str, zh: bool) -> str:
    noun = head_noun(text)
    if noun is not None:  # "which *test* clarifies which nerve root causes it"
        return noun[0]
    span = head_span(text, zh)
    if span is None:
        return text[-12:] if zh else " ".join(text.split()[:6])
    return text[span[0]:span[1]]


# the setting every question shares ("after LDH surgery", "手术后"): no cue of what is asked
_SETTING = re.compile(
    r"\b(?:after|following|post)[\s-]+(?:(?:the|his|her|their|my|an?|lumbar|ldh|disc|disk|"
    r"spine|spinal|back|initial|index|primary)\s+){0,3}(?:surgery|surgeries|operations?|ops?|"
    r"discectomy|microdiscectomy)\b|(?:ldh|腰椎间盘突出症?|腰突症?)手术后")


def _score_kinds(text: str, zh: bool, class_kinds: list[str]) -> dict[str, float]:
    text = re.sub(r"哪几(?=[项种个类])", "哪些", text)  # "which ones", not "how many"
    head = _head(text, zh)
    padded = f" {_SETTING.sub(' ', text)} "
    scores: dict[str, float] = {}
    for kind, (cues, weight) in KINDS.items():
        s = 0.0
        for cue in cues:
            if cue in padded:
                s = max(s, weight * (2.0 if cue in head else 1.0))
        if s:
            scores[kind] = s
    for kind in class_kinds:  # a class the question names ("which tests") decides most
        scores[kind] = scores.get(kind, 0.0) + 2.5
    return scores


def _polarity(text: str) -> int:
    up = sum(w in text for w in _UP)
    down = sum(w in text for w in _DOWN)
    return (up > down) - (down > up)


def _relations(text: str) -> tuple[str, ...]:
    out: list[str] = []
    for words, props in RELATION_WORDS:
        if any(w in text for w in words):
            out += [p for p in props if p not in out]
    return tuple(out)


# "is it common?", "这种情况多见吗": a question of how often, answered with the figures
_HOW_COMMON_ZH = ("多见", "常见吗", "多不多", "普遍吗", "常不常见")
_HOW_COMMON_EN = re.compile(r"\bis (?:it|this|that) (?:common|frequent|rare|usual)\b")


# "用药方面有没有推荐", "are there any drugs that help": asks for the things, not yes or no
_ANY_ZH = re.compile(r"有没有[^,，。?？]{0,6}(?:推荐|建议|办法|方法|药|治疗|措施|手段|检查)|"
                     r"有(?:没有)?[^,，。?？]{0,8}(?:数据|数字|发生率|患病率|比例)")  # the figures
_ANY_EN = re.compile(r"\b(?:are there|is there) any (?:drugs?|medications?|treatments?|"
                     r"recommendations?|options?|tests?|therapies|ways?|figures?|data|"
                     r"numbers?|rates?|statistics)\b|\bany (?:drugs?|"
                     r"recommendations?|treatments?) (?:you|they|it) (?:recommend|suggest)")


def is_yes_no(text: str) -> bool:
    if language(text) == "zh":
        return (any(c in text for c in _BOOL_ZH) or bool(A_NOT_A.search(text))) and not any(
            w in text for w in (
            "哪些", "什么", "多少", "为什么", "哪个", "如何", "怎么", *_HOW_COMMON_ZH)) and \
            not _ANY_ZH.search(text)
    clause = re.split(r"[,;:]|\s[—–-]\s", text.strip())
    first = clause[0] if clause else text
    if (_WH_EN.match(first.strip()) and not _SUBORDINATE.match(first)) or \
            _HOW_COMMON_EN.search(text) or _ANY_EN.search(text):
        return False  # "which tests does the review recommend ...", "is this common?"
    asked = re.search(r"\b(?:is it (?:true|fair|correct)|does the review (?:say|claim|state|"
                      r"advise|recommend|describe|mention))\b", text)
    if _BOOL_EN.match(first.strip()) or (asked and not _WH_EN.search(text[:asked.start()])):
        return True  # (not "what does the review say")
    # "In the meta-analysis of 18 studies, *was* back pain more prevalent than leg pain?":
    # a scene-setting phrase, then the yes/no clause
    if not _LEAD_EN.match(text):
        return False
    turn = re.search(r",\s*(?=" + _BOOL_EN.pattern.removeprefix("^") + ")", text)
    # a wh-word inside the scene-setting clause is embedded ("when I can't tell *which* root
    # ..., is a CT-guided block suggested?"); one that opens a clause asks
    return turn is not None and not any(_WH_EN.search(c) and not _SUBORDINATE.match(c)
                                        for c in re.split(r"[,;:]", text[:turn.start()]))


def split(text: str) -> list[tuple[int, int]]:
    """(start, end) of each part of the normalised question."""
    out, pos = [], 0
    for m in _SPLIT.finditer(text):
        if text[m.start() - 1:m.start()] == "." and _NOT_A_STOP.search(text[:m.start()]):
            continue
        if m.start() > pos and text[pos:m.start()].strip():
            out.append((pos, m.start()))
        pos = max(pos, m.end())
    if text[pos:].strip():
        out.append((pos, len(text)))
    return [piece for a, b in out or [(0, len(text))] for piece in _and_wh(text, a, b)]


# "..., and how common?", "..., and was it prospective or retrospective?": a second question
_AND_WH = re.compile(r"\s+and\s+(?=(?:how|what|which|why)\b|(?:was|is|were|are|did|does|do|"
                     r"has|had)\s+(?:it|they|that|this|these|those)\b)")
_WH_START = re.compile(r"\s*(?:what|which|how|why|who|where|when)\b")


def _and_wh(text: str, a: int, b: int) -> list[tuple[int, int]]:
    """"what's it from and how common?": a wh-clause joined to a wh-clause by "and" is two
    parts (not "X and how it works", where the first half asks nothing)."""
    if not _WH_START.match(text, a):
        return [(a, b)]
    m = _AND_WH.search(text, a, b)
    return [(a, m.start()), *_and_wh(text, m.start(), b)] if m else [(a, b)]


def analyse(question: str, class_kinds: dict[int, list[str]] | None = None,
            masks: tuple[tuple[int, int], ...] = (), normalised: str | None = None) -> Analysis:
    """The question read into parts. ``class_kinds`` maps a part's start to the kinds of the
    ontology classes recognised in it; ``masks`` are spans (the entities recognised) whose
    words must not count as cue words ("symptoms" in "residual symptoms"); ``normalised`` is
    the question as the entity recogniser normalised it (the spans refer to it)."""
    norm = normalised if normalised is not None else normalise(question.strip())
    lang = language(question)
    masked = list(norm)
    for a, b in masks:
        masked[a:b] = " " * (b - a)
    cue_text = "".join(masked)
    parts = []
    for start, end in split(norm):
        raw = norm[start:end]
        lead = len(raw) - len(raw.lstrip())
        piece = raw.strip()
        cues = cue_text[start + lead:start + lead + len(piece)]
        kinds = _score_kinds(cues, lang == "zh", (class_kinds or {}).get(start, []))
        if len(timepoints(piece)) >= 2:  # "from 6 to 24 months": figures at two time points
            kinds["number"] = kinds.get("number", 0.0) + 2.0
        p = Part(piece, start + lead, kinds, yes_no=is_yes_no(piece),
                 relations=_relations(cues), polarity=_polarity(piece),
                 negated=bool(re.search(r"\bnot\b|n't\b|没有|不是|并非", piece)),
                 timepoints=timepoints(piece))
        p.sample_sizes = [int(x) for x in _SAMPLE.findall(piece)]
        p.years = [int(a or b) for a, b in _YEAR.findall(piece)]
        p.citations = [int(x) for x in _CITE.findall(piece)]
        p.designs = [d for d, cues in DESIGNS.items() if any(c in piece for c in cues)]
        if re.search(r"\b(largest|biggest|most patients|maximum)\b|最大|最多", piece):
            p.superlative = "max"
        elif re.search(r"\b(smallest|fewest|least|minimum)\b|最小|最少", piece):
            p.superlative = "min"
        elif re.search(r"how many (?:stud|trial|meta|rct|review)|几项|多少项|几个|一共", piece):
            p.superlative = "count"
        parts.append(p)
    return Analysis(question, lang, norm, parts)
