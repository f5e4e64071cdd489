// careleaf search, the part every page loads: it waits for a reader to use a search box,
// then loads the rest (search-engine.js, beside this file), so a page that nobody searches
// from loads only this. The search page loads it at once, for its ?q= address.
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

  // ---- careleaf preview hook: start ----
  // `careleaf serve` updates a page in place after a save (src/serve/client.js) and then
  // fires "careleaf:updated" on document. A box the update made anew is given its listeners;
  // once the engine has loaded it holds the old search index, so each box is swapped for a
  // copy (which keeps what was typed, but not the old engine's listeners) and the engine
  // runs again on the copies, searching again for what they hold.
  const known = new WeakSet(boxes);
  document.addEventListener("careleaf:updated", () => {
    for (const box of document.querySelectorAll("[data-search]")) {
      if (loaded) {
        box.replaceWith(box.cloneNode(true));
      } else if (!known.has(box)) {
        known.add(box);
        for (const type of ["focusin", "input", "pointerdown"]) {
          box.addEventListener(type, load, { once: true });
        }
      }
    }
    if (loaded) {
      for (const old of document.querySelectorAll("script[src]")) if (old.src === engine) old.remove();
      loaded = false;
      load();
    }
  });
  // ---- careleaf preview hook: end ----
})();
