// A reference's page: the reference as printed, its DOI, its audit flags, every claim citing it.
"use strict";

import { pick, t } from "./i18n.js";
import { entityHref, flagList, getJSON, h, sortableTable, termLabel, vocabulary } from "./ui.js";

export async function renderCitation(n) {
  let d;
  try {
    d = await getJSON(`/api/citations/${n}`);
  } catch (err) {
    if (err.status === 404) return h("div", {}, h("h1", {}, t("cite.notfound")), h("p", { class: "muted" }, `[${n}]`));
    throw err;
  }
  const v = await vocabulary();
  const r = d.reference;
  const link = (e) => h("a", { href: entityHref(e.id) }, pick(e.label_en, e.label_zh));
  const rows = d.claims.map((c) => ({
    cells: [h("span", {}, link(c.subject), ` ${termLabel(v, c.predicate)} `, link(c.object)),
      h("blockquote", { lang: "zh-Hans" }, c.quote), `§${c.section}`],
    keys: [pick(c.subject.label_en, c.subject.label_zh), c.quote, c.section],
    text: `${c.subject.label_en} ${c.object.label_en} ${c.subject.label_zh} ${c.object.label_zh} ${c.quote}`,
  }));
  return h("article", { class: "citation" },
    h("h1", {}, `[${r.n}] ${r.title || ""}`),
    h("p", { class: "reference" }, r.text),
    h("dl", { class: "facts" },
      h("dt", {}, "Authors · 作者"), h("dd", {}, r.authors || "—"),
      h("dt", {}, "Year · 年份"), h("dd", {}, r.year || "—"),
      h("dt", {}, "Journal · 期刊"), h("dd", {}, [r.journal, r.volume && `${r.volume}${r.issue ? `(${r.issue})` : ""}`, r.pages].filter(Boolean).join(", ") || "—"),
      h("dt", {}, t("cite.doi")), h("dd", {}, r.doi ? h("a", { href: `https://doi.org/${r.doi}`, "data-external": "1", rel: "noopener" }, r.doi) : "—")),
    d.audit_flags && d.audit_flags.length ? h("section", {}, h("h2", {}, t("cite.flags")), flagList(d.audit_flags)) : null,
    h("h2", {}, `${t("cite.claims")} (${d.claims.length})`),
    sortableTable({ caption: t("cite.claims"), filterLabel: t("browse.filter"),
      columns: [{ label: "Claim · 陈述" }, { label: "Quote · 原句" }, { label: "§" }], rows }));
}
