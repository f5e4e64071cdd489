// End-to-end test of `careleaf serve` in a real headless browser (Debian's Chromium, driven
// by playwright-core). Run with `node --test tests/browser/e2e.mjs` (or `cargo test --test
// browser`, or `tests/run.sh`). It builds nothing: the careleaf binary comes from
// $CARELEAF_BIN (default: target/debug/careleaf of this repository).
//
// Every test copies the example site to a temporary folder, starts `careleaf serve --root
// <copy> --port 0` on it, and edits files there the way editors save them (a temporary file
// in the same folder, renamed over the original). The test never reloads the page itself: it
// only watches the DOM. Set CARELEAF_E2E_VERBOSE=1 to see what the servers print.

import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import { after, afterEach, before, test } from "node:test";

import {
  careleafBin,
  copyExampleSite,
  expectText,
  launchBrowser,
  openLivePage,
  siteCopies,
  startServer,
  stopAllServers,
  waitForLive,
  waitForText,
} from "./lib.mjs";

const DEADLINE = 10000; // ms: the longest any single expected change may take
const TEST_TIMEOUT = 60000;
const ARTICLE = "content/articles/treatments/how-dry-needling-works.md";
const ARTICLE_URL = "articles/how-dry-needling-works/";
const FAQ = "content/faq.yaml";
const THEME_CSS = "themes/default/static/style.css";
const TEMPLATE = "themes/default/templates/article.html";
const TEMPLATE_BASE = "themes/default/templates/base.html";
/** The policy the preview sends with its own pages: no inline script or style, nothing from
 * elsewhere, no framing. */
const OWN_CSP = "default-src 'self'; frame-ancestors 'none'";

let bin;
let browser;
/** Fresh copies of the example site, removed after each test. */
const sites = siteCopies();
const newSite = () => sites.create();

