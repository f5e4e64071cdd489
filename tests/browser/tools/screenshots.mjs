// Writes screenshots of every page type of a site, in the light and dark colour schemes, at a
// phone width and a desktop width, so anyone can look at the theme without a browser of their
// own. Not a test: nothing is compared.
//
//   node tests/browser/tools/screenshots.mjs [OUT_DIR] [SITE_DIR]
//
// OUT_DIR defaults to target/screenshots (never committed); SITE_DIR to the example site.
// The careleaf binary is $CARELEAF_BIN, else target/debug/careleaf (run `cargo build` first).
// Also shows the preview's add-a-question form, fresh.

import fs from "node:fs";
import path from "node:path";

import {
  REPO,
  buildSite,
  careleafBin,
  copyExampleSite,
  htmlPages,
  launchBrowser,
  serveStatic,
  startServer,
  stopAllServers,
} from "../lib.mjs";

const out = path.resolve(process.argv[2] || path.join(REPO, "target/screenshots"));
const site = copyExampleSite(process.argv[3] || undefined);
const bin = careleafBin();
const built = buildSite(bin, site);

/** One page of each kind: the first URL whose path matches each pattern, in this order. */
const KINDS = [
  ["home", /^\/$/],
  ["articles", /^\/articles\/$/],
  ["article", /^\/articles\/.+\/$/],
  ["topics", /^\/topics\/$/],
  ["topic", /^\/topics\/.+\/$/],
  ["faq", /^\/faq\/$/],
  ["search", /^\/search\/$/],
  ["glossary", /^\/glossary\/$/],
  ["page", /^\/[^/]+\/$/],
];
const pages = htmlPages(built);
const chosen = [];
for (const [kind, pattern] of KINDS) {
  const url = pages.find((p) => pattern.test(p) && !chosen.some(([, u]) => u === p));
  if (url) chosen.push([kind, url]);
}
chosen.push(["404", "/no-such-page/"]);

fs.mkdirSync(out, { recursive: true });
const host = await serveStatic(built);
const server = await startServer(bin, site);
const browser = await launchBrowser();
const shots = [];
try {
  const targets = [
    ...chosen.map(([kind, url]) => [kind, host.url + url.slice(1)]),
    ["form", server.url + "_careleaf/faq/new"],
  ];
  for (const [w, width, height] of [["phone", 375, 812], ["desktop", 1280, 900]]) {
    const page = await browser.context.newPage();
    await page.setViewportSize({ width, height });
    for (const [kind, url] of targets) {
      await page.goto(url);
      for (const colorScheme of ["light", "dark"]) {
        await page.emulateMedia({ media: "screen", colorScheme });
        const file = path.join(out, `${kind}-${w}-${colorScheme}.png`);
        await page.screenshot({ path: file, fullPage: true });
        shots.push(file);
      }
    }
    await page.close();
  }
} finally {
  await browser.close();
  await host.close();
  await stopAllServers();
}
console.log(`${shots.length} screenshots in ${out}`);
