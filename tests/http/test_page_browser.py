"""The web app in a real headless Chromium (Debian's chromium + chromium-driver, Selenium), with
every host but the server unreachable (``--host-resolver-rules``), against the real
``ldhkg serve``:

landing -> browse a class -> entity page -> an evidence row's reference -> citation page ->
back; a permalink opened directly (graph drawn, canvas painted); the language switch; ask in
English and Chinese (cards with quotes, a yes); YASGUI runs an example and shows a table; the
statistics plots have marks linked to their references; exports; the API docs offline; no
request leaves the server; axe-core finds no serious or critical violation on any view.
Screenshots of each step are kept in ``test-artifacts/``, with the landing page's weight and
first render in ``test-artifacts/page-metrics.json``.
"""

from __future__ import annotations

import json
import shutil
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import httpx
import pytest

from kg.paths import PROJECT_DIR

pytestmark = pytest.mark.slow
CHROMIUM, DRIVER = shutil.which("chromium"), shutil.which("chromedriver")
ARTIFACTS = PROJECT_DIR / "test-artifacts"
AXE = PROJECT_DIR / "node_modules" / "axe-core" / "axe.min.js"

if CHROMIUM is None or DRIVER is None:
    pytest.skip("Debian's chromium and chromium-driver are not installed (.ci/run installs them)",
                allow_module_level=True)

from selenium import webdriver  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support import expected_conditions as ec  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[webdriver.Chrome]:
    opts = webdriver.ChromeOptions()
    opts.binary_location = str(CHROMIUM)
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-component-update", "--no-first-run",
                 "--disable-sync", "--window-size=1400,1000", "--lang=en-GB",
                 # the page must need nothing but the server: every other host fails to resolve
                 "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
                 f"--user-data-dir={tmp_path_factory.mktemp('chromium')}"):
        opts.add_argument(flag)
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(str(DRIVER)), options=opts)
    ARTIFACTS.mkdir(exist_ok=True)
    try:
        yield driver
    finally:
        driver.quit()


def _open(browser: webdriver.Chrome, url: str) -> None:
    browser.get(url)
    _ready(browser)


def _ready(browser: webdriver.Chrome, timeout: float = 30) -> None:
    """Wait until the app has rendered the current URL's view."""
    WebDriverWait(browser, timeout).until(lambda d: d.execute_script(
        "return window.ldhkgView && window.ldhkgView.ready && "
        "window.ldhkgView.path === location.pathname + location.search && "
        "!document.getElementById('view').hasAttribute('aria-busy')"))


def _click(browser: webdriver.Chrome, css: str) -> None:
    el = WebDriverWait(browser, 20).until(ec.element_to_be_clickable((By.CSS_SELECTOR, css)))
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", el)
    el.click()


def _shot(browser: webdriver.Chrome, name: str) -> None:
    browser.save_screenshot(str(ARTIFACTS / f"{name}.png"))


def _no_errors(browser: webdriver.Chrome) -> None:
    severe = [e["message"] for e in browser.get_log("browser") if e["level"] == "SEVERE"
              and "favicon" not in e["message"]]
    assert not severe, severe


def _only_the_server(browser: webdriver.Chrome, base: str) -> None:
    urls = browser.execute_script(
        "return performance.getEntriesByType('resource').map(e => e.name)")
    outside = [u for u in urls if not u.startswith(base) and not u.startswith("data:")]
    assert not outside, outside


