// Dashboards (#7): open the example dashboard, refresh all, reorder, resize
// and remove cards, reload (4 cards come back and chart again), share the
// dashboard and open the link in a fresh profile (nothing runs before the
// learner confirms); markup in titles and result values stays text.
//
// Assumes the app's wiring: a top-level `nav-dashboards` button shows
// `DashboardsView`; its `on_share` shows the link in the `share-link` input;
// a `#dash=` link shows the confirmation banner in the dashboards view; the
// dashboards are saved before the status says `data-saving="false"`.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { deflateSync } from "node:zlib";
import { serveDist, openBrowser } from "./harness.mjs";

const CARD = '[data-testid="dashboard-card"]';
// The example's queries read the 100k-row tables; five of them in a row.
const RUN_TIMEOUT = 120_000;

let server;
let browser;

before(async () => {
  server = await serveDist();
  browser = await openBrowser();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/** Waits until the engine is ready (the status may be hidden behind the dashboards view). */
async function waitEngine(page) {
  await page
    .locator('[data-testid="status"][data-state="ready"]')
    .waitFor({ state: "attached", timeout: 30_000 });
}

/** Shows the dashboards view from the top-level navigation. */
async function openDashboards(page) {
  await page.getByTestId("nav-dashboards").click();
  await page.getByTestId("dashboards").waitFor();
}

/** The cards' ids, in order. */
async function cardIds(page) {
  return page.locator(CARD).evaluateAll((cards) => cards.map((c) => c.dataset.cardId));
}

/**
 * Waits until `count` cards have all finished running, then asserts none
 * failed (naming the failures) and returns their ids.
 */
async function waitCardsDone(page, count) {
  await page.waitForFunction(
    ({ selector, count }) => {
      const cards = [...document.querySelectorAll(selector)];
      return cards.length === count && cards.every((c) => ["done", "error"].includes(c.dataset.state));
    },
    { selector: CARD, count },
    { timeout: RUN_TIMEOUT },
  );
  const failed = await page
    .locator(`${CARD}[data-state="error"]`)
    .evaluateAll((cards) => cards.map((c) => `${c.dataset.cardId}: ${c.innerText}`));
  assert.deepEqual(failed, []);
  return cardIds(page);
}

/** How many cards show a chart with marks. */
async function cardsWithCharts(page) {
  return page.locator(CARD).evaluateAll((cards) => cards.filter((c) => c.querySelector("svg .mark")).length);
}

/** A `#dash=` link in `crate::share`'s format: version 1, zlib deflate, base64url without padding. */
function dashboardLink(base, dashboard) {
  const payload = deflateSync(Buffer.from(JSON.stringify(dashboard), "utf8"), { level: 9 }).toString("base64url");
  return `${base}#dash=1${payload}`;
}

/** Shows the banner of a shared dashboard (opening the dashboards view if the app did not). */
async function sharedBanner(page) {
  const banner = page.getByTestId("shared-dashboard");
  if (!(await banner.isVisible())) await openDashboards(page);
  await banner.waitFor();
  return banner;
}

test("the example dashboard refreshes, is rearranged, survives a reload and opens from a shared link", async () => {
  const { page, errors } = browser;
  await page.goto(server.url);
  await waitEngine(page);
  await openDashboards(page);
  await page.getByTestId("open-example").click();
  assert.deepEqual(await cardIds(page), ["mau", "sessions-by-channel", "channel-revenue", "cohort-retention", "nps"]);
  assert.equal(await page.locator(`${CARD} svg .mark`).count(), 0, "nothing runs before Refresh all");

  await page.getByTestId("refresh-all").click();
  await waitCardsDone(page, 5);
  assert.equal(await cardsWithCharts(page), 4);
  const cohort = page.locator(`${CARD}[data-card-id="cohort-retention"]`);
  assert.match(await cohort.getByTestId("card-pivot").innerText(), /100\.0%/);
  const mau = page.locator(`${CARD}[data-card-id="mau"]`);
  assert.match(await mau.getByTestId("card-last-run").innerText(), /\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}/);
  await mau.getByTestId("card-sql").locator("summary").click();
  assert.match(await mau.getByTestId("card-sql").innerText(), /COUNT\(DISTINCT usc\.userid\)/);

  // Remove the pivot card (asked first), move NPS up, widen MAU.
  await cohort.getByTestId("card-remove").click();
  await cohort.getByTestId("card-remove-cancel").click();
  assert.equal(await page.locator(CARD).count(), 5);
  await cohort.getByTestId("card-remove").click();
  await cohort.getByTestId("card-remove-confirm").click();
  await page.locator(`${CARD}[data-card-id="nps"]`).getByTestId("card-up").click();
  await mau.getByTestId("card-width").click();
  const arranged = ["mau", "sessions-by-channel", "nps", "channel-revenue"];
  assert.deepEqual(await cardIds(page), arranged);
  assert.match(await mau.getAttribute("class"), /\bwide\b/);

  await page.waitForTimeout(800);
  await page.locator('[data-testid="status"][data-saving="false"]').waitFor({ state: "attached" });
  await page.reload();
  await waitEngine(page);
  await openDashboards(page);
  assert.deepEqual(await cardIds(page), arranged);
  assert.match(await mau.getAttribute("class"), /\bwide\b/);
  assert.match(await mau.getByTestId("card-last-run").innerText(), /\d{4}-\d{2}-\d{2}/);
  await page.getByTestId("refresh-all").click();
  await waitCardsDone(page, 4);
  assert.equal(await cardsWithCharts(page), 4);

  await page.getByTestId("share-dashboard").click();
  const link = await page.getByTestId("share-link").inputValue();
  assert.match(link, /#dash=1[A-Za-z0-9_-]+$/);
  assert.deepEqual(errors, []);

  const fresh = await openBrowser();
  try {
    await fresh.page.goto(link);
    await waitEngine(fresh.page);
    const banner = await sharedBanner(fresh.page);
    assert.equal(await banner.getByTestId("shared-card").count(), 4);
    assert.match(await banner.innerText(), /COUNT\(DISTINCT usc\.userid\)/);
    await fresh.page.waitForTimeout(1000);
    assert.equal(await fresh.page.locator("svg .mark").count(), 0, "nothing runs before the learner confirms");
    await banner.getByTestId("confirm-shared").click();
    assert.deepEqual(await waitCardsDone(fresh.page, 4), arranged);
    assert.equal(await cardsWithCharts(fresh.page), 4);
    assert.equal(await fresh.page.getByTestId("shared-dashboard").count(), 0);
    assert.deepEqual(fresh.errors, []);
  } finally {
    await fresh.close();
  }
});

test("markup in dashboard and card titles and in result values is shown as text", async () => {
  const TITLE = '"><img src=x onerror=alert(1)>';
  const CARD_TITLE = "<img src=x onerror=alert(2)>";
  const SCRIPT = "<script>alert(3)</script>";
  const IMG = '"><img src=x onerror=alert(4)>';
  const card = (id, title, sql, chart, view) => ({ id, title, sql, chart, view, width: "One", last_run: null });
  const link = dashboardLink(server.url, {
    title: TITLE,
    cards: [
      card("chart", CARD_TITLE, `SELECT '${SCRIPT}' AS label, 1 AS n UNION ALL SELECT '${IMG}', 2`,
        { kind: "Bar", x: 0, y: [1], series: null, sort: "Data" }, "Chart"),
      card("pivot", SCRIPT, `SELECT '${IMG}' AS r, '${SCRIPT}' AS c, 1 AS n`, null,
        { Pivot: { rows: 0, cols: 1, measure: 2, percent_of_first: false } }),
      card("table", IMG, `SELECT '${SCRIPT}' AS v UNION ALL SELECT '${IMG}'`, null, "Table"),
    ],
  });
  const fresh = await openBrowser();
  const dialogs = [];
  fresh.page.on("dialog", async (dialog) => {
    dialogs.push(dialog.message());
    await dialog.dismiss();
  });
  try {
    const { page } = fresh;
    await page.goto(link);
    await waitEngine(page);
    const banner = await sharedBanner(page);
    assert.equal(await banner.getByTestId("shared-title").innerText(), TITLE);
    assert.deepEqual(await banner.getByTestId("shared-card").locator("strong").allInnerTexts(), [CARD_TITLE, SCRIPT, IMG]);
    await banner.getByTestId("confirm-shared").click();
    await waitCardsDone(page, 3);

    assert.equal(await page.getByTestId("dashboard-title").innerText(), TITLE);
    assert.deepEqual(await page.locator(CARD).getByTestId("card-title").allInnerTexts(), [CARD_TITLE, SCRIPT, IMG]);
    const chart = page.locator(`${CARD}[data-card-id="chart"]`);
    const marks = chart.locator("svg .mark");
    assert.deepEqual(await marks.evaluateAll((els) => els.map((el) => el.getAttribute("data-x"))), [SCRIPT, IMG]);
    const tooltips = await marks.evaluateAll((els) => els.map((el) => el.querySelector("title")?.textContent ?? ""));
    assert.ok(tooltips[0].includes(SCRIPT) && tooltips[1].includes(IMG), JSON.stringify(tooltips));
    const labels = await chart.locator("svg text").allTextContents();
    assert.ok(labels.some((text) => text.startsWith("<script>")), JSON.stringify(labels));
    const pivot = page.locator(`${CARD}[data-card-id="pivot"]`).getByTestId("card-pivot");
    assert.deepEqual(await pivot.locator("thead th").allInnerTexts(), ["r \\ c", SCRIPT]);
    assert.equal(await pivot.locator("tbody th").innerText(), IMG);
    const grid = page.locator(`${CARD}[data-card-id="table"]`).getByTestId("result-grid");
    assert.deepEqual(await grid.locator("tbody td").allInnerTexts(), [SCRIPT, IMG]);

    const dashboards = page.getByTestId("dashboards");
    assert.equal(await dashboards.locator("img").count(), 0);
    assert.equal(await dashboards.locator("script").count(), 0);
    await page.waitForTimeout(500);
    assert.deepEqual(dialogs, []);
    assert.deepEqual(fresh.errors, []);
  } finally {
    await fresh.close();
  }
});
