// The live preview's update in place, in a real headless browser (Debian's Chromium, driven
// by playwright-core), on copies of the example site served by `careleaf serve`. Run with
// `node --test live_update.mjs` from this folder (`cargo test --test it browser::` runs it).
//
// An edit that changes only a page's body (or the data in its <head>, such as the title)
// updates the open page in place: no reload (a property set on `window` before the edit is
// still there after it), the scroll position, the focused element, the caret of a text box
// and an open <details> kept. A change to <head> (a new stylesheet or script) reloads it; a
// page whose source is deleted reloads to the 404 page. Glossary toggletips and the header
// search box work after an update in place, the search from the new index, and a page the
// edit did not change is neither reloaded, fetched again nor changed at all.

import assert from "node:assert/strict";
import { after, afterEach, before, test } from "node:test";

import { chromium } from "playwright-core";

import {
  CHROMIUM,
  CHROMIUM_FLAGS,
  careleafBin,
  launchBrowser,
  siteCopies,
  startServer,
  stopAllServers,
} from "./lib.mjs";

const DEADLINE = 10000; // ms: the longest any single expected change may take
const TEST_TIMEOUT = 90000;
const ARTICLE = "content/articles/treatments/how-dry-needling-works.md";
const ARTICLE_URL = "articles/how-dry-needling-works/";
const BASE_TEMPLATE = "themes/default/templates/base.html";

let bin;
let browser;
/** A second browser whose tabs have a touch screen, for taps. */
let touchBrowser;
let touch;
/** Fresh copies of the example site, removed after each test. */
const sites = siteCopies();
const newSite = () => sites.create();

before(async () => {
  bin = careleafBin();
  browser = await launchBrowser();
  touchBrowser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_FLAGS });
  touch = await touchBrowser.newContext({ hasTouch: true, viewport: { width: 400, height: 800 } });
}, { timeout: 30000 });

afterEach(async () => {
  for (const context of [browser?.context, touch]) {
    if (context) await Promise.all(context.pages().map((p) => p.close().catch(() => {})));
  }
  await stopAllServers();
  sites.removeAll();
}, { timeout: 30000 });

after(async () => {
  await stopAllServers();
  if (touchBrowser) await touchBrowser.close();
  if (browser) await browser.close();
}, { timeout: 30000 });

