// The ldhkg web app: one page, a view per permalink (/, /entity/ID, /citation/N, /browse/CLASS,
// /statistics, /ask, /search, /sparql-editor), in English or Chinese. Links inside the app
// change the view without reloading; every view has its own URL to bookmark or send.
"use strict";

import { applyI18n, lang, setLang, t } from "./i18n.js";
import { errorBox, h } from "./ui.js";
import { renderHome, renderBrowse, renderSearch } from "./browse.js";
import { renderEntity } from "./entity.js";
import { renderCitation } from "./citation.js";
import { renderStatistics } from "./stats.js";
import { renderAsk } from "./ask.js";
import { renderSparql } from "./sparql.js";

const ROUTES = [
  [/^\/$/, () => renderHome()],
  [/^\/entity\/([^/]+)$/, (m) => renderEntity(decodeURIComponent(m[1]))],
  [/^\/citation\/(\d+)$/, (m) => renderCitation(Number(m[1]))],
  [/^\/browse\/([^/]+)$/, (m) => renderBrowse(decodeURIComponent(m[1]))],
  [/^\/statistics$/, () => renderStatistics()],
  [/^\/ask$/, (m, q) => renderAsk(q.get("q"))],
  [/^\/search$/, (m, q) => renderSearch(q.get("q") || "")],
  [/^\/sparql-editor$/, (m, q) => renderSparql(q.get("query"))],
];

let rendering = 0;

async function render() {
  const ticket = ++rendering;
  const view = document.getElementById("view");
  const params = new URLSearchParams(location.search);
  for (const a of document.querySelectorAll("nav a")) {
    const here = a.getAttribute("href") === location.pathname ||
      (a.getAttribute("href") === "/" && /^\/(entity|browse|citation|search)/.test(location.pathname));
    if (here) a.setAttribute("aria-current", "page"); else a.removeAttribute("aria-current");
  }
  for (const [pattern, fn] of ROUTES) {
    const m = location.pathname.match(pattern);
    if (!m) continue;
    view.setAttribute("aria-busy", "true");
    try {
      const content = await fn(m, params);
      if (ticket !== rendering) return; // a newer navigation won
      view.replaceChildren(content);
    } catch (err) {
      if (ticket !== rendering) return;
      view.replaceChildren(errorBox(err));
    } finally {
      view.removeAttribute("aria-busy");
    }
    const heading = view.querySelector("h1");
    if (heading) document.title = `${heading.textContent} · ${t("title")}`;
    window.ldhkgView = { path: location.pathname + location.search, lang: lang(), ready: true };
    document.dispatchEvent(new CustomEvent("ldhkg:view"));
    return;
  }
  view.replaceChildren(h("h1", {}, "404"));
}

export function navigate(url) {
  history.pushState({}, "", url);
  window.scrollTo(0, 0);
  render().then(() => document.getElementById("main").focus({ preventScroll: true }));
}

document.addEventListener("click", (event) => {
  if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
  const a = event.target.closest("a");
  if (!a) return;
  const href = a.getAttribute("href") || a.getAttribute("xlink:href");
  if (!href || !href.startsWith("/") || href.startsWith("//") || a.hasAttribute("download") ||
      a.dataset.external || href.startsWith("/api/") || href.startsWith("/static/")) return;
  event.preventDefault();
  navigate(href);
});

window.addEventListener("popstate", () => render());

document.getElementById("search-form").addEventListener("submit", (event) => {
  event.preventDefault();
  const q = document.getElementById("search").value.trim();
  if (q) navigate(`/search?q=${encodeURIComponent(q)}`);
});

document.getElementById("lang").addEventListener("click", () => {
  setLang(lang() === "zh" ? "en" : "zh");
  render();
});

applyI18n();
render();
