// Accessibility fixes found in Chromium, held in a real browser (Debian's Chromium driven by
// playwright-core): the add-a-question form after a refused submit (error text readable in
// dark mode, a summary linking to each field, the site's header), the live-reload error
// overlay (opaque), wide tables (the focusable wrapper is the one scroller) and narrow tiles
// (no word split across lines at phone widths). Run by `node --test` with e2e.mjs (see
// package.json and tests/it/browser.rs); it uses the careleaf binary named by $CARELEAF_BIN.

import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, afterEach, before, test } from "node:test";

import {
  atomicSave,
  careleafBin,
  launchBrowser,
  openLivePage,
  siteCopies,
  startServer,
  stopAllServers,
} from "./lib.mjs";

const TEST_TIMEOUT = 60000;
const DEADLINE = 10000;

let bin;
let browser;
/** Fresh copies of the example site, removed after each test. */
const sites = siteCopies();
const newSite = () => sites.create().dir;

before(async () => {
  bin = careleafBin();
  browser = await launchBrowser();
}, { timeout: 30000 });

afterEach(async () => {
  if (browser) await Promise.all(browser.context.pages().map((p) => p.close().catch(() => {})));
  await stopAllServers();
  sites.removeAll();
}, { timeout: 30000 });

after(async () => {
  await stopAllServers();
  if (browser) await browser.close();
}, { timeout: 30000 });

/** WCAG contrast of each element matching `selector` with the first opaque background
 * behind it, measured from computed styles in the page. */
