// Questions in English or Chinese, answered as cards: each answer with its evidence quotes,
// inferred chain and audit flags, grouped by the part of the question it answers; "the
// review does not say" said as such, with the closest statements and questions it can answer;
// every query run one click from the SPARQL editor.
"use strict";

import { lang, pick, t } from "./i18n.js";
import { entityHref, evidenceBlock, getJSON, h, local, termLabel, vocabulary } from "./ui.js";

const EXAMPLES = [
  "Which treatments address inflammatory residual pain?",
  "Why does leg numbness persist after discectomy?",
  "甲钴胺能降低同型半胱氨酸吗？",
  "术后残余腰痛的危险因素有哪些？",
  "Which imaging tests does the review recommend, and what does each one tell you?",
  "What is the TCM view of residual symptoms after surgery?",
];

/** The query as it ran: its text with the bound values as a trailing VALUES block. */
function runnable(run) {
  const vars = Object.keys(run.bindings || {});
  if (!vars.length) return run.query;
  const term = (v) => (/^https?:\/\//.test(v) ? `<${v}>` : v.startsWith("ldh:") ? `<https://w3id.org/ldhkg/id/${v.slice(4)}>`
    : v.startsWith("ldho:") ? `<https://w3id.org/ldhkg/ontology/${v.slice(5)}>` : JSON.stringify(v));
  return `${run.query.trim()}\nVALUES (${vars.map((v) => `?${v}`).join(" ")}) { (${vars.map((v) => term(run.bindings[v])).join(" ")}) }\n`;
}

function card(a, v) {
  const chain = a.inferred_from ? h("div", { class: "chain" }, h("strong", {}, `${t("ask.chain")}: `),
    a.inferred_from.chain.map((hop, i) => [i ? " ; " : "", h("a", { href: entityHref(hop.subject) }, local(hop.subject)),
      ` ${termLabel(v, hop.predicate)} `, h("a", { href: entityHref(hop.object) }, local(hop.object))]),
    a.inferred_from.explanation ? h("p", { class: "muted" }, a.inferred_from.explanation) : null) : null;
  const badges = [
    a.inferred ? h("span", { class: "badge inferred" }, t("ev.inferred")) : null,
    a.frame === "tcm" ? h("span", { class: "badge tcm" }, t("ask.tcm")) : null,
    ...(a.type || []).filter((ty) => ty.startsWith("ldho:")).slice(0, 2).map((ty) => h("span", { class: "badge" }, termLabel(v, ty))),
  ];
  const title = a.value !== null && a.value !== undefined
    ? `${a.label_en || a.id} = ${a.value} ${a.unit || ""}${a.timepoint ? ` (${a.timepoint})` : ""}`
    : null;
  return h("article", { class: "answer-card", "data-id": a.id },
    h("h3", {}, title || (a.id.startsWith("ldh:ref-") ? h("a", { href: `/citation/${a.id.slice(8)}` }, a.label_en)
      : h("a", { href: entityHref(a.id) }, pick(a.label_en, a.label_zh))),
    a.label_zh && !title && lang() !== "zh" ? h("span", { class: "other-lang", lang: "zh-Hans" }, ` · ${a.label_zh}`) : null),
    h("p", { class: "badges" }, ...badges),
    chain,
    ...a.evidence.slice(0, 3).map((ev) => evidenceBlock(ev, v)),
    a.evidence.length > 3 ? h("p", { class: "muted" }, `+${a.evidence.length - 3}`) : null);
}

async function answer(q, box) {
  box.replaceChildren(h("p", { class: "muted", role: "status" }, "…"));
  const [a, v] = await Promise.all([getJSON(`/api/ask?q=${encodeURIComponent(q)}`), vocabulary()]);
  const out = [];
  if (a.boolean !== null && a.boolean !== undefined) {
    out.push(h("p", { class: `verdict ${a.boolean ? "yes" : "no"}` }, a.boolean ? t("ask.yes") : t("ask.no")));
  }
  out.push(h("p", { class: "statement" }, a.statement || t("ask.nothing")));
  const parts = a.interpretation.parts || [];
  parts.forEach((p, i) => {
    const mine = a.answers.filter((x) => (x.part || 0) === i);
    if (parts.length > 1) {
      out.push(h("h2", { class: "part" }, `${t("ask.part")} ${i + 1}${lang() === "zh" ? " 部分" : ""}: ${p.text}`,
        h("span", { class: "muted" }, ` (${p.reading})`)));
      if (p.statement) out.push(h("p", {}, p.statement));
    }
    if (mine.length) out.push(h("div", { class: "cards answers" }, mine.map((x) => card(x, v))));
  });
  if (!a.answers.length && a.closest && a.closest.length) {
    out.push(h("h2", {}, t("ask.closest")), ...a.closest.map((ev) => evidenceBlock(ev, v)));
  }
  if (a.suggestions && a.suggestions.length) {
    out.push(h("h2", {}, t("ask.suggest")), h("ul", { class: "plain" }, a.suggestions.map((s) =>
      h("li", {}, h("a", { href: `/ask?q=${encodeURIComponent(s)}` }, s)))));
  }
  const runs = a.sparql.filter((r) => r.template !== "text_index");
  out.push(h("details", { class: "queries" }, h("summary", {}, `${t("ask.queries")} (${a.sparql.length})`),
    h("ol", {}, a.sparql.map((r) => h("li", {}, h("code", {}, r.template), ` ${JSON.stringify(r.bindings)} `,
      runs.includes(r) ? h("a", { href: `/sparql-editor?query=${encodeURIComponent(runnable(r))}`, class: "open-query" }, t("ask.open")) : null)))));
  box.replaceChildren(...out);
}

export async function renderAsk(q) {
  const input = h("input", { id: "question", name: "q", type: "text", value: q || "", autocomplete: "off" });
  const box = h("div", { id: "answer", "aria-live": "polite" });
  const form = h("form", { id: "ask-form", class: "ask" },
    h("label", { for: "question" }, t("ask.label")), input, h("button", { type: "submit" }, t("ask.button")));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const text = input.value.trim();
    if (!text) return;
    history.pushState({}, "", `/ask?q=${encodeURIComponent(text)}`);
    answer(text, box);
  });
  const examples = h("p", { class: "examples" }, `${t("ask.examples")}: `, EXAMPLES.map((e) =>
    h("a", { href: `/ask?q=${encodeURIComponent(e)}`, class: "example" }, e)));
  if (q) await answer(q, box);
  return h("div", { class: "ask-view" }, h("h1", {}, t("ask.title")), form, examples, box);
}
