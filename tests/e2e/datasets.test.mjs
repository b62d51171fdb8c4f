// The course datasets in the page: loaded in the worker at start, queryable,
// byte-identical to the native build, and the ETL source files readable by COPY.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { serveDist, openBrowser, waitReady, runSql, runScript, readGrid } from "./harness.mjs";

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
  await runScript(
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

test("COPY loads the stock, weather and country files too", async () => {
  const { page } = browser;
  await runScript(
    page,
    "CREATE TABLE adhoc.stock (date DATE, open FLOAT, high FLOAT, low FLOAT, close FLOAT, volume BIGINT);\n" +
      "COPY adhoc.stock FROM 's3://tabhouse-course/stock_prices.csv' CSV IGNOREHEADER 1;\n" +
      "CREATE TABLE adhoc.weather (date DATE, temp FLOAT, min FLOAT, max FLOAT);\n" +
      "COPY adhoc.weather FROM 's3://tabhouse-course/seoul_weather.json' FORMAT AS JSON 'auto';\n" +
      "CREATE TABLE adhoc.countries (name VARCHAR(64), official_name VARCHAR(128), population BIGINT, area FLOAT);\n" +
      "COPY adhoc.countries FROM 's3://tabhouse-course/countries.json' JSON 's3://tabhouse-course/countries_jsonpaths.json';\n" +
      "SELECT (SELECT COUNT(*) FROM adhoc.stock) > 15 AS stock, (SELECT COUNT(*) FROM adhoc.weather) AS weather, " +
      "(SELECT COUNT(*) FROM adhoc.countries) > 200 AS countries",
  );
  assert.deepEqual((await readGrid(page)).rows, [["true", "8", "true"]]);
});

test("writing to raw_data is refused with permission denied", async () => {
  const { page } = browser;
  await runSql(page, "INSERT INTO raw_data.channel VALUES ('x')");
  assert.match(await page.getByTestId("error").innerText(), /권한이 없습니다/);
});

test("the data downloads as a ZIP of CSV files with schema.sql and load.sql", async () => {
  const { page, errors } = browser;
  const [download] = await Promise.all([
    page.waitForEvent("download", { timeout: 60_000 }),
    page.getByTestId("export-data").click(),
  ]);
  assert.equal(download.suggestedFilename(), "tabhouse-export.zip");
  const path = await download.path();
  const bytes = await readFile(path);
  assert.equal(bytes.subarray(0, 4).toString("latin1"), "PK\x03\x04");
  const text = bytes.toString("latin1");
  for (const name of ["raw_data.session_timestamp.csv", "schema.sql", "load.sql"]) {
    assert.ok(text.includes(name), `${name} is in the archive`);
  }
  assert.deepEqual(errors, []);
});
