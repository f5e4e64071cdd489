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
  // After `careleaf serve` updates a page in place (src/serve/client.js), a loaded engine
  // holds the old index: run it again on copies of the boxes (without its listeners, with
  // what was typed). New boxes get the engine at once.
  const known = new WeakSet(boxes);
  document.addEventListener("careleaf:updated", () => {
    const now = [...document.querySelectorAll("[data-search]")];
    if (!loaded && now.every((b) => known.has(b))) return;
    for (const b of now) if (loaded) b.replaceWith(b.cloneNode(true));
    for (const s of document.scripts) if (s.src === engine) s.remove();
    loaded = false;
    load();
  });
  // ---- careleaf preview hook: end ----
})();
