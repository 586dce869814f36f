"""What a question can ask for, in the words clinicians use: the kinds of answer (with the cue
words that suggest each and their weight), the ontology classes and predicates that answer
each kind, the verbs that name a relation, and the study designs. Data, kept apart from the
reading code (``kg.ask.analysis``, ``kg.ask.heads``) so it is easy to extend.
"""

from __future__ import annotations

# kind -> (cue words, weight). Matched on normalised text; a cue inside the head weighs double.
KINDS: dict[str, tuple[tuple[str, ...], float]] = {
    "treatment": (("treatment", "treat", "therap", "management", "manage", "intervention",
                   "option", "what helps", "what can be done", "what was done", "what works",
                   "recommend",
                   "治疗", "疗法", "处理", "办法", "手段", "措施", "方法", "怎么治", "如何治",
                   "治什么", "推荐", "怎么办", "建议"), 1.0),
    "drug": (("drug", "medication", "medicine", "pharmac", "药"), 1.2),
    "surgery": (("surgery", "surgical", "procedure", "technique", "operation", "手术",
                 "术式", "微创"), 1.0),
    "diagnostic": (("test", "diagnos", "imaging", "examin", "exam ", "exams", "bedside",
                    "work up", "workup", "working up", "work-up", "assess", "evaluat", "检查",
                    "诊断", "影像", "评估", "鉴别"), 1.0),
    "mechanism": (("mechanism", "cause", "why", "reason", "behind", "lead to", "leads to",
                   "pathology", "patholog", "origin", "due to", "it from", "come from",
                   "comes from", "机制", "原因", "为什么", "为何", "为啥",
                   "病因", "导致", "引起", "所致", "病理", "怎么回事"), 1.0),
    "risk": (("risk", "predispos", "who is at", "factor", "危险因素", "风险", "高危",
              "影响因素", "因素"), 1.1),
    "symptom": (("symptom", "manifest", "complain", "present", "clinical picture", "症状",
                 "表现", "体征"), 0.9),
    "population": (("which patients", "what patients", "who should", "whom", "population",
                    "哪些患者", "什么患者", "人群", "哪类患者"), 1.0),
    "outcome": (("outcome", "effect", "result", "improve", "benefit", "结局", "效果", "疗效",
                 "改善", "获益", "结果"), 0.6),
    "limitation": (("limitation", "challenge", "caveat", "drawback", "weakness", "ready",
                    "prime time", "not yet", "validated", "局限", "不足", "挑战", "缺点",
                    "问题", "有待"), 1.0),
    "technology": (("technolog", "robot", "artificial intelligence", " ai ", "3d print",
                    "machine learning", "新技术", "人工智能", "机器人", "3d 打印", "3d打印"),
                   0.9),
    "anatomy": (("muscle", "structure", "nerve root", "where", "which part", "region", "anatom",
                 "肌", "结构", "部位", "哪里", "神经根"), 0.6),
    "moa": (("how does", "how do", "how it work", "how they work", " works", "does it work",
             "mechanism of action", "act on",
             "help these patients", "作用机制", "如何起作用", "怎样起作用", "怎么起效", "机理",
             "作用于", "通过"), 1.2),
    "feature": (("character", "like", "quality", "feature", "what makes it worse", "worse",
                 "aggravat", "provok", "特点", "性质", "加重", "诱发", "特征"), 1.2),
    "tcm": (("tcm", "traditional chinese", "chinese medicine", "中医", "中药"), 1.0),
    "prevention": (("prevent", "avoid", "recurrence", "预防", "避免", "防止", "复发", "注意"),
                   1.1),
    "evidence": (("evidence", "what supports", "which studies show", "which study shows",
                  "依据", "证据", "出处"), 1.4),
    "study": (("which stud", "what stud", "which trial", "stud", "trial", "meta-analys",
               "meta analys", "retrospective", "prospective", "cohort", "研究", "文献",
               "试验", "meta", "回顾性", "前瞻性"), 0.8),
    "number": (("how many", "how common", "how often", "how much", "how long", "prevalence",
                "incidence", "rate", "percent", "proportion", "%", "多少", "几", "发生率",
                "患病率", "比例", "残留率", "多久", "多长", "多见", "常见吗", "多不多",
                "cut-off", "cut off", "cutoff", "threshold", "界值", "阈值",
                "is it common", "is this common", "sample size", "样本量", "例数"), 1.3),
    "summary": (("what is", "what are", "tell me about", "describe", "overview", "是什么",
                 "介绍", "什么是"), 0.5),
    "relation": (("relationship", "relation between", "link between", "connection between",
                  "关系", "联系", "相关性"), 1.2),
    "comparison": (("compar", "better", "superior", "vs", "versus", "than", "优于", "比较",
                    "相比", "更好", "哪个好", "区别"), 1.1),
}
# kind -> the ontology classes its answers belong to
KIND_CLASSES: dict[str, tuple[str, ...]] = {
    "treatment": ("ldho:Treatment",),
    "drug": ("ldho:Drug",),
    "surgery": ("ldho:SurgicalProcedure",),
    "diagnostic": ("ldho:DiagnosticProcedure",),
    "mechanism": ("ldho:Mechanism", "ldho:TCMCause", "ldho:Condition"),
    "risk": ("ldho:RiskFactor",),
    "symptom": ("ldho:Symptom", "ldho:Condition"),
    "population": ("ldho:Population",),
    "outcome": ("ldho:Outcome",),
    "limitation": ("ldho:Limitation",),
    "technology": ("ldho:Technology",),
    "anatomy": ("ldho:AnatomicalEntity",),
    "moa": ("ldho:MechanismOfAction", "ldho:MolecularEntity", "ldho:Mechanism"),
    "feature": ("ldho:SymptomFeature", "ldho:AnatomicalEntity", "ldho:Symptom"),
    "tcm": ("ldho:TCMConcept",),
    "prevention": ("ldho:PreventiveMeasure",),
}
# kind -> the predicates (and their sub-properties) that answer it
KIND_RELATIONS: dict[str, tuple[str, ...]] = {
    "treatment": ("ldho:addresses", "ldho:targets", "ldho:improves", "ldho:suitableFor",
                  "ldho:complements", "ldho:componentOf"),
    "drug": ("ldho:addresses", "ldho:targets", "ldho:improves", "ldho:complements",
             "ldho:componentOf", "ldho:memberOf", "ldho:suitableFor", "ldho:cautionFor"),
    "surgery": ("ldho:addresses", "ldho:improves", "ldho:suitableFor", "ldho:outperforms",
                "ldho:comparableTo", "ldho:memberOf"),
    "diagnostic": ("ldho:detects", "ldho:examines", "ldho:improves", "ldho:componentOf",
                   "ldho:suitableFor", "ldho:complements"),
    "mechanism": ("ldho:contributesTo", "ldho:associatedWith", "ldho:manifestsAs",
                  "ldho:occursIn"),
    "risk": ("ldho:raisesRiskOf", "ldho:associatedWith"),
    "symptom": ("ldho:manifestsAs", "ldho:accompaniedBy", "ldho:memberOf", "ldho:causes"),
    "population": ("ldho:suitableFor", "ldho:cautionFor", "ldho:slowerResponseIn"),
    "outcome": ("ldho:improves", "ldho:affects", "ldho:relieves", "ldho:outperforms"),
    "limitation": ("ldho:hasLimitation",),
    "technology": ("ldho:hasLimitation", "ldho:predicts", "ldho:complements"),
    "anatomy": ("ldho:involvesStructure", "ldho:partOf"),
    "moa": ("ldho:hasMechanismOfAction", "ldho:actsOn", "ldho:targets"),
    "feature": ("ldho:hasQuality", "ldho:aggravatedBy", "ldho:accompaniedBy",
                "ldho:locatedIn", "ldho:associatedWith"),
    "tcm": ("ldho:contributesTo", "ldho:inTCMCategory", "ldho:targets", "ldho:prevents",
            "ldho:componentOf", "ldho:memberOf"),
    "prevention": ("ldho:prevents", "ldho:addresses"),
    "comparison": ("ldho:outperforms", "ldho:comparableTo"),
    "relation": (),
    "study": (),
    "evidence": (),
    "number": (),
    "summary": (),
}
# verbs that name a relation in a yes/no question -> the predicates that state it
RELATION_WORDS: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = (
    (("lower", "reduce", "decrease", "降低", "减少", "下降"),
     ("ldho:reducesLevelOf", "ldho:hasMechanismOfAction", "ldho:actsOn", "ldho:targets",
      "ldho:relieves", "ldho:improves")),
    (("suitable", "suited", "indicated", "适合", "适用", "合适"),
     ("ldho:suitableFor", "ldho:treats", "ldho:addresses")),
    (("better", "superior", "outperform", "优于", "更好", "好于"),
     ("ldho:outperforms",)),
    (("similar", "comparable", "相当", "相似"), ("ldho:comparableTo",)),
    (("risk factor", "raise the risk", "increase the risk", "危险因素", "风险"),
     ("ldho:raisesRiskOf",)),
    (("advise against", "avoid", "contraindicat", "should not", "避免", "避开", "不推荐", "禁用",
      "慎用"),
     ("ldho:cautionFor",)),
    (("detect", "diagnos", "show", "distinguish", "tell apart", "telling", "apart from",
      "differentiat", "identify", "诊断", "检测", "显示", "鉴别", "区分", "发现", "评估"),
     ("ldho:detects", "ldho:examines")),
    (("predict", "预测"), ("ldho:predicts", "ldho:raisesRiskOf")),  # "an independent predictor"
    (("correlat", "related to", "associated", "相关", "有关"),
     ("ldho:associatedWith", "ldho:correlatesWith", "ldho:contributesTo")),
    (("cause", "lead to", "contribut", "aggravat", "worsen", "flare", "set off", "trigger",
      "导致", "引起", "加重", "诱发"),
     ("ldho:contributesTo", "ldho:aggravatedBy")),
    (("validated", "proven", "established", "验证", "证实"), ("ldho:hasLimitation",)),
    (("treat", "relieve", "help", "ease", "improve", "benefit", "effective", "work",
      "add on", "adjunct", "complement", "supplement", "治疗", "缓解", "减轻", "改善", "有效",
      "提高", "有帮助", "补充", "辅助"),
     ("ldho:addresses", "ldho:improves", "ldho:complements", "ldho:targets")),
)
# words that ask whether X is an add-on: only they, or naming what X is added to, let
# "X complements rehabilitation" answer a yes/no ("does TCM treat residual symptoms?" is not one)
COMPLEMENT_WORDS = ("help", "benefit", "add on", "add-on", "adjunct", "complement", "supplement",
                    "有帮助", "补充", "辅助", "配合", "有益")

