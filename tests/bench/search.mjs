// Benchmark (not a test): search on a generated 10,000-article site with over 100,000
// distinct words, in headless Chromium, served by a plain static server. For each of 20
// queries (misspelt, plural, several words), in a fresh browser context (cold cache): the
// time from the keystroke (the query put in the header's box and its `input` event) to the
// results in the DOM (titles shown, then every shown result's excerpt filled in: careleaf
// shows both at once, from the word files), and what the query downloaded (the index's
// files and the search engine script), gzip-compressed. Then the same for Pagefind on the
// same built site, when a Pagefind binary is at hand.
//
//   tests/bench/search.sh                 (builds release, installs what is missing, runs this)
//   node tests/bench/search.mjs [--articles 10000] [--faq 500] [--queries 20] [--regen]
//
// Env: CARELEAF_BIN (default target/release/careleaf), BENCH_DIR (default /dev/shm),
// PAGEFIND_BIN (a pagefind binary; without it, Pagefind is left out).

import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import zlib from "node:zlib";

import { createRequire } from "node:module";

// playwright-core is installed under tests/browser.
const { chromium } = createRequire(new URL("../browser/package.json", import.meta.url))("playwright-core");

import { CHROMIUM, CHROMIUM_FLAGS, REPO, careleafBin, serveStatic } from "../browser/lib.mjs";

const { values: opts } = parseArgs({
  options: {
    articles: { type: "string", default: "10000" },
    faq: { type: "string", default: "500" },
    queries: { type: "string", default: "20" },
    regen: { type: "boolean", default: false },
  },
});

const QUERIES = [
  "fibromialgia", "acupunture", "dry neddling", "sessions", "sleep hygene",
  "trigger points", "physical therapist", "stifness", "inflamation", "pilates",
  "strength training", "migrane", "shoulder pain", "hydration", "mindfulnes",
  "tension headache", "plantar fasciitis", "ergonomics", "breathing", "flare ups",
].slice(0, Number(opts.queries));

const benchDir = process.env.BENCH_DIR || "/dev/shm";
const siteDir = path.join(benchDir, `careleaf-search-${opts.articles}`);
const outDir = path.join(benchDir, `careleaf-search-${opts.articles}-public`);
const bin = careleafBin(path.join(REPO, "target/release/careleaf"));

