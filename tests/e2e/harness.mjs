// Test harness: serves the built dist/ on localhost under a sub-path and
// drives Debian's Chromium through playwright-core, with a fresh profile.
import { createServer } from "node:http";
import { readFile, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, normalize, extname, resolve } from "node:path";
import { chromium } from "playwright-core";

/** The sub-path the bundle was built for (`trunk build --public-url /tabhouse/`). */
export const BASE_PATH = process.env.TABHOUSE_BASE_PATH ?? "/tabhouse/";
const DIST = resolve(process.env.TABHOUSE_DIST ?? new URL("../../dist", import.meta.url).pathname);
const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript",
  ".wasm": "application/wasm",
  ".css": "text/css",
  ".svg": "image/svg+xml",
  ".json": "application/json",
  ".csv": "text/csv",
  ".png": "image/png",
};

/** Serves DIST under BASE_PATH on a free loopback port; resolves to { url, close }. */
export async function serveDist() {
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url, "http://x").pathname);
    if (!path.startsWith(BASE_PATH)) {
      res.writeHead(404).end("not under " + BASE_PATH);
      return;
    }
    let file = normalize(join(DIST, path.slice(BASE_PATH.length)));
    if (!file.startsWith(DIST)) {
      res.writeHead(403).end();
      return;
    }
    if (path.endsWith("/")) file = join(file, "index.html");
    try {
      const body = await readFile(file);
      res.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream" });
      res.end(body);
    } catch {
      res.writeHead(404).end("not found");
    }
  });
  await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}${BASE_PATH}`,
    close: () => new Promise((ok) => server.close(ok)),
  };
}

/**
 * Starts Chromium with a fresh profile. Returns { context, page, errors, close };
 * `errors` collects console errors and page errors, which tests assert empty.
 */
export async function openBrowser({ viewport = { width: 1280, height: 800 }, colorScheme = "light" } = {}) {
  const profile = await mkdtemp(join(tmpdir(), "tabhouse-profile-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    acceptDownloads: true,
    viewport,
    colorScheme,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--no-first-run",
    ],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const errors = [];
  page.on("console", (msg) => {
    if (msg.type() === "error") errors.push(msg.text());
  });
  page.on("pageerror", (err) => errors.push(String(err)));
  return {
    context,
    page,
    errors,
    close: async () => {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

/** Waits until the engine says it is ready. */
export async function waitReady(page, timeout = 30_000) {
  await page.locator('[data-testid="status"][data-state="ready"]').waitFor({ timeout });
}

/** Runs `action` (which starts a query) and waits until that run has finished. */
export async function afterRun(page, action) {
  const status = page.getByTestId("status");
  const before = Number(await status.getAttribute("data-runs"));
  await action();
  await page
    .locator(`[data-testid="status"][data-state="ready"]:not([data-runs="${before}"])`)
    .waitFor();
}

/** The editor's editable surface (CodeMirror's content element). */
export function editorInput(page) {
  return page.locator('[data-testid="editor"] .cm-content');
}

/** Replaces the editor's text. */
export async function setEditor(page, sql) {
  const input = editorInput(page);
  await input.waitFor();
  await input.fill(sql);
}

/** The editor's text. */
export async function editorText(page) {
  return editorInput(page).evaluate((el) => el.cmView?.view?.state.doc.toString() ?? el.innerText);
}

/** Replaces the editor's text and runs it with Ctrl+Enter; waits for the run to finish. */
export async function runSql(page, sql) {
  await setEditor(page, sql);
  await afterRun(page, () => editorInput(page).press("Control+Enter"));
}

/** Replaces the editor's text and runs all of it with Ctrl+Shift+Enter. */
export async function runScript(page, sql) {
  await setEditor(page, sql);
  await afterRun(page, () => editorInput(page).press("Control+Shift+Enter"));
}

/** Waits until the workspace image has been written to IndexedDB. */
export async function waitSaved(page) {
  await page.locator('[data-testid="status"][data-saving="false"]').waitFor();
}

/** The result grid as { headers, rows } of visible text (rendered rows only). */
export async function readGrid(page) {
  const table = page.getByTestId("view-table");
  if ((await table.count()) > 0 && (await table.getAttribute("aria-pressed")) !== "true") await table.click();
  const grid = page.getByTestId("result-grid");
  await grid.waitFor();
  const headers = await grid.locator("thead th .col-name").allInnerTexts();
  const rows = await grid
    .locator("tbody tr:not(.pad)")
    .evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll("td")].map((td) => td.innerText)));
  return { headers, rows };
}
