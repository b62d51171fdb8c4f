// The playground: editor, shortcuts, result tabs, errors in place, the grid,
// Stop, the workspace across reloads, CSV import, share links, languages,
// the phone layout, and screenshots of the main screen for review.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdir, writeFile, mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  serveDist, openBrowser, waitReady, runSql, runScript, setEditor, editorInput, editorText,
  afterRun, readGrid, waitSaved,
} from "./harness.mjs";

const SHOTS = new URL("./screenshots/", import.meta.url).pathname;

let server;
let browser;

before(async () => {
  server = await serveDist();
  browser = await openBrowser();
  await browser.context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await browser.page.goto(server.url);
  await waitReady(browser.page);
});

after(async () => {
  await browser?.close();
  await server?.close();
});

test("typing completes table names from the live catalog", async () => {
  const { page } = browser;
  await page.locator('[data-testid="schema-browser"] [data-table="raw_data.user_session_channel"]').waitFor();
  await setEditor(page, "");
  await editorInput(page).click();
  await page.keyboard.type("SELECT * FROM raw_data.user_sess");
  const option = page.locator(".cm-tooltip-autocomplete li", { hasText: "user_session_channel" });
  await option.waitFor();
  await page.keyboard.press("Enter");
  assert.equal(await editorText(page), "SELECT * FROM raw_data.user_session_channel");
});

test("Ctrl+Enter runs the statement under the cursor", async () => {
  const { page } = browser;
  await setEditor(page, "SELECT 'first' AS which;\nSELECT 'second' AS which;");
  await editorInput(page).press("Control+Home");
  await afterRun(page, () => editorInput(page).press("Control+Enter"));
  assert.deepEqual((await readGrid(page)).rows, [["first"]]);
  assert.equal(await page.getByTestId("result-tab").count(), 1);
});

test("a 3-statement script gives 3 result tabs", async () => {
  const { page } = browser;
  await runScript(
    page,
    "CREATE TABLE adhoc.three (n INT);\nINSERT INTO adhoc.three VALUES (1), (2), (3);\nSELECT n FROM adhoc.three ORDER BY n;",
  );
  const tabs = page.getByTestId("result-tab");
  assert.equal(await tabs.count(), 3);
  assert.match(await tabs.nth(1).innerText(), /3/);
  assert.deepEqual((await readGrid(page)).rows, [["1"], ["2"], ["3"]]);
  await tabs.nth(0).click();
  assert.match(await page.locator(".result-body").innerText(), /CREATE TABLE/);
  assert.match(await page.getByTestId("status").innerText(), /3개 문장/);
});

test("an error is underlined at its line and column, with the message on hover", async () => {
  const { page } = browser;
  await runScript(page, "SELECT 1;\nSELECT userid, nope FROM raw_data.user_session_channel;");
  const error = page.getByTestId("error");
  await error.waitFor();
  assert.match(await error.innerText(), /nope/);
  const mark = page.locator(".cm-lintRange-error");
  await mark.waitFor();
  const where = await mark.evaluate((el) => {
    const line = el.closest(".cm-line");
    const lines = [...document.querySelectorAll('[data-testid="editor"] .cm-line')];
    const before = document.createRange();
    before.setStart(line, 0);
    before.setEnd(el, 0);
    return { line: lines.indexOf(line) + 1, column: before.toString().length + 1, text: el.textContent };
  });
  assert.deepEqual(where, { line: 2, column: 16, text: "n" });
  await mark.hover();
  await page.locator(".cm-tooltip-lint", { hasText: "nope" }).waitFor();
});

test("clicking a column header sorts the grid", async () => {
  const { page } = browser;
  await runSql(page, "SELECT channel, COUNT(*) AS sessions FROM raw_data.user_session_channel GROUP BY 1 ORDER BY 1");
  const header = page.getByTestId("result-grid").locator("thead button.col-head", { hasText: "sessions" });
  await header.click();
  const ascending = (await readGrid(page)).rows.map((r) => Number(r[1].replaceAll(",", "")));
  assert.deepEqual(ascending, [...ascending].sort((a, b) => a - b));
  await header.click();
  const descending = (await readGrid(page)).rows.map((r) => Number(r[1].replaceAll(",", "")));
  assert.deepEqual(descending, [...ascending].reverse());
  assert.match((await readGrid(page)).rows[0][1], /^\d{1,3}(,\d{3})*$/);
});