/** Waits until `fn()` (run in node) returns a truthy value, polling; returns it. */
async function until(what, fn, ms = DEADLINE) {
  const deadline = Date.now() + ms;
  let last;
  for (;;) {
    try {
      last = await fn();
      if (last) return last;
    } catch (e) {
      last = e; // the page may be between documents
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what} (last: ${last})`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * Opens `url` in a new tab of `context` and waits for its live-reload socket. The tab counts
 * its navigations (`page.navigations`), keeps every live-reload message (`page.messages`),
 * lists the requests for its own address (`page.ownRequests`), and carries a marker on
 * `window` that only a reload removes (see `stillSameDocument`).
 */
async function openTracked(context, url) {
  const page = await context.newPage();
  page.navigations = 0;
  page.messages = [];
  page.ownRequests = [];
  page.hellos = 0;
  page.on("framenavigated", (f) => {
    if (f === page.mainFrame()) page.navigations++;
  });
  page.on("request", (r) => {
    if (r.url().split("#")[0] === url) page.ownRequests.push(r.url());
  });
  page.on("websocket", (ws) => {
    ws.on("framereceived", (f) => {
      try {
        const msg = JSON.parse(f.payload);
        page.messages.push(msg);
        if (msg.type === "hello") page.hellos++;
      } catch {
        // not a message of careleaf's
      }
    });
  });
  await page.goto(url, { timeout: DEADLINE });
  await until("the live-reload socket", () => page.hellos >= 1);
  page.marker = `marker-${Math.random()}`;
  await page.evaluate((m) => { window.__careleafMarker = m; }, page.marker);
  page.navigations = 0;
  page.ownRequests = [];
  return page;
}

/** True when the tab still shows the document it had when opened (nothing reloaded it). */
async function stillSameDocument(page) {
  return page.navigations === 0 && (await page.evaluate(() => window.__careleafMarker)) === page.marker;
}

/** The article with `text` as a new last paragraph. */
function withParagraph(site, text) {
  return `${site.read(ARTICLE).trimEnd()}\n\n${text}\n`;
}

/** Saves `text` to the article and waits until the tab shows it. */
async function editAndWait(site, page, text, content = withParagraph(site, text)) {
  site.save(ARTICLE, content);
  await until(`"${text}" in the page`, () => page.evaluate((t) => document.body.textContent.includes(t), text));
}

/** Types `query` into the search box `input` of `page` and returns the result titles. */
async function search(page, input, query) {
  await page.fill(input, query);
  await page.waitForFunction(
    ([sel, q]) => {
      const box = document.querySelector(sel).closest("[data-search]");
      return box.querySelector("[data-search-results]").dataset.query === q &&
        box.querySelector("[data-search-status]").textContent !== "";
    },
    [input, query],
    { timeout: DEADLINE },
  );
  return page.locator(`[data-search]:has(${input}) .search-result a`).allTextContents();
}

test("an edit to an article's body updates the page in place, keeping focus, caret, scroll and open details", { timeout: TEST_TIMEOUT }, async () => {
  const site = newSite();
  // An editor's own HTML in the article: a <details> the reader opens.
  site.save(ARTICLE, withParagraph(site, '<details id="more"><summary>More about needles</summary>\n\nThin, solid needles.\n\n</details>'));
  const server = await startServer(bin, site.dir);
  const page = await openTracked(browser.context, server.url + ARTICLE_URL);
  await page.click("#more summary");
  assert.equal(await page.evaluate(() => document.getElementById("more").open), true, "the reader opened the details");

  // A half-typed search with part of it selected.
  await search(page, "#site-search-q", "needl");
  await page.evaluate(() => document.getElementById("site-search-q").setSelectionRange(1, 3, "forward"));
  const title = await page.title();
  const fresh = `In-place check ${Date.now()}.`;
  await editAndWait(site, page, fresh);
  assert.ok(await stillSameDocument(page), "the page was updated in place, not reloaded");
  const typing = await page.evaluate(() => {
    const el = document.activeElement;
    return {
      focused: el.id,
      value: el.value,
      selection: [el.selectionStart, el.selectionEnd, el.selectionDirection],
      open: document.getElementById("more").open,
      title: document.title,
    };
  });
  assert.deepEqual(typing, { focused: "site-search-q", value: "needl", selection: [1, 3, "forward"], open: true, title });

  // Scrolled down, with a link focused: the position stays, and the link is the same
  // element. (The search box is emptied first: its results showing or going above the
  // reader's place would move the page by their height, as they do without any update.)
  await page.fill("#site-search-q", "");
  await until("the results to go", () =>
    page.evaluate(() => document.querySelector(".site-search [data-search-results]").hidden));
  await page.evaluate(() => {
    const link = document.querySelector(".topic-links a");
    link.__careleafSame = true;
    link.focus({ preventScroll: true });
    window.scrollTo(0, 900);
  });
  await until("the page to scroll", async () => (await page.evaluate(() => window.scrollY)) === 900);
  const second = `Second in-place check ${Date.now()}.`;
  await editAndWait(site, page, second, site.read(ARTICLE).replace(fresh, second));
  assert.ok(await stillSameDocument(page), "the second edit updated the page in place too");
  const reading = await page.evaluate(() => ({
    y: window.scrollY,
    same: document.activeElement.__careleafSame === true,
    open: document.getElementById("more").open,
  }));
  assert.deepEqual(reading, { y: 900, same: true, open: true });
  assert.ok(!(await page.evaluate((t) => document.body.textContent.includes(t), fresh)), "the first edit's text was replaced");
});

test("a title change updates the title in <head> and <body> in place", { timeout: TEST_TIMEOUT }, async () => {
  const site = newSite();
  const server = await startServer(bin, site.dir);
  const page = await openTracked(browser.context, server.url + ARTICLE_URL);
  const title = `How dry needling works, checked ${Date.now()}`;
  site.save(ARTICLE, site.read(ARTICLE).replace("title: How dry needling works\n", `title: ${title}\n`));
  await until("the new title", async () => (await page.title()).startsWith(title));
  assert.ok(await stillSameDocument(page), "the page was updated in place");
  assert.equal(await page.textContent("h1"), title);
  assert.equal(await page.getAttribute('meta[property="og:title"]', "content"), title);
  assert.equal(await page.locator("head title").count(), 1, "one <title>");
});

for (const [what, tag] of [
  ["a new stylesheet", '<link rel="stylesheet" href="{{ site.base_path }}/highlight.css" data-check="CHECK">'],
  ["a new script", '<script data-check="CHECK">window.__careleafHeadScript = "CHECK";</script>'],
]) {
  test(`${what} in the template's <head> reloads the page`, { timeout: TEST_TIMEOUT }, async () => {
    const site = newSite();
    const server = await startServer(bin, site.dir);
    const page = await openTracked(browser.context, server.url + ARTICLE_URL);
    const check = `check-${Date.now()}`;
    site.save(BASE_TEMPLATE, site.read(BASE_TEMPLATE).replace("</head>", `${tag.replaceAll("CHECK", check)}\n</head>`));
    await until("the page to reload", () => page.navigations >= 1);
    await until("the new <head>", () =>
      page.evaluate((c) => document.head.querySelector(`[data-check="${c}"]`) !== null, check));
    assert.equal(await page.evaluate(() => window.__careleafMarker), undefined, "a new document (the marker is gone)");
    if (what === "a new script") {
      // The element is in the DOM from its start tag on, before the parser reaches its end
      // and runs it: wait for it to have run (a script morphed in would never run).
      await until("the new script to run", () =>
        page.evaluate((c) => window.__careleafHeadScript === c, check));
    }
  });
}

