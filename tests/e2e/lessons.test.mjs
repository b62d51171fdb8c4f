// Lessons in the page (#8): open a week-3 lesson from the course map, run an
// inline block, answer a concept check, submit a wrong answer (row diff), open
// a hint, submit the right answer (solved), reload (still solved), export the
// progress and import it in a fresh profile.
//
// Assumes the app's wiring: a top-level `nav-lessons` button shows the course
// map with the progress tools; a lesson opens beside the SQL editor and the
// result grid; progress is saved before the status says `data-saving="false"`.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { serveDist, openBrowser, waitReady, afterRun, readGrid } from "./harness.mjs";

const LESSON = "week3/01-joins";
const SQL_EXERCISE = "vitals-with-alerts";
const CONCEPT_CHECK = "join-row-counts";
const KEY = `${LESSON}#${SQL_EXERCISE}`;

const INNER_JOIN =
  "SELECT v.vitalid, v.weight, a.alerttype\nFROM raw_data.vital v\nJOIN raw_data.alert a ON v.vitalid = a.vitalid";
const LEFT_JOIN =
  "SELECT v.vitalid, v.weight, a.alerttype\nFROM raw_data.vital v\nLEFT JOIN raw_data.alert a ON v.vitalid = a.vitalid";

// The first correct answer also loads the hidden grading data in the worker.
const CHECK_TIMEOUT = 60_000;

let server;
let browser;
let downloads;
let progressFile;

before(async () => {
  server = await serveDist();
  browser = await openBrowser();
  downloads = await mkdtemp(join(tmpdir(), "tabhouse-progress-"));
});

after(async () => {
  await browser?.close();
  await server?.close();
  if (downloads) await rm(downloads, { recursive: true, force: true });
});

/** The SQL editor's editable surface (CodeMirror 6). */
function editor(page) {
  return page.locator('[data-testid="editor"] .cm-content');
}

/** Shows the course map from the top-level navigation. */
async function openCourseMap(page) {
  await page.getByTestId("nav-lessons").click();
  await page.getByTestId("course-map").waitFor();
}

/** Opens a lesson from the course map. */
async function openLesson(page, id = LESSON) {
  await openCourseMap(page);
  await page.locator(`[data-testid="lesson-link"][data-lesson-id="${id}"]`).click();
  await page.locator(`[data-testid="lesson"][data-lesson-id="${id}"]`).waitFor();
}

/** The card of an exercise of the open lesson. */
function card(page, id) {
  return page.locator(`[data-testid="exercise"][data-exercise-id="${id}"]`);
}

/** The course map's solved/total badge of a lesson. */
function lessonBadge(page, id = LESSON) {
  return page.locator(`[data-testid="lesson-link"][data-lesson-id="${id}"] [data-testid="lesson-progress"]`);
}

/** Clicks the card's Submit and waits until the attempt is recorded; returns the verdict. */
async function submit(page, id, timeout = 30_000) {
  const attempts = Number(await card(page, id).getAttribute("data-attempts"));
  await card(page, id).getByTestId("submit").click();
  await page
    .locator(`[data-testid="exercise"][data-exercise-id="${id}"][data-attempts="${attempts + 1}"]`)
    .waitFor({ timeout });
  return card(page, id).getByTestId("verdict");
}

/** Waits until nothing is waiting to be written to IndexedDB. */
async function waitSaved(page) {
  await page.locator('[data-testid="status"]:not([data-saving="true"])').waitFor();
}

/** The cells of the rows a locator finds, as text. */
function cellsOf(rows) {
  return rows.evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll("td")].map((td) => td.innerText)));
}

/** SQL with its whitespace runs folded, to compare what the editor sent. */
function folded(sql) {
  return sql.replace(/\s+/g, " ").trim();
}

test("a week-3 lesson opens from the course map, and a SQL block runs in the editor", async () => {
  const { page, errors } = browser;
  const fetched = [];
  const listen = (request) => fetched.push(new URL(request.url()).pathname);
  page.on("request", listen);
  await page.goto(server.url);
  await waitReady(page);
  await page.waitForLoadState("networkidle");
  assert.ok(!fetched.some((path) => path.endsWith("/course.bin")), "the first load leaves the lessons out");
  await openLesson(page);
  page.off("request", listen);
  assert.ok(fetched.some((path) => path.endsWith("/course.bin")), "opening the lessons fetches them");
  const lesson = page.getByTestId("lesson");
  assert.match(await lesson.locator(".lesson-title").innerText(), /JOIN/);

  const block = lesson.locator('[data-testid="sql-block"]:has([data-testid="run-block"])').first();
  assert.equal(await block.locator("code").innerText(), "SELECT * FROM raw_data.vital ORDER BY vitalid;");
  await afterRun(page, () => block.getByTestId("run-block").click());
  assert.match(await editor(page).innerText(), /SELECT \* FROM raw_data\.vital ORDER BY vitalid;/);
  const grid = await readGrid(page);
  assert.deepEqual(grid.headers, ["userid", "vitalid", "date", "weight"]);
  assert.deepEqual(
    grid.rows.map((row) => row[1]),
    ["1", "2", "3", "4"],
  );
  assert.deepEqual(errors, []);
});

