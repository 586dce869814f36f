// The SPARQL editor: YASGUI (@zazuko/yasgui, from npm, served locally) against /sparql, the
// example queries as tabs, the project's prefixes preset, results as a table. Nothing is kept
// in the browser between visits, and nothing is fetched from anywhere but this server.
"use strict";

import { t } from "./i18n.js";
import { getJSON, h, vendorAll } from "./ui.js";

const PREFIXES = `PREFIX ldh: <https://w3id.org/ldhkg/id/>
PREFIX ldho: <https://w3id.org/ldhkg/ontology/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX oa: <http://www.w3.org/ns/oa#>
`;
const START = `${PREFIXES}
SELECT ?entity ?label WHERE {
  ?entity a ldho:Drug ; rdfs:label ?label .
} LIMIT 20
`;

/** Names and roles YASGUI leaves out, so the editor is usable with a screen reader (and
 * passes axe-core): labels on its inputs, no aria-controls pointing at panels not yet made. */
function label(box) {
  const set = (sel, name) => box.querySelectorAll(sel).forEach((el) => {
    if (el.getAttribute("aria-label") !== name) el.setAttribute("aria-label", name);
  });
  set("input.autocomplete", "SPARQL endpoint");
  set(".CodeMirror textarea", "SPARQL query");
  set("select.tableSizer", "Rows per page");
  set(".tabsList .tab input", "Tab name");
  box.querySelectorAll(".tabsList [aria-controls]").forEach((a) => {
    if (!document.getElementById(a.getAttribute("aria-controls"))) a.removeAttribute("aria-controls");
  });
  box.querySelectorAll(".tabsList button.addTab").forEach((b) => {  // a tablist holds tabs only
    box.querySelectorAll(".ldhkg-moved-add").forEach((old) => old !== b && old.remove());
    b.classList.add("ldhkg-moved-add");
    b.closest(".tabsList").after(b);
  });
  box.querySelectorAll(".tabsList > :not([role])").forEach((el) => el.setAttribute("role", "presentation"));
  box.querySelectorAll(".CodeMirror-scroll[tabindex='-1']").forEach((el) => el.setAttribute("tabindex", "0"));
}

export async function renderSparql(query) {
  await vendorAll("yasgui.min.css", "yasgui.min.js");
  const box = h("div", { id: "yasgui" });
  const page = h("div", { class: "sparql-view" }, h("h1", {}, t("sparql.title")), h("p", { class: "lead" }, t("sparql.lead")), box);
  const examples = await getJSON("/api/examples");
  requestAnimationFrame(() => {
    const Yasgui = window.Yasgui;
    Yasgui.Yasqe.defaults.value = START;
    const yasgui = new Yasgui(box, {
      requestConfig: { endpoint: `${location.origin}/sparql`, method: "POST",
        acceptHeaderSelect: "application/sparql-results+json" },
      copyEndpointOnNewTab: false,
      persistenceId: null,
      populateFromUrl: false,
      autoAddOnInit: false,
      endpointCatalogueOptions: { getData: () => [{ endpoint: `${location.origin}/sparql` }] },
      yasqe: { autocompleters: ["variables"] },
      yasr: { pluginOrder: ["table", "response"], defaultPlugin: "table" },
    });
    for (const id of Object.keys(yasgui._tabs)) yasgui.getTab(id)?.close?.();
    const tabs = [];
    if (query) tabs.push(yasgui.addTab(true, { name: "query", yasqe: { value: query } }));
    for (const ex of examples) tabs.push(yasgui.addTab(!query && !tabs.length, { name: ex.name, yasqe: { value: ex.query } }));
    label(box);
    new MutationObserver(() => label(box)).observe(box, { childList: true, subtree: true });
    window.ldhkgYasgui = yasgui;
  });
  return page;
}
