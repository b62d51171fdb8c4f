// Page-load figures of the built dist/: wasm and lesson-bundle sizes (the
// lessons are fetched when first opened), the first load's transfer
// (gzipped, as GitHub Pages serves it), and time from navigation to "ready"
// in headless Chromium (median of RUNS fresh profiles).
import { readdir, readFile } from "node:fs/promises";
import { gzipSync } from "node:zlib";
import { execSync } from "node:child_process";
import { join } from "node:path";
import { serveDist, openBrowser } from "./harness.mjs";

const RUNS = Number(process.env.RUNS ?? 5);
const DIST = new URL("../../dist", import.meta.url).pathname;

const kb = (n) => `${(n / 1024).toFixed(1)} KiB`;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

for (const file of (await readdir(DIST)).filter((f) => f.endsWith(".wasm") || f === "course.bin")) {
  const bytes = await readFile(join(DIST, file));
  console.log(`${file}: ${kb(bytes.length)} raw, ${kb(gzipSync(bytes, { level: 9 }).length)} gzipped`);
}

/** The largest RSS of Chromium's renderer processes, in MiB (Linux ps). */
function rendererMemory() {
  try {
    const lines = execSync("ps -eo rss,args", { encoding: "utf8" }).split("\n");
    const sizes = lines
      .filter((line) => line.includes("--type=renderer"))
      .map((line) => Number(line.trim().split(/\s+/)[0]) / 1024);
    return Math.max(0, ...sizes);
  } catch {
    return 0;
  }
}

const server = await serveDist();
const readyTimes = [];
const editorTimes = [];
const loadTimes = [];
const memory = [];
let transfer = null;
for (let run = 0; run < RUNS; run++) {
  const browser = await openBrowser();
  const loaded = new Map();
  browser.page.on("response", async (response) => {
    try {
      const body = await response.body();
      loaded.set(new URL(response.url()).pathname, body);
    } catch {
      // Redirects and aborted requests have no body.
    }
  });
  await browser.page.goto(server.url);
  // The datasets load in the worker between the first "loading" status and
  // "ready": sample the status to time it, and the renderers' memory.
  let loadingAt = null;
  let peak = 0;
  for (;;) {
    const [state, at, editor] = await browser.page.evaluate(() => [
      document.querySelector('[data-testid="status"]')?.getAttribute("data-state"),
      performance.now(),
      document.querySelector('[data-testid="editor"] .cm-content') !== null,
    ]);
    if (editor && editorTimes.length === readyTimes.length) editorTimes.push(at);
    if (state === "loading" && loadingAt === null) loadingAt = at;
    peak = Math.max(peak, rendererMemory());
    if (state === "ready") {
      readyTimes.push(at);
      if (loadingAt !== null) loadTimes.push(at - loadingAt);
      break;
    }
    if (at > 60_000) throw new Error("the page did not get ready");
    await new Promise((ok) => setTimeout(ok, 5));
  }
  memory.push(Math.max(peak, rendererMemory()));
  await browser.page.waitForLoadState("networkidle");
  if (!transfer) {
    let raw = 0;
    let gz = 0;
    for (const body of loaded.values()) {
      raw += body.length;
      gz += gzipSync(body, { level: 9 }).length;
    }
    transfer = { files: loaded.size, raw, gz };
  }
  await browser.close();
}

// A 10,000-point chart: from the click on "Chart" to the frame after its marks are in the DOM.
const chartTimes = [];
{
  const browser = await openBrowser();
  const { page } = browser;
  await page.goto(server.url);
  await page.locator('[data-testid="status"][data-state="ready"]').waitFor({ timeout: 60_000 });
  await page.locator('[data-testid="editor"] .cm-content').fill(
    "SELECT (userid * 7 % 1000) * 1.0 AS x, (userid % 97) * 1.5 AS y FROM raw_data.user_session_channel LIMIT 10000",
  );
  await page.locator('[data-testid="editor"] .cm-content').press("Control+Enter");
  await page.getByTestId("view-chart").waitFor();
  for (let run = 0; run < RUNS; run++) {
    await page.getByTestId("view-table").click();
    chartTimes.push(
      await page.evaluate(
        () =>
          new Promise((done) => {
            const started = performance.now();
            document.querySelector('[data-testid="view-chart"]').click();
            const poll = () => {
              if (document.querySelectorAll('[data-testid="chart"] svg .mark').length >= 10000) {
                requestAnimationFrame(() => done(performance.now() - started));
              } else {
                requestAnimationFrame(poll);
              }
            };
            poll();
          }),
      ),
    );
  }
  await browser.close();
}
await server.close();

console.log(
  `datasets loading in the worker (first "loading" to "ready"): median ${median(loadTimes).toFixed(0)} ms ` +
    `(${loadTimes.map((t) => t.toFixed(0)).join(", ")})`,
);
console.log(`peak memory of the page's renderer process (RSS, includes the worker): median ${median(memory).toFixed(0)} MiB`);
console.log(`first load: ${transfer.files} files, ${kb(transfer.raw)} raw, ${kb(transfer.gz)} gzipped`);
console.log(
  `navigation to the editor usable: median ${median(editorTimes).toFixed(0)} ms ` +
    `(${editorTimes.map((t) => t.toFixed(0)).join(", ")})`,
);
console.log(
  `a 10,000-point chart drawn: median ${median(chartTimes).toFixed(0)} ms ` +
    `(${chartTimes.map((t) => t.toFixed(0)).join(", ")})`,
);
console.log(
  `navigation to ready: median ${median(readyTimes).toFixed(0)} ms over ${RUNS} runs ` +
    `(${readyTimes.map((t) => t.toFixed(0)).join(", ")})`,
);
