// careleaf search, the part every page loads: it waits for a reader to use a search box,
// then loads the rest (search-engine.js, beside this file), so a page that nobody searches
// from loads only this. The search page loads it at once, for its ?q= address. While the
// engine loads, this asks for the index's manifest and then for the word files of what is
// already typed (a stem keeps a word's first three letters), so no round waits for another.
(function () {
  "use strict";
  const boxes = document.querySelectorAll("[data-search]");
  const script = document.currentScript;
  if (!boxes.length || !script) return;
  const engine = script.src.replace(/search\.js(\?.*)?$/, "search-engine.js");
  const files = (globalThis.careleafSearchFiles ||= new Map());
  const get = (url) => {
    if (!files.has(url)) files.set(url, fetch(url).then((r) => (r.ok ? r.json() : null)).catch(() => null));
    return files.get(url);
  };
  let loaded = false;
  function load() {
    if (loaded) return;
    loaded = true;
    for (const box of boxes) {
      const base = box.dataset.searchIndex || "/search/";
      const input = box.querySelector("input[type=search]");
      get(base + "manifest.json").then((m) => {
        const words = (input && input.value.toLowerCase().split(/[^\p{L}\p{N}']+/u)) || [];
        for (const w of words.slice(0, 6)) {
          const key = w.replace(/['\u2019]/g, "").slice(0, 3);
          if (/^[a-z0-9]{3}$/.test(key) && m && m.words.includes(key)) get(base + "w/" + key + ".json");
        }
      });
    }
    const s = document.createElement("script");
    s.src = engine;
    document.head.append(s);
  }
  for (const box of boxes) {
    if (box.hasAttribute("data-search-page")) load();
    for (const type of ["focusin", "input", "pointerdown"]) {
      box.addEventListener(type, load, { once: true });
    }
  }
})();