def _axe(browser: webdriver.Chrome, page: str) -> None:
    """axe-core (npm, run in the page): no serious or critical violation."""
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run `npm ci` (make does)")
    browser.execute_script(AXE.read_text(encoding="utf-8"))
    result = browser.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {resultTypes: ['violations']}).then(r => done(r.violations.map(v => ("
        "  {id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map(n => n.target)}"
        "))), e => done([{id: 'axe-error', impact: 'critical', help: String(e)}]));")
    bad = [v for v in result if v["impact"] in ("serious", "critical")]
    assert not bad, f"{page}: {json.dumps(bad, ensure_ascii=False)}"


def test_landing_browse_entity_evidence_citation_and_back(browser: webdriver.Chrome,
                                                          live_server: str) -> None:
    browser.set_script_timeout(30)
    _open(browser, live_server + "/")
    assert browser.find_element(By.TAG_NAME, "h1").text.startswith("What the review says")
    # the browse cards count what the API counts
    symptoms = httpx.get(f"{live_server}/api/entities?type=ldho:Symptom&limit=1").json()["total"]
    card = browser.find_element(By.CSS_SELECTOR, ".card h3")
    assert card.text == f"Symptoms {symptoms}"
    # the overview matrix has a mark per treatment-target pair, stated or inferred
    overview = httpx.get(f"{live_server}/api/overview").json()["cells"]
    marks = browser.find_elements(By.CSS_SELECTOR, "#overview td.cell")
    assert len(marks) == len(overview) > 20
    inferred = browser.find_elements(By.CSS_SELECTOR, "#overview td.inferred")
    assert len(inferred) == sum(c["inferred"] for c in overview) > 0
    _shot(browser, "01-landing")
    _axe(browser, "landing")

    # browse a class: its members, filterable
    _click(browser, "a[href='/browse/Treatment']")
    _ready(browser)
    assert browser.current_url.endswith("/browse/Treatment")
    treatments = httpx.get(f"{live_server}/api/entities?type=ldho:Treatment&limit=1").json()["total"]
    assert len(browser.find_elements(By.CSS_SELECTOR, "table.data tbody tr")) == treatments
    browser.find_element(By.CSS_SELECTOR, ".filter-box input").send_keys("mecobalamin")
    rows = browser.find_elements(By.CSS_SELECTOR, "table.data tbody tr")
    assert 1 <= len(rows) <= 3 and all("mecobalamin" in r.text for r in rows)
    _shot(browser, "02-browse-treatments")
    _axe(browser, "browse")

    # the entity page: relations grouped, each row with its exact quote and references
    _click(browser, "table.data a[href='/entity/mecobalamin']")
    _ready(browser)
    assert browser.find_element(By.ID, "entity-title").text == "mecobalamin · 甲钴胺"
    groups = [g.text for g in browser.find_elements(By.CSS_SELECTOR, ".relation-group h3")]
    assert any(g.startswith("mecobalamin → relieves") for g in groups)
    text = browser.find_element(By.CSS_SELECTOR, ".relations").text
    assert "徐刚等[16]的 Meta 分析也证实" in text and "meta-analysis" in text
    assert browser.find_elements(By.CSS_SELECTOR, ".relations .flag")  # [29]'s audit flag
    WebDriverWait(browser, 20).until(lambda d: d.execute_script("return window.ldhkgGraph"))
    _shot(browser, "03-entity-mecobalamin")
    _axe(browser, "entity")

    # an evidence row's reference opens the citation page
    _click(browser, ".relations a.cite[href='/citation/16']")
    _ready(browser)
    assert browser.find_element(By.TAG_NAME, "h1").text.startswith("[16]")
    claims = httpx.get(f"{live_server}/api/citations/16").json()["claims"]
    assert len(browser.find_elements(By.CSS_SELECTOR, "table.data tbody tr")) == len(claims)
    assert "甲钴胺治疗腰椎间盘突出症的 Meta 分析" in browser.find_element(By.TAG_NAME, "article").text
    _shot(browser, "04-citation-16")
    _axe(browser, "citation")

    browser.back()
    _ready(browser)
    assert browser.current_url.endswith("/entity/mecobalamin")
    assert browser.find_element(By.ID, "entity-title").text == "mecobalamin · 甲钴胺"
    _no_errors(browser)
    _only_the_server(browser, live_server)


def test_a_permalink_opened_directly_draws_its_graph(browser: webdriver.Chrome,
                                                      live_server: str) -> None:
    _open(browser, live_server + "/entity/peld")
    assert browser.find_element(By.ID, "entity-title").text == \
        "percutaneous endoscopic lumbar discectomy · 经皮内镜下腰椎间盘切除术"
    WebDriverWait(browser, 20).until(lambda d: d.execute_script("return window.ldhkgGraph"))
    expected = httpx.get(f"{live_server}/api/neighbors/ldh:peld?depth=1").json()
    graph = browser.execute_script("return window.ldhkgGraph")
    assert graph["nodes"] == len(expected["nodes"]) > 5
    assert graph["edges"] == len(expected["edges"])
    painted = browser.execute_script("""
        let n = 0;
        for (const cv of document.querySelectorAll('#graph canvas')) {
          const d = cv.getContext('2d').getImageData(0, 0, cv.width, cv.height).data;
          for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++; }
        return n;""")
    assert painted > 1000, "the graph canvas is blank"
    assert "Wu 等[34]回顾性分析了 72 例" in browser.find_element(By.CSS_SELECTOR, ".relations").text
    links = browser.find_elements(By.CSS_SELECTOR, "#export-links a.export")
    assert {a.get_attribute("data-format") for a in links} >= {"graphml", "cytoscape", "kgx"}
    href = next(a.get_attribute("href") for a in links if a.get_attribute("data-format") == "graphml")
    status = browser.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "fetch(arguments[0]).then(r => r.text().then(t => done([r.status, t.slice(0, 200)])));", href)
    assert status[0] == 200 and "graphml" in status[1]
    _no_errors(browser)
    # a missing entity is a 404 that says so
    assert httpx.get(f"{live_server}/entity/no-such-thing").status_code == 404
    _open(browser, live_server + "/entity/no-such-thing")
    assert browser.find_element(By.TAG_NAME, "h1").text == "No such entity."
    browser.get_log("browser")  # the two 404s, expected


def test_the_language_switch_changes_the_interface(browser: webdriver.Chrome,
                                                  live_server: str) -> None:
    _open(browser, live_server + "/entity/mecobalamin")
    _click(browser, "#lang")
    _ready(browser)
    WebDriverWait(browser, 10).until(lambda d: d.find_element(By.CSS_SELECTOR, "nav a").text == "浏览")
    assert browser.execute_script("return document.documentElement.lang") == "zh-Hans"
    assert browser.find_element(By.ID, "entity-title").text == "甲钴胺 · mecobalamin"
    assert browser.find_element(By.ID, "relations-title").text == "关系与证据"
    _shot(browser, "05-entity-mecobalamin-zh")
    _axe(browser, "entity (zh)")
    _click(browser, "#lang")
    _ready(browser)
    WebDriverWait(browser, 10).until(lambda d: d.find_element(By.CSS_SELECTOR, "nav a").text == "Browse")
    assert browser.find_element(By.ID, "entity-title").text == "mecobalamin · 甲钴胺"


def test_ask_in_english_and_chinese_renders_cards(browser: webdriver.Chrome,
                                                 live_server: str) -> None:
    q = "Which treatments address inflammatory residual pain?"
    _open(browser, f"{live_server}/ask?q={quote(q)}")
    cards = browser.find_elements(By.CSS_SELECTOR, ".answer-card")
    ids = {c.get_attribute("data-id") for c in cards}
    assert {"ldh:mecobalamin", "ldh:multimodal-analgesia"} <= ids
    assert all(c.find_elements(By.TAG_NAME, "blockquote") for c in cards)
    open_query = browser.find_element(By.CSS_SELECTOR, "a.open-query")
    assert open_query.get_attribute("href").startswith(f"{live_server}/sparql-editor?query=")
    _shot(browser, "06-ask-en")
    _axe(browser, "ask")

    _open(browser, f"{live_server}/ask?q={quote('甲钴胺能降低同型半胱氨酸吗？')}")
    assert browser.find_element(By.CSS_SELECTOR, ".verdict").text in ("Yes", "是")
    quotes = browser.find_element(By.ID, "answer").text
    assert "同型半胱氨酸" in quotes and "[16]" in quotes
    _shot(browser, "07-ask-zh-yes")

    _open(browser, f"{live_server}/ask?q={quote('Does acupuncture reduce IL-6?')}")
    assert browser.find_element(By.CSS_SELECTOR, ".verdict").text == "No"
    assert "does not state" in browser.find_element(By.CSS_SELECTOR, ".statement").text
    assert not browser.find_elements(By.CSS_SELECTOR, ".answer-card")
    shown = browser.find_element(By.ID, "answer").text
    kinds = [f.text for f in browser.find_elements(By.CSS_SELECTOR, ".flag-kind")]
    assert kinds and all(k.startswith("⚑ citation-") for k in kinds), kinds  # not "undefined"
    assert "undefined" not in shown
    quotes = [b.text for b in browser.find_elements(By.CSS_SELECTOR, "#answer blockquote")]
    assert quotes and len(quotes) == len(set(quotes))  # one card a sentence
    _shot(browser, "08-ask-restraint")
    _no_errors(browser)


def test_yasgui_runs_an_example_and_shows_a_table(browser: webdriver.Chrome,
                                                  live_server: str) -> None:
    _open(browser, live_server + "/sparql-editor")
    wait = WebDriverWait(browser, 30)
    wait.until(lambda d: d.execute_script("return !!window.ldhkgYasgui"))
    tabs = [t.text.strip() for t in browser.find_elements(By.CSS_SELECTOR, ".tabsList .tab a")]
    assert "risk_factors" in " ".join(tabs)
    browser.execute_script("""
        const y = window.ldhkgYasgui;
        const id = Object.keys(y._tabs).find(k => y._tabs[k].getName() === 'risk_factors');
        y.selectTabId(id); y.getTab(id).getYasqe().query();""")
    wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, ".tabPanel.active .yasr table tbody tr"))
    table = browser.find_element(By.CSS_SELECTOR, ".tabPanel.active .yasr table").text
    assert "older age (50 years or over)" in table
    _shot(browser, "09-yasgui-risk-factors")
    _axe(browser, "sparql editor")
    # a query opened from an answer arrives as its own tab, with its bound values
    _open(browser, live_server + "/sparql-editor?query=" + quote("SELECT ?x WHERE { ?x ?p ?o } LIMIT 1"))
    wait.until(lambda d: d.execute_script("return !!window.ldhkgYasgui"))
    assert "LIMIT 1" in browser.execute_script(
        "return window.ldhkgYasgui.getTab().getYasqe().getValue()")
    _no_errors(browser)
    _only_the_server(browser, live_server)


