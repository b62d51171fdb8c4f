// The course datasets in the page: loaded in the worker at start, queryable,
// byte-identical to the native build, and the ETL source files readable by COPY.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { serveDist, openBrowser, waitReady, runSql, readGrid } from "./harness.mjs";

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

test("the page paints before the data loads and shows loading progress", async () => {
  const { page } = browser;
  const seen = new Set();
  await page.goto(server.url);
  await page.getByTestId("editor").waitFor();
  for (let i = 0; i < 200; i++) {
    const state = await page.getByTestId("status").getAttribute("data-state");
    seen.add(state);
    if (state === "ready") break;
    await page.waitForTimeout(10);
  }
  await waitReady(page, 60_000);
  assert.ok(seen.has("loading") || seen.has("starting"), `states seen: ${[...seen]}`);
});

test("the course's MAU comes out as the course printed it", async () => {
  const { page, errors } = browser;
  await runSql(
    page,
    "SELECT LEFT(st.ts, 7) AS month, COUNT(DISTINCT usc.userid) AS mau\n" +
      "FROM raw_data.user_session_channel usc\n" +
      "JOIN raw_data.session_timestamp st ON usc.sessionid = st.sessionid\n" +
      "GROUP BY 1 ORDER BY 1",
  );
  const grid = await readGrid(page);
  assert.deepEqual(grid.headers, ["month", "mau"]);
  assert.deepEqual(grid.rows, [
    ["2019-05", "281"],
    ["2019-06", "459"],
    ["2019-07", "623"],
    ["2019-08", "662"],
    ["2019-09", "639"],
    ["2019-10", "763"],
    ["2019-11", "721"],
  ]);
  assert.deepEqual(errors, []);
});

test("the wasm build generates the same bytes as the native build", async () => {
  const { page } = browser;
  await page.getByTestId("verify-data").click();
  const check = page.getByTestId("data-check");
  await check.waitFor({ timeout: 30_000 });
  assert.match(await check.innerText(), /테이블 10개 모두 코스 데이터와 같습니다/);
});

test("COPY loads name_gender.csv from the virtual bucket", async () => {
  const { page } = browser;
  await runSql(
    page,
    "DROP TABLE IF EXISTS adhoc.name_gender;\n" +
      "CREATE TABLE adhoc.name_gender (name VARCHAR(32), gender VARCHAR(8));\n" +
      "COPY adhoc.name_gender FROM 's3://tabhouse-course/name_gender.csv' CSV IGNOREHEADER 1;\n" +
      "SELECT gender, COUNT(*) AS n FROM adhoc.name_gender GROUP BY 1 ORDER BY 1",
  );
  assert.deepEqual((await readGrid(page)).rows, [
    ["F", "65"],
    ["M", "28"],
    ["Unisex", "7"],
  ]);
});

test("writing to raw_data is refused with permission denied", async () => {
  const { page } = browser;
  await runSql(page, "INSERT INTO raw_data.channel VALUES ('x')");
  assert.match(await page.getByTestId("error").innerText(), /권한이 없습니다/);
});