function run(cmd, args, what) {
  const r = spawnSync(cmd, args, { encoding: "utf8", maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`${what} failed:\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Bytes of a file as sent gzip-compressed (files already gzipped count as they are). */
function gzipSize(file) {
  const bytes = fs.readFileSync(file);
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) return bytes.length;
  return zlib.gzipSync(bytes, { level: 6 }).length;
}

function folderSize(dir) {
  let bytes = 0;
  let files = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (e.isFile()) {
      bytes += fs.statSync(path.join(e.parentPath, e.name)).size;
      files += 1;
    }
  }
  return { bytes, files };
}

const kb = (n) => `${(n / 1024).toFixed(1)} KiB`;

/**
 * One cold query: a fresh context, a page, the query; returns ms and gzip bytes fetched.
 * With `focusFirst`, the box is focused first (as a reader does before typing) and the
 * timing starts once what focusing fetches has arrived.
 */
async function coldQuery(browser, server, page0, query, measure, under, focusFirst) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(server.url + page0);
  await page.waitForLoadState("load");
  const from = server.requests.length;
  const { titles, excerpts } = await page.evaluate(measure, [query, focusFirst]);
  const fetched = server.requests.slice(from).filter((p) => p.startsWith(under) || p === "/search-engine.js");
  const bytes = fetched.reduce((sum, p) => sum + gzipSize(path.join(outDir, p.slice(1))), 0);
  await context.close();
  return { ms: titles, excerpts, bytes, files: fetched.length };
}

/** In the page: put the query in the header box, time until its results are in the DOM. */
async function careleafMeasure([query, focusFirst]) {
  const input = document.querySelector("#site-search-q");
  const list = document.querySelector(".site-search [data-search-results]");
  if (focusFirst) {
    input.focus();
    const loaded = () => performance.getEntriesByType("resource").some((e) => e.name.endsWith("/search/manifest.json") && e.responseEnd > 0);
    while (!loaded()) await new Promise((r) => setTimeout(r, 5));
    await new Promise((r) => setTimeout(r, 20));
  }
  return new Promise((resolve) => {
    const start = performance.now();
    let titles = null;
    const filled = () => [...list.querySelectorAll(".search-result")].every((li) => li.querySelector(".search-excerpt"));
    new MutationObserver((_, obs) => {
      if (list.dataset.query !== query) return;
      titles ??= performance.now() - start;
      if (filled()) {
        obs.disconnect();
        resolve({ titles, excerpts: performance.now() - start });
      }
    }).observe(list, { attributes: true, childList: true, subtree: true, characterData: true });
    input.value = query;
    input.dispatchEvent(new Event("input", { bubbles: true }));
  });
}

/** In the page: Pagefind's own API, the first 6 results' data loaded and put in the DOM
 * (titles and excerpts come together, after the fragments). */
async function pagefindMeasure([query, focusFirst]) {
  let start = performance.now();
  const pf = await import("/_pagefind/pagefind.js");
  if (focusFirst) {
    // What Pagefind's own UI does when the box is focused: load the module and its index
    // entry points before the first keystroke.
    await pf.init();
    await new Promise((r) => setTimeout(r, 20));
    start = performance.now();
  }
  const search = await pf.search(query);
  const data = await Promise.all(search.results.slice(0, 6).map((r) => r.data()));
  const ol = document.createElement("ol");
  for (const d of data) {
    const li = document.createElement("li");
    li.innerHTML = `<a href="${d.url}">${d.meta.title}</a><p>${d.excerpt}</p>`;
    ol.append(li);
  }
  document.body.append(ol);
  const ms = performance.now() - start;
  return { titles: ms, excerpts: ms };
}

async function measure(browser, label, measureFn, under, focusFirst) {
  const server = await serveStatic(outDir, "/");
  const rows = [];
  try {
    for (const q of QUERIES) rows.push({ q, ...(await coldQuery(browser, server, "articles/", q, measureFn, under, focusFirst)) });
  } finally {
    await server.close();
  }
  const how = focusFirst ? "box focused first, its fetches done" : "nothing fetched before the keystroke";
  console.log(`\n${label}: ${QUERIES.length} queries, each in a fresh context (cold cache; ${how})`);
  console.log(`  ${"query".padEnd(20)} ${"titles".padStart(10)} ${"excerpts".padStart(10)} ${"download".padStart(11)}`);
  for (const r of rows) console.log(`  ${r.q.padEnd(20)} ${r.ms.toFixed(1).padStart(7)} ms ${r.excerpts.toFixed(1).padStart(7)} ms ${kb(r.bytes).padStart(11)} in ${r.files} files`);
  console.log(`  keystroke to results in the DOM (titles): median ${median(rows.map((r) => r.ms)).toFixed(1)} ms, max ${Math.max(...rows.map((r) => r.ms)).toFixed(1)} ms`);
  console.log(`  keystroke to excerpts filled in: median ${median(rows.map((r) => r.excerpts)).toFixed(1)} ms, max ${Math.max(...rows.map((r) => r.excerpts)).toFixed(1)} ms`);
  console.log(`  first-query download (gzip): median ${kb(median(rows.map((r) => r.bytes)))}, max ${kb(Math.max(...rows.map((r) => r.bytes)))}`);
}

if (opts.regen || !fs.existsSync(siteDir)) {
  console.log(run("python3", [path.join(REPO, "tests/bench/search_corpus.py"), "--articles", opts.articles, "--faq", opts.faq, "--out", siteDir], "generating the corpus").trim());
}
fs.rmSync(outDir, { recursive: true, force: true });
console.log(run(bin, ["build", "--root", siteDir, "--output", outDir], "careleaf build").trim().split("\n").pop());
const ours = folderSize(path.join(outDir, "search"));
console.log(`careleaf index: ${kb(ours.bytes)} in ${ours.files} files (with the search page)`);

const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_FLAGS });
try {
  console.log(`load average: ${os.loadavg().map((l) => l.toFixed(1)).join(" ")} on ${os.cpus().length} cores`);
  await measure(browser, "careleaf search", careleafMeasure, "/search/", false);
  await measure(browser, "careleaf search", careleafMeasure, "/search/", true);
  const pagefind = process.env.PAGEFIND_BIN;
  if (pagefind && fs.existsSync(pagefind)) {
    const t = performance.now();
    run(pagefind, ["--site", outDir, "--output-subdir", "_pagefind", "--quiet"], "pagefind");
    const pf = folderSize(path.join(outDir, "_pagefind"));
    console.log(`\nPagefind ${run(pagefind, ["--version"], "pagefind").trim()}: indexed in ${((performance.now() - t) / 1000).toFixed(1)} s, ${kb(pf.bytes)} in ${pf.files} files`);
    await measure(browser, "Pagefind (no typo tolerance)", pagefindMeasure, "/_pagefind/", false);
    await measure(browser, "Pagefind (no typo tolerance)", pagefindMeasure, "/_pagefind/", true);
  } else {
    console.log("\nPagefind: left out (set PAGEFIND_BIN to a pagefind binary)");
  }
} finally {
  await browser.close();
}
