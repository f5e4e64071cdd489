// Search in a real browser: the example site built with a `base_url` path, served by a plain
// static server under that path, in Debian's Chromium. Types into the header's search box
// and the search page, and checks the results: misspellings ("fibromialgia", "acupunture",
// "dry neddling"), plural and singular ("sessions"), FAQ entries linking to their anchors,
// the live status line, the keyboard, and what readers without JavaScript are told.

import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { after, before, test } from "node:test";

import { chromium } from "playwright-core";

import {
  CHROMIUM,
  CHROMIUM_FLAGS,
  careleafBin,
  copyExampleSite,
  serveStatic,
  tempDir,
} from "./lib.mjs";

const DEADLINE = 10000; // ms: the longest a search may take on a busy machine
const PREFIX = "/guide/";

let browser;
let server;

before(async () => {
  const site = copyExampleSite();
  const config = path.join(site, "site.yaml");
  const yaml = fs.readFileSync(config, "utf8").replace(
    /^base_url: .*$/m,
    "base_url: https://example.org/guide/",
  );
  fs.writeFileSync(config, yaml);
  const out = tempDir("careleaf-search-out-");
  const run = spawnSync(careleafBin(), ["build", "--root", site, "--output", out], {
    encoding: "utf8",
  });
  assert.equal(run.status, 0, `careleaf build failed:\n${run.stdout}${run.stderr}`);
  assert.match(run.stdout, /search index \d+ KB in \d+ files/);
  server = await serveStatic(out, PREFIX);
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_FLAGS });
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/** A new tab on `rel` (under the site's path), in a fresh context (cold cache). */
async function open(rel, options = {}) {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  // Every failed request but the browser's own guess at a favicon (the theme has none yet).
  page.on("response", (r) => {
    if (r.status() >= 400 && !r.url().endsWith("/favicon.ico")) errors.push(`${r.status()} ${r.url()}`);
  });
  await page.goto(server.url + rel);
  return { page, errors, close: () => context.close() };
}

/** Types `query` into the box `input`, and waits until its results for it are shown. */
async function typeQuery(page, input, query) {
  await page.fill(input, "");
  await page.type(input, query);
  const root = page.locator("[data-search]").filter({ has: page.locator(input) });
  await page.waitForFunction(
    ([sel, q]) => {
      const box = document.querySelector(sel).closest("[data-search]");
      const list = box.querySelector("[data-search-results]");
      return list.dataset.query === q && box.querySelector("[data-search-status]").textContent !== "";
    },
    [input, query],
    { timeout: DEADLINE },
  );
  return {
    status: await root.locator("[data-search-status]").textContent(),
    results: await root.locator(".search-result").evaluateAll((items) =>
      items.map((li) => ({
        title: li.querySelector("a").textContent,
        href: li.querySelector("a").getAttribute("href"),
        kind: li.querySelector(".search-kind").textContent,
        marked: [...li.querySelectorAll("mark")].map((m) => m.textContent.toLowerCase()),
        excerpt: li.querySelector(".search-excerpt").textContent,
        excerptMarks: [...li.querySelectorAll(".search-excerpt mark")].map((m) => m.textContent.toLowerCase()),
      })),
    ),
  };
}

const HEADER = "#site-search-q";

