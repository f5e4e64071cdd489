// The search script's word rules against the fixture the Rust side is tested on
// (tests/search/words.json): normalising, cutting into words, stemming, file keys. Run by
// `node --test` with the browser tests; needs no browser.

import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import vm from "node:vm";

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, "../..");
const fixture = JSON.parse(fs.readFileSync(path.join(repo, "tests/search/words.json"), "utf8"));

/** The word rules of themes/default/static/search-engine.js, loaded outside a browser. */
function core() {
  const script = fs.readFileSync(path.join(repo, "themes/default/static/search-engine.js"), "utf8");
  const context = vm.createContext({ TextEncoder });
  vm.runInContext(script, context);
  return context.careleafSearch;
}

const search = core();

test("search-engine.js normalises as the shared fixture says", () => {
  for (const [text, want] of fixture.normalise) {
    assert.equal(search.normalise(text), want, `normalise(${JSON.stringify(text)})`);
  }
});

test("search-engine.js cuts words as the shared fixture says", () => {
  for (const [text, want] of fixture.terms) {
    assert.deepEqual([...search.terms(text)], want, `terms(${JSON.stringify(text)})`);
  }
});

test("search-engine.js stems as the shared fixture says", () => {
  for (const [word, want] of fixture.stem) {
    assert.equal(search.stem(word), want, `stem(${JSON.stringify(word)})`);
  }
});

test("search-engine.js makes the same file keys", () => {
  for (const [word, prefix, suffix] of fixture.keys) {
    assert.equal(search.prefixKey(word), prefix, `prefixKey(${word})`);
    assert.equal(search.suffixKey(word), suffix, `suffixKey(${word})`);
  }
});

test("edit distance counts a swap of neighbours as one edit", () => {
  assert.equal(search.distance("neddl", "needl", 2), 1);
  assert.equal(search.distance("fibromialgia", "fibromyalgia", 2), 1);
  assert.equal(search.distance("acupuntur", "acupunctur", 2), 1);
  assert.equal(search.distance("sesison", "session", 2), 1);
  assert.equal(search.distance("sleep", "needl", 1), 2, "stops past the limit");
});
