// The ldhkg web page: search, entity view with evidence, neighbourhood graph (cytoscape.js),
// questions, SPARQL with the example queries, exports of the subgraph on screen.
"use strict";

const $ = (sel) => document.querySelector(sel);
const esc = (s) => String(s ?? "").replace(/[&<>"']/g, (c) =>
  ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
const EXPORTS = ["graphml", "gexf", "cytoscape", "cx2", "dot", "svg", "node-link", "neo4j", "kgx", "kgx-jsonl"];
const flagCache = new Map();
let cy = null;

async function getJSON(url) {
  const r = await fetch(url, { headers: { accept: "application/json" } });
  if (!r.ok) throw new Error(`${r.status}: ${(await r.text()).slice(0, 300)}`);
  return r.json();
}

async function flagsOf(n) {
  if (!flagCache.has(n)) {
    flagCache.set(n, getJSON(`/api/citations/${n}`).then((d) => d.audit_flags || []).catch(() => []));
  }
  return flagCache.get(n);
}

async function citeHTML(numbers) {
  const parts = [];
  for (const n of numbers) {
    const flags = await flagsOf(n);
    const why = flags.map((f) => `${f.kind}: ${f.reason}`).join("\n");
    parts.push(`<a class="cite" href="/api/citations/${n}" target="_blank">[${n}]</a>` +
      (flags.length ? `<span class="flag" title="${esc(why)}" data-flags="${flags.length}">⚑${flags.length}</span>` : ""));
  }
  return parts.join(" ");
}

async function search(q) {
  const list = $("#hits");
  list.innerHTML = "";
  const data = await getJSON(`/api/search?q=${encodeURIComponent(q)}`);
  for (const h of data.hits) {
    const li = document.createElement("li");
    li.innerHTML = `<a data-id="${esc(h.id)}">${esc(h.label_en)} · ${esc(h.label_zh)}</a> ` +
      `<span class="muted">${esc(h.types.join(", "))} — matched “${esc(h.matched)}” (${esc(h.match)})</span>`;
    li.querySelector("a").addEventListener("click", () => openEntity(h.id));
    list.appendChild(li);
  }
  if (!data.hits.length) list.innerHTML = `<li class="muted">No match · 无匹配</li>`;
}

async function openEntity(id) {
  const e = await getJSON(`/api/entities/${encodeURIComponent(id)}`);
  $("#entity").hidden = false;
  $("#entity").dataset.id = e.id;
  $("#entity-title").textContent = `${e.label_en} · ${e.label_zh}`;
  $("#entity-types").textContent = `${e.id} — ${e.types.join(", ")}`;
  $("#entity-definition").innerHTML = `${esc(e.definition_en)}<br><span class="zh">${esc(e.definition_zh)}</span>`;
  $("#entity-synonyms").textContent = `Synonyms: ${[...e.synonyms_en, ...e.synonyms_zh].join("; ") || "—"}`;
  $("#entity-ids").textContent = `Outside identifiers: ${e.outside_ids.map((o) => `${o.id} (${o.match})`).join(", ") || "—"}`;
  const body = $("#relations tbody");
  body.innerHTML = "";
  for (const r of e.relations) {
    const tr = document.createElement("tr");
    const ev = [];
    for (const x of r.evidence) {
      ev.push(`<div><span class="quote">“${esc(x.quote)}”</span> <span class="muted">§${esc(x.section)}</span> ${await citeHTML(x.citations)}</div>`);
    }
    const arrow = r.direction === "out" ? "→" : "←";
    tr.innerHTML = `<td>${arrow} ${esc(r.predicate)}${r.inferred ? ' <span class="inferred">(inferred)</span>' : ""}</td>` +
      `<td><a data-id="${esc(r.other)}">${esc(r.other)}</a></td><td>${ev.join("") || '<span class="muted">—</span>'}</td>`;
    tr.querySelector("a").addEventListener("click", () => openEntity(r.other));
    body.appendChild(tr);
  }
  $("#exports").innerHTML = "Export this subgraph: " + EXPORTS.map((f) =>
    `<a class="export" data-format="${f}" href="/api/export/${f}?root=${encodeURIComponent(e.id)}&depth=1" download>${f}</a>`).join("");
  await drawGraph(e.id);
}

async function drawGraph(id) {
  const data = await getJSON(`/api/neighbors/${encodeURIComponent(id)}?depth=1`);
  const elements = [
    ...data.nodes.map((n) => ({ data: { id: n.id, label: `${n.label_en}\n${n.label_zh}`, center: n.distance === 0 ? 1 : 0 } })),
    ...data.edges.map((e, i) => ({ data: { id: `e${i}`, source: e.source, target: e.target,
      label: e.predicate.replace("ldho:", ""), inferred: e.inferred ? 1 : 0 } })),
  ];
  if (cy) cy.destroy();
  cy = cytoscape({
    container: $("#graph"),
    elements,
    layout: { name: "cose", animate: false, randomize: false, nodeRepulsion: 9000 },
    style: [
      { selector: "node", style: { label: "data(label)", "text-wrap": "wrap", "font-size": 9,
        "background-color": "#6d8fbf", width: 18, height: 18, "text-valign": "bottom" } },
      { selector: "node[center = 1]", style: { "background-color": "#0b5cad", width: 28, height: 28 } },
      { selector: "edge", style: { label: "data(label)", "font-size": 7, width: 1.5, "curve-style": "bezier",
        "target-arrow-shape": "triangle", "line-color": "#777", "target-arrow-color": "#777" } },
      { selector: "edge[inferred = 1]", style: { "line-style": "dashed" } },
    ],
  });
  cy.on("tap", "node", (evt) => { if (evt.target.id() !== id) openEntity(evt.target.id()); });
  window.ldhkgGraph = { nodes: cy.nodes().length, edges: cy.edges().length };
}

async function ask(q) {
  const box = $("#answer");
  box.textContent = "…";
  try {
    const a = await getJSON(`/api/ask?q=${encodeURIComponent(q)}`);
    const rows = [];
    if (a.boolean !== undefined && a.boolean !== null) rows.push(`<p><strong>${a.boolean ? "Yes · 是" : "No · 否"}</strong></p>`);
    if (a.statement) rows.push(`<p>${esc(a.statement)}</p>`);
    for (const x of a.answers || []) {
      const ev = (x.evidence || []).slice(0, 2).map((v) => `<div class="quote">“${esc(v.quote)}”</div>`).join("");
      rows.push(`<div><a data-id="${esc(x.id)}">${esc(x.label_en)} · ${esc(x.label_zh)}</a>` +
        `${x.inferred ? ' <span class="inferred">(inferred)</span>' : ""}${ev}</div>`);
    }
    box.innerHTML = rows.join("") || '<p class="muted">The review does not say · 综述未提及</p>';
    box.querySelectorAll("a[data-id]").forEach((a) => a.addEventListener("click", () => openEntity(a.dataset.id)));
  } catch (err) {
    box.innerHTML = `<p class="error">${esc(err.message)}</p>`;
  }
}

async function runQuery() {
  const out = $("#results");
  out.textContent = "…";
  const r = await fetch("/sparql", { method: "POST", body: $("#query").value,
    headers: { "content-type": "application/sparql-query", accept: "application/sparql-results+json" } });
  if (!r.ok) { out.innerHTML = `<p class="error">${esc(await r.text())}</p>`; return; }
  const data = await r.json();
  if ("boolean" in data) { out.textContent = String(data.boolean); return; }
  const vars = data.head.vars;
  const rows = data.results.bindings.map((b) => `<tr>${vars.map((v) => `<td>${esc(b[v]?.value)}</td>`).join("")}</tr>`);
  out.innerHTML = `<p class="muted">${rows.length} rows</p><table id="results-table"><thead><tr>${vars.map((v) => `<th>${esc(v)}</th>`).join("")}</tr></thead><tbody>${rows.join("")}</tbody></table>`;
}

async function loadExamples() {
  const examples = await getJSON("/api/examples");
  const select = $("#examples");
  for (const ex of examples) {
    const o = document.createElement("option");
    o.value = ex.name; o.textContent = ex.name; o.dataset.query = ex.query;
    select.appendChild(o);
  }
  const pick = () => { $("#query").value = select.selectedOptions[0]?.dataset.query || ""; };
  select.addEventListener("change", pick);
  pick();
}

window.addEventListener("DOMContentLoaded", () => {
  $("#search-form").addEventListener("submit", (e) => { e.preventDefault(); search($("#search").value); });
  $("#ask-form").addEventListener("submit", (e) => { e.preventDefault(); ask($("#ask").value); });
  $("#run").addEventListener("click", runQuery);
  loadExamples();
});
