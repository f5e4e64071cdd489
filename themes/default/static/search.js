// careleaf search loader: on first use of a box (at once on /search/) it loads
// search-engine.js and meanwhile fetches the manifest and the typed words' files.
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
      // What is typed already is asked for at once; what is typed meanwhile, once the
      // manifest says which word files exist.
      const keys = () => ((input && input.value.toLowerCase().split(/[^\p{L}\p{N}']+/u)) || [])
        .slice(0, 6).map((w) => w.replace(/['\u2019]/g, "").slice(0, 3)).filter((k) => /^[a-z0-9]{3}$/.test(k));
      for (const k of keys()) get(base + "w/" + k + ".json");
      get(base + "manifest.json").then((m) => {
        for (const k of keys()) if (m && m.words.includes(k)) get(base + "w/" + k + ".json");
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

  // ---- careleaf preview hook: start ----
  // After the preview updates a page in place, rerun the engine on fresh boxes.
  const known = new WeakSet(boxes);
  document.addEventListener("careleaf:updated", () => {
    const now = [...document.querySelectorAll("[data-search]")];
    if (!loaded && now.every((b) => known.has(b))) return;
    for (const b of now) if (loaded) b.replaceWith(b.cloneNode(true));
    for (const s of document.scripts) if (s.src === engine) s.remove();
    files.clear();
    loaded = false;
    load();
  });
  // ---- careleaf preview hook: end ----
})();
