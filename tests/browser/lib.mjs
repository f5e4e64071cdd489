// Shared helpers for the browser tests (e2e.mjs and the others here) and the reload-latency
// benchmark (../bench/reload_latency.mjs): start and stop `careleaf serve`, copy the example
// site (and remove the copies after each test),
// launch Debian's Chromium through playwright-core, save files the way editors do, and time
// a save until its text is in the page's DOM.

import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";

import { chromium } from "playwright-core";

const here = path.dirname(fileURLToPath(import.meta.url));
/** The repository's root folder. */
export const REPO = path.resolve(here, "../..");
/** Debian's Chromium; never a downloaded browser. */
export const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
/** Chromium flags that work on these machines (closed network, running as root). */
export const CHROMIUM_FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** The careleaf binary: $CARELEAF_BIN, or the debug build of this repository. */
export function careleafBin(fallback = path.resolve(here, "../../target/debug/careleaf")) {
  const bin = process.env.CARELEAF_BIN || fallback;
  if (!fs.existsSync(bin)) {
    throw new Error(
      `careleaf binary not found at ${bin}: build it (cargo build) or set CARELEAF_BIN`,
    );
  }
  return bin;
}

const tempDirs = new Set();
/** A new, empty temporary folder (removed when this process exits, if still there). */
export function tempDir(prefix, base = os.tmpdir()) {
  const dir = fs.mkdtempSync(path.join(base, prefix));
  tempDirs.add(dir);
  return dir;
}

/**
 * Copies the repository's example site (site.yaml, content/, themes/; never target/ or
 * public/) to a new temp folder. $CARELEAF_EXAMPLE_SITE names another site folder to copy.
 */
export function copyExampleSite(from = process.env.CARELEAF_EXAMPLE_SITE || REPO) {
  const dir = tempDir("careleaf-e2e-site-");
  fs.copyFileSync(path.join(from, "site.yaml"), path.join(dir, "site.yaml"));
  for (const sub of ["content", "themes"]) {
    const src = path.join(from, sub);
    if (fs.existsSync(src)) fs.cpSync(src, path.join(dir, sub), { recursive: true });
  }
  return dir;
}

/**
 * Copies of the example site for one test file: `create()` makes a fresh copy (with helpers
 * to read, save and remove its files), `removeAll()` deletes every copy made so far (the
 * hooks call it after each test).
 */
