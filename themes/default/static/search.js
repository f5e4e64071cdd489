// careleaf search, the part every page loads: it waits for a reader to use a search box,
// then loads the rest (search-engine.js, beside this file), so a page that nobody searches
// from loads only this. The search page loads it at once, for its ?q= address. The index's
// manifest is asked for at the same time as the engine, so neither waits for the other.
(function () {
  "use strict";
  const boxes = document.querySelectorAll("[data-search]");
  const script = document.currentScript;
  if (!boxes.length || !script) return;
  const engine = script.src.replace(/search\.js(\?.*)?$/, "search-engine.js");
  let loaded = false;
  function load() {
    if (loaded) return;
    loaded = true;
    const files = (globalThis.careleafSearchFiles ||= new Map());
    for (const box of boxes) {
      const url = (box.dataset.searchIndex || "/search/") + "manifest.json";
      if (!files.has(url)) {
        files.set(url, fetch(url).then((r) => (r.ok ? r.json() : null)).catch(() => null));
      }
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