test("the grid works from the keyboard: arrows select a cell, Ctrl+C copies it", async () => {
  const { page } = browser;
  await runSql(page, "SELECT 'a' AS letter, 1 AS n UNION ALL SELECT 'b', 2 ORDER BY n");
  const grid = page.getByTestId("result-grid");
  await grid.focus();
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("ArrowDown");
  assert.equal(await grid.locator("td.selected").innerText(), "b");
  await page.keyboard.press("ArrowRight");
  assert.equal(await grid.locator("td.selected").innerText(), "2");
  await page.keyboard.press("Control+c");
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), "2");
});

test("a 101,520-row result scrolls to its last row", async () => {
  const { page } = browser;
  await runSql(page, "SELECT sessionid, ts FROM raw_data.session_timestamp");
  assert.match(await page.getByTestId("row-count").innerText(), /101,520/);
  const grid = page.getByTestId("result-grid");
  const rendered = await grid.locator("tbody tr:not(.pad)").count();
  assert.ok(rendered < 200, `only the visible rows are in the DOM (${rendered})`);
  await grid.evaluate((el) => {
    el.scrollTop = el.scrollHeight;
  });
  await grid.locator('tbody tr[data-row="101520"]').waitFor();
  const last = grid.locator('tbody tr[data-row="101520"] td');
  assert.match(await last.nth(1).innerText(), /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}/);
});

test("Stop cancels a long query and keeps the workspace", async () => {
  const { page, errors } = browser;
  await runSql(page, "CREATE TABLE adhoc.kept AS SELECT 7 AS lucky");
  await waitSaved(page);
  await setEditor(
    page,
    "SELECT COUNT(*) FROM raw_data.session_timestamp a, raw_data.session_timestamp b",
  );
  await editorInput(page).press("Control+Enter");
  await page.locator('[data-testid="status"][data-state="running"]').waitFor();
  await page.waitForTimeout(300);
  const stoppedAt = Date.now();
  await page.getByTestId("stop").click();
  await waitReady(page);
  const restartMs = Date.now() - stoppedAt;
  console.log(`stop → ready again: ${restartMs} ms`);
  assert.match(await page.getByTestId("error").innerText(), /중지/);
  await runSql(page, "SELECT lucky FROM adhoc.kept");
  assert.deepEqual((await readGrid(page)).rows, [["7"]]);
  assert.deepEqual(errors, []);
});

test("an engine that fails is restarted with the workspace, and says so", async () => {
  const { page } = browser;
  await runSql(page, "CREATE TABLE adhoc.crash_safe AS SELECT 42 AS answer");
  await waitSaved(page);
  // An error the worker does not catch, as a panic or a trap in the engine would be.
  const worker = page.workers().at(-1);
  await worker.evaluate(() => {
    setTimeout(() => {
      throw new Error("simulated engine failure");
    }, 100);
  });
  const notice = page.getByTestId("notice");
  await notice.waitFor();
  assert.match(await notice.innerText(), /엔진이 오류로 멈췄습니다.*simulated engine failure/s);
  await waitReady(page);
  await runSql(page, "SELECT answer FROM adhoc.crash_safe");
  assert.deepEqual((await readGrid(page)).rows, [["42"]]);
});

test("a table created survives a reload, and so do the tabs and history", async () => {
  const { page } = browser;
  await runSql(page, "CREATE TABLE adhoc.survivor AS SELECT '남아 있음' AS note");
  await waitSaved(page);
  await page.waitForTimeout(600);
  await page.reload();
  await waitReady(page);
  await page.locator('[data-testid="schema-browser"] [data-table="adhoc.survivor"]').waitFor();
  assert.equal(await editorText(page), "CREATE TABLE adhoc.survivor AS SELECT '남아 있음' AS note");
  await page.locator(".side-tab", { hasText: "기록" }).click();
  const history = page.getByTestId("history");
  assert.match(await history.innerText(), /adhoc\.survivor/);
  await page.locator(".side-tab", { hasText: "스키마" }).click();
  await runSql(page, "SELECT note FROM adhoc.survivor");
  assert.deepEqual((await readGrid(page)).rows, [["남아 있음"]]);
});