test("a concept check is answered by choosing", async () => {
  const { page } = browser;
  const concept = card(page, CONCEPT_CHECK);
  const choices = concept.getByTestId("choice");
  assert.equal(await choices.count(), 4);
  await choices.nth(1).check();
  const wrong = await submit(page, CONCEPT_CHECK);
  assert.equal(await wrong.getAttribute("data-kind"), "wrong_choice");
  assert.equal(await concept.getByTestId("solved").count(), 0);

  await choices.nth(2).check();
  const right = await submit(page, CONCEPT_CHECK);
  assert.equal(await right.getAttribute("data-kind"), "correct");
  await concept.getByTestId("solved").waitFor();
  assert.match(await concept.getByTestId("explanation").innerText(), /6행/);
});

test("a wrong answer shows the missing rows; a hint opens; the right answer is solved", async () => {
  const { page, errors } = browser;
  const exercise = card(page, SQL_EXERCISE);
  assert.equal(await exercise.getAttribute("data-status"), "not_started");

  await exercise.getByTestId("load-starter").click();
  assert.match(await editor(page).innerText(), /FROM raw_data\.vital v/);
  await editor(page).fill(INNER_JOIN);
  const wrong = await submit(page, SQL_EXERCISE);
  assert.equal(await wrong.getAttribute("data-kind"), "wrong_rows");
  assert.match(await wrong.locator(".verdict-message").innerText(), /기대한 행 중 3개가 빠졌습니다/);
  const diff = exercise.getByTestId("row-diff");
  assert.deepEqual(await diff.locator("thead th").allInnerTexts(), ["", "vitalid", "weight", "alerttype"]);
  const missing = await cellsOf(diff.getByTestId("missing-row"));
  assert.deepEqual(
    missing.sort((a, b) => Number(a[0]) - Number(b[0])),
    [
      ["1", "75", "NULL"],
      ["2", "90", "NULL"],
      ["3", "78", "NULL"],
    ],
  );
  assert.equal(await diff.getByTestId("extra-row").count(), 0);
  assert.equal(await exercise.getAttribute("data-status"), "attempted");

  const hints = exercise.getByTestId("hint");
  assert.equal(await hints.count(), 0);
  assert.match(await exercise.getByTestId("hint-button").innerText(), /힌트 보기 \(1\/3\)/);
  await exercise.getByTestId("hint-button").click();
  await hints.first().waitFor();
  assert.equal(await hints.count(), 1);
  assert.match(await hints.first().innerText(), /기준 테이블은 vital/);
  assert.match(await exercise.getByTestId("hint-button").innerText(), /\(2\/3\)/);

  await editor(page).fill(LEFT_JOIN);
  const right = await submit(page, SQL_EXERCISE, CHECK_TIMEOUT);
  assert.equal(await right.getAttribute("data-kind"), "correct");
  assert.match(await right.innerText(), /정답입니다/);
  assert.equal(await exercise.getByTestId("row-diff").count(), 0);
  await exercise.getByTestId("solved").waitFor();
  assert.equal(await exercise.getAttribute("data-status"), "solved");
  assert.match(await exercise.getByTestId("explanation").innerText(), /LEFT JOIN/);
  assert.deepEqual(errors, []);
});

test("after a reload the exercises are still solved, and the course map counts them", async () => {
  const { page, errors } = browser;
  await waitSaved(page);
  await page.reload();
  await waitReady(page);
  await openLesson(page);
  await card(page, SQL_EXERCISE).getByTestId("solved").waitFor();
  await card(page, CONCEPT_CHECK).getByTestId("solved").waitFor();
  assert.equal(await card(page, SQL_EXERCISE).getByTestId("hint").count(), 1);
  assert.equal(await card(page, SQL_EXERCISE).getAttribute("data-attempts"), "2");

  await page.getByTestId("back-to-map").click();
  await page.getByTestId("course-map").waitFor();
  const badge = lessonBadge(page);
  assert.equal(await badge.getAttribute("data-solved"), "2");
  assert.equal(await badge.innerText(), `2/${await badge.getAttribute("data-total")}`);
  const week3 = page.locator('.map-week[data-week="3"] [data-testid="week-progress"]');
  assert.equal(await week3.getAttribute("data-solved"), "2");
  assert.deepEqual(errors, []);
});