test("the header box finds pages despite misspellings", async () => {
  const { page, errors, close } = await open("articles/");
  try {
    const cases = [
      ["fibromialgia", /fibromyalgia/i, "fibromyalgia"],
      ["acupunture", /acupuncture/i, "acupuncture"],
      ["dry neddling", /dry needling/i, "needling"],
    ];
    for (const [query, title, marked] of cases) {
      const { status, results } = await typeQuery(page, HEADER, query);
      assert.ok(results.length > 0, `no results for ${query}`);
      assert.match(results[0].title, title, `top result for ${query}: ${JSON.stringify(results)}`);
      assert.ok(results[0].marked.includes(marked), `${marked} not marked: ${JSON.stringify(results[0])}`);
      assert.match(status, new RegExp(`^\\d+ results? for “${query}”\\.$`));
      for (const r of results) assert.ok(r.href.startsWith(PREFIX), `${r.href} lacks the site's path`);
    }
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});

test("a mistyped first letter still finds the page, and excerpts quote the sentence with the word", async () => {
  const { page, errors, close } = await open("articles/");
  try {
    // The stem is found by its last letters, in another word file than the query's.
    const { results } = await typeQuery(page, HEADER, "gibromyalgia");
    assert.ok(results.length > 0, "no results for gibromyalgia");
    assert.match(results[0].title, /fibromyalgia/i, JSON.stringify(results[0]));
    // Each result quotes a sentence of its page: the one where the word first appears,
    // the word marked; a page found by its title alone quotes its first sentence.
    const twitch = await typeQuery(page, HEADER, "twitch");
    const quoted = twitch.results.filter((r) => r.excerptMarks.includes("twitch"));
    assert.ok(quoted.length > 0, JSON.stringify(twitch.results));
    for (const r of twitch.results) {
      assert.ok(r.excerpt.length > 0 && r.excerpt.length < 200, JSON.stringify(r));
    }
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});

test("'sessions' finds questions about one session and many, linking to their anchors", async () => {
  const { page, errors, close } = await open("");
  try {
    const { results } = await typeQuery(page, HEADER, "sessions");
    const titles = results.map((r) => r.title);
    assert.ok(titles.includes("How many sessions are usually needed?"), JSON.stringify(titles));
    assert.ok(titles.includes("What should I do after a session?"), JSON.stringify(titles));
    const single = results.find((r) => r.title === "What should I do after a session?");
    assert.equal(single.kind, "Question");
    assert.match(single.href, /^\/guide\/faq\/#[a-z0-9-]+$/);
    assert.ok(single.marked.includes("session"));
    // Titles and questions rank above body text: the first results have the word in their title.
    assert.match(results[0].title, /sessions?/i);
    // The FAQ anchor exists on the FAQ page.
    await page.goto(new URL(single.href, server.url).href);
    const id = single.href.split("#")[1];
    assert.equal(await page.locator(`[id="${id}"]`).count(), 1);
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});

test("the keyboard moves from the box through the results and back", async () => {
  const { page, close } = await open("");
  try {
    const { results } = await typeQuery(page, HEADER, "needles");
    assert.ok(results.length >= 2);
    // "needles" finds pages about needling (the stems meet).
    assert.ok(results.some((r) => /needling/i.test(r.title)), JSON.stringify(results));
    await page.keyboard.press("ArrowDown");
    const first = await page.evaluate(() => document.activeElement.getAttribute("href"));
    assert.equal(first, results[0].href);
    await page.keyboard.press("ArrowDown");
    assert.equal(await page.evaluate(() => document.activeElement.getAttribute("href")), results[1].href);
    await page.keyboard.press("Escape");
    assert.equal(await page.evaluate(() => document.activeElement.id), "site-search-q");
    await page.keyboard.press("Escape");
    assert.equal(await page.locator(`${HEADER}`).inputValue(), "");
    assert.equal(await page.locator(".site-search .search-result").count(), 0);
    // Enter on a result follows it.
    await typeQuery(page, HEADER, "fibromialgia");
    await page.keyboard.press("ArrowDown");
    await Promise.all([page.waitForURL(/\/guide\/articles\//), page.keyboard.press("Enter")]);
  } finally {
    await close();
  }
});

test("the start of a word finds longer words, and targets are 44 pixels high", async () => {
  const { page, close } = await open("");
  try {
    const { results } = await typeQuery(page, HEADER, "fibro");
    assert.match(results[0].title, /fibromyalgia/i);
    assert.ok(results[0].marked.includes("fibromyalgia"), JSON.stringify(results[0]));
    const part = await typeQuery(page, HEADER, "acupunc");
    assert.match(part.results[0].title, /acupuncture/i);
    // A space after the word: the reader has finished it, so only whole words count.
    const whole = await typeQuery(page, HEADER, "acupunc ");
    assert.equal(whole.results.length, 0, JSON.stringify(whole.results));
    assert.equal(whole.status, "No results for “acupunc”.");
    await typeQuery(page, HEADER, "fibro");
    for (const sel of [HEADER, ".site-search button", ".site-search .search-result a"]) {
      const heights = await page.locator(sel).evaluateAll((els) => els.map((e) => e.getBoundingClientRect().height));
      assert.ok(heights.length > 0 && heights.every((h) => h >= 44), `${sel}: ${heights}`);
    }
  } finally {
    await close();
  }
});

test("the search page takes ?q= and shows every result", async () => {
  const { page, errors, close } = await open("search/?q=dry%20neddling");
  try {
    await page.waitForFunction(() => document.querySelector("[data-search-results]").dataset.query === "dry neddling", null, { timeout: DEADLINE });
    assert.equal(await page.locator("#search-page-q").inputValue(), "dry neddling");
    assert.equal(await page.locator(HEADER).count(), 0, "the page has one search box, its own");
    const count = await page.locator(".search-result").count();
    assert.ok(count > 6, `only ${count} results`);
    const status = await page.locator("[data-search-status]").textContent();
    assert.equal(status, `${count} results for “dry neddling”.`);
    const { results } = await typeQuery(page, "#search-page-q", "twitch");
    assert.match(results[0].title, /twitch/i);
    assert.equal(new URL(page.url()).searchParams.get("q"), "twitch");
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});

test("the header box of a page without JavaScript says search needs it", async () => {
  const { page, close } = await open("articles/", { javaScriptEnabled: false });
  try {
    const note = page.locator(".site-search .search-nojs");
    assert.match(await note.textContent(), /Search needs JavaScript/);
    assert.equal(await note.locator("a").getAttribute("href"), "/guide/topics/");
    // Sending the form asks the search page, which says the same.
    await page.fill(HEADER, "sleep");
    await Promise.all([page.waitForURL(/\/guide\/search\/\?q=sleep$/), page.press(HEADER, "Enter")]);
    assert.match(await page.locator("main .search-nojs").textContent(), /Search needs JavaScript/);
    assert.equal(await page.locator("main .search-nojs a").getAttribute("href"), "/guide/topics/");
  } finally {
    await close();
  }
});

test("nothing is fetched for search until a box is used, and then only from the site", async () => {
  const from = server.requests.length;
  const { page, close } = await open("articles/");
  try {
    await page.waitForLoadState("load");
    const before = server.requests.slice(from);
    assert.ok(!before.some((p) => p.startsWith(`${PREFIX}search/`)), JSON.stringify(before));
    assert.ok(!before.includes(`${PREFIX}search-engine.js`), JSON.stringify(before));
    await typeQuery(page, HEADER, "pain");
    const fetched = server.requests.slice(from).filter((p) => p.startsWith(`${PREFIX}search/`));
    assert.ok(fetched.includes(`${PREFIX}search/manifest.json`), JSON.stringify(fetched));
    assert.ok(fetched.some((p) => p.startsWith(`${PREFIX}search/w/`)));
    assert.ok(fetched.length < 20, `a one-word query fetched ${fetched.length} files`);
    assert.ok(server.requests.slice(from).includes(`${PREFIX}search-engine.js`));
  } finally {
    await close();
  }
});