test("a CSV file is previewed, imported into adhoc and queried", async () => {
  const { page } = browser;
  const dir = await mkdtemp(join(tmpdir(), "tabhouse-csv-"));
  const file = join(dir, "cities.csv");
  await writeFile(file, "name,population,founded\n서울,9411000,1394-10-28\nBusan,3349000,\nIncheon,2954000,1883-01-01\n");
  await page.getByTestId("import").setInputFiles(file);
  const dialog = page.getByTestId("import-dialog");
  await dialog.waitFor();
  assert.match(await dialog.innerText(), /COPY adhoc\.cities/);
  await page.getByTestId("import-confirm").click();
  await page.locator('[data-testid="schema-browser"] [data-table="adhoc.cities"]').waitFor();
  await runSql(page, "SELECT name, population FROM adhoc.cities WHERE founded IS NULL");
  assert.deepEqual((await readGrid(page)).rows, [["Busan", "3,349,000"]]);
});

test("a shared link opens the query in a fresh profile without running it", async () => {
  const { page } = browser;
  const sql = "-- 공유 테스트\nSELECT channel FROM raw_data.user_session_channel LIMIT 3";
  await setEditor(page, sql);
  await page.getByTestId("share").click();
  const link = await page.getByTestId("share-link").inputValue();
  assert.match(link, /#sql=/);
  const fresh = await openBrowser();
  try {
    await fresh.page.goto(link);
    await waitReady(fresh.page);
    await fresh.page.getByTestId("notice").waitFor();
    assert.equal(await editorText(fresh.page), sql);
    assert.equal(await fresh.page.getByTestId("status").getAttribute("data-runs"), "0");
    assert.equal(await fresh.page.getByTestId("result-grid").count(), 0);
    assert.deepEqual(fresh.errors, []);
  } finally {
    await fresh.close();
  }
});

test("the language switch changes every label and is remembered", async () => {
  const { page } = browser;
  await page.getByTestId("lang-toggle").click();
  assert.equal(await page.getByTestId("run").innerText(), "Run");
  assert.equal(await page.getByTestId("run-all").innerText(), "Run all");
  assert.equal(await page.locator("html").getAttribute("lang"), "en");
  await setEditor(page, "");
  assert.match(await page.locator('[data-testid="editor"] .cm-placeholder').innerText(), /Type SQL/);
  assert.match(await editorInput(page).getAttribute("aria-label"), /SQL editor/);
  await runSql(page, "SELECT nope");
  assert.match(await page.getByTestId("error").innerText(), /column|Column/);
  await page.waitForTimeout(600);
  await page.reload();
  await waitReady(page);
  assert.equal(await page.getByTestId("run").innerText(), "Run");
  await page.getByTestId("lang-toggle").click();
  assert.equal(await page.getByTestId("run").innerText(), "실행");
});

test("the phone layout stacks the panes without sideways scrolling", async () => {
  const phone = await openBrowser({ viewport: { width: 390, height: 844 } });
  try {
    await phone.page.goto(server.url);
    await waitReady(phone.page);
    await runSql(phone.page, "SELECT 1 AS one");
    const overflow = await phone.page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(overflow <= 390, `page width ${overflow}`);
    for (const id of ["editor", "run", "stop", "result-grid", "schema-browser", "lang-toggle", "nav-lessons", "nav-dashboards"]) {
      const box = await phone.page.getByTestId(id).boundingBox();
      assert.ok(box && box.width > 0 && box.x >= 0 && box.x + box.width <= 391, `${id}: ${JSON.stringify(box)}`);
    }
  } finally {
    await phone.close();
  }
});

test("screenshots: both themes, both languages, desktop and phone", async () => {
  await mkdir(SHOTS, { recursive: true });
  const sizes = { desktop: { width: 1280, height: 800 }, phone: { width: 390, height: 844 } };
  for (const [size, viewport] of Object.entries(sizes)) {
    for (const colorScheme of ["light", "dark"]) {
      const shot = await openBrowser({ viewport, colorScheme });
      try {
        await shot.page.goto(server.url);
        await waitReady(shot.page);
        for (const lang of ["ko", "en"]) {
          if (lang === "en") await shot.page.getByTestId("lang-toggle").click();
          await runSql(
            shot.page,
            "SELECT LEFT(st.ts, 7) AS month, COUNT(DISTINCT usc.userid) AS mau\nFROM raw_data.user_session_channel usc\nJOIN raw_data.session_timestamp st ON usc.sessionid = st.sessionid\nGROUP BY 1 ORDER BY 1",
          );
          await shot.page.screenshot({ path: join(SHOTS, `main-${size}-${colorScheme}-${lang}.png`) });
        }
        assert.deepEqual(shot.errors, []);
      } finally {
        await shot.close();
      }
    }
  }
});