def test_statistics_plots_link_every_mark(browser: webdriver.Chrome, live_server: str) -> None:
    _open(browser, live_server + "/statistics")
    stats = httpx.get(f"{live_server}/api/statistics").json()["statistics"]
    timed = [s for s in stats if s["quantity"] == "prevalence" and s["timepoint"]]
    marks = browser.find_elements(By.CSS_SELECTOR, "#plot-prevalence a circle")
    assert len(marks) == len(timed) > 5
    links = set(browser.execute_script(
        "return [...document.querySelectorAll('#plot-prevalence a')].map(a => a.getAttribute('href'))"))
    assert {f"/citation/{s['citations'][0]}" for s in timed} == links
    titles = browser.execute_script(
        "return [...document.querySelectorAll('#plot-prevalence a title')].map(t => t.textContent)")
    assert any("1192" in t or "32.8" in t for t in titles)
    samples = [s for s in stats if s["quantity"] == "sample size"]
    assert len(browser.find_elements(By.CSS_SELECTOR, "#plot-samples a rect")) == len(samples)
    assert len(browser.find_elements(By.CSS_SELECTOR, "table.data tbody tr")) == len(stats)
    _shot(browser, "10-statistics")
    _axe(browser, "statistics")
    _no_errors(browser)
    _only_the_server(browser, live_server)