DESIGNS: dict[str, tuple[str, ...]] = {
    "ldho:meta-analysis": ("meta-analys", "meta analys", "meta 分析", "meta分析", "荟萃"),
    "ldho:randomised-controlled-trial": ("rct", "randomi", "随机对照"),
    "ldho:retrospective-analysis": ("retrospective", "回顾性"),
    "ldho:prospective-cohort-study": ("prospective cohort", "前瞻性队列"),
    "ldho:prospective-study": ("prospective", "前瞻性"),
    "ldho:cohort-study": ("cohort", "队列"),
    "ldho:multicentre-study": ("multicent", "multi-cent", "多中心"),
    "ldho:case-report": ("case report", "single case", "病例报告", "个案", "1 例"),
}


# words that name a frame of thought rather than a thing: "the *TCM* view of X", "*中医*认为"
FRAME_WORDS: dict[str, tuple[str, ...]] = {
    "tcm": ("tcm", "traditional chinese medicine", "chinese medicine", "中医", "中医学", "中医药",
            "祖国医学"),
}
# ... and the words around one that make it a frame ("in TCM", "the TCM view", "中医认为") where
# a yes/no question would otherwise have it as the subject asked about ("does TCM treat X?")
FRAME_BEFORE = ("in ", "from ", "according to ", "by ", "按", "从", "在", "依")
FRAME_ASKING = ("是不是", "是否", "到底", "也", "又", "会不会")  # between 中医 and 认为
FRAME_AFTER = ("view", "point of view", "perspective", "theory", "terms", "'s view", "认为", "角度",
               "看来", "来看", "理论", "观点", "里", "上", "学说", "看")


