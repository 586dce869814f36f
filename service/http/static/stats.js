// The review's numbers as plots (Observable Plot): prevalence by symptom and time after
// surgery, sample sizes by study. Every mark links to its reference's page and carries its
// quote as a tooltip; the table below lists every statistic with its sentence.
"use strict";

import { lang, pick, t } from "./i18n.js";
import { citeLinks, evidenceBlock, getJSON, h, sortableTable, vendorAll, vocabulary } from "./ui.js";

/** An ISO 8601 duration in months (P6M -> 6, P2Y -> 24); null when not stated. */
function months(d) {
  const m = /^P(\d+)([YMWD])$/.exec(d || "");
  if (!m) return null;
  const n = Number(m[1]);
  return { Y: n * 12, M: n, W: n / 4.345, D: n / 30.44 }[m[2]];
}

export async function renderStatistics() {
  const [{ statistics }, v, refs] = await Promise.all([getJSON("/api/statistics"), vocabulary(), getJSON("/api/citations")]);
  await vendorAll("d3.min.js", "plot.umd.min.js");
  const Plot = window.Plot;
  const refList = Array.isArray(refs) ? refs : refs.citations || refs.references || [];
  const refName = Object.fromEntries(refList.map((r) => {
    const ref = r.reference || r;
    return [ref.n, `[${ref.n}] ${ref.first_author || ""} ${ref.year || ""}`.trim()];
  }));
  const about = (s) => (s.about ? pick(s.about.label_en, s.about.label_zh) : "—");
  const href = (s) => (s.citations.length ? `/citation/${s.citations[0]}` : `/statistics`);
  const tip = (s) => `${about(s)}: ${s.stated_as ?? s.value} ${s.unit || ""}${s.timepoint ? ` (${s.timepoint})` : ""} ${s.citations.map((n) => `[${n}]`).join("")}\n${s.quote}`;

  const prevalence = statistics.filter((s) => s.quantity === "prevalence").map((s) => ({ ...s, months: months(s.timepoint), symptom: about(s) }));
  const timed = prevalence.filter((s) => s.months !== null);
  const untimed = prevalence.filter((s) => s.months === null);
  const prevPlot = Plot.plot({
    width: 860, height: 380, marginLeft: 60, marginRight: 20, marginBottom: 46,
    style: { fontSize: "13px", fontFamily: "system-ui, 'Noto Sans CJK SC', sans-serif" },
    color: { legend: true, type: "categorical" },
    x: { label: `${t("stats.months")} →`, domain: [0, 27], ticks: [3, 6, 12, 24] },
    y: { label: `↑ ${t("stats.percent")}`, domain: [0, 35], grid: true },
    marks: [
      Plot.line(timed, { x: "months", y: "value", z: (d) => `${d.symptom}${d.citations.join()}`, stroke: "symptom", strokeOpacity: 0.5, ariaHidden: true }),
      Plot.dot(timed, { x: "months", y: "value", fill: "symptom", r: 6, href, title: tip, ariaLabel: tip }),
      Plot.text(timed, { x: "months", y: "value", text: (d) => `${d.value}% ${d.citations.map((n) => `[${n}]`).join("")}`, dx: 9, textAnchor: "start", fontSize: 11, ariaHidden: true }),
    ],
  });
  prevPlot.id = "plot-prevalence";
  const untimedPlot = untimed.length ? Plot.plot({
    width: 860, height: 60 + 26 * untimed.length, marginLeft: 220, marginRight: 40,
    style: { fontSize: "13px" }, x: { label: `${t("stats.percent")} (${t("stats.nottime")}) →`, domain: [0, 35], grid: true },
    y: { label: null },
    marks: [Plot.barX(untimed, { y: (d) => `${d.symptom} ${d.citations.map((n) => `[${n}]`).join("")}`, x: "value", fill: "#7c9cc8", href, title: tip, ariaLabel: tip }),
      Plot.text(untimed, { y: (d) => `${d.symptom} ${d.citations.map((n) => `[${n}]`).join("")}`, x: "value", text: (d) => `${d.value}%`, dx: 4, textAnchor: "start", ariaHidden: true })],
  }) : null;

  const samples = statistics.filter((s) => s.quantity === "sample size").map((s) => ({ ...s, study: s.citations.map((n) => refName[n] || `[${n}]`).join(", ") }));
  const samplePlot = Plot.plot({
    width: 860, height: 70 + 28 * samples.length, marginLeft: 170, marginRight: 60,
    style: { fontSize: "13px" },
    x: { type: "log", domain: [10, 2000], label: `${t("stats.patients")} (log) →`, grid: true, tickFormat: "~s" },
    y: { label: null, domain: samples.sort((a, b) => b.value - a.value).map((s) => s.study) },
    marks: [Plot.barX(samples, { y: "study", x1: 10, x2: "value", fill: "#4f74a8", href, title: tip, ariaLabel: tip }),
      Plot.text(samples, { y: "study", x: "value", text: (d) => String(d.value), dx: 4, textAnchor: "start", ariaHidden: true })],
  });
  samplePlot.id = "plot-samples";

  const rows = statistics.map((s) => ({
    cells: [s.quantity, `${s.stated_as ?? s.value} ${s.unit || ""}`, s.timepoint || "—", about(s), h("span", {}, ...citeLinks(s.citations)),
      evidenceBlock({ quote: s.quote, section: s.section, citations: s.citations, study_design: s.study_design, n: s.sample_size, audit_flags: s.audit_flags }, v)],
    keys: [s.quantity, s.value, months(s.timepoint) ?? -1, about(s), s.citations[0] || 0, s.quote],
    text: `${s.quantity} ${s.value} ${about(s)} ${s.quote}`,
  }));
  return h("article", { class: "statistics" },
    h("h1", {}, t("stats.title")),
    h("p", { class: "lead" }, t("stats.lead")),
    h("figure", {}, h("figcaption", {}, h("h2", {}, t("stats.prevalence"))), prevPlot, untimedPlot),
    h("figure", {}, h("figcaption", {}, h("h2", {}, t("stats.samples"))), samplePlot),
    h("h2", {}, t("stats.table")),
    sortableTable({ caption: t("stats.table"), filterLabel: t("browse.filter"), rows,
      columns: ["quantity", "value", t("ev.time"), lang() === "zh" ? "对象" : "about", t("col.refs"), t("entity.evidence")].map((label) => ({ label })) }));
}
