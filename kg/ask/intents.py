"""What a question asks: its intent, whether it wants yes/no, the relation it names, and any
time points, from cue words in English and Chinese.

Rules, not a model: the graph answers a fixed set of question kinds, a cue word names the kind
in either language, and a rule that misfires can be read and fixed. The first intent whose
cues appear wins, so the more specific kinds (comparison, evidence, numbers) come first.

>>> classify("甲钴胺能降低同型半胱氨酸吗?").boolean
True
>>> classify("which treatments relieve postoperative pain?").intent
'treatments'
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kg.read.statistics import duration_key

INTENTS = (
    "evidence", "comparison", "numbers", "risk_factors", "cautions", "tcm_view", "emerging",
    "differentiation", "diagnostics", "how_it_works", "mechanisms", "treatments", "relation",
)

# intent -> cue substrings (matched on normalised text: NFKC, lower case, simplified)
_CUES: dict[str, tuple[str, ...]] = {
    "comparison": (" vs ", "versus", "compare", "compared", "better than", "outperform",
                   "superior", "comparable", "比较", "相比", "优于", "哪个更", "哪种更", "对比",
                   "相当", "区别在"),
    "evidence": ("evidence", "which stud", "what stud", "which reference", "what reference",
                 "cited", "study design", "audit", "how strong", "证据", "哪些研究", "什么研究",
                 "依据", "文献", "研究设计", "审核", "引用"),
    "numbers": ("how many", "how common", "prevalence", "incidence", "percentage", "what rate",
                "proportion", "how often", "change", "how much", "%", "多少", "发生率", "患病率",
                "比例", "残留率", "变化", "百分", "几成", "下降了"),
    "risk_factors": ("risk", "at risk", "predispos", "danger", "factors", "危险因素", "风险",
                     "高危", "易患", "因素"),
    "cautions": ("avoid", "caution", "should not", "shouldn't", "contraindicat", "careful",
                 "warn", "respond slow", "slower", "避免", "注意", "慎用", "禁忌", "警惕", "缓慢"),
    "tcm_view": ("tcm", "traditional chinese", "chinese medicine", "中医", "中药"),
    "emerging": ("emerging", "new technolog", "future", "limitation", "limits", "challenge",
                 "drawback", "weakness of", "新技术", "新兴", "局限", "不足", "挑战", "前景",
                 "未来", "缺点", "有待验证"),
    "differentiation": ("distinguish", "tell apart", "tells", "tell a", "differentiat",
                        "discriminat", "鉴别", "区分", "分辨", "区别"),
    "diagnostics": ("diagnos", "test", "detect", "examin", "assess", "evaluat", "imaging",
                    "locali", "locate", "identify", "诊断", "检查", "检测", "评估", "定位",
                    "判断", "明确", "发现"),
    "how_it_works": ("how does", "how do", "work", "include", "consist", "component",
                     "made of", "包括", "包含", "组成", "成分", "mechanism of action", "act on",
                     "target",
                     "作用机制", "如何起作用", "怎样起作用", "通过什么", "如何发挥", "机制是",
                     "作用于", "靶", "怎么起效", "如何治疗"),
    "mechanisms": ("cause", "why", "mechanism", "lead to", "leads to", "contribut", "origin",
                   "source", "come from", "原因", "为什么", "为何", "机制", "导致", "引起",
                   "病因", "来源", "所致"),
    "treatments": ("treat", "relieve", "therap", "manage", "prevent", "help", "address",
                   "improve", "reduce", "suitable", "recommend", "治疗", "缓解", "改善", "预防",
                   "疗法", "处理", "减轻", "适用", "适合", "针对", "办法", "手段"),
}

# relation a yes/no question names -> property roots that answer it
RELATION_CUES: tuple[tuple[tuple[str, ...], str], ...] = (
    (("reduce", "lower", "decrease", "降低", "减少"), "ldho:reducesLevelOf"),
    (("suitable", "适合", "适用"), "ldho:suitableFor"),
    (("outperform", "better", "superior", "优于", "更好"), "ldho:outperforms"),
    (("risk", "风险", "危险"), "ldho:raisesRiskOf"),
    (("detect", "diagnos", "show", "诊断", "检测", "发现", "显示"), "ldho:detects"),
    (("cause", "lead to", "contribut", "aggravat", "导致", "引起", "加重", "诱发"),
     "ldho:contributesTo"),
    (("target", "act on", "作用于"), "ldho:targets"),
    (("treat", "relieve", "help", "ease", "prevent", "improve", "治疗", "缓解", "减轻", "改善",
      "预防"), "ldho:addresses"),
)

_BOOL_EN = re.compile(r"^(does|do|did|is|are|can|could|will|would|should|has|have)\b")
_BOOL_ZH = ("吗", "是否", "能否", "能不能", "会不会", "是不是", "有没有", "可否")
_NUM = r"(\d+(?:\.\d+)?)"
_UNIT = r"(months?|years?|weeks?|个月|月|年|周)"
_TIME = re.compile(_NUM + r"\s*(?:-|\s)?\s*" + _UNIT)
_RANGE = re.compile(r"(\d+)\s*(?:and|to|-|–|~|和|到|至)\s*(\d+)\s*" + _UNIT)


@dataclass(slots=True)
class Classified:
    intent: str
    boolean: bool
    relation: str | None
    timepoints: list[str] = field(default_factory=list)
    asks_cause: bool = False
    asks_treatment: bool = False


def language(question: str) -> str:
    """``zh`` if the question has Chinese characters, ``en`` otherwise (mixed counts as zh)."""
    return "zh" if re.search(r"[\u3400-\u9fff]", question) else "en"


def is_boolean(text: str) -> bool:
    """Does the (normalised) question want yes or no?"""
    return bool(_BOOL_EN.match(text.strip())) or any(c in text for c in _BOOL_ZH)


def relation_named(text: str) -> str | None:
    """The property root a question's verb names, if any."""
    for cues, root in RELATION_CUES:
        if any(c in text for c in cues):
            return root
    return None


def timepoints(text: str) -> list[str]:
    """Time points as ISO 8601 durations, in order of mention (``6个月`` -> ``P6M``)."""
    out: list[str] = []
    found = [(a, u) for a, _, u in _RANGE.findall(text)] + _TIME.findall(text)
    for number, unit in found:
        if "." in number:
            continue
        code = ("Y" if unit.startswith(("year", "年"))
                else "W" if unit.startswith(("week", "周")) else "M")
        value = f"P{number}{code}"
        if value not in out and duration_key(value) not in {duration_key(v) for v in out}:
            out.append(value)
    return out


def classify(text: str) -> Classified:
    """The intent of a normalised question (``relation`` when only a yes/no on an edge fits)."""
    padded = f" {text} "
    intent = next((i for i in INTENTS[:-1] if any(c in padded for c in _CUES[i])), "relation")
    return Classified(
        intent, is_boolean(text), relation_named(text), timepoints(text),
        asks_cause=any(c in padded for c in _CUES["mechanisms"]),
        asks_treatment=any(c in padded for c in _CUES["treatments"]),
    )