export function siteCopies() {
  const dirs = [];
  return {
    create() {
      const dir = copyExampleSite();
      dirs.push(dir);
      const file = (rel) => path.join(dir, rel);
      return {
        dir,
        file,
        read: (rel) => fs.readFileSync(file(rel), "utf8"),
        save: (rel, text) => atomicSave(file(rel), text),
        remove: (rel) => fs.rmSync(file(rel)),
      };
    },
    removeAll() {
      for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

let saveCounter = 0;
/**
 * Saves `text` to `file` as editors do: writes a temporary file in the same folder, then
 * renames it over the file. Returns the high-resolution wall-clock time (ms since the
 * epoch, like the page's `performance.timeOrigin + performance.now()`) just before the rename.
 */
export function atomicSave(file, text) {
  const tmp = `${file}.${process.pid}.${++saveCounter}.tmp`;
  fs.writeFileSync(tmp, text);
  const before = nowMs();
  fs.renameSync(tmp, file);
  return before;
}

/** Wall-clock milliseconds with sub-millisecond resolution. */
export function nowMs() {
  return performance.timeOrigin + performance.now();
}

/** Every server started and not yet stopped, so hooks can stop them whatever happened. */
export const servers = new Set();

/**
 * Starts `careleaf serve --root ROOT --port PORT` and resolves once it printed its URL.
 * The result has `url`, `port`, `log()` (everything it printed so far), `waitForLog(re)` and
 * `stop()`.
 */
export function startServer(bin, root, { port = 0, timeoutMs = 15000, extraArgs = [] } = {}) {
  const child = spawn(bin, ["serve", "--root", root, "--port", String(port), ...extraArgs], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  const waiters = [];
  const checkWaiters = () => {
    for (const w of [...waiters]) {
      if (w.re.test(err.slice(w.from))) {
        waiters.splice(waiters.indexOf(w), 1);
        clearTimeout(w.timer);
        w.resolve();
      }
    }
  };
  child.stderr.setEncoding("utf8");
  child.stderr.on("data", (d) => {
    err += d;
    if (process.env.CARELEAF_E2E_VERBOSE) process.stderr.write(`  [serve] ${d}`);
    checkWaiters();
  });
  child.stdout.setEncoding("utf8");
  // Resolves when the process has ended (or could not start at all).
  const exited = new Promise((resolve) => {
    child.once("exit", resolve);
    child.once("error", resolve);
  });
  const server = {
    child,
    url: null,
    port: null,
    log: () => `--- stdout ---\n${out}--- stderr ---\n${err}`,
    /** Resolves when stderr printed after `from` (an offset from `mark()`) matches `re`. */
    waitForLog(re, from = 0, ms = 10000) {
      return new Promise((resolve, reject) => {
        const w = { re, from, resolve };
        w.timer = setTimeout(() => {
          waiters.splice(waiters.indexOf(w), 1);
          reject(new Error(`server did not print ${re} within ${ms} ms\n${server.log()}`));
        }, ms);
        waiters.push(w);
        checkWaiters();
      });
    },
    mark: () => err.length,
    async stop() {
      servers.delete(server);
      if (child.pid !== undefined && child.exitCode === null && child.signalCode === null) {
        child.kill("SIGTERM");
        const timer = setTimeout(() => child.kill("SIGKILL"), 3000);
        await exited;
        clearTimeout(timer);
      }
    },
  };
  servers.add(server);
  return new Promise((resolve, reject) => {
    const fail = (why) => {
      clearTimeout(timer);
      server.stop().finally(() => reject(new Error(`careleaf serve ${why}\n${server.log()}`)));
    };
    const timer = setTimeout(() => fail(`printed no URL within ${timeoutMs} ms`), timeoutMs);
    child.stdout.on("data", (d) => {
      out += d;
      if (server.url) return;
      const m = out.match(/^(http:\/\/[^\s/]+:(\d+)\/)$/m);
      if (m) {
        server.url = m[1];
        server.port = Number(m[2]);
        clearTimeout(timer);
        resolve(server);
      }
    });
    child.on("exit", (code, signal) => {
      if (!server.url) fail(`exited (${signal || code}) before printing its URL`);
    });
    child.on("error", (e) => fail(`could not start: ${e.message}`));
  });
}

// Should this process end early (Ctrl-C, a time-out, an uncaught error), take the servers
// with it rather than leave them running.
const killServers = () => {
  for (const s of servers) if (s.child.exitCode === null) s.child.kill("SIGKILL");
};
process.on("exit", () => {
  killServers();
  for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true, maxRetries: 2 });
});
for (const [signal, code] of [["SIGINT", 130], ["SIGTERM", 143], ["SIGHUP", 129]]) {
  process.once(signal, () => process.exit(code));
}

/** Stops every server still running. */
export async function stopAllServers() {
  await Promise.all([...servers].map((s) => s.stop()));
}

/**
 * Where the page records the moment the text it waits for enters its DOM. Before a save,
 * `expectText(page, text)` stores the text in the tab's sessionStorage (which survives the
 * reload); this script, run in every new document before any of the page's own scripts,
 * watches the DOM being built and stamps `window.__careleafSeenAt` with the
 * high-resolution wall-clock time the text first appears. `watchForText` does the watching
 * (in the document open now when called through `page.evaluate`).
 */
export function watchForText(want) {
  const stamp = () => {
    if (window.__careleafSeenAt) return true;
    const root = document.documentElement;
    if (root && root.textContent.includes(want)) {
      window.__careleafSeenAt = performance.timeOrigin + performance.now();
      return true;
    }
    return false;
  };
  if (stamp()) return;
  const observer = new MutationObserver(() => { if (stamp()) observer.disconnect(); });
  observer.observe(document, { childList: true, subtree: true, characterData: true });
}

/** [`watchForText`] in every new document, for the text `expectText` stored. */
const SEEN_SCRIPT = `(() => {
  let want = null;
  try { want = sessionStorage.getItem("__careleafWant"); } catch (e) { return; }
  if (want) (${watchForText.toString()})(want);
})();`;

/** Launches Debian's Chromium headless with a fresh profile; returns the persistent context. */
export async function launchBrowser({ viewport = { width: 1000, height: 700 } } = {}) {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} not found: run tests/run.sh, which installs Debian's chromium`);
  }
  const profile = tempDir("careleaf-e2e-profile-");
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_FLAGS,
    viewport,
  });
  await context.addInitScript(SEEN_SCRIPT);
  const close = async () => {
    try {
      await context.close();
    } finally {
      fs.rmSync(profile, { recursive: true, force: true });
    }
  };
  return { context, close };
}

/**
 * Opens `url` in a new tab and resolves once the page is loaded and its live-reload socket
 * got the server's `hello`, so that a save from now on reaches it.
 */
export async function openLivePage(context, url, ms = 10000) {
  const page = await context.newPage();
  page.liveHellos = 0;
  page.liveInstance = null;
  page.on("websocket", (ws) => {
    if (!ws.url().endsWith("/_careleaf/live")) return;
    ws.on("framereceived", (f) => {
      if (typeof f.payload !== "string") return;
      let msg;
      try {
        msg = JSON.parse(f.payload);
      } catch {
        return;
      }
      if (msg.type === "hello") {
        page.liveHellos++;
        page.liveInstance = msg.instance;
      }
    });
  });
  await page.goto(url, { timeout: ms });
  await waitForLive(page, 1, ms);
  return page;
}

