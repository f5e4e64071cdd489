// The accessibility gate: every page type of the example site, as `careleaf build` publishes
// it, and the preview's add-a-question form (fresh, and after a refused submit), checked in
// Debian's Chromium with axe-core's WCAG 2.x A and AA rules, in the light and dark colour
// schemes, at a 320px phone width and a desktop width. Any violation, or any page that
// scrolls sideways, fails the test. Also: the HTML validator (vnu) over the whole built site,
// and the weight budget of an article page.

import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { after, before, test } from "node:test";

import {
  buildSite,
  careleafBin,
  copyExampleSite,
  htmlPages,
  launchBrowser,
  serveStatic,
  startServer,
  stopAllServers,
} from "./lib.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const AXE = fs.readFileSync(path.join(here, "node_modules/axe-core/axe.min.js"), "utf8");
const VNU = path.join(here, "node_modules/vnu-jar/build/dist/vnu.jar");
/** axe-core's tags for WCAG 2.0, 2.1 and 2.2, levels A and AA. */
const WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];
const WIDTHS = [
  { name: "phone", width: 320, height: 640 },
  { name: "desktop", width: 1280, height: 800 },
];
const SCHEMES = ["light", "dark"];
const TEST_TIMEOUT = 300000;
/** An article page and everything it loads (before the search box is used) stays under this. */
const ARTICLE_BUDGET = 60 * 1024;

let bin;
let browser;
let site;
let built;
let host;

before(async () => {
  bin = careleafBin();
  site = copyExampleSite();
  built = buildSite(bin, site);
  host = await serveStatic(built);
  browser = await launchBrowser();
});

after(async () => {
  await host?.close();
  await stopAllServers();
  await browser?.close();
});

/** axe's WCAG A/AA violations on the page as it is now, one readable line per element. */
async function violations(page) {
  await page.evaluate(AXE);
  const found = await page.evaluate(
    (tags) => window.axe.run(document, { runOnly: { type: "tag", values: tags } }),
    WCAG_TAGS,
  );
  return found.violations.flatMap((v) =>
    v.nodes.slice(0, 3).map((n) => `${v.id} (${v.impact}): ${v.help} at ${n.target.join(" ")}: ${n.failureSummary}`),
  );
}

/** What makes the page wider than the window, if anything. */
function sidewaysScroll(page) {
  return page.evaluate(() => {
    const root = document.documentElement;
    if (root.scrollWidth <= root.clientWidth) return null;
    const wide = [...document.querySelectorAll("body *")]
      .filter((e) => e.getBoundingClientRect().right > root.clientWidth + 1)
      .slice(0, 5)
      .map((e) => `${e.tagName.toLowerCase()}${e.id ? "#" + e.id : ""}${e.className ? "." + String(e.className).split(" ").join(".") : ""}`);
    return `scrollWidth ${root.scrollWidth} > ${root.clientWidth}: ${wide.join(", ")}`;
  });
}

/** Checks the page open at `url` in every scheme; returns the problems found. */
async function checkSchemes(page, label) {
  const problems = [];
  for (const colorScheme of SCHEMES) {
    await page.emulateMedia({ media: "screen", colorScheme });
    for (const v of await violations(page)) problems.push(`${label} ${colorScheme}: ${v}`);
    const sideways = await sidewaysScroll(page);
    if (sideways) problems.push(`${label} ${colorScheme}: scrolls sideways: ${sideways}`);
  }
  return problems;
}

test("every page of the example site passes axe (WCAG 2.x A and AA) in light and dark, at 320px and desktop, without sideways scroll", { timeout: TEST_TIMEOUT }, async () => {
  const pages = htmlPages(built).filter((p) => p !== "/404.html");
  assert.ok(pages.length >= 15, `the example site has its pages: ${pages.join(" ")}`);
  // A missing page is answered with the theme's 404 page, as a static host does.
  pages.push("/no-such-page/");
  const problems = [];
  for (const size of WIDTHS) {
    const page = await browser.context.newPage();
    await page.setViewportSize({ width: size.width, height: size.height });
    for (const url of pages) {
      const response = await page.goto(host.url + url.slice(1));
      assert.equal(response.status(), url === "/no-such-page/" ? 404 : 200, url);
      problems.push(...(await checkSchemes(page, `${url} at ${size.width}px`)));
    }
    await page.close();
  }
  assert.deepEqual(problems, [], `\n${problems.join("\n")}`);
});

test("the preview's add-a-question form passes axe fresh and after a refused submit, in both schemes and widths", { timeout: TEST_TIMEOUT }, async () => {
  const server = await startServer(bin, site);
  const faq = fs.readFileSync(path.join(site, "content/faq.yaml"), "utf8");
  const existing = faq.match(/^\s*(?:- )?question:\s*"?(.+?)"?\s*$/m)?.[1];
  assert.ok(existing, "the example FAQ has a question to repeat");
  const problems = [];
  for (const size of WIDTHS) {
    const page = await browser.context.newPage();
    await page.setViewportSize({ width: size.width, height: size.height });
    await page.goto(server.url + "_careleaf/faq/new");
    problems.push(...(await checkSchemes(page, `form (fresh) at ${size.width}px`)));
    // The same question again is refused: the form comes back with its errors.
    await page.fill("#question", existing);
    await page.fill("#answer", "An answer that is long enough to be a real answer here.");
    await page.click('button[type="submit"]');
    await page.waitForFunction(() => /already in the FAQ/.test(document.body.textContent), null, { timeout: 15000 });
    problems.push(...(await checkSchemes(page, `form (refused) at ${size.width}px`)));
    await page.close();
  }
  await server.stop();
  assert.deepEqual(problems, [], `\n${problems.join("\n")}`);
});

test("an article page with everything it loads weighs under 60 KB, all from its own host", { timeout: TEST_TIMEOUT }, async () => {
  const page = await browser.context.newPage();
  let bytes = 0;
  const loaded = [];
  const origins = [];
  page.on("request", (request) => origins.push(new URL(request.url()).origin));
  page.on("response", async (response) => {
    try {
      const body = await response.body();
      bytes += body.length;
      loaded.push(`${new URL(response.url()).pathname} ${body.length}`);
    } catch {
      // A response without a body (a redirect) weighs nothing.
    }
  });
  const article = htmlPages(built).find((p) => p.startsWith("/articles/") && p !== "/articles/");
  await page.goto(host.url + article.slice(1), { waitUntil: "networkidle" });
  await page.close();
  assert.ok(loaded.length >= 2, `the page and its stylesheet were loaded: ${loaded.join(", ")}`);
  const elsewhere = origins.filter((o) => o !== new URL(host.url).origin);
  assert.deepEqual(elsewhere, [], "the page asks no other host for anything");
  assert.ok(bytes < ARTICLE_BUDGET, `${article} loads ${bytes} bytes:\n${loaded.join("\n")}`);
});

test("every page careleaf builds is valid HTML (the Nu HTML Checker)", { timeout: TEST_TIMEOUT }, () => {
  const run = spawnSync("java", ["-jar", VNU, "--errors-only", "--skip-non-html", "--format", "gnu", built], {
    encoding: "utf8",
  });
  assert.ok(run.error === undefined, `java could not run vnu: ${run.error}`);
  assert.equal(run.status, 0, `the HTML checker found errors:\n${run.stdout}${run.stderr}`);
});
