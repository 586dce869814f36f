// Small helpers shared by the views: elements, fetching, labels, evidence, sortable tables,
// and loading a vendored library only on the view that needs it.
"use strict";

import { lang, pick, t } from "./i18n.js";

/** An element: h("a", {href: "/x", class: "c"}, "text", child, ...). Strings are text. */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "class") el.className = v;
    else if (k.startsWith("on")) el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v === true ? "" : String(v));
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

export async function getJSON(url) {
  const r = await fetch(url, { headers: { accept: "application/json" } });
  if (!r.ok) {
    const err = new Error(`${r.status}: ${(await r.text()).slice(0, 300)}`);
    err.status = r.status;
    throw err;
  }
  return r.json();
}

let vocab = null;
/** Classes and properties with their labels (fetched once). */
export async function vocabulary() {
  if (!vocab) vocab = getJSON("/api/vocabulary");
  return vocab;
}

export function termLabel(v, curie) {
  const term = v[curie];
  return term ? pick(term.label_en, term.label_zh) : curie.replace(/^ldho?:/, "");
}

/** The entity's label in the reader's language, the other language beside it. */
export function bilingual(en, zh) {
  const first = pick(en, zh);
  const second = lang() === "zh" ? en : zh;
  return [h("span", { lang: lang() === "zh" ? "zh-Hans" : "en" }, first),
    second && second !== first ? h("span", { class: "other-lang", lang: lang() === "zh" ? "en" : "zh-Hans" }, ` · ${second}`) : null];
}

export const local = (curie) => String(curie).replace(/^ldh:/, "");
export const entityHref = (curie) => `/entity/${encodeURIComponent(local(curie))}`;

const labels = new Map();
/** An entity's labels, looked up once (for ids that arrive without them). */
export async function entityLabels(curie) {
  if (!labels.has(curie)) {
    labels.set(curie, getJSON(`/api/entities/${encodeURIComponent(curie)}`)
      .then((e) => ({ en: e.label_en, zh: e.label_zh, types: e.types })).catch(() => ({ en: curie, zh: null, types: [] })));
  }
  return labels.get(curie);
}

export async function entityLink(curie) {
  const l = await entityLabels(curie);
  return h("a", { href: entityHref(curie) }, ...bilingual(l.en, l.zh));
}

export function citeLinks(numbers) {
  if (!numbers || !numbers.length) return [h("span", { class: "muted" }, t("ev.uncited"))];
  return numbers.map((n) => h("a", { class: "cite", href: `/citation/${n}`, title: `${t("cite.title")} ${n}` }, `[${n}]`));
}

/** An audit flag as a record: the answerer gives "kind: reason" text, the pages records. */
function flagRecord(f) {
  if (typeof f !== "string") return f;
  const at = f.indexOf(": ");
  return at < 0 ? { kind: f, reason: "" } : { kind: f.slice(0, at), reason: f.slice(at + 2) };
}

export function flagList(flags) {
  if (!flags || !flags.length) return null;
  return h("ul", { class: "flags", "aria-label": t("ev.flags") },
    flags.map(flagRecord).map((f) => h("li", { class: `flag ${f.severity || ""}` }, h("span", { class: "flag-kind" }, `⚑ ${f.kind}`),
      f.on && f.on.startsWith("ldh:ref-") ? h("span", { class: "muted" }, ` (${f.on.replace("ldh:ref-", "[")}]) `) : " ",
      f.reason)));
}

/** One claim as evidence: the exact quote, its section and references, what qualifies it. */
export function evidenceBlock(ev, v) {
  const facts = [];
  const add = (key, value) => { if (value) facts.push(h("span", { class: "fact" }, `${t(key)}: `, value)); };
  if (ev.direction && ev.direction !== "supports") add("ev.modality", t(`ev.${ev.direction}`));
  if (ev.modality && ev.modality !== "stated") add("ev.modality", ev.modality);
  add("ev.design", ev.study_design ? termLabel(v, ev.study_design) : null);
  add("ev.n", ev.n);
  add("ev.time", ev.timepoint || ev.follow_up);
  add("ev.population", (ev.populations || []).map(local).join(", "));
  add("ev.indication", (ev.indications || []).map(local).join(", "));
  add("ev.comparator", ev.comparator ? local(ev.comparator) : null);
  return h("div", { class: "evidence" },
    h("blockquote", { lang: /[\u4e00-\u9fff]/.test(ev.quote) ? "zh-Hans" : "en" }, ev.quote),
    h("div", { class: "source" }, h("span", { class: "muted" }, `§${ev.section} `), ...citeLinks(ev.citations),
      facts.length ? h("span", { class: "facts" }, ...facts) : null),
    flagList(ev.audit_flags));
}

/** A table whose columns sort on their header button and whose rows a text box filters. */
export function sortableTable({ caption, columns, rows, filterLabel }) {
  const tbody = h("tbody");
  const state = { col: -1, dir: 1, rows };
  const draw = () => {
    tbody.replaceChildren(...state.rows.filter((r) => !r.hidden).map((r) => h("tr", {}, ...r.cells.map((c, i) =>
      h(i === 0 ? "th" : "td", i === 0 ? { scope: "row" } : {}, c)))));
  };
  const heads = columns.map((col, i) => {
    const button = h("button", { type: "button", class: "sort" }, col.label);
    const th = h("th", { scope: "col", "aria-sort": "none" }, button);
    button.addEventListener("click", () => {
      state.dir = state.col === i ? -state.dir : 1;
      state.col = i;
      state.rows = [...state.rows].sort((a, b) => {
        const x = a.keys[i], y = b.keys[i];
        return (typeof x === "number" && typeof y === "number" ? x - y : String(x).localeCompare(String(y), lang())) * state.dir;
      });
      for (const other of table.querySelectorAll("thead th")) other.setAttribute("aria-sort", "none");
      th.setAttribute("aria-sort", state.dir > 0 ? "ascending" : "descending");
      draw();
    });
    return th;
  });
  const table = h("table", { class: "data" }, caption ? h("caption", {}, caption) : null,
    h("thead", {}, h("tr", {}, ...heads)), tbody);
  const parts = [];
  if (filterLabel) {
    const id = `filter-${Math.random().toString(36).slice(2, 8)}`;
    const input = h("input", { id, type: "search", class: "filter" });
    input.addEventListener("input", () => {
      const q = input.value.trim().toLowerCase();
      for (const r of state.rows) r.hidden = q !== "" && !r.text.toLowerCase().includes(q);
      draw();
    });
    parts.push(h("div", { class: "filter-box" }, h("label", { for: id }, filterLabel), input));
  }
  draw();
  return h("div", { class: "table-box" }, ...parts, table);
}

const loaded = new Map();
/** Load a vendored script or stylesheet once (``/static/vendor/NAME``). */
export function vendor(name) {
  if (!loaded.has(name)) {
    loaded.set(name, new Promise((resolve, reject) => {
      const url = `/static/vendor/${name}`;
      const el = name.endsWith(".css") ? h("link", { rel: "stylesheet", href: url }) : h("script", { src: url });
      el.addEventListener("load", resolve);
      el.addEventListener("error", () => reject(new Error(`${url} did not load`)));
      document.head.append(el);
    }));
  }
  return loaded.get(name);
}

export const vendorAll = async (...names) => { for (const n of names) await vendor(n); };

export function errorBox(err) {
  return h("p", { class: "error", role: "alert" }, `${t("error")}: ${err.message || err}`);
}
