// The glossary's toggletips in a real headless browser (Debian's Chromium, driven by
// playwright-core), on a copy of the example site served by `careleaf serve`. Run with
// `node --test glossary.mjs` from this folder (`cargo test --test it browser` runs it).
//
// Checks what a reader meets: with the script, a marked word is a <dfn> with a "?" button;
// the button opens the definition (visible, in a live region, aria-expanded="true") on a
// click and on keyboard focus and Enter; Escape closes it; so do clicking elsewhere and
// tabbing away from one opened by focus. An open definition fits a 320px screen, and a
// printed page shows each definition after its word. Its colours keep AA contrast in light
// and dark, and a page with a toggletip open passes axe-core's WCAG 2.x A and AA rules.

import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, afterEach, before, test } from "node:test";
import { fileURLToPath } from "node:url";

import {
  careleafBin,
  copyExampleSite,
  launchBrowser,
  startServer,
  stopAllServers,
} from "./lib.mjs";

const DEADLINE = 10000; // ms: the longest any expected change may take
const TEST_TIMEOUT = 60000;
/** An example article whose first marked word is "Dry needling". */
const ARTICLE_URL = "articles/how-dry-needling-works/";

/** axe-core, injected into pages to check them against WCAG 2.x A and AA. */
const AXE = path.join(path.dirname(fileURLToPath(import.meta.url)), "node_modules/axe-core/axe.min.js");
const WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

let bin;
let browser;

before(async () => {
  bin = careleafBin();
  browser = await launchBrowser();
}, { timeout: 30000 });

afterEach(async () => {
  if (browser) {
    await Promise.all(browser.context.pages().map((p) => p.close().catch(() => {})));
  }
  await stopAllServers();
});

after(async () => {
  if (browser) await browser.close();
});

/** Opens the example article (or `url`) in a new tab, served from a fresh copy of the
 * example site. */
async function openArticle(url = ARTICLE_URL) {
  const server = await startServer(bin, copyExampleSite());
  const page = await browser.context.newPage();
  await page.goto(server.url + url, { waitUntil: "load" });
  // The script is deferred: it has run once the button shows.
  await page.locator(".gloss-btn").first().waitFor({ state: "visible", timeout: DEADLINE });
  return page;
}

/** The first toggletip of `page`: its button, its definition, and how they stand. */
function firstTip(page) {
  const button = page.locator(".gloss-btn").first();
  return {
    button,
    state: () =>
      button.evaluate((b) => {
        const tip = document.getElementById(b.getAttribute("aria-controls"));
        return {
          expanded: b.getAttribute("aria-expanded"),
          role: tip.getAttribute("role"),
          visible: !tip.hidden && tip.getBoundingClientRect().height > 0,
          text: tip.textContent.trim(),
          focused: document.activeElement === b,
        };
      }),
  };
}

