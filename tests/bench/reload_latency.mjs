// Benchmark (not a test): the save-to-reload latency of `careleaf serve`, from the rename of a
// saved article (an editor's atomic save: temp file, then rename) to its new text in the DOM
// of a page open on it in headless Chromium. Median and 95th percentile over N edits, for the
// example site and for a generated 1,000-article site. Target (issue 12): a median under 60 ms
// on the example site. tests/bench/bench.sh runs it on the example site.
//
//   tests/bench/reload_latency.sh                 (builds release, installs npm deps, runs this)
//   node tests/bench/reload_latency.mjs [--edits 20] [--pause 300] [--articles 1000]
//        [--faq 500] [--sites example,generated] [--client FILE] [--results FILE]
//
// --client FILE: serve FILE to the page instead of the preview's own live-reload client
// (/_careleaf/live.js), to compare clients with the same server, e.g. the client that always
// reloaded: `git show 276dce9:src/serve/client.js > /tmp/reload-client.js`.
//
// With --results, also appends one row per edit, `SITE careleaf browser MS` (SITE is
// `example` or the generated site's article count), to the tab-separated FILE that
// tests/bench/bench.sh reads for its summary.
//
// Env: CARELEAF_BIN (default target/release/careleaf), GEN_CORPUS (default
// ../shared/bench/gen_corpus.py from the repository), BENCH_DIR (default /dev/shm).
//
// How it measures: node records the high-resolution wall-clock time right before the rename;
// a script that runs first in every new document of the tab (a MutationObserver started
// before the page parses) records the wall-clock time at which the new text enters the DOM.
// Both are `performance.timeOrigin + performance.now()`, on the same machine's clock. A page
// updated in place is no new document: before each save the same observer is started in the
// document open now, so both ways are timed alike. Each edit is counted as a reload or an
// update in place (by whether the tab navigated).

import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";

import {
  REPO,
  atomicSave,
  careleafBin,
  copyExampleSite,
  expectText,
  launchBrowser,
  openLivePage,
  startServer,
  stopAllServers,
  tempDir,
  waitForText,
  watchForText,
} from "../browser/lib.mjs";

const { values: opts } = parseArgs({
  options: {
    edits: { type: "string", default: "20" },
    pause: { type: "string", default: "300" },
    articles: { type: "string", default: "1000" },
    faq: { type: "string", default: "500" },
    sites: { type: "string", default: "example,generated" },
    client: { type: "string" },
    results: { type: "string" },
  },
});
const EDITS = Number(opts.edits);
const PAUSE = Number(opts.pause);

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function percentile(sorted, p) {
  // Nearest rank: the smallest value with at least p% of the values at or below it.
  return sorted[Math.max(Math.ceil((p / 100) * sorted.length) - 1, 0)];
}

