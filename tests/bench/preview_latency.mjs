// Benchmark helper (run by bench.sh; not a test): the preview's save-to-served latency over
// HTTP on one site, no browser involved.
//
//   node tests/bench/preview_latency.mjs --bin CARELEAF --root SITE [--edits 20] [--pause 200]
//        [--interval 2] [--results FILE --site LABEL]
//
// Starts `careleaf serve --port 0` on SITE, waits until it serves the first article, then
// edits that article EDITS times (plus one uncounted warm-up edit) in each of two ways:
//   body   a new sentence appended to its body, polled at the article's own URL;
//   title  its front-matter title replaced, polled at the articles index (/articles/).
// Each edit is saved as editors save (a temporary file in the same folder, renamed over the
// article); the latency runs from just before the rename to the end of the first response
// that contains the new text. Requests follow each other on one kept-alive connection, INTERVAL
// ms apart (default 2), or 1 ms per 100 KB of the page when that is longer (polling with no
// pause would take CPU from the rebuild on a 2-core machine); the mean spacing of the polls,
// the figures' resolution, is printed. After each edit it
// waits for the server's "rebuilt in N ms" line, so the next edit starts from a quiet server,
// then pauses PAUSE ms.
//
// Prints median, 95th percentile, min and max per kind; with --results, appends rows
// `LABEL careleaf preview_body MS` (and preview_title, and the server's own rebuild times as
// rebuild_body / rebuild_title) to the tab-separated FILE that bench.sh's report reads.

import { spawn } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";

const { values: opts } = parseArgs({
  options: {
    bin: { type: "string" },
    root: { type: "string" },
    edits: { type: "string", default: "20" },
    pause: { type: "string", default: "200" },
    interval: { type: "string", default: "2" },
    results: { type: "string" },
    site: { type: "string", default: "site" },
    // How long one edit may take to show, and the first build: generous, for 100k sites.
    deadline: { type: "string", default: "600" },
  },
});
if (!opts.bin || !opts.root) {
  console.error("usage: preview_latency.mjs --bin CARELEAF --root SITE [--edits 20] [--results FILE --site LABEL]");
  process.exit(2);
}
const EDITS = Number(opts.edits);
const PAUSE = Number(opts.pause);
const INTERVAL = Number(opts.interval);
const DEADLINE_MS = Number(opts.deadline) * 1000;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

/** GET url: resolves to { status, body }. */
function get(url) {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { agent }, (res) => {
      const chunks = [];
      res.on("data", (c) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode, body: Buffer.concat(chunks).toString("utf8") }));
      res.on("error", reject);
    });
    req.on("error", reject);
  });
}

/**
 * Polls url until its body contains `text`; resolves to the time the first such response
 * ended and the mean time between polls. Between polls it waits INTERVAL ms, or 1 ms per
 * 100 KB of the last response when that is longer, so that polling a large page (the articles
 * index of a 10,000-article site is megabytes) takes little CPU from the rebuild. The wait
 * follows the page's size, not the request's time: on a busy machine every request is slow,
 * and a wait that grew with that would blur the small pages' figures for nothing.
 */
async function pollFor(url, text, what) {
  const first = performance.now();
  const give_up = first + DEADLINE_MS;
  let polls = 0;
  for (;;) {
    let res = null;
    try {
      res = await get(url);
    } catch {
      // The server is still starting: try again below.
    }
    const now = performance.now();
    polls += 1;
    if (res && res.status === 200 && res.body.includes(text)) {
      return { at: now, bytes: res.body.length, spacing: (now - first) / polls };
    }
    if (now > give_up) throw new Error(`${what}: ${url} did not show "${text}" within ${DEADLINE_MS / 1000} s`);
    await sleep(res ? Math.max(INTERVAL, res.body.length / 100_000) : 50);
  }
}

