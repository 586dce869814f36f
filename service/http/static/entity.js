// An entity's page: labels, kind, definition, synonyms, outside identifiers, its relations
// grouped by kind with every claim's evidence (sortable, filterable), its neighbourhood graph
// (cytoscape.js, fcose layout) and exports of that subgraph.
"use strict";

import { lang, pick, t } from "./i18n.js";
import {
  bilingual, entityHref, entityLabels, errorBox, evidenceBlock, getJSON, h, local, sortableTable,
  termLabel, vendorAll, vocabulary,
} from "./ui.js";

const EXPORTS = ["graphml", "gexf", "cytoscape", "cx2", "dot", "svg", "node-link", "neo4j", "kgx", "kgx-jsonl"];
// where an outside identifier resolves (opened by the reader, never fetched by the page)
const RESOLVERS = {
  MESH: (id) => `https://meshb.nlm.nih.gov/record/ui?ui=${id}`,
  HP: (id) => `https://hpo.jax.org/browse/term/HP:${id}`,
  UBERON: (id) => `http://purl.obolibrary.org/obo/UBERON_${id}`,
  ECO: (id) => `http://purl.obolibrary.org/obo/ECO_${id}`,
  CL: (id) => `http://purl.obolibrary.org/obo/CL_${id}`,
  GO: (id) => `http://purl.obolibrary.org/obo/GO_${id}`,
};
// the order the groups are shown in: what a clinician looks for first
const ORDER = ["ldho:addresses", "ldho:relieves", "ldho:treats", "ldho:targets", "ldho:hasMechanismOfAction",
  "ldho:actsOn", "ldho:contributesTo", "ldho:causes", "ldho:associatedWith", "ldho:raisesRiskOf",
  "ldho:detects", "ldho:manifestsAs"];

function outsideLink(o) {
  const [prefix, id] = o.id.split(":");
  const url = RESOLVERS[prefix] && RESOLVERS[prefix](id);
  const label = `${o.id} (${o.match.replace("skos:", "")})`;
  return url ? h("a", { href: url, "data-external": "1", rel: "noopener" }, label) : h("span", {}, label);
}

async function relationRows(rel, v) {
  const other = rel.other_label_en || rel.other_label_zh
    ? { en: rel.other_label_en, zh: rel.other_label_zh } : await entityLabels(rel.other);
  const evidence = rel.evidence.map((ev) => evidenceBlock(ev, v));
  const cites = [...new Set(rel.evidence.flatMap((e) => e.citations))];
  const inferred = rel.inferred ? h("p", { class: "inferred" }, `${t("ev.inferred")} — ${rel.explanation || ""}`,
    rel.evidence.length ? ` (${t("ev.from")} ${rel.evidence.length})` : "") : null;
  const qualifies = rel.qualifies ? h("p", { class: "muted" }, `${t("entity.qualifier")}: `,
    h("a", { href: entityHref(rel.qualifies.subject) }, local(rel.qualifies.subject)), ` ${termLabel(v, rel.qualifies.predicate)} `,
    h("a", { href: entityHref(rel.qualifies.object) }, local(rel.qualifies.object))) : null;
  return {
    cells: [h("a", { href: entityHref(rel.other) }, ...bilingual(other.en, other.zh)),
      h("div", {}, inferred, qualifies, ...evidence)],
    keys: [pick(other.en, other.zh), cites.length],
    text: `${other.en} ${other.zh} ${rel.evidence.map((e) => e.quote).join(" ")}`,
  };
}

function groupTitle(e, rel, v) {
  const me = pick(e.label_en, e.label_zh);
  const verb = termLabel(v, rel.predicate);
  if (rel.direction === "out") return `${me} → ${verb} → …`;
  if (rel.direction === "in") return `… → ${verb} → ${me}`;
  return `${me}: ${verb} (${t("entity.qualifier")} …)`;
}

async function drawGraph(box, id) {
  await vendorAll("cytoscape.min.js", "layout-base.js", "cose-base.js", "cytoscape-fcose.js");
  const data = await getJSON(`/api/neighbors/${encodeURIComponent(id)}?depth=1`);
  const cytoscape = window.cytoscape;
  if (!cytoscape.__fcose) { cytoscape.use(window.cytoscapeFcose); cytoscape.__fcose = true; }
  const name = (n) => (lang() === "zh" ? n.label_zh || n.label_en : n.label_en || n.label_zh) || n.id;
  const cy = cytoscape({
    container: box,
    elements: [
      ...data.nodes.map((n) => ({ data: { id: n.id, label: name(n), center: n.distance === 0 ? 1 : 0 } })),
      ...data.edges.map((e, i) => ({ data: { id: `e${i}`, source: e.source, target: e.target,
        label: e.predicate.replace("ldho:", ""), inferred: e.inferred ? 1 : 0 } })),
    ],
    layout: { name: "fcose", animate: false, randomize: true, quality: "proof", nodeRepulsion: 12000, idealEdgeLength: 110, nodeSeparation: 90, packComponents: true },
    style: [
      { selector: "node", style: { label: "data(label)", "text-wrap": "wrap", "text-max-width": 110, "font-size": 10,
        "background-color": "#4f74a8", width: 16, height: 16, "text-valign": "bottom", color: "#1d2330" } },
      { selector: "node[center = 1]", style: { "background-color": "#0b5cad", width: 28, height: 28, "font-weight": "bold" } },
      { selector: "edge", style: { label: "data(label)", "font-size": 8, width: 1.4, "curve-style": "bezier",
        "target-arrow-shape": "triangle", "line-color": "#7a8394", "target-arrow-color": "#7a8394", color: "#444" } },
      { selector: "edge[inferred = 1]", style: { "line-style": "dashed" } },
    ],
  });
  cy.on("tap", "node", (evt) => {
    if (evt.target.id() !== id) {
      const a = document.createElement("a");
      a.href = entityHref(evt.target.id());
      document.body.append(a); a.click(); a.remove();
    }
  });
  window.ldhkgGraph = { nodes: cy.nodes().length, edges: cy.edges().length };
}

