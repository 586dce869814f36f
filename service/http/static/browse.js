// The landing view (what the graph holds, and which treatments act on which mechanisms and
// symptoms), a class's members, and search results.
"use strict";

import { lang, pick, t } from "./i18n.js";
import { bilingual, entityHref, getJSON, h, local, sortableTable, termLabel, vocabulary } from "./ui.js";

const KINDS = [
  ["kind.symptoms", "ldho:Symptom"], ["kind.mechanisms", "ldho:Mechanism"],
  ["kind.treatments", "ldho:Treatment"], ["kind.diagnostics", "ldho:DiagnosticProcedure"],
  ["kind.risks", "ldho:RiskFactor"], ["kind.tcm", "ldho:TCMConcept"],
  ["kind.anatomy", "ldho:AnatomicalEntity"], ["kind.populations", "ldho:Population"],
];
const SHOWN = 8;

async function members(cls) {
  return getJSON(`/api/entities?type=${encodeURIComponent(cls)}&limit=500`);
}

export async function renderHome() {
  const lists = await Promise.all(KINDS.map(([, cls]) => members(cls)));
  const cards = KINDS.map(([key, cls], i) => {
    const page = lists[i];
    const items = [...page.items].sort((a, b) => pick(a.label_en, a.label_zh).localeCompare(pick(b.label_en, b.label_zh), lang()));
    return h("section", { class: "card", "aria-labelledby": `kind-${i}` },
      h("h3", { id: `kind-${i}` }, h("a", { href: `/browse/${local(cls).replace("ldho:", "")}` }, t(key)),
        h("span", { class: "count" }, ` ${page.total}`)),
      h("ul", { class: "plain" }, items.slice(0, SHOWN).map((e) =>
        h("li", {}, h("a", { href: entityHref(e.id) }, pick(e.label_en, e.label_zh))))),
      page.total > SHOWN ? h("a", { class: "more", href: `/browse/${cls.replace("ldho:", "")}` }, `${t("home.all")} ${page.total} →`) : null);
  });
  return h("div", { class: "home" },
    h("h1", {}, t("home.title")),
    h("p", { class: "lead" }, t("home.lead")),
    h("h2", {}, t("home.browse")),
    h("div", { class: "cards" }, cards),
    await overviewMatrix());
}

/** Treatments (rows) x mechanisms then symptoms (columns): stated or inferred, as a table. A
 * matrix rather than a network: ~20 treatments and ~40 targets stay readable in a grid, each
 * cell says stated or inferred, and a screen reader can walk it by row and column headers. */
async function overviewMatrix() {
  const { cells, labels } = await getJSON("/api/overview");
  const names = Object.fromEntries(Object.entries(labels).map(([id, l]) =>
    [id, pick(l.label_en, l.label_zh) || local(id)]));
  const rows = [...new Set(cells.map((c) => c.treatment))].sort((a, b) => names[a].localeCompare(names[b], lang()));
  const kinds = [["mechanism", t("kind.mechanisms")], ["symptom", t("kind.symptoms")]];
  const cols = kinds.flatMap(([k]) => [...new Set(cells.filter((c) => c.kind === k).map((c) => c.target))]
    .sort((a, b) => names[a].localeCompare(names[b], lang())).map((id) => [k, id]));
  const at = new Map(cells.map((c) => [`${c.treatment}|${c.target}`, c]));
  const head = h("thead", {},
    h("tr", {}, h("td", {}), ...kinds.map(([k, label]) => h("th", { scope: "colgroup", colspan: cols.filter(([kk]) => kk === k).length, class: "group" }, label))),
    h("tr", {}, h("td", {}), ...cols.map(([, id]) => h("th", { scope: "col", class: "rot" }, h("a", { href: entityHref(id) }, h("span", {}, names[id]))))));
  const body = h("tbody", {}, rows.map((tid) => h("tr", {},
    h("th", { scope: "row" }, h("a", { href: entityHref(tid) }, names[tid])),
    ...cols.map(([, xid]) => {
      const c = at.get(`${tid}|${xid}`);
      if (!c) return h("td", {});
      const text = c.inferred ? "○" : `●${c.claims > 1 ? c.claims : ""}`;
      const title = `${names[tid]} → ${names[xid]}: ${c.inferred ? t("home.inferred") : `${t("home.stated")} (${c.claims})`}`;
      return h("td", { class: c.inferred ? "cell inferred" : "cell stated" },
        h("a", { href: entityHref(tid), title }, h("span", { "aria-hidden": "true" }, text),
          h("span", { class: "visually-hidden" }, title)));
    }))));
  return h("section", { class: "overview", "aria-labelledby": "overview-title" },
    h("h2", { id: "overview-title" }, t("home.overview")),
    h("p", { class: "muted" }, t("home.overview.lead")),
    h("div", { class: "matrix-box" }, h("table", { class: "matrix", id: "overview" }, head, body)));
}

export async function renderBrowse(name) {
  const curie = name.includes(":") ? name : `ldho:${name}`;
  const v = await vocabulary();
  const term = v[curie];
  const out = [h("h1", {}, ...bilingual(term?.label_en || local(curie), term?.label_zh))];
  if (term) {
    out.push(h("p", { class: "definition" }, pick(term.definition_en, term.definition_zh)));
    if (term.parents.length) {
      out.push(h("p", { class: "muted" }, "⊑ ", ...term.parents.map((p, i) =>
        [i ? ", " : "", h("a", { href: `/browse/${p.replace("ldho:", "")}` }, termLabel(v, p))])));
    }
  }
  if (!term || term.kind === "class") {
    const page = await members(curie).catch(() => ({ items: [], total: 0 }));
    const rows = page.items.map((e) => ({
      cells: [h("a", { href: entityHref(e.id) }, e.label_en || e.id), h("span", { lang: "zh-Hans" }, e.label_zh || ""),
        e.types.map((ty) => termLabel(v, ty)).join(", ")],
      keys: [e.label_en || "", e.label_zh || "", e.types.join(",")],
      text: `${e.label_en} ${e.label_zh} ${e.id}`,
    }));
    out.push(h("h2", {}, `${t("browse.members")} (${page.total} ${t("browse.count")})`));
    out.push(sortableTable({ caption: termLabel(v, curie), filterLabel: t("browse.filter"),
      columns: [{ label: "English" }, { label: "中文" }, { label: t("entity.types") }], rows }));
  }
  return h("div", { class: "browse" }, ...out);
}

export async function renderSearch(q) {
  const data = await getJSON(`/api/search?q=${encodeURIComponent(q)}`);
  const input = document.getElementById("search");
  if (input && !input.value) input.value = q;
  return h("div", {},
    h("h1", {}, `${t("search.title")}: ${q}`),
    data.hits.length ? h("ol", { class: "hits" }, data.hits.map((hit) => h("li", {},
      h("a", { href: entityHref(hit.id) }, ...bilingual(hit.label_en, hit.label_zh)),
      h("span", { class: "muted" }, ` — ${hit.types.map(local).join(", ")}; ${t("search.matched")} “${hit.matched}”`))))
      : h("p", {}, t("search.none")));
}
