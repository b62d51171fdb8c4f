// Charts and pivots of results (#7): the proposed chart, hover values equal
// to the grid's, series, the cohort pivot, SVG export, hostile text shown as
// text, and the time to draw 10,000 points.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { serveDist, openBrowser, waitReady, runSql, readGrid } from "./harness.mjs";

const MAU =
  "SELECT LEFT(st.ts, 7) AS month, COUNT(DISTINCT usc.userid) AS mau\n" +
  "FROM raw_data.user_session_channel usc\n" +
  "JOIN raw_data.session_timestamp st ON usc.sessionid = st.sessionid\n" +
  "GROUP BY 1 ORDER BY 1";

let server;
let browser;

before(async () => {
  server = await serveDist();
  browser = await openBrowser();
  await browser.page.goto(server.url);
  await waitReady(browser.page);
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/** Switches the shown result to its chart and waits for the marks. */
async function showChart(page) {
  await page.getByTestId("view-chart").click();
  await page.locator('[data-testid="chart"] svg .mark').first().waitFor();
  return page.getByTestId("chart");
}

test("the MAU result becomes a line chart of 7 points whose hover values match the grid", async () => {
  const { page, errors } = browser;
  await runSql(page, MAU);
  const grid = await readGrid(page);
  const chart = await showChart(page);
  assert.equal(await page.getByTestId("chart-kind").inputValue(), "0");
  const marks = chart.locator("svg .mark");
  assert.equal(await marks.count(), 7);
  for (let i = 0; i < 7; i++) {
    const mark = marks.nth(i);
    assert.equal(await mark.getAttribute("data-x"), grid.rows[i][0]);
    assert.equal(await mark.getAttribute("data-y"), grid.rows[i][1]);
    await mark.hover({ force: true });
    const tooltip = page.getByTestId("chart-tooltip");
    await tooltip.waitFor();
    const text = await tooltip.innerText();
    assert.ok(text.includes(grid.rows[i][0]) && text.includes(grid.rows[i][1]), text);
  }
  assert.deepEqual(errors, []);
});

test("a month x channel result is drawn as 6 series", async () => {
  const { page } = browser;
  await runSql(
    page,
    "SELECT LEFT(st.ts, 7) AS month, usc.channel, COUNT(DISTINCT usc.userid) AS users\n" +
      "FROM raw_data.user_session_channel usc\n" +
      "JOIN raw_data.session_timestamp st ON usc.sessionid = st.sessionid\n" +
      "GROUP BY 1, 2 ORDER BY 1, 2",
  );
  const chart = await showChart(page);
  const series = await chart
    .locator("svg .mark")
    .evaluateAll((marks) => [...new Set(marks.map((m) => m.getAttribute("data-series")))]);
  assert.equal(series.length, 6, series.join(", "));
});

test("the cohort query pivots into the retention table, in percent of month 1", async () => {
  const { page } = browser;
  await runSql(
    page,
    "WITH user_month AS (SELECT DISTINCT usc.userid, DATE_TRUNC('month', st.ts) AS month FROM raw_data.user_session_channel usc JOIN raw_data.session_timestamp st ON usc.sessionid = st.sessionid),\n" +
      "cohort AS (SELECT userid, MIN(month) AS cohort_month FROM user_month GROUP BY userid)\n" +
      "SELECT TO_CHAR(c.cohort_month, 'YYYY-MM') AS cohort, DATEDIFF(month, c.cohort_month, um.month) + 1 AS m, COUNT(*) AS users\n" +
      "FROM cohort c JOIN user_month um ON c.userid = um.userid GROUP BY 1, 2 ORDER BY 1, 2",
  );
  await page.getByTestId("view-pivot").click();
  const pivot = page.getByTestId("pivot");
  await pivot.waitFor();
  const header = await pivot.locator("thead th").allInnerTexts();
  assert.deepEqual(header.slice(1), ["1", "2", "3", "4", "5", "6", "7"]);
  const rows = await pivot.locator("tbody th").allInnerTexts();
  assert.deepEqual(rows, ["2019-05", "2019-06", "2019-07", "2019-08", "2019-09", "2019-10", "2019-11"]);
  await page.getByTestId("pivot-percent").check();
  const first = await pivot.locator("tbody tr").first().locator("td").allInnerTexts();
  assert.equal(first[0], "100.0%");
  assert.match(first[1], /^\d+(\.\d)?%$/);
});

test("a chart exported as SVG is a valid SVG containing its labels", async () => {
  const { page } = browser;
  await runSql(page, MAU);
  await showChart(page);
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("export-svg").click()]);
  assert.equal(download.suggestedFilename(), "chart.svg");
  const svg = await readFile(await download.path(), "utf8");
  const parsed = await page.evaluate((text) => {
    const doc = new DOMParser().parseFromString(text, "image/svg+xml");
    return {
      error: doc.querySelector("parsererror")?.textContent ?? null,
      root: doc.documentElement.nodeName,
      text: doc.documentElement.textContent,
    };
  }, svg);
  assert.equal(parsed.error, null);
  assert.equal(parsed.root, "svg");
  for (const label of ["2019-05", "2019-11", "mau"]) assert.ok(parsed.text.includes(label), label);
});

test("hostile values are shown as text in the grid, chart labels, tooltips and pivot", async () => {
  const { page, errors } = browser;
  const script = "<script>window.__xss = 1</script>";
  const image = '"><img src=x onerror="window.__xss = 2">';
  await runSql(
    page,
    `SELECT '${script}' AS label, 'a' AS k, 3 AS n UNION ALL SELECT '${image.replaceAll("'", "''")}', 'b', 5 ORDER BY n`,
  );
  const grid = await readGrid(page);
  assert.deepEqual(grid.rows.map((r) => r[0]), [script, image]);
  const chart = await showChart(page);
  const labels = await chart.locator("svg").evaluate((svg) => svg.textContent);
  assert.ok(labels.includes(script) && labels.includes(image));
  await chart.locator("svg .mark").first().hover({ force: true });
  assert.ok((await page.getByTestId("chart-tooltip").innerText()).includes(script));
  await page.getByTestId("view-pivot").click();
  const pivotText = await page.getByTestId("pivot").innerText();
  assert.ok(pivotText.includes(script) && pivotText.includes(image));
  assert.equal(await page.locator("img[src=x]").count(), 0);
  assert.equal(await page.evaluate(() => window.__xss), undefined);
  assert.deepEqual(errors, []);
});

test("drawing a chart of 10,000 points (time printed)", async () => {
  const { page } = browser;
  await runSql(
    page,
    "SELECT (userid * 7 % 1000) * 1.0 AS x, (userid % 97) * 1.5 AS y FROM raw_data.user_session_channel LIMIT 10000",
  );
  await page.getByTestId("view-table").click();
  // Timed in the page: from the click to the frame after the marks are in the DOM.
  const elapsed = await page.evaluate(
    () =>
      new Promise((done) => {
        const started = performance.now();
        document.querySelector('[data-testid="view-chart"]').click();
        const poll = () => {
          if (document.querySelectorAll('[data-testid="chart"] svg .mark').length > 0) {
            requestAnimationFrame(() => done(performance.now() - started));
          } else {
            requestAnimationFrame(poll);
          }
        };
        poll();
      }),
  );
  const marks = await page.locator('[data-testid="chart"] svg .mark').count();
  console.log(`chart of ${marks} points drawn in ${elapsed.toFixed(0)} ms`);
  assert.equal(marks, 10000);
});