test("a page whose source is deleted reloads to the 404 page", { timeout: TEST_TIMEOUT }, async () => {
  const site = newSite();
  const note = "content/articles/living-well/short-note.md";
  site.save(note, "---\ntitle: A short note\ndescription: A note that goes away.\n---\n\nA short note.\n");
  const server = await startServer(bin, site.dir);
  const page = await openTracked(browser.context, server.url + "articles/short-note/");
  assert.equal(await page.textContent("h1"), "A short note");
  site.remove(note);
  await until("the 404 page", async () => (await page.textContent("h1")) === "Page not found");
  assert.ok(page.navigations >= 1, "the page reloaded");
});

test("glossary toggletips open on a tap and close on Escape after updates in place", { timeout: TEST_TIMEOUT }, async () => {
  const site = newSite();
  const server = await startServer(bin, site.dir);
  const page = await openTracked(touch, server.url + ARTICLE_URL);
  const button = page.locator(".gloss-btn").first();
  const state = () =>
    button.evaluate((b) => {
      const tip = document.getElementById(b.getAttribute("aria-controls"));
      return {
        expanded: b.getAttribute("aria-expanded"),
        visible: !tip.hidden && tip.getBoundingClientRect().height > 0,
        link: b.closest(".gloss").querySelector("a.gloss-term") !== null,
        focused: document.activeElement === b,
      };
    });
  // After one update and after two (toggletips set up again must still toggle once a tap).
  for (const n of [1, 2]) {
    await editAndWait(site, page, `Glossary check ${n} ${Date.now()}.`);
    assert.ok(await stillSameDocument(page), "the page was updated in place");
    // The second update comes with the button focused (by the taps): it keeps the focus and
    // stays closed.
    assert.deepEqual(await state(), { expanded: "false", visible: false, link: false, focused: n === 2 }, "a closed toggle, not a link");
    await button.tap();
    await until("the tip to open on a tap", async () => (await state()).visible);
    await page.keyboard.press("Escape");
    await until("Escape to close the tip", async () => !(await state()).visible);
    await button.tap();
    await until("the tip to open on a second tap", async () => (await state()).visible);
    await button.tap();
    await until("a third tap to close it", async () => (await state()).expanded === "false");
    assert.equal((await state()).visible, false);
  }
});

test("the header search box finds words from the new index after updates in place", { timeout: TEST_TIMEOUT }, async () => {
  const site = newSite();
  const server = await startServer(bin, site.dir);
  const page = await openTracked(browser.context, server.url + ARTICLE_URL);
  const word = (n) => `zq${n}${Math.random().toString(36).slice(2, 8).replace(/[0-9]/g, "x")}`;
  const first = word("a");
  const second = word("b");

  // Before the search engine has loaded: the box loads it after the update.
  await editAndWait(site, page, `A new word: ${first}.`);
  assert.deepEqual(await search(page, "#site-search-q", first), ["How dry needling works"]);

  // With the engine loaded: the next update brings the new index, and the box's results
  // for what it holds come back by themselves.
  await editAndWait(site, page, `New words: ${first} and ${second}.`);
  await until("the results for the typed word again", async () =>
    (await page.locator(".site-search .search-result").count()) === 1);
  assert.deepEqual(await search(page, "#site-search-q", second), ["How dry needling works"]);
  assert.ok(await stillSameDocument(page), "the page was updated in place");
  assert.equal(
    await page.evaluate(() => [...document.scripts].filter((s) => s.src.endsWith("/search-engine.js")).length),
    1,
    "one search engine script in the page",
  );
});

test("a page the edit did not change is neither reloaded, fetched again nor changed", { timeout: TEST_TIMEOUT }, async () => {
  const site = newSite();
  const server = await startServer(bin, site.dir);
  const edited = await openTracked(browser.context, server.url + ARTICLE_URL);
  const other = await openTracked(browser.context, server.url + "about/");
  await other.evaluate(() => {
    window.__careleafMutations = 0;
    new MutationObserver((records) => { window.__careleafMutations += records.length; })
      .observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
  });
  const fresh = `Unchanged page check ${Date.now()}.`;
  await editAndWait(site, edited, fresh);
  const message = await until("the build's message in the other tab", () =>
    other.messages.find((m) => m.type === "reload"));
  assert.ok(Array.isArray(message.pages), `the message names the pages: ${JSON.stringify(message)}`);
  assert.ok(message.pages.includes("articles/how-dry-needling-works/index.html"), JSON.stringify(message.pages));
  assert.ok(!message.pages.includes("about/index.html"), JSON.stringify(message.pages));
  // A round trip through the other tab after its message: what it does with the message it
  // does at once (a fetch would have been asked for by now).
  await other.evaluate(() => fetch("/_careleaf/live.js").then((r) => r.text()));
  assert.ok(await stillSameDocument(other), "the other page did not reload");
  assert.deepEqual(other.ownRequests, [], "the other page did not fetch itself again");
  assert.equal(await other.evaluate(() => window.__careleafMutations), 0, "nothing in the other page changed");
  assert.ok(await stillSameDocument(edited), "the edited page was updated in place");
});