/** `promise`, or a rejection once `ms` have passed. */
function within(ms, what, promise) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Waits until `fn()` (run in node) returns a truthy value, polling; returns it. */
async function until(what, fn, ms = DEADLINE) {
  const deadline = Date.now() + ms;
  let last;
  for (;;) {
    try {
      last = await within(Math.max(deadline - Date.now(), 100), what, fn());
      if (last) return last;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${ms} ms waiting for ${what} (last: ${last})`);
    }
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** The overlay's errors as the page shows them, or null when there is no overlay. */
function readOverlay(page) {
  return page.evaluate(() => {
    const box = document.getElementById("careleaf-error-overlay");
    if (!box) return null;
    const text = (el, sel) => el.querySelector(sel)?.textContent ?? null;
    return {
      role: box.getAttribute("role"),
      visible: box.getBoundingClientRect().height > 0,
      errors: [...box.querySelectorAll(".careleaf-error")].map((e) => ({
        location: text(e, ".careleaf-error-location"),
        message: text(e, ".careleaf-error-message"),
        source: text(e, ".careleaf-error-source"),
      })),
    };
  });
}

/** Counts full navigations (reloads) of the page's main frame. */
function countNavigations(page) {
  const counter = { n: 0 };
  page.on("framenavigated", (f) => {
    if (f === page.mainFrame()) counter.n++;
  });
  return counter;
}

/**
 * Breaks faq.yaml: misspells its first entry's `topics:` key, or indents its first
 * `question:` key deeper than its siblings. Returns the broken text and its line.
 */
function breakFaq(text, how) {
  const lines = text.split("\n");
  const key = how === "unknown-key" ? /^\s+topics:/ : /^\s+question:/;
  const i = lines.findIndex((l) => key.test(l));
  assert.ok(i >= 0, `the example faq.yaml has a line matching ${key}`);
  if (how === "unknown-key") lines[i] = lines[i].replace("topics", "topcs");
  else lines[i] = `  ${lines[i]}`; // indented deeper than its siblings: invalid YAML
  return { text: lines.join("\n"), line: i + 1 };
}

before(async () => {
  bin = careleafBin();
  // The tests edit a copy of the example site: it must build to begin with.
  const site = copyExampleSite();
  const check = spawnSync(bin, ["check", "--root", site], { encoding: "utf8" });
  fs.rmSync(site, { recursive: true, force: true });
  assert.equal(check.status, 0, `the example site does not build:\n${check.stdout}${check.stderr}`);
  browser = await launchBrowser();
}, { timeout: 30000 });

afterEach(async () => {
  // Close every tab and stop every server the test started, whatever happened.
  if (browser) {
    await within(10000, "closing the tabs", Promise.all(browser.context.pages().map((p) => p.close().catch(() => {}))))
      .catch((e) => console.error(`warning: ${e.message}`));
  }
  await stopAllServers();
  sites.removeAll();
}, { timeout: 30000 });

after(async () => {
  await stopAllServers();
  sites.removeAll();
  if (browser) await within(15000, "closing the browser", browser.close());
}, { timeout: 30000 });

test("an edited article shows up without any action of the page's reader", { timeout: TEST_TIMEOUT }, async () => {
  const site = newSite();
  const server = await startServer(bin, site.dir);
  const page = await openLivePage(browser.context, server.url + ARTICLE_URL);
  // The article's first sentence, on one line of the file (it begins the body).
  const old = "Dry needling is a treatment for tight, sore muscles.";
  // Its first words are a glossary word, followed in the DOM by the word's toggle and
  // definition: read the text without those.
  const shown = await page.evaluate(() => {
    const main = document.querySelector("main").cloneNode(true);
    main.querySelectorAll(".gloss-btn, .gloss-tip").forEach((e) => e.remove());
    return main.textContent;
  });
  assert.ok(shown.includes(old), "the article shows its first sentence");

  const fresh = `Live preview check ${Date.now()}: this sentence was just saved.`;
  const md = site.read(ARTICLE);
  assert.ok(md.includes(old));
  await expectText(page, fresh);
  const saved = site.save(ARTICLE, md.replace(old, fresh));
  const seen = await waitForText(page, fresh);
  const latency = seen - saved;
  console.log(`save-to-reload latency: ${latency.toFixed(1)} ms (rename of ${ARTICLE} to the new text in the page's DOM)`);
  // The new text must come after the save (a page that already had it proves nothing), and
  // the page reloaded by itself well within the wait's deadline. How fast is the benchmark's
  // job (tests/bench/reload_latency.sh), not a test's.
  assert.ok(latency > 0, `the new text appeared ${latency} ms after the save, not after it`);
  assert.ok(latency < 10000, `the page took ${latency} ms to show the save`);
  assert.ok(!(await page.textContent("body")).includes(old), "the replaced sentence is gone");
  assert.match(await page.title(), /How dry needling works/, "still the article");
  // Links stay on the preview: none sends the reader to base_url (https://example.org/).
  const hrefs = await page.evaluate(() => [...document.querySelectorAll("a[href]")].map((a) => a.href));
  const inSite = hrefs.filter((h) => h.startsWith(server.url));
  assert.ok(inSite.length > 5, `the article links to other pages of the preview: ${hrefs.join(" ")}`);
  assert.deepEqual(hrefs.filter((h) => h.includes("example.org")), [], "no link leaves for base_url");
});

for (const how of ["unknown-key", "bad-indentation"]) {
  test(`a broken content/faq.yaml (${how}) shows an overlay naming the file and line; fixing it brings the page back`, { timeout: TEST_TIMEOUT }, async () => {
    const site = newSite();
    const server = await startServer(bin, site.dir);
    const page = await openLivePage(browser.context, server.url + "faq/");
    const question = "Is fibromyalgia a real condition?";
    assert.ok((await page.textContent("body")).includes(question));
    assert.equal(await readOverlay(page), null, "no overlay while the site builds");

    const good = site.read(FAQ);
    const broken = breakFaq(good, how);
    site.save(FAQ, broken.text);
    const overlay = await until("the error overlay", () => readOverlay(page));
    assert.equal(overlay.role, "alert");
    assert.ok(overlay.visible, "the overlay is visible");
    assert.ok(overlay.errors.length >= 1, "the overlay lists the error");
    const err = overlay.errors[0];
    assert.match(err.location, new RegExp(`^content/faq\\.yaml:${broken.line}:\\d+$`), `location names the file and line ${broken.line}`);
    assert.ok(err.message && err.message.length > 0, "the overlay has a message");
    if (how === "unknown-key") assert.match(err.message, /topcs/);
    const brokenLine = broken.text.split("\n")[broken.line - 1];
    assert.ok(err.source.includes(brokenLine), `the overlay quotes the offending line: ${JSON.stringify(err.source)}`);
    assert.match(err.source, /\n\s*\|\s*\^$/, "a caret under the offending line");

    // The last good site is still served: a tab opened now shows it, with the overlay.
    const second = await openLivePage(browser.context, server.url + "faq/");
    assert.ok((await second.textContent("body")).includes(question), "the last good site is still served");
    const overlay2 = await until("the overlay in a newly opened tab", () => readOverlay(second));
    assert.match(overlay2.errors[0].location, new RegExp(`^content/faq\\.yaml:${broken.line}:`));

    // Fixing the file removes the overlay and reloads, in both tabs.
    const navigations = countNavigations(page);
    site.save(FAQ, good);
    for (const p of [page, second]) {
      await until("the overlay to go", async () => (await readOverlay(p)) === null);
      await until("the FAQ page back", async () => (await p.textContent("body")).includes(question));
    }
    await until("a reload after the fix", () => navigations.n >= 1);
  });
}

test("a template error shows the overlay with the template's file, line and offending line", { timeout: TEST_TIMEOUT }, async () => {
  // The issue: "On a content or template error ... shows it in the browser as an overlay
  // (file, line, column, message, the offending line)".
  const site = newSite();
  const server = await startServer(bin, site.dir);
  const page = await openLivePage(browser.context, server.url + ARTICLE_URL);
  const good = site.read(TEMPLATE);
  const lines = good.split("\n");
  const i = lines.findIndex((l) => l.includes("{{ article.title }}"));
  assert.ok(i >= 0, "article.html shows the title");
  lines[i] = lines[i].replace("{{ article.title }}", "{{ article.title "); // unclosed tag
  site.save(TEMPLATE, lines.join("\n"));
  const overlay = await until("the error overlay", () => readOverlay(page));
  const err = overlay.errors[0];
  assert.ok(err.location.startsWith(TEMPLATE), `the overlay names ${TEMPLATE}: ${JSON.stringify(err)}`);
  assert.match(err.location, new RegExp(`^${TEMPLATE.replace(/\./g, "\\.")}:${i + 1}:\\d+$`),
    `the overlay's location gives the template's line ${i + 1} and column: ${JSON.stringify(err)}`);
  assert.ok(err.source && err.source.includes(lines[i].trim()), `the overlay quotes the offending line: ${JSON.stringify(err)}`);

  site.save(TEMPLATE, good);
  await until("the overlay to go", async () => (await readOverlay(page)) === null);
});

test("the scroll position is kept across a reload", { timeout: TEST_TIMEOUT }, async () => {
  const site = newSite();
  const server = await startServer(bin, site.dir);
  const page = await openLivePage(browser.context, server.url + ARTICLE_URL);
  const target = 900;
  const height = await page.evaluate(() => document.scrollingElement.scrollHeight);
  assert.ok(height > target + 1000, `the article is long enough to scroll (${height}px)`);
  // Chromium restores the scroll position of a reloaded page by itself; turn that off so
  // that only careleaf's client can bring it back.
  await page.evaluate((y) => {
    history.scrollRestoration = "manual";
    window.scrollTo(0, y);
  }, target);
  await until("the page to scroll", async () => (await page.evaluate(() => window.scrollY)) === target);

  // A new script in the template's <head> reloads the page (an edit to the body alone would
  // update it in place: see live_update.mjs).
  const fresh = `Scroll check ${Date.now()}`;
  const navigations = countNavigations(page);
  site.save(TEMPLATE_BASE, site.read(TEMPLATE_BASE).replace("</head>", `<script>window.__scrollCheck = "${fresh}";</script>\n</head>`));
  await until("the reload with the new script", async () =>
    (await page.evaluate(() => window.__scrollCheck).catch(() => null)) === fresh);
  assert.ok(navigations.n >= 1, "the page reloaded");
  assert.equal(await page.evaluate(() => history.scrollRestoration), "manual");
  // The client restores the position after the reload; give it the deadline to do so.
  const y = await until(
    "the scroll position to come back",
    async () => {
      const y = await page.evaluate(() => window.scrollY);
      return Math.abs(y - target) <= 5 ? String(y) : false;
    },
  ).catch(async (e) => {
    throw new Error(`${e.message}; scrollY is ${await page.evaluate(() => window.scrollY)}, was ${target}`);
  });
  assert.ok(Math.abs(Number(y) - target) <= 5);
});

test("a stylesheet change is applied in place, without a reload", { timeout: TEST_TIMEOUT }, async () => {
  const site = newSite();
  const server = await startServer(bin, site.dir);
  const page = await openLivePage(browser.context, server.url + ARTICLE_URL);
  const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  const before = await background();
  assert.notEqual(before, "rgb(1, 2, 3)");
  await page.evaluate(() => { window.__marker = 1; });
  const navigations = countNavigations(page);

  const mark = server.mark();
  site.save(THEME_CSS, `${site.read(THEME_CSS)}\nbody { background-color: rgb(1, 2, 3) !important; }\n`);
  await until("the new style to apply", async () => (await background()) === "rgb(1, 2, 3)");
  await server.waitForLog(/stylesheets updated/, mark);
  assert.equal(await page.evaluate(() => window.__marker), 1, "the page was not reloaded (window.__marker is still set)");
  assert.equal(navigations.n, 0, "no navigation happened");
  // The old <link> goes once the new one has loaded: one stylesheet for style.css remains.
  await until("the old stylesheet to be removed", async () =>
    (await page.evaluate(() =>
      [...document.querySelectorAll('link[rel="stylesheet"]')].filter((l) => new URL(l.href).pathname === "/style.css").length)) === 1);
});

test("ten tabs on one preview all show one edit", { timeout: TEST_TIMEOUT }, async () => {
  const site = newSite();
  const server = await startServer(bin, site.dir);
  const pages = [];
  for (let i = 0; i < 10; i++) pages.push(await openLivePage(browser.context, server.url + ARTICLE_URL));
  const fresh = `Ten tabs check ${Date.now()}.`;
  for (const p of pages) await expectText(p, fresh);
  const saved = site.save(ARTICLE, `${site.read(ARTICLE).trimEnd()}\n\n${fresh}\n`);
  const seen = await Promise.all(pages.map((p) => waitForText(p, fresh)));
  const slowest = Math.max(...seen) - saved;
  console.log(`ten tabs: all showed the edit within ${slowest.toFixed(1)} ms of the save`);
});

test("an open page reconnects by itself when the server restarts", { timeout: TEST_TIMEOUT }, async () => {
  const site = newSite();
  const first = await startServer(bin, site.dir);
  const page = await openLivePage(browser.context, first.url + ARTICLE_URL);
  const port = first.port;
  await first.stop();
  const second = await startServer(bin, site.dir, { port });
  assert.equal(second.port, port, "the new server listens on the same port");
  // The page finds the new server by itself (a new hello on its socket) ...
  await waitForLive(page, 2, DEADLINE);
  // ... and then follows its edits.
  const fresh = `Restart check ${Date.now()}.`;
  await expectText(page, fresh);
  site.save(ARTICLE, `${site.read(ARTICLE).trimEnd()}\n\n${fresh}\n`);
  await waitForText(page, fresh);
});

test("when the first build fails the page shows the errors, then the site once it is fixed", { timeout: TEST_TIMEOUT }, async () => {
  const site = newSite();
  const good = site.read(FAQ);
  const broken = breakFaq(good, "unknown-key");
  fs.writeFileSync(site.file(FAQ), broken.text);
  const server = await startServer(bin, site.dir);
  const page = await openLivePage(browser.context, server.url);
  const body = await page.textContent("body");
  assert.match(body, /The site does not build yet/);
  assert.ok(body.includes(`content/faq.yaml:${broken.line}:`), `the error page names content/faq.yaml:${broken.line}`);
  const overlay = await until("the error overlay", () => readOverlay(page));
  assert.match(overlay.errors[0].location, new RegExp(`^content/faq\\.yaml:${broken.line}:`));

  site.save(FAQ, good);
  await until("the home page", async () => (await page.title()).includes("Fibromyalgia Guide"));
  await until("the overlay to go", async () => (await readOverlay(page)) === null);
  assert.doesNotMatch(await page.textContent("body"), /does not build yet/);
});

test("an editor adds a question through the preview's form and lands on it in the FAQ page", { timeout: TEST_TIMEOUT }, async () => {
  const site = newSite();
  const before = site.read(FAQ);
  const server = await startServer(bin, site.dir);
  const page = await browser.context.newPage();
  // The form page is sent with the preview's own strict Content-Security-Policy (no inline
  // script or style allowed): it must work, with its script and stylesheet from the server.
  await page.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener("securitypolicyviolation", (e) =>
      window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  const shown = await page.goto(server.url + "_careleaf/faq/new");
  assert.equal(shown.headers()["content-security-policy"], OWN_CSP, "the form page's policy");
  const question = `Can I take a warm bath after dry needling? ${Date.now()}`;
  await page.fill("#question", question);
  await page.fill("#answer", "Yes, a **warm** bath can ease soreness.\nAsk your therapist first.");
  // The answer's preview is rendered by the server with the site's markdown.
  await until("the answer preview", async () =>
    (await page.innerHTML("#answer-preview")).includes("<strong>warm</strong>"));
  assert.equal(
    await page.evaluate(() => getComputedStyle(document.getElementById("answer-preview")).borderTopStyle),
    "dashed",
    "the form's stylesheet applies",
  );
  assert.deepEqual(await page.evaluate(() => window.__cspViolations), [], "nothing was blocked by the policy");
  await page.check('input[name="topics"][value="dry-needling"]');
  await page.check('input[name="related"][value="dry-needling-safety"]');
  await Promise.all([page.waitForURL(/\/faq\/#/, { timeout: DEADLINE }), page.click('button[type="submit"]')]);
  const id = new URL(page.url()).hash.slice(1);
  assert.ok(id.startsWith("can-i-take-a-warm-bath-after-dry-needling"), id);
  const entry = page.locator(`[id="${id}"]`);
  assert.match(await entry.textContent(), /Can I take a warm bath after dry needling\?/);
  assert.match(await entry.innerHTML(), /<strong>warm<\/strong>/);
  // Every existing byte of faq.yaml is kept; the entry was appended with an explicit id.
  const after = site.read(FAQ);
  assert.ok(after.startsWith(before), "the old faq.yaml is a prefix of the new one");
  assert.ok(after.includes(`- id: ${id}`));

  // A duplicate shows the problem beside the question, keeping what was typed.
  await page.goto(server.url + "_careleaf/faq/new");
  await page.fill("#question", question.toUpperCase());
  await page.fill("#answer", "Typed text that must survive.");
  await page.click('button[type="submit"]');
  await until("the question's error", async () =>
    /already in the FAQ/.test((await page.textContent("#question-errors")) ?? ""));
  await until("the focus on the error summary", async () =>
    (await page.evaluate(() => document.activeElement?.id)) === "error-summary");
  assert.equal(await page.inputValue("#answer"), "Typed text that must survive.");
  assert.equal(site.read(FAQ), after, "a refused entry changes nothing");

  // The content report, under the same policy, shows with its stylesheet and nothing blocked.
  const report = await page.goto(server.url + "_careleaf/report/");
  assert.equal(report.headers()["content-security-policy"], OWN_CSP, "the report's policy");
  assert.ok((await page.locator("h1").count()) > 0, "the report has a heading");
  const sheets = await page.evaluate(() => document.styleSheets.length);
  assert.ok(sheets > 0, "the report's stylesheet loaded");
  assert.deepEqual(await page.evaluate(() => window.__cspViolations), [], "nothing was blocked on the form or the report");
});

/** For each callout on the page: the contrast of its title, text and link with what is behind
 * them, of its border with the page around it, and its border style (WCAG's formulas). */
function calloutContrast(page) {
  return page.evaluate(() => {
    const rgb = (s) => s.match(/[\d.]+/g).slice(0, 3).map(Number);
    const lum = (c) => {
      const f = (v) => ((v /= 255) <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
      return 0.2126 * f(c[0]) + 0.7152 * f(c[1]) + 0.0722 * f(c[2]);
    };
    const ratio = (a, b) => {
      const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
      return (hi + 0.05) / (lo + 0.05);
    };
    // The first background that is not transparent, from the element outwards.
    const behind = (el) => {
      for (let e = el; e; e = e.parentElement) {
        const c = getComputedStyle(e).backgroundColor;
        if (c !== "transparent" && !/rgba\(.*, 0\)$/.test(c)) return rgb(c);
      }
      return [255, 255, 255];
    };
    const on = (el) => ratio(rgb(getComputedStyle(el).color), behind(el));
    return [...document.querySelectorAll("aside.callout")].map((a) => {
      const style = getComputedStyle(a);
      return {
        kind: a.className,
        label: a.querySelector(".callout-label").textContent,
        title: on(a.querySelector(".callout-title")),
        text: on(a.querySelector(".callout-body p")),
        link: on(a.querySelector(".callout-body a")),
        border: ratio(rgb(style.borderTopColor), behind(a.parentElement)),
        borderColor: style.borderTopColor,
        borderStyle: `${style.borderTopStyle} ${style.borderLeftStyle} ${style.borderLeftWidth}`,
      };
    });
  });
}

test("callouts keep AA contrast and distinct borders in light, dark and print", { timeout: TEST_TIMEOUT }, async () => {
  const site = newSite();
  const levels = ["EMERGENCY", "URGENT", "ROUTINE"];
  site.save(
    "content/articles/get-help.md",
    "---\ntitle: Get help\n---\n" +
      levels.map((l) => `> [!${l}]\n> Read [the questions](/faq/) first.\n`).join("\n"),
  );
  const server = await startServer(bin, site.dir);
  const page = await openLivePage(browser.context, server.url + "articles/get-help/");
  for (const colorScheme of ["light", "dark"]) {
    await page.emulateMedia({ media: "screen", colorScheme });
    const found = await calloutContrast(page);
    assert.deepEqual(found.map((c) => c.label), ["Emergency:", "Urgent:", "Not urgent:"]);
    for (const c of found) {
      for (const part of ["title", "text", "link"]) {
        assert.ok(c[part] >= 4.5, `${colorScheme}: ${c.kind} ${part} contrast ${c[part].toFixed(2)}`);
      }
      assert.ok(c.border >= 3, `${colorScheme}: ${c.kind} border contrast ${c.border.toFixed(2)}`);
    }
    const styles = new Set(found.map((c) => c.borderStyle));
    assert.equal(styles.size, 3, `each level has its own border: ${[...styles].join(", ")}`);
  }
  // On paper: black borders and text, the words and the border styles kept.
  await page.emulateMedia({ media: "print", colorScheme: "light" });
  const printed = await calloutContrast(page);
  for (const c of printed) {
    assert.equal(c.borderColor, "rgb(0, 0, 0)", `${c.kind} prints a black border`);
    assert.ok(c.title >= 15 && c.text >= 15, `${c.kind} prints dark text`);
  }
  assert.equal(new Set(printed.map((c) => c.borderStyle)).size, 3, "border styles differ in print");
});