/** Waits until `tip`'s state matches `want` (the fields given), polling. */
async function waitForState(tip, want, what) {
  const deadline = Date.now() + DEADLINE;
  let last;
  for (;;) {
    last = await tip.state();
    if (Object.entries(want).every(([k, v]) => last[k] === v)) return last;
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${what}: ${JSON.stringify(last)}`);
    }
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * Waits until `tip`'s definition, with its link to the glossary, is in the live region (it
 * is put back just after the tip shows, so that it is announced).
 */
async function waitForDefinition(tip) {
  const deadline = Date.now() + DEADLINE;
  while (!(await tip.state()).text.includes("More in the glossary")) {
    assert.ok(Date.now() < deadline, "the definition never filled the tip");
    await new Promise((r) => setTimeout(r, 20));
  }
}

test("the script turns marked words into toggletips", { timeout: TEST_TIMEOUT }, async () => {
  const page = await openArticle();
  const shape = await page.locator(".gloss").first().evaluate((g) => ({
    link: g.querySelector("a.gloss-term") !== null,
    dfn: g.querySelector("dfn")?.textContent,
    label: g.querySelector(".gloss-btn").getAttribute("aria-label"),
  }));
  assert.deepEqual(shape, { link: false, dfn: "Dry needling", label: "What is Dry needling?" });
  const tip = firstTip(page);
  const closed = await tip.state();
  assert.equal(closed.expanded, "false");
  assert.equal(closed.visible, false);

  // On paper the definition follows its word and the button is gone.
  await page.emulateMedia({ media: "print" });
  const printed = await tip.button.evaluate((b) => ({
    button: getComputedStyle(b).display,
    tip: getComputedStyle(document.getElementById(b.getAttribute("aria-controls"))).display,
  }));
  assert.deepEqual(printed, { button: "none", tip: "inline" });
});

test("a click opens the definition and Escape closes it", { timeout: TEST_TIMEOUT }, async () => {
  const page = await openArticle();
  const tip = firstTip(page);
  await tip.button.click();
  const open = await waitForState(tip, { expanded: "true", visible: true }, "the tip to open");
  assert.equal(open.role, "status");
  await waitForDefinition(tip);
  assert.match((await tip.state()).text, /^A treatment in which a trained health worker/);
  await page.keyboard.press("Escape");
  await waitForState(tip, { expanded: "false", visible: false }, "Escape to close the tip");

  // A second click opens it again; a click elsewhere closes it.
  await tip.button.click();
  await waitForState(tip, { expanded: "true", visible: true }, "the tip to open again");
  await page.locator("h1").click();
  await waitForState(tip, { expanded: "false", visible: false }, "a click elsewhere to close it");

  // On a 320px phone screen an open definition fits the screen: nothing scrolls sideways.
  await page.setViewportSize({ width: 320, height: 640 });
  await tip.button.click();
  await waitForState(tip, { expanded: "true", visible: true }, "the tip to open on a phone");
  const fits = await tip.button.evaluate((b) => {
    const box = document.getElementById(b.getAttribute("aria-controls")).getBoundingClientRect();
    const root = document.documentElement;
    return { left: box.left >= 0, right: box.right <= root.clientWidth, scroll: root.scrollWidth <= root.clientWidth };
  });
  assert.deepEqual(fits, { left: true, right: true, scroll: true });
});

test("keyboard focus and Enter open the definition; Escape closes it", { timeout: TEST_TIMEOUT }, async () => {
  const page = await openArticle();
  const tip = firstTip(page);
  // Tab through the page until the first toggle has focus, as a keyboard user would.
  for (let i = 0; i < 200 && !(await tip.state()).focused; i++) {
    await page.keyboard.press("Tab");
  }
  const focused = await waitForState(
    tip,
    { focused: true, expanded: "true", visible: true },
    "keyboard focus to open the tip",
  );
  assert.equal(focused.role, "status");
  await page.keyboard.press("Escape");
  await waitForState(tip, { focused: true, expanded: "false", visible: false }, "Escape to close it");
  await page.keyboard.press("Enter");
  await waitForState(tip, { expanded: "true", visible: true }, "Enter to open it");
  await page.keyboard.press("Enter");
  await waitForState(tip, { expanded: "false", visible: false }, "Enter again to close it");

  // Opened by focus, it closes when focus leaves it (through its own link, then beyond).
  await page.keyboard.press("Shift+Tab");
  await page.keyboard.press("Tab");
  await waitForState(tip, { focused: true, expanded: "true" }, "focus to open it again");
  await page.keyboard.press("Tab");
  await page.keyboard.press("Tab");
  await waitForState(tip, { expanded: "false", visible: false }, "tabbing away to close it");
});

/** Contrast ratios (WCAG 2) of the first toggletip's parts against what is behind them. */
function tipContrast(page) {
  return page.evaluate(() => {
    const rgb = (s) => s.match(/[\d.]+/g).slice(0, 3).map(Number);
    const channel = (v) => ((v /= 255) <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
    const lum = ([r, g, b]) => 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
    const ratio = (a, b) => {
      const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
      return (hi + 0.05) / (lo + 0.05);
    };
    // The nearest background that is painted, from `el` outwards.
    const background = (el) => {
      for (let e = el; e; e = e.parentElement) {
        const c = getComputedStyle(e).backgroundColor;
        if (c !== "transparent" && !/rgba\(.*, 0\)$/.test(c)) return rgb(c);
      }
      return [255, 255, 255];
    };
    const text = (el) => ratio(rgb(getComputedStyle(el).color), background(el));
    const border = (el) => ratio(rgb(getComputedStyle(el).borderTopColor), background(el.parentElement));
    const button = document.querySelector(".gloss-btn");
    const tip = document.getElementById(button.getAttribute("aria-controls"));
    return {
      word: text(document.querySelector(".gloss dfn")),
      button: text(button),
      buttonBorder: border(button),
      tip: text(tip),
      tipLink: text(tip.querySelector("a")),
      tipBorder: border(tip),
    };
  });
}

test("toggletips keep AA contrast in light and dark", { timeout: TEST_TIMEOUT }, async () => {
  const page = await openArticle();
  const tip = firstTip(page);
  for (const colorScheme of ["light", "dark"]) {
    await page.emulateMedia({ media: "screen", colorScheme });
    for (const expanded of ["false", "true"]) {
      if ((await tip.state()).expanded !== expanded) await tip.button.click();
      await waitForState(tip, { expanded }, `the tip to be expanded=${expanded}`);
      if (expanded === "true") await waitForDefinition(tip);
      const found = await tipContrast(page);
      for (const part of ["word", "button", "tip", "tipLink"]) {
        assert.ok(found[part] >= 4.5, `${colorScheme}, expanded=${expanded}: ${part} ${found[part].toFixed(2)}`);
      }
      for (const part of ["buttonBorder", "tipBorder"]) {
        assert.ok(found[part] >= 3, `${colorScheme}, expanded=${expanded}: ${part} ${found[part].toFixed(2)}`);
      }
    }
  }
});

/** axe's WCAG A/AA violations on `page` as it is now, one line each. */
async function violations(page) {
  await page.evaluate(fs.readFileSync(AXE, "utf8"));
  const found = await page.evaluate(
    (tags) => window.axe.run(document, { runOnly: { type: "tag", values: tags } }),
    WCAG_TAGS,
  );
  return found.violations.flatMap((v) => v.nodes.map((n) => `${v.id}: ${v.help} at ${n.target.join(" ")}`));
}

test("an open toggletip passes axe on an article and on the FAQ page, in light and dark", { timeout: TEST_TIMEOUT }, async () => {
  for (const url of [ARTICLE_URL, "faq/"]) {
    const page = await openArticle(url);
    const tip = firstTip(page);
    await tip.button.click();
    await waitForState(tip, { expanded: "true", visible: true }, `the tip on ${url} to open`);
    await waitForDefinition(tip);
    for (const colorScheme of ["light", "dark"]) {
      await page.emulateMedia({ media: "screen", colorScheme });
      assert.deepEqual(await violations(page), [], `${url} in ${colorScheme}`);
    }
  }
});