test("the progress exports as a JSON file with every attempt", async () => {
  const { page } = browser;
  await openCourseMap(page);
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByTestId("export-progress").click(),
  ]);
  assert.match(download.suggestedFilename(), /^tabhouse-progress-\d{8}\.json$/);
  progressFile = join(downloads, download.suggestedFilename());
  await download.saveAs(progressFile);

  const saved = JSON.parse(await readFile(progressFile, "utf8"));
  assert.equal(saved.format, "tabhouse-progress");
  assert.equal(saved.version, 1);
  const record = saved.exercises[KEY];
  assert.equal(record.status, "solved");
  assert.equal(record.hints_shown, 1);
  assert.deepEqual(
    record.attempts.map((attempt) => [attempt.verdict, attempt.correct, folded(attempt.answer.sql)]),
    [
      ["wrong_rows", false, folded(INNER_JOIN)],
      ["correct", true, folded(LEFT_JOIN)],
    ],
  );
  assert.ok(record.attempts.every((attempt) => attempt.at > Date.UTC(2024, 0, 1)));
  const concept = saved.exercises[`${LESSON}#${CONCEPT_CHECK}`];
  assert.deepEqual(
    concept.attempts.map((attempt) => [attempt.verdict, attempt.answer.choices]),
    [
      ["wrong_choice", [1]],
      ["correct", [2]],
    ],
  );
});

test("a fresh profile imports the file: a wrong file is refused, the right one restores the progress", async () => {
  assert.ok(progressFile, "the export test ran first");
  const fresh = await openBrowser();
  try {
    const { page, errors } = fresh;
    await page.goto(server.url);
    await waitReady(page);
    await openCourseMap(page);
    assert.equal(await lessonBadge(page).getAttribute("data-solved"), "0");

    const input = page.getByTestId("import-progress");
    await input.setInputFiles({
      name: "notes.json",
      mimeType: "application/json",
      buffer: Buffer.from('{"hello": "world"}'),
    });
    assert.match(await page.getByTestId("progress-error").innerText(), /진도 파일이 아닙니다/);

    await input.setInputFiles(progressFile);
    assert.match(await page.getByTestId("import-done").innerText(), /진도를 가져왔습니다/);
    await page.locator(`[data-testid="lesson-link"][data-lesson-id="${LESSON}"] [data-solved="2"]`).waitFor();

    await openLesson(page);
    await card(page, SQL_EXERCISE).getByTestId("solved").waitFor();
    assert.equal(await card(page, SQL_EXERCISE).getAttribute("data-attempts"), "2");
    assert.equal(await card(page, SQL_EXERCISE).getByTestId("hint").count(), 1);
    assert.deepEqual(errors, []);
  } finally {
    await fresh.close();
  }
});

test("at 390px in the dark theme a lesson fits the width", async () => {
  const narrow = await openBrowser({ viewport: { width: 390, height: 844 }, colorScheme: "dark" });
  try {
    const { page, errors } = narrow;
    await page.goto(server.url);
    await waitReady(page);
    await openLesson(page);
    await card(page, SQL_EXERCISE).scrollIntoViewIfNeeded();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `the page scrolls sideways by ${overflow}px`);
    assert.deepEqual(errors, []);
  } finally {
    await narrow.close();
  }
});

test("lessons that cannot be downloaded say so, and Try again loads them", async () => {
  const offline = await openBrowser();
  try {
    const { page, context } = offline;
    await page.goto(server.url);
    await waitReady(page);
    await context.route("**/course.bin", (route) => route.abort("internetdisconnected"));
    await page.getByTestId("nav-lessons").click();
    const failed = page.getByTestId("lessons-failed");
    await failed.waitFor();
    assert.match(await failed.innerText(), /레슨을 내려받지 못했습니다/);
    await context.unroute("**/course.bin");
    await failed.getByTestId("lessons-retry").click();
    await page.getByTestId("course-map").waitFor();
    assert.equal(await failed.count(), 0);
  } finally {
    await offline.close();
  }
});