# words of a yes/no question that are about asking, not about the thing asked
ASKING_EN = frozenset((
    "does", "do", "did", "is", "are", "was", "were", "can", "could", "will", "would",
    "should", "has", "have", "had", "may", "might", "must", "the", "a", "an", "of", "for",
    "to", "in", "on", "at", "by", "with", "and", "or", "not", "no", "yes", "review", "say",
    "says", "said", "state", "states", "stated", "claim", "claims", "mention", "mentions",
    "describe", "describes", "report", "reports", "it", "its", "this", "that", "these",
    "those", "there", "their", "be", "been", "being", "as", "any", "some", "more", "less",
    "than", "after", "before", "patients", "patient", "postoperative", "post", "op",
    "surgery", "lumbar", "disc", "herniation", "ldh", "residual", "symptoms", "symptom",
    "fair", "true", "correct", "right", "advise", "recommend", "recommends", "really",
    "actually", "also", "still", "according", "per", "treatment", "treatments",
    # a clinician's shorthand for the patient and the operation, not the thing asked about
    "anything", "like", "similar", "case", "cases", "pt", "pts", "op", "ops", "postop", "hx",
    "dx", "tx", "sx", "yo", "yrs", "wks", "mos",
    # the setting's "residual", in other words, and words of manner
    "leftover", "persistent", "persisting", "remaining", "lingering", "ongoing", "typically",
    "typical", "usually", "itself", "generally", "role", "ons",  # ("add-ons": "add on")
    "finding", "findings", "feature", "features",  # "which exam findings": the exam is asked
    # what the review is asked to have said ("does the review *caution* that ...") and the
    # stems "haven't", "isn't" leave (their "not" is read as a lack: _LACK)
    "caution", "cautions", "warn", "warns", "note", "notes", "suggest", "suggests",
    "suggested", "support", "supports", "something", "yet", "haven", "hasn", "isn",
    "aren", "wasn", "weren", "doesn", "didn", "don", "won", "wouldn", "couldn", "shouldn",
    # a direction, checked apart against the claim's (kg.ask.yesno's polarity check)
    "fewer", "lower", "higher", "greater", "smaller", "larger",
))
ASKING_ZH = (
    "综述", "是否", "不能", "不会", "不是", "没有", "哪些", "什么", "怎么", "如何", "多少",
    "为什么", "吗", "呢", "吧", "被", "请问", "文中", "文章", "作者", "其", "认为", "说", "提到",
    "能否", "有没有", "是不是", "术后", "患者", "病人", "会不会", "可以", "能不能", "这个",
    "这种", "一下", "有", "是", "的", "了", "能", "会", "可", "要", "对", "不", "没", "和", "与",
    "及", "在", "以上", "以下", "以内", "特别", "方面", "还是", "仍然", "一直", "老是", "类似",
    "相似", "病例", "情况", "这样", "报道", "可能性", "可能", "更高", "更大", "更多", "更低",
    "更小", "更少", "坚持", "交代")  # (a comparative's direction is checked apart)


__all__ = ["ASKING_EN", "ASKING_ZH", "COMPLEMENT_WORDS", "DESIGNS", "FRAME_AFTER",
           "FRAME_ASKING", "FRAME_BEFORE", "FRAME_WORDS", "KINDS", "KIND_CLASSES",
           "KIND_RELATIONS", "RELATION_WORDS"]
