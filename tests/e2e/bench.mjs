// Page-load figures of the built dist/: wasm sizes, the first load's transfer
// (gzipped, as GitHub Pages serves it), and time from navigation to "ready"
// in headless Chromium (median of RUNS fresh profiles).
import { readdir, readFile } from "node:fs/promises";
import { gzipSync } from "node:zlib";
import { join } from "node:path";
import { serveDist, openBrowser, waitReady } from "./harness.mjs";

const RUNS = Number(process.env.RUNS ?? 5);
const DIST = new URL("../../dist", import.meta.url).pathname;

const kb = (n) => `${(n / 1024).toFixed(1)} KiB`;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

for (const file of (await readdir(DIST)).filter((f) => f.endsWith(".wasm"))) {
  const bytes = await readFile(join(DIST, file));
  console.log(`${file}: ${kb(bytes.length)} raw, ${kb(gzipSync(bytes, { level: 9 }).length)} gzipped`);
}

const server = await serveDist();
const readyTimes = [];
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
  await waitReady(browser.page, 60_000);
  readyTimes.push(await browser.page.evaluate(() => performance.now()));
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
await server.close();

console.log(`first load: ${transfer.files} files, ${kb(transfer.raw)} raw, ${kb(transfer.gz)} gzipped`);
console.log(
  `navigation to ready: median ${median(readyTimes).toFixed(0)} ms over ${RUNS} runs ` +
    `(${readyTimes.map((t) => t.toFixed(0)).join(", ")})`,
);