function median(sorted) {
  const n = sorted.length;
  return n % 2 ? sorted[(n - 1) / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
}

/** The example site: a temp copy, and the article to edit. */
function exampleSite() {
  const dir = copyExampleSite();
  return {
    name: "example site",
    label: "example",
    dir,
    article: "content/articles/treatments/how-dry-needling-works.md",
    url: "articles/how-dry-needling-works/",
    cleanup: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

/** A site made by ../shared/bench/gen_corpus.py on tmpfs; edits its first article. */
function generatedSite() {
  const gen = process.env.GEN_CORPUS || path.resolve(REPO, "../shared/bench/gen_corpus.py");
  if (!fs.existsSync(gen)) throw new Error(`${gen} not found (set GEN_CORPUS)`);
  const base = process.env.BENCH_DIR || (fs.existsSync("/dev/shm") ? "/dev/shm" : undefined);
  const parent = tempDir("careleaf-latency-", base);
  const dir = path.join(parent, `site-${opts.articles}`);
  const args = [gen, "--flavor", "ours", "--articles", opts.articles, "--faq", opts.faq, "--seed", "1", "--out", dir];
  const run = spawnSync("python3", args, { encoding: "utf8" });
  if (run.status !== 0) throw new Error(`gen_corpus.py failed:\n${run.stdout}${run.stderr}`);
  const articles = path.join(dir, "content/articles");
  const first = fs.readdirSync(articles).filter((f) => f.endsWith(".md")).sort()[0];
  return {
    name: `generated site (${opts.articles} articles, ${opts.faq} FAQ entries; python3 ${path.relative(REPO, gen)} --flavor ours --articles ${opts.articles} --faq ${opts.faq} --seed 1)`,
    label: opts.articles,
    dir,
    article: `content/articles/${first}`,
    url: `articles/${first.replace(/\.md$/, "")}/`,
    cleanup: () => fs.rmSync(parent, { recursive: true, force: true }),
  };
}


/** Edits one article EDITS times (plus one warm-up edit) and returns the latencies in ms and
 * how many of the counted edits reloaded the page. */
async function measure(bin, browser, site) {
  const server = await startServer(bin, site.dir, { timeoutMs: 60000 });
  const client = opts.client ? fs.readFileSync(opts.client, "utf8") : null;
  const route = (r) => r.fulfill({ status: 200, contentType: "text/javascript; charset=utf-8", body: client });
  if (client) await browser.context.route("**/_careleaf/live.js", route);
  try {
    const page = await openLivePage(browser.context, server.url + site.url, 30000);
    let navigations = 0;
    page.on("framenavigated", (f) => { if (f === page.mainFrame()) navigations++; });
    const file = path.join(site.dir, site.article);
    const original = fs.readFileSync(file, "utf8").trimEnd();
    const latencies = [];
    let reloads = 0;
    for (let i = 0; i <= EDITS; i++) {
      const text = `Benchmark edit ${i} of ${EDITS}, ${Math.random().toString(36).slice(2)}.`;
      await expectText(page, text);
      await page.evaluate(watchForText, text);
      const before = navigations;
      const saved = atomicSave(file, `${original}\n\n${text}\n`);
      const seen = await waitForText(page, text, { ms: 15000, polling: "raf" });
      if (i > 0) {
        latencies.push(seen - saved); // edit 0 warms up caches and is not counted
        if (navigations > before) reloads++;
      }
      await sleep(PAUSE);
    }
    // The first build prints no "rebuilt" line: one line per edit, the warm-up first.
    const rebuilds = [...server.log().matchAll(/rebuilt in (\d+) ms/g)].map((m) => Number(m[1]));
    await page.close();
    return { latencies, rebuilds: rebuilds.slice(1), reloads };
  } finally {
    if (client) await browser.context.unroute("**/_careleaf/live.js", route);
    await server.stop();
  }
}

const bin = careleafBin(path.join(REPO, "target/release/careleaf"));
const wanted = opts.sites.split(",");
const makers = { example: exampleSite, generated: generatedSite };
console.log(`careleaf: ${bin}`);
console.log(`${EDITS} edits per site (after one warm-up edit), ${PAUSE} ms apart; headless Chromium`);
if (opts.client) console.log(`live-reload client: ${opts.client} (instead of the preview's own)`);
const browser = await launchBrowser();
try {
  for (const key of wanted) {
    if (!makers[key]) throw new Error(`unknown site ${key} (example, generated)`);
    const site = makers[key]();
    try {
      const { latencies, rebuilds, reloads } = await measure(bin, browser, site);
      const sorted = [...latencies].sort((a, b) => a - b);
      const rb = [...rebuilds].sort((a, b) => a - b);
      console.log(`\n== ${site.name} ==`);
      console.log(`edited: ${site.article}`);
      console.log(
        `save-to-reload latency: median ${median(sorted).toFixed(1)} ms, p95 ${percentile(sorted, 95).toFixed(1)} ms ` +
          `(min ${sorted[0].toFixed(1)}, max ${sorted.at(-1).toFixed(1)}; n=${sorted.length})`,
      );
      console.log(`page updates: ${latencies.length - reloads} in place, ${reloads} by reloading`);
      if (rb.length) {
        console.log(`of which the server's rebuild ("rebuilt in N ms"): median ${median(rb)} ms, max ${rb.at(-1)} ms`);
      }
      console.log(`all (ms): ${latencies.map((l) => l.toFixed(1)).join(" ")}`);
      if (opts.results) {
        const rows = latencies.map((l) => `${site.label}\tcareleaf\tbrowser\t${l.toFixed(3)}\n`);
        fs.appendFileSync(opts.results, rows.join(""));
      }
    } finally {
      site.cleanup();
    }
  }
} finally {
  await stopAllServers();
  await browser.close();
}