def test_api_docs_work_offline(browser: webdriver.Chrome, live_server: str) -> None:
    browser.get(live_server + "/docs")
    WebDriverWait(browser, 30).until(
        lambda d: len(d.find_elements(By.CSS_SELECTOR, "#swagger-ui .opblock")) > 10)
    assert "/api/ask" in browser.find_element(By.ID, "swagger-ui").text
    _shot(browser, "11-api-docs")
    _only_the_server(browser, live_server)


def test_cytoscape_loads_the_cytoscape_export(browser: webdriver.Chrome, live_server: str) -> None:
    """The consumer of the cytoscape.js export is cytoscape.js itself, in the browser."""
    _open(browser, live_server + "/entity/mecobalamin")
    WebDriverWait(browser, 20).until(lambda d: d.execute_script("return window.ldhkgGraph"))
    expected = httpx.get(f"{live_server}/api/neighbors/ldh:mecobalamin?depth=1").json()
    counts = browser.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "fetch('/api/export/cytoscape?root=ldh:mecobalamin&depth=1').then(r => r.json()).then(j => {"
        "  const els = j.elements.nodes ? [...j.elements.nodes, ...j.elements.edges] : j.elements;"
        "  const cy = cytoscape({headless: true, elements: els});"
        "  done([cy.nodes().length, cy.edges().length,"
        "        cy.getElementById('ldh:homocysteine').data('label_zh') || null]);"
        "}).catch(e => done(['error', String(e)]));")
    assert counts[0] == len(expected["nodes"]), counts
    assert counts[1] >= len(expected["edges"]) > 5
    assert counts[2] == "同型半胱氨酸"


def test_page_weight_and_first_render_are_recorded(browser: webdriver.Chrome,
                                                   live_server: str) -> None:
    """Measured, not asserted on time: what the landing page transfers and when it paints."""
    browser.get("about:blank")
    browser.execute_cdp_cmd("Network.enable", {})
    browser.execute_cdp_cmd("Network.clearBrowserCache", {})
    _open(browser, live_server + "/")
    metrics = browser.execute_script("""
        const nav = performance.getEntriesByType('navigation')[0];
        const res = performance.getEntriesByType('resource');
        const paint = Object.fromEntries(performance.getEntriesByType('paint').map(p => [p.name, p.startTime]));
        return {document_bytes: nav.transferSize, resources: res.length,
                resource_bytes: res.reduce((s, r) => s + r.transferSize, 0),
                first_contentful_paint_ms: paint['first-contentful-paint'] || null,
                dom_content_loaded_ms: nav.domContentLoadedEventEnd,
                load_ms: nav.loadEventEnd};""")
    metrics["view_ready_ms"] = browser.execute_script("return performance.now()")
    (ARTIFACTS / "page-metrics.json").write_text(json.dumps(metrics, indent=2) + "\n")
    print("landing page:", json.dumps(metrics))
    assert metrics["resources"] > 0 and metrics["resource_bytes"] > 0


def test_screenshots_are_kept() -> None:
    for name in ("01-landing", "03-entity-mecobalamin", "04-citation-16", "06-ask-en",
                 "09-yasgui-risk-factors", "10-statistics"):
        path = Path(ARTIFACTS / f"{name}.png")
        assert path.exists() and path.stat().st_size > 10_000, name
    time.sleep(0)
