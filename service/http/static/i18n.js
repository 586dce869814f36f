// The interface in English and Chinese. The graph's own words (labels, definitions, quotes)
// come from the data in both languages; these are the page's words around them.
"use strict";

const STRINGS = {
  en: {
    skip: "Skip to content",
    title: "LDH residual symptoms",
    subtitle: "knowledge graph of one review, every statement with its sentence",
    nav: "Main",
    "nav.browse": "Browse", "nav.ask": "Ask", "nav.statistics": "Statistics", "nav.api": "API docs",
    "search.label": "Search the graph", "search.placeholder": "PELD, 甲钴胺, numbness, IL-6 …",
    "search.button": "Search", "search.title": "Search", "search.none": "No match.",
    "search.matched": "matched",
    footer: "Every statement traces to the exact sentence of the review:",
    "home.title": "What the review says about residual symptoms after LDH surgery",
    "home.lead": "Browse what the graph holds, open any concept for its relations and the exact sentences behind them, or ask a question.",
    "home.browse": "Browse", "home.all": "all", "home.overview": "Which treatments act on which mechanisms and symptoms",
    "home.overview.lead": "Rows: treatments. Columns: mechanisms, then symptoms. ● stated in the review (the number of claims), ○ inferred by the reasoner (e.g. a treatment that targets a mechanism that contributes to a symptom). Each mark opens the treatment's page.",
    "home.stated": "stated", "home.inferred": "inferred",
    "kind.symptoms": "Symptoms", "kind.mechanisms": "Mechanisms", "kind.treatments": "Treatments",
    "kind.diagnostics": "Diagnostics", "kind.risks": "Risk factors", "kind.tcm": "TCM concepts",
    "kind.anatomy": "Anatomy", "kind.populations": "Populations",
    "entity.types": "Kind", "entity.synonyms": "Synonyms", "entity.ids": "Outside identifiers",
    "entity.relations": "Relations and evidence", "entity.filter": "Filter the relations",
    "entity.graph": "Neighbourhood", "entity.graph.legend": "solid: stated in the review · dashed: inferred by the reasoner · click a node to open it",
    "entity.exports": "Export this subgraph", "entity.notfound": "No such entity.",
    "entity.qualifier": "as a qualifier of", "entity.other": "Entity", "entity.evidence": "Evidence",
    "entity.none": "No relation.",
    "col.entity": "Entity", "col.evidence": "Evidence (exact quote, section, references)", "col.refs": "References",
    "ev.inferred": "inferred", "ev.from": "inferred from", "ev.design": "design", "ev.n": "n",
    "ev.time": "time point", "ev.modality": "modality", "ev.population": "population",
    "ev.indication": "for", "ev.comparator": "compared with", "ev.flags": "audit flags",
    "ev.uncited": "uncited", "ev.refutes": "refutes", "ev.caution": "caution",
    "cite.title": "Reference", "cite.claims": "Claims citing it", "cite.flags": "Audit flags",
    "cite.notfound": "No such reference.", "cite.doi": "DOI",
    "browse.members": "Members", "browse.filter": "Filter", "browse.count": "entities",
    "stats.title": "Quantitative findings", "stats.lead": "Every number the review reports, each mark linked to the reference and the sentence it comes from.",
    "stats.prevalence": "Prevalence of residual symptoms by time after surgery",
    "stats.samples": "Sample sizes of the studies the review describes",
    "stats.table": "All statistics", "stats.months": "months after surgery", "stats.percent": "% of patients",
    "stats.patients": "patients", "stats.nottime": "time not stated",
    "ask.title": "Ask a question", "ask.label": "Your question, in English or Chinese",
    "ask.button": "Ask", "ask.examples": "Try", "ask.yes": "Yes", "ask.no": "No",
    "ask.closest": "The closest statements the review does make", "ask.suggest": "Questions the graph can answer",
    "ask.queries": "Queries run", "ask.open": "Open in the SPARQL editor", "ask.part": "Part",
    "ask.tcm": "TCM view", "ask.chain": "chain", "ask.nothing": "The review does not say.",
    "sparql.title": "SPARQL editor", "sparql.lead": "Read-only SPARQL 1.1 over the whole graph (named graphs: asserted, inferred, provenance, ontology). The example queries are the tabs.",
    "error": "Something went wrong",
  },
  zh: {
    skip: "跳到正文",
    title: "腰椎间盘突出症术后残余症状",
    subtitle: "一篇综述的知识图谱，每条陈述都附原句",
    nav: "主导航",
    "nav.browse": "浏览", "nav.ask": "提问", "nav.statistics": "统计", "nav.api": "API 文档",
    "search.label": "检索图谱", "search.placeholder": "PELD、甲钴胺、下肢麻木、IL-6 …",
    "search.button": "检索", "search.title": "检索结果", "search.none": "无匹配。",
    "search.matched": "匹配",
    footer: "每条陈述均可追溯至综述原句：",
    "home.title": "综述关于 LDH 术后残余症状的内容",
    "home.lead": "浏览图谱中的概念，打开任一概念查看其关系及所依据的原句，或直接提问。",
    "home.browse": "浏览", "home.all": "全部", "home.overview": "哪些治疗作用于哪些机制和症状",
    "home.overview.lead": "行：治疗；列：机制，其后为症状。● 综述陈述（数字为陈述条数），○ 推理所得（例如作用于某机制、而该机制促成某症状的治疗）。点击标记打开该治疗的页面。",
    "home.stated": "陈述", "home.inferred": "推理",
    "kind.symptoms": "症状", "kind.mechanisms": "机制", "kind.treatments": "治疗",
    "kind.diagnostics": "诊断", "kind.risks": "危险因素", "kind.tcm": "中医概念",
    "kind.anatomy": "解剖结构", "kind.populations": "人群",
    "entity.types": "类别", "entity.synonyms": "同义词", "entity.ids": "外部标识符",
    "entity.relations": "关系与证据", "entity.filter": "筛选关系",
    "entity.graph": "邻域图", "entity.graph.legend": "实线：综述陈述 · 虚线：推理所得 · 点击节点打开",
    "entity.exports": "导出此子图", "entity.notfound": "没有该实体。",
    "entity.qualifier": "作为限定条件", "entity.other": "实体", "entity.evidence": "证据",
    "entity.none": "无关系。",
    "col.entity": "实体", "col.evidence": "证据（原句、章节、参考文献）", "col.refs": "参考文献",
    "ev.inferred": "推理", "ev.from": "推理依据", "ev.design": "设计", "ev.n": "例数",
    "ev.time": "时间点", "ev.modality": "语气", "ev.population": "人群",
    "ev.indication": "限于", "ev.comparator": "对照", "ev.flags": "审核标记",
    "ev.uncited": "未引用", "ev.refutes": "反驳", "ev.caution": "注意",
    "cite.title": "参考文献", "cite.claims": "引用该文献的陈述", "cite.flags": "审核标记",
    "cite.notfound": "没有该参考文献。", "cite.doi": "DOI",
    "browse.members": "成员", "browse.filter": "筛选", "browse.count": "个实体",
    "stats.title": "定量结果", "stats.lead": "综述报告的每个数字，每个标记都链接到其参考文献与原句。",
    "stats.prevalence": "术后不同时间的残余症状发生率",
    "stats.samples": "综述所述研究的样本量",
    "stats.table": "全部统计", "stats.months": "术后月数", "stats.percent": "患者百分比",
    "stats.patients": "例", "stats.nottime": "未说明时间",
    "ask.title": "提问", "ask.label": "用中文或英文提问",
    "ask.button": "提问", "ask.examples": "试试", "ask.yes": "是", "ask.no": "否",
    "ask.closest": "综述中最接近的陈述", "ask.suggest": "图谱能回答的问题",
    "ask.queries": "运行的查询", "ask.open": "在 SPARQL 编辑器中打开", "ask.part": "第",
    "ask.tcm": "中医观点", "ask.chain": "推理链", "ask.nothing": "综述对此没有说明。",
    "sparql.title": "SPARQL 编辑器", "sparql.lead": "对整个图谱的只读 SPARQL 1.1（命名图：asserted、inferred、provenance、ontology）。示例查询在标签页中。",
    "error": "出错了",
  },
};