/**
 * Waits until the page has received at least `count` live-reload hellos in all, and shows a
 * document from the server that said the last one (a page from an earlier server run reloads
 * itself on its first hello from a new one).
 */
export async function waitForLive(page, count, ms = 10000) {
  const deadline = Date.now() + ms;
  for (;;) {
    if (page.liveHellos >= count) {
      const current = await page
        .evaluate(() => document.querySelector("script[data-instance]")?.dataset.instance)
        .catch(() => null); // navigating
      if (current && current === page.liveInstance) return;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `${page.url()}: the live-reload socket did not connect (${page.liveHellos} hello(s), ` +
          `wanted ${count} and a page of the same server run) within ${ms} ms`,
      );
    }
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Tells the page (via sessionStorage, which survives reloads) which text to time. */
export async function expectText(page, text) {
  await page.evaluate((t) => {
    sessionStorage.setItem("__careleafWant", t);
    delete window.__careleafSeenAt;
  }, text);
}

/**
 * Waits until `text` is in the page's DOM (after the reload a save caused) and returns the
 * wall-clock time at which it appeared there, as stamped by the page itself.
 */
export async function waitForText(page, text, { ms = 10000, polling = 20 } = {}) {
  const handle = await page.waitForFunction(
    (t) =>
      window.__careleafSeenAt ||
      (document.documentElement && document.documentElement.textContent.includes(t)
        ? performance.timeOrigin + performance.now()
        : 0),
    text,
    { timeout: ms, polling },
  );
  return handle.jsonValue();
}

/**
 * Builds the site in `root` with `careleaf build` into a new temporary folder and returns
 * that folder. Throws with careleaf's output when the build fails.
 */
export function buildSite(bin, root) {
  const out = tempDir("careleaf-e2e-built-");
  const run = spawnSync(bin, ["build", "--root", root, "--output", out, "--force"], {
    encoding: "utf8",
    env: { ...process.env, SOURCE_DATE_EPOCH: process.env.SOURCE_DATE_EPOCH || "1780272000" },
  });
  if (run.status !== 0) {
    throw new Error(`careleaf build failed (${run.status}):\n${run.stdout}\n${run.stderr}`);
  }
  return out;
}

/** Every `.html` file under `dir`, as the URL path a host serves it at ("/faq/", "/404.html"). */
export function htmlPages(dir) {
  const found = [];
  const walk = (sub) => {
    for (const entry of fs.readdirSync(path.join(dir, sub), { withFileTypes: true })) {
      const rel = path.posix.join(sub, entry.name);
      if (entry.isDirectory()) walk(rel);
      else if (entry.name.endsWith(".html")) found.push("/" + rel.replace(/(^|\/)index\.html$/, "$1"));
    }
  };
  walk("");
  return found.sort();
}

// ---- A static file server for built sites (the accessibility gate, the search tests and
// benchmark, the screenshots): serves a folder under a path prefix (a site built with a
// `base_url` path), the way a plain static host would, with no compression and no caching
// headers, so tests see exactly what `careleaf build` publishes, without the preview's
// live-reload script.

const STATIC_TYPES = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".json": "application/json",
  ".xml": "application/xml",
  ".txt": "text/plain; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
};

/**
 * Serves `dir` under `prefix` (`/` or `/guide/`) on a free port of 127.0.0.1: a folder's
 * `index.html`, and for anything missing the site's `404.html` with status 404 (plain text
 * when it has none). Resolves to `{ url, requests, close() }`; `requests` lists every path
 * asked for, in order.
 */
export function serveStatic(dir, prefix = "/") {
  const requests = [];
  const root = path.resolve(dir);
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, "http://localhost");
    requests.push(url.pathname);
    let rel = url.pathname.startsWith(prefix) ? url.pathname.slice(prefix.length) : null;
    if (rel !== null) {
      rel = decodeURIComponent(rel);
      if (rel === "" || rel.endsWith("/")) rel += "index.html";
    }
    const file = rel === null ? null : path.resolve(root, rel);
    if (!file || !file.startsWith(root + path.sep) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
      const notFound = path.join(root, "404.html");
      if (fs.existsSync(notFound)) {
        res.writeHead(404, { "content-type": STATIC_TYPES[".html"] });
        fs.createReadStream(notFound).pipe(res);
      } else {
        res.writeHead(404, { "content-type": "text/plain" });
        res.end("not found");
      }
      return;
    }
    res.writeHead(200, { "content-type": STATIC_TYPES[path.extname(file)] || "application/octet-stream" });
    fs.createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      resolve({
        url: `http://127.0.0.1:${port}${prefix}`,
        requests,
        close: () => new Promise((done) => server.close(done)),
      });
    });
  });
}