function contrastOf(page, selector) {
  return page.evaluate((sel) => {
    const rgba = (s) => s.match(/[\d.]+/g).map(Number);
    const lum = (c) => {
      const f = (v) => ((v /= 255) <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
      return 0.2126 * f(c[0]) + 0.7152 * f(c[1]) + 0.0722 * f(c[2]);
    };
    const behind = (el) => {
      for (let e = el; e; e = e.parentElement) {
        const c = rgba(getComputedStyle(e).backgroundColor);
        if (c.length < 4 || c[3] === 1) return c;
      }
      return [255, 255, 255];
    };
    return [...document.querySelectorAll(sel)].map((el) => {
      const [a, b] = [lum(rgba(getComputedStyle(el).color)), lum(behind(el))];
      return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    });
  }, selector);
}

test("the form after a refused submit: readable errors in light and dark, a summary linking to each field, the site's header", { timeout: TEST_TIMEOUT }, async () => {
  const server = await startServer(bin, newSite());
  const page = await browser.context.newPage();
  await page.goto(server.url + "_careleaf/faq/new");
  // An empty question and answer are refused.
  await Promise.all([page.waitForLoadState("load"), page.click('button[type="submit"]')]);
  await page.waitForSelector("#error-summary", { timeout: DEADLINE });
  for (const colorScheme of ["light", "dark"]) {
    await page.emulateMedia({ colorScheme });
    const ratios = await contrastOf(page, ".field-errors:not([hidden]) li, .error-summary h2, .error-summary a");
    assert.ok(ratios.length >= 3, `error texts and links found: ${ratios.length}`);
    for (const r of ratios) assert.ok(r >= 4.5, `${colorScheme}: error text contrast ${r.toFixed(2)}:1`);
  }
  const structure = await page.evaluate(() => ({
    listsWithRoles: [...document.querySelectorAll("ul[role], ol[role]")].map((e) => e.outerHTML.slice(0, 60)),
    labelledDivs: [...document.querySelectorAll("div[aria-labelledby]:not([role])")].map((e) => e.id),
    links: [...document.querySelectorAll("#error-summary a")].map((a) => a.getAttribute("href")),
    header: document.querySelector("header.site-header .site-title")?.textContent,
    back: document.querySelector(".back-link a")?.getAttribute("href"),
  }));
  assert.deepEqual(structure.listsWithRoles, [], "no list carries a role");
  assert.deepEqual(structure.labelledDivs, [], "no plain div is named by aria-labelledby");
  assert.equal(structure.header, "Fibromyalgia Guide");
  assert.equal(structure.back, "/faq/");
  assert.ok(structure.links.includes("#question") && structure.links.includes("#answer"), structure.links.join(" "));
  // Following a summary link puts the keyboard in that field.
  await page.click('#error-summary a[href="#question"]');
  assert.equal(await page.evaluate(() => document.activeElement?.id), "question");
});

test("the live-reload error overlay is opaque and covers the page", { timeout: TEST_TIMEOUT }, async () => {
  const dir = newSite();
  const server = await startServer(bin, dir);
  const page = await openLivePage(browser.context, server.url + "faq/");
  const faq = path.join(dir, "content/faq.yaml");
  atomicSave(faq, fs.readFileSync(faq, "utf8").replace(/^(\s+)question:/m, "$1questoin:"));
  await page.waitForSelector("#careleaf-error-overlay", { timeout: DEADLINE });
  const seen = await page.evaluate(() => {
    const box = document.getElementById("careleaf-error-overlay");
    const bg = getComputedStyle(box).backgroundColor.match(/[\d.]+/g).map(Number);
    const x = innerWidth / 2, y = innerHeight - 5;
    return {
      alpha: bg.length === 4 ? bg[3] : 1,
      opacity: Number(getComputedStyle(box).opacity),
      covers: box.contains(document.elementFromPoint(x, y)),
    };
  });
  assert.equal(seen.alpha, 1, "the background lets nothing through");
  assert.equal(seen.opacity, 1);
  assert.ok(seen.covers, "the overlay is on top of the page everywhere");
});

test("a wide table scrolls inside its focusable, labelled wrapper", { timeout: TEST_TIMEOUT }, async () => {
  const server = await startServer(bin, newSite());
  const page = await browser.context.newPage();
  await page.setViewportSize({ width: 320, height: 700 });
  await page.goto(server.url + "articles/pain-management-plan/");
  const wraps = await page.evaluate(() =>
    [...document.querySelectorAll(".content table")].map((t) => {
      const w = t.parentElement;
      const scrolls = (e) => e.scrollWidth > e.clientWidth && /auto|scroll/.test(getComputedStyle(e).overflowX);
      return {
        wrapper: w.className,
        tabindex: w.getAttribute("tabindex"),
        role: w.getAttribute("role"),
        label: w.getAttribute("aria-label"),
        wrapperScrolls: scrolls(w),
        tableScrolls: scrolls(t),
        // The wrapper keeps within the text column.
        fits: w.getBoundingClientRect().right <= w.parentElement.getBoundingClientRect().right + 0.5,
      };
    }));
  assert.ok(wraps.length >= 1, "the article has a table");
  for (const w of wraps) {
    assert.deepEqual(
      { ...w, label: Boolean(w.label) },
      { wrapper: "table-wrap", tabindex: "0", role: "region", label: true, wrapperScrolls: true, tableScrolls: false, fits: true },
    );
  }
  // The keyboard scrolls it.
  await page.focus(".table-wrap");
  await page.keyboard.press("ArrowRight");
  await page.waitForFunction(() => document.querySelector(".table-wrap").scrollLeft > 0, null, { timeout: DEADLINE });
});

test("no word in a tile is split across lines at phone widths", { timeout: TEST_TIMEOUT }, async () => {
  const server = await startServer(bin, newSite());
  const page = await browser.context.newPage();
  for (const width of [375, 320]) {
    await page.setViewportSize({ width, height: 800 });
    for (const url of ["", "topics/", "articles/what-is-fibromyalgia/", "faq/"]) {
      await page.goto(server.url + url);
      const split = await page.evaluate(() => {
        const found = [];
        for (const tile of document.querySelectorAll(".topic-grid a, .topic-links a, .faq-toc a, .related-topics a")) {
          const walker = document.createTreeWalker(tile, NodeFilter.SHOW_TEXT);
          for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            for (const m of node.data.matchAll(/\S+/g)) {
              const range = document.createRange();
              range.setStart(node, m.index);
              range.setEnd(node, m.index + m[0].length);
              // A word on one line has one box; a split word has one per line.
              const lines = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
              if (lines.size > 1) found.push(m[0]);
            }
          }
        }
        // Nor does a tile stick out of its list.
        const wide = [...document.querySelectorAll(".topic-grid li, .topic-links li, .faq-toc li")]
          .filter((li) => li.getBoundingClientRect().right > li.parentElement.getBoundingClientRect().right + 0.5)
          .map((li) => li.textContent.trim());
        return { found, wide };
      });
      assert.deepEqual(split.found, [], `${width}px /${url}: words split across lines`);
      assert.deepEqual(split.wide, [], `${width}px /${url}: tiles wider than their list`);
    }
  }
});