let current = (() => {
  try { return localStorage.getItem("ldhkg.lang") || (navigator.language || "en").slice(0, 2); }
  catch { return "en"; }
})();
if (!(current in STRINGS)) current = "en";

export const lang = () => current;
export const t = (key) => STRINGS[current][key] ?? STRINGS.en[key] ?? key;

/** The label in the reader's language, the other one as a fallback. */
export const pick = (en, zh) => (current === "zh" ? zh || en : en || zh) || "";

export function setLang(next) {
  current = next in STRINGS ? next : "en";
  try { localStorage.setItem("ldhkg.lang", current); } catch { /* private mode */ }
  applyI18n();
}

/** Put the interface words of the static shell into the current language. */
export function applyI18n(root = document) {
  document.documentElement.lang = current === "zh" ? "zh-Hans" : "en";
  for (const el of root.querySelectorAll("[data-i18n]")) el.textContent = t(el.dataset.i18n);
  for (const el of root.querySelectorAll("[data-i18n-placeholder]")) {
    el.placeholder = t(el.dataset.i18nPlaceholder);
  }
  for (const el of root.querySelectorAll("[data-i18n-aria]")) {
    el.setAttribute("aria-label", t(el.dataset.i18nAria));
  }
  const button = document.getElementById("lang");
  if (button) button.textContent = current === "zh" ? "English" : "中文";
}
