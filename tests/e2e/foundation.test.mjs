// The vertical slice: the page loads, runs SQL in the worker, shows results and errors.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { serveDist, openBrowser, waitReady, runSql, setEditor, afterRun, readGrid, BASE_PATH } from "./harness.mjs";

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

test(`the page loads under ${BASE_PATH} with no console errors`, async () => {
  const { page, errors } = browser;
  await page.goto(server.url);
  await waitReady(page);
  assert.equal(await page.title(), "Tabhouse · 브라우저 속 데이터 웨어하우스");
  assert.deepEqual(errors, []);
});

test("a typed query run with Ctrl+Enter shows its rows in the grid", async () => {
  const { page } = browser;
  await runSql(page, "SELECT 1 + 1 AS two");
  const grid = await readGrid(page);
  assert.deepEqual(grid.headers, ["two"]);
  assert.deepEqual(grid.rows, [["2"]]);
});

test("the Run all button runs a script; the grid shows the last result", async () => {
  const { page } = browser;
  await setEditor(
    page,
    "CREATE TABLE adhoc.t (id INT, name VARCHAR(20));\nINSERT INTO adhoc.t VALUES (1, '가나다'), (2, NULL);\nSELECT id, name FROM adhoc.t ORDER BY id;",
  );
  await afterRun(page, () => page.getByTestId("run-all").click());
  const grid = await readGrid(page);
  assert.deepEqual(grid.rows, [["1", "가나다"], ["2", "NULL"]]);
  assert.match(await page.getByTestId("status").innerText(), /2행/);
});

test("an invalid query shows a readable error, and the page keeps working", async () => {
  const { page, errors } = browser;
  await runSql(page, "SELEC 1");
  const error = page.getByTestId("error");
  await error.waitFor();
  assert.match(await error.innerText(), /문법 오류/);
  await runSql(page, "SELECT 'still alive' AS ok");
  assert.deepEqual((await readGrid(page)).rows, [["still alive"]]);
  assert.deepEqual(errors, []);
});

test("reloading keeps working", async () => {
  const { page, errors } = browser;
  await page.reload();
  await waitReady(page);
  await runSql(page, "SELECT 40 + 2 AS answer");
  assert.deepEqual((await readGrid(page)).rows, [["42"]]);
  assert.deepEqual(errors, []);
});

test("the language toggle switches the UI to English and back", async () => {
  const { page } = browser;
  const toggle = page.getByTestId("lang-toggle");
  await toggle.click();
  assert.equal(await page.getByTestId("run").innerText(), "Run");
  await toggle.click();
  assert.equal(await page.getByTestId("run").innerText(), "실행");
});

test("an engine worker that cannot be loaded says so instead of loading for ever", async () => {
  const broken = await openBrowser();
  try {
    const { page, context } = broken;
    await context.route("**/worker_loader.js", (route) => route.fulfill({ status: 404, body: "" }));
    await page.goto(server.url);
    const status = page.locator('[data-testid="status"][data-state="failed"]');
    await status.waitFor();
    assert.match(await status.innerText(), /엔진을 시작하지 못했습니다/);
  } finally {
    await broken.close();
  }
});