export async function renderEntity(id) {
  let e;
  try {
    e = await getJSON(`/api/entities/${encodeURIComponent(id)}`);
  } catch (err) {
    if (err.status === 404) return h("div", {}, h("h1", {}, t("entity.notfound")), h("p", { class: "muted" }, id));
    throw err;
  }
  const v = await vocabulary();
  const groups = new Map();
  for (const rel of e.relations) {
    const key = `${rel.direction}|${rel.predicate}`;
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push(rel);
  }
  // stated relations first, in the order a clinician looks for them; inferred-only groups after
  const stated = (key) => groups.get(key).some((r) => !r.inferred);
  const rank = (key) => { const i = ORDER.indexOf(key.split("|")[1]); return (stated(key) ? 0 : 100) + (i < 0 ? ORDER.length : i); };
  const sections = [];
  for (const key of [...groups.keys()].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b))) {
    const rels = groups.get(key);
    const rows = await Promise.all(rels.map((r) => relationRows(r, v)));
    const title = groupTitle(e, rels[0], v);
    sections.push(h("section", { class: "relation-group" },
      h("h3", {}, title, h("span", { class: "count" }, ` ${rels.length}`)),
      sortableTable({ caption: title, columns: [{ label: t("col.entity") }, { label: t("col.evidence") }], rows })));
  }
  const graph = h("div", { id: "graph", role: "img", "aria-label": `${t("entity.graph")}: ${pick(e.label_en, e.label_zh)}` });
  const filter = h("input", { id: "relation-filter", type: "search" });
  filter.addEventListener("input", () => {
    const q = filter.value.trim().toLowerCase();
    for (const row of document.querySelectorAll(".relation-group tbody tr")) {
      row.hidden = q !== "" && !row.textContent.toLowerCase().includes(q);
    }
  });
  const page = h("article", { class: "entity", "data-id": e.id },
    h("h1", { id: "entity-title" }, ...bilingual(e.label_en, e.label_zh)),
    h("p", { class: "types" }, `${t("entity.types")}: `, ...e.types.map((ty, i) =>
      [i ? ", " : "", h("a", { href: `/browse/${ty.replace("ldho:", "")}` }, termLabel(v, ty))]),
    h("code", { class: "iri" }, ` ${e.id}`)),
    h("p", { class: "definition", lang: lang() === "zh" ? "zh-Hans" : "en" }, pick(e.definition_en, e.definition_zh)),
    h("p", { class: "muted", lang: lang() === "zh" ? "en" : "zh-Hans" }, lang() === "zh" ? e.definition_en : e.definition_zh),
    h("dl", { class: "facts" },
      h("dt", {}, t("entity.synonyms")), h("dd", {}, [...e.synonyms_en, ...e.synonyms_zh].join("; ") || "—"),
      h("dt", {}, t("entity.ids")), h("dd", {}, e.outside_ids.length ? e.outside_ids.flatMap((o, i) => [i ? ", " : "", outsideLink(o)]) : "—")),
    h("div", { class: "two" },
      h("section", { class: "relations", "aria-labelledby": "relations-title" },
        h("h2", { id: "relations-title" }, t("entity.relations")),
        h("div", { class: "filter-box" }, h("label", { for: "relation-filter" }, t("entity.filter")), filter),
        sections.length ? sections : h("p", {}, t("entity.none"))),
      h("aside", { class: "graph-box", "aria-labelledby": "graph-title" },
        h("h2", { id: "graph-title" }, t("entity.graph")), graph,
        h("p", { class: "muted" }, t("entity.graph.legend")),
        h("p", { id: "export-links" }, `${t("entity.exports")}: `, ...EXPORTS.map((f) =>
          h("a", { class: "export", "data-format": f, download: "", href: `/api/export/${f}?root=${encodeURIComponent(e.id)}&depth=1` }, f))))));
  requestAnimationFrame(() => drawGraph(graph, e.id).catch((err) => graph.replaceWith(errorBox(err))));
  return page;
}