/** Starts the preview; resolves once it printed its URL. */
function startServe() {
  const child = spawn(opts.bin, ["serve", "--root", opts.root, "--port", "0"], { stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  let rebuilds = [];
  let errTail = "";
  child.stderr.setEncoding("utf8");
  let partial = "";
  child.stderr.on("data", (d) => {
    // Only the "rebuilt in" lines matter; a large generated site prints thousands of warnings.
    const lines = (partial + d).split("\n");
    partial = lines.pop();
    for (const line of lines) {
      const m = line.match(/rebuilt in (\d+) ms/);
      if (m) rebuilds.push(Number(m[1]));
      if (/error/i.test(line)) errTail = (errTail + line + "\n").slice(-4000);
    }
  });
  child.stdout.setEncoding("utf8");
  const server = { child, rebuilds: () => rebuilds, errors: () => errTail };
  return new Promise((resolve, reject) => {
    child.stdout.on("data", (d) => {
      out += d;
      const m = out.match(/^(http:\/\/[^\s/]+:\d+\/)$/m);
      if (m && !server.url) {
        server.url = m[1];
        resolve(server);
      }
    });
    child.on("exit", (code, signal) => {
      if (!server.url) reject(new Error(`careleaf serve exited (${signal || code}) before printing its URL\n${out}${errTail}`));
    });
    child.on("error", reject);
  });
}

let tmpCounter = 0;
/** Saves like an editor: a temporary file beside `file`, renamed over it. Returns the time before the rename. */
function atomicSave(file, text) {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.bench${process.pid}-${++tmpCounter}.tmp`);
  fs.writeFileSync(tmp, text);
  const before = performance.now();
  fs.renameSync(tmp, file);
  return before;
}

/** Waits (up to the deadline) until the server printed more than `count` "rebuilt" lines. */
async function waitForRebuild(server, count) {
  const give_up = performance.now() + DEADLINE_MS;
  while (server.rebuilds().length <= count) {
    if (server.child.exitCode !== null) throw new Error(`careleaf serve exited during the benchmark\n${server.errors()}`);
    if (performance.now() > give_up) throw new Error("the server printed no \"rebuilt in\" line after an edit");
    await sleep(5);
  }
}

function median(sorted) {
  const n = sorted.length;
  return n % 2 ? sorted[(n - 1) / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
}
function percentile(sorted, p) {
  return sorted[Math.max(Math.ceil((p / 100) * sorted.length) - 1, 0)];
}

/**
 * Runs EDITS + 1 edits of one kind. `edit(i, token)` returns the file's new text; the page
 * at `url` must then contain `token`. Returns the latencies and the server's rebuild times.
 */
async function measure(server, file, url, edit) {
  const latencies = [];
  const rebuilds = [];
  let bytes = 0;
  const spacings = [];
  for (let i = 0; i <= EDITS; i++) {
    const token = `Benchmark edit ${i} ${Math.random().toString(36).slice(2, 10)}`;
    const count = server.rebuilds().length;
    const saved = atomicSave(file, edit(token));
    const seen = await pollFor(url, token, `edit ${i}`);
    await waitForRebuild(server, count);
    bytes = seen.bytes;
    spacings.push(seen.spacing);
    if (i > 0) {
      // Edit 0 warms the caches and is not counted.
      latencies.push(seen.at - saved);
      rebuilds.push(server.rebuilds().at(-1));
    }
    await sleep(PAUSE);
  }
  return { latencies, rebuilds, bytes, spacing: spacings.reduce((a, b) => a + b, 0) / spacings.length };
}

function report(kind, what, { latencies, rebuilds, bytes, spacing }) {
  const s = [...latencies].sort((a, b) => a - b);
  const r = [...rebuilds].sort((a, b) => a - b);
  console.log(
    `preview, ${what}: median ${median(s).toFixed(1)} ms, p95 ${percentile(s, 95).toFixed(1)} ms ` +
      `(min ${s[0].toFixed(1)}, max ${s.at(-1).toFixed(1)}; n=${s.length}; page of ${(bytes / 1024).toFixed(0)} KiB polled every ${spacing.toFixed(1)} ms; ` +
      `server's "rebuilt in" median ${median(r)} ms)`,
  );
  if (opts.results) {
    const rows = latencies.map((l) => `${opts.site}\tcareleaf\tpreview_${kind}\t${l.toFixed(3)}\n`);
    rows.push(...rebuilds.map((ms) => `${opts.site}\tcareleaf\trebuild_${kind}\t${ms}\n`));
    fs.appendFileSync(opts.results, rows.join(""));
  }
}

const articles = path.join(opts.root, "content/articles");
const first = fs.readdirSync(articles).filter((f) => f.endsWith(".md")).sort()[0];
const file = path.join(articles, first);
const slug = first.replace(/\.md$/, "");
const original = fs.readFileSync(file, "utf8");
const titleLine = /^title:.*$/m;
if (!titleLine.test(original)) throw new Error(`${file} has no "title:" line`);

// `serve` prints its URL after its first build, so this is the preview's start-up time.
const started = performance.now();
const server = await startServe();
try {
  const articleUrl = `${server.url}articles/${slug}/`;
  const indexUrl = `${server.url}articles/`;
  await pollFor(articleUrl, "</html>", "first request");
  console.log(`preview serving ${((performance.now() - started) / 1000).toFixed(1)} s after start; edited: content/articles/${first}`);
  const body = await measure(server, file, articleUrl, (token) => `${original.trimEnd()}\n\n${token}.\n`);
  report("body", "article body saved -> its page served", body);
  const title = await measure(server, file, indexUrl, (token) => original.replace(titleLine, `title: "${token}"`));
  report("title", "article title changed -> articles index served", title);
} finally {
  fs.writeFileSync(file, original);
  // Wait for the server to be gone: the measurements that follow (`faq add`) must not share
  // the cores with a server still freeing a large site.
  const gone = new Promise((resolve) => {
    if (server.child.exitCode !== null || server.child.signalCode !== null) resolve();
    else server.child.once("exit", resolve);
  });
  server.child.kill("SIGTERM");
  await gone;
  agent.destroy();
}
