// careleaf search: finds articles, pages and questions as the reader types, from the index
// the build wrote under search/ (see src/render/search/ for its layout). Nothing but the
// site's own host is asked for anything. search.js loads this file when a reader first uses
// a search box (and at once on the search page).
//
// The word rules below (normalise, words, stem, the two keys, typosAllowed) are twins of
// src/render/search/words.rs: change both together. tests/search/words.json holds what both
// must make of the same words; a Rust unit test also checks LATIN_FOLD against the Rust side.
(function () {
  "use strict";

  // ---- Words: exactly as the build cut and stemmed the site's text. ----

  const MIN_WORD = 2;
  const MAX_WORD = 30;
  // What each letter from U+00C0 to U+024F becomes, space-separated, in code point order.
  const LATIN_FOLD = "a a a a a a ae c e e e e i i i i d n o o o o o × o u u u u y th ss a a a a a a ae c e e e e i i i i d n o o o o o ÷ o u u u u y th y a a a a a a c c c c c c c c d d d d e e e e e e e e e e g g g g g g g g h h h h i i i i i i i i i i ij ij j j k k k l l l l l l l l l l n n n n n n ŉ ng ng o o o o o o oe oe r r r r r r s s s s s s s s t t t t t t u u u u u u u u u u u u w w y y y z z z z z z s b b b b 6 6 o c c d d d d d 3 ə e f f g g hv i i k k l l w n n o o o oi oi p p yr 2 2 sh sh t t t t u u y v y y z z zh zh zh zh 2 5 5 ts w ǀ ǁ ǂ ǃ dz dz dz lj lj lj nj nj nj a a i i o o u u u u u u u u u u ǝ a a a a ae ae g g g g k k o o o o zh zh j dz dz dz g g hv w n n a a ae ae o o a a a a e e e e i i i i o o o o r r r r u u u u s s t t y y h h n d ou ou z z a a e e o o o o o o o o y y l n t j db qp a c c l t s z ɂ ɂ b u ʌ e e j j q q r r y y".split(" ");
  const WORD_CHAR = /[\p{Alphabetic}\p{Nd}\p{Nl}\p{No}]/u;

  /** Lower case, accents removed. */
  function normalise(text) {
    let out = "";
    for (const c of text) {
      const code = c.codePointAt(0);
      if (code < 0x80) out += c.toLowerCase();
      else if (code >= 0x300 && code <= 0x36f) continue;
      else if (code >= 0xc0 && code <= 0x24f) out += LATIN_FOLD[code - 0xc0];
      else out += c.toLowerCase();
    }
    return out;
  }

  /** The words of normalised text: runs of letters and digits, apostrophes inside dropped. */
  function words(text) {
    const out = [];
    let word = "";
    let chars = 0;
    const flush = () => {
      if (chars >= MIN_WORD && chars <= MAX_WORD) out.push(word);
      word = "";
      chars = 0;
    };
    for (const c of text) {
      if (WORD_CHAR.test(c)) {
        word += c;
        chars += 1;
      } else if (!((c === "'" || c === "\u2019") && chars > 0)) {
        flush();
      }
    }
    flush();
    return out;
  }

  function terms(text) {
    return words(normalise(text));
  }

  /** Where "-ing" or "-ed" starts, when three letters with a vowel remain (not "-eed"). */
  function verbEnding(w) {
    let rest;
    if (w.endsWith("ing")) rest = w.length - 3;
    else if (w.endsWith("ed") && !w.endsWith("eed")) rest = w.length - 2;
    else return -1;
    const head = w.slice(0, rest);
    return head.length >= 3 && /[aeiouy]/.test(head) ? rest : -1;
  }

  /** Plain English endings removed: "sessions" → "session", "needling" → "needl". */
  function stem(word) {
    if (!/^[a-z]*$/.test(word)) return word;
    let w = word;
    if (w.length >= 5 && w.endsWith("ies")) w = w.slice(0, -3) + "y";
    else if (w.endsWith("sses")) w = w.slice(0, -2);
    else if (w.length >= 4 && w.endsWith("s") && !(w.endsWith("ss") || w.endsWith("us") || w.endsWith("is"))) w = w.slice(0, -1);
    const rest = verbEnding(w);
    if (rest >= 0) {
      w = w.slice(0, rest);
      const n = w.length;
      if (n >= 2 && w[n - 1] === w[n - 2] && !"aeioulsz".includes(w[n - 1])) w = w.slice(0, -1);
    }
    if (w.length >= 4 && w.endsWith("e")) w = w.slice(0, -1);
    return w;
  }

  function typosAllowed(s) {
    const n = [...s].length;
    return n <= 3 ? 0 : n <= 7 ? 1 : 2;
  }

  function fileKey(key) {
    if (/^[a-z0-9]*$/.test(key)) return key;
    let out = "_";
    for (const b of new TextEncoder().encode(key)) out += b.toString(16).padStart(2, "0");
    return out;
  }

  function prefixKey(s) {
    return fileKey([...s].slice(0, 3).join(""));
  }

  function suffixKey(s) {
    return fileKey([...s].slice(-2).join(""));
  }

  // Rows of the edit distance table, reused: a typo scan compares a word with thousands.
  let rows = [new Int32Array(32), new Int32Array(32), new Int32Array(32)];

  /** Edits (insert, delete, replace, swap neighbours) from a to b, or max + 1 if more.
   * Counts UTF-16 units: a letter outside the Basic Multilingual Plane counts as two. */
  function distance(a, b, max) {
    const n = a.length;
    const m = b.length;
    if (Math.abs(n - m) > max) return max + 1;
    if (rows[0].length <= m) rows = rows.map(() => new Int32Array(m + 1));
    let [prev2, prev, row] = rows;
    for (let j = 0; j <= m; j++) prev[j] = j;
    for (let i = 1; i <= n; i++) {
      const ca = a.charCodeAt(i - 1);
      const pa = i > 1 ? a.charCodeAt(i - 2) : -1;
      row[0] = i;
      let best = i;
      for (let j = 1; j <= m; j++) {
        const cb = b.charCodeAt(j - 1);
        let d = prev[j - 1] + (ca === cb ? 0 : 1);
        if (prev[j] + 1 < d) d = prev[j] + 1;
        if (row[j - 1] + 1 < d) d = row[j - 1] + 1;
        if (j > 1 && i > 1 && ca === b.charCodeAt(j - 2) && pa === cb && prev2[j - 2] + 1 < d) {
          d = prev2[j - 2] + 1;
        }
        row[j] = d;
        if (d < best) best = d;
      }
      if (best > max) return max + 1;
      [prev2, prev, row] = [prev, row, prev2];
    }
    return prev[m];
  }

  const core = { normalise, words, terms, stem, typosAllowed, prefixKey, suffixKey, distance };
  if (typeof document === "undefined") {
    // Loaded by a unit test outside a browser: hand over the word rules and stop.
    globalThis.careleafSearch = core;
    return;
  }

  // ---- The index: its files fetched once each, when first needed. ----

  const VERSION = 2;
  /** How a match weighs against an exact one. */
  const EXACT = 1;
  const COMPLETION = 0.7;
  const PER_TYPO = 0.25;
  const MAX_COMPLETIONS = 20;
  const MAX_TERMS = 6;

  class Index {
    constructor(base) {
      this.base = base;
      // Shared with search.js, which asks for the manifest while this script loads.
      this.files = globalThis.careleafSearchFiles || (globalThis.careleafSearchFiles = new Map());
    }

    json(path) {
      const url = this.base + path;
      let file = this.files.get(url);
      if (!file) {
        file = fetch(url)
          .then((r) => (r.ok ? r.json() : null))
          .catch(() => null);
        this.files.set(url, file);
      }
      return file;
    }

    async manifest() {
      const m = await this.json("manifest.json");
      if (!m || m.version !== VERSION) throw new Error("the search index cannot be read");
      if (!m.wordSet) {
        m.wordSet = new Set(m.words);
        m.typoSet = new Set(m.typos);
      }
      return m;
    }

    /** The word file of a key (its stems, the documents they list and the sentences
     * quoted), or an empty one when the index has none. */
    async wordFile(m, key) {
      const file = m.wordSet.has(key) ? await this.json("w/" + key + ".json") : null;
      return file && file.stems ? file : EMPTY;
    }

    async typoFile(m, key) {
      return m.typoSet.has(key) ? (await this.json("t/" + key + ".json")) || [] : [];
    }

  }

  const EMPTY = { stems: {}, docs: {}, text: [] };

  /** The indexed stems one query word stands for, each with how well it matches and the
   * word file it is in. */
  async function candidates(index, m, term, complete) {
    const s = stem(term);
    const key = prefixKey(s);
    const max = typosAllowed(s);
    // The typo list is asked for at once, but waited for only if the word is not found.
    const typos = max > 0 ? index.typoFile(m, suffixKey(s)) : null;
    const file = await index.wordFile(m, key);
    const stems = file.stems;
    const found = new Map();
    const take = (k, weight, from) => {
      const had = found.get(k);
      if (!had || had.weight < weight) found.set(k, { weight, file: from });
    };
    if (Object.hasOwn(stems, s)) take(s, EXACT, file);
    if (complete && term.length >= 3) {
      // Every completion of three letters or more is in the word file of its first three.
      const more = Object.keys(stems)
        .filter((k) => k !== s && (k.startsWith(term) || k.startsWith(s)))
        .sort((a, b) => a.length - b.length || (a < b ? -1 : 1))
        .slice(0, MAX_COMPLETIONS);
      for (const k of more) take(k, COMPLETION, file);
    }
    if (typos && !Object.hasOwn(stems, s)) {
      const typoList = await typos;
      // Lengths in UTF-16 units rule out most stems before the edit distance is counted.
      for (const k of Object.keys(stems)) {
        if (Math.abs(k.length - s.length) > max) continue;
        const d = distance(s, k, max);
        if (d <= max) take(k, EXACT - PER_TYPO * d, file);
      }
      // A mistyped first letter: the stem is in another word file, found by its ending.
      const elsewhere = [];
      for (const k of typoList) {
        if (Math.abs(k.length - s.length) > max) continue;
        const d = distance(s, k, max);
        if (d <= max && prefixKey(k) !== key) elsewhere.push([k, d]);
      }
      const files = await Promise.all(elsewhere.map(([k]) => index.wordFile(m, prefixKey(k))));
      elsewhere.forEach(([k, d], i) => {
        if (Object.hasOwn(files[i].stems, k)) take(k, EXACT - PER_TYPO * d, files[i]);
      });
    }
    return found;
  }

  /** Documents ranked for a query: most query words matched first, then by score. Each hit
   * carries what its best match's word file says of it: title, link, kind and excerpt. */
  async function search(index, query) {
    const all = [...new Set(terms(query))].slice(0, MAX_TERMS);
    if (all.length === 0) return { hits: [], stems: new Set() };
    const m = await index.manifest();
    const complete = !/\s$/.test(query);
    const found = await Promise.all(
      all.map((t, i) => candidates(index, m, t, complete && i === all.length - 1)),
    );
    const docs = new Map();
    const stems = new Set();
    for (const stemsOfTerm of found) {
      const best = new Map();
      for (const [k, { weight, file }] of stemsOfTerm) {
        stems.add(k);
        const postings = file.stems[k];
        for (let i = 0; i < postings.length; i += 3) {
          const score = weight * postings[i + 1];
          const had = best.get(postings[i]);
          if (!had || had.score < score) best.set(postings[i], { score, file, text: postings[i + 2] });
        }
      }
      for (const [doc, b] of best) {
        let d = docs.get(doc);
        if (!d) docs.set(doc, (d = { doc, terms: 0, score: 0, top: 0, file: b.file, text: b.text }));
        d.terms += 1;
        d.score += b.score;
        if (b.score > d.top) Object.assign(d, { top: b.score, file: b.file, text: b.text });
      }
    }
    const hits = [...docs.values()].sort(
      (a, b) => b.terms - a.terms || b.score - a.score || a.doc - b.doc,
    );
    return { hits, stems };
  }

  /** What a result shows of a hit, from the word file that listed it. */
  function shown(hit) {
    const [title, url, kind] = hit.file.docs[hit.doc];
    return { title, url, kind, text: hit.file.text[hit.text] || "" };
  }

  // ---- Showing results. ----

  const TOKEN = /[\p{Alphabetic}\p{Nd}\p{Nl}\p{No}'\u2019]+/gu;

  const ASCII = /^[\x00-\x7f]*$/;
  const APOSTROPHES = /['\u2019]/g;

  /** True when a word of the text (as written) has one of the stems. */
  function hasStem(token, stems) {
    if (ASCII.test(token)) {
      // The quick way for plain ASCII, which is what normalise and words would make of it.
      const w = token.toLowerCase().replace(APOSTROPHES, "");
      return w.length >= MIN_WORD && w.length <= MAX_WORD && stems.has(stem(w));
    }
    return terms(token).some((w) => stems.has(stem(w)));
  }

  /** The [start, end) of each word of text whose stem is one of stems. */
  function matches(text, stems) {
    const out = [];
    for (const m of text.matchAll(TOKEN)) {
      if (hasStem(m[0], stems)) out.push([m.index, m.index + m[0].length]);
    }
    return out;
  }

  /** Appends text to el, the matched words in <mark>. */
  function appendMarked(el, text, marks, from = 0, to = text.length) {
    let at = from;
    for (const [s, e] of marks) {
      if (e <= from || s >= to) continue;
      if (s > at) el.append(text.slice(at, s));
      const mark = document.createElement("mark");
      mark.textContent = text.slice(Math.max(s, at), Math.min(e, to));
      el.append(mark);
      at = Math.min(e, to);
    }
    if (at < to) el.append(text.slice(at, to));
  }

  /** The sentence the index quotes for a result, the matches marked. */
  function excerpt(text, stems) {
    const p = document.createElement("p");
    p.className = "search-excerpt";
    appendMarked(p, text, matches(text, stems));
    return p;
  }

  function resultItem(doc, stems) {
    const li = document.createElement("li");
    li.className = "search-result";
    const a = document.createElement("a");
    a.href = doc.url;
    appendMarked(a, doc.title, matches(doc.title, stems));
    const kind = document.createElement("span");
    kind.className = "search-kind";
    kind.textContent = doc.kind;
    li.append(a, " ", kind, excerpt(doc.text, stems));
    return li;
  }

  function plural(n, word) {
    return n + " " + word + (n === 1 ? "" : "s");
  }

  /** One search box: its input, its status line and its result list. */
  class Box {
    constructor(root) {
      this.root = root;
      this.form = root.querySelector("form");
      this.input = root.querySelector("input[type=search]");
      this.status = root.querySelector("[data-search-status]");
      this.list = root.querySelector("[data-search-results]");
      this.limit = Number(root.dataset.searchLimit) || 6;
      this.page = root.hasAttribute("data-search-page");
      this.index = new Index(root.dataset.searchIndex || "/search/");
      this.running = false;
      this.pending = null;
      this.input.addEventListener("input", () => this.request(this.input.value));
      root.addEventListener("keydown", (e) => this.key(e));
      if (this.page) {
        this.form.addEventListener("submit", (e) => {
          e.preventDefault();
          this.request(this.input.value);
        });
        const q = new URLSearchParams(location.search).get("q");
        if (q) this.input.value = q;
      }
      // What the reader typed while this script was loading.
      if (this.input.value) this.request(this.input.value);
      else if (document.activeElement === this.input) this.index.manifest().catch(() => {});
    }

    /** Searches for value now, or as soon as the search already running ends: keystrokes
     * that come during a search are merged into one, and none waits on a timer. */
    request(value) {
      if (this.running) {
        this.pending = value;
        return;
      }
      this.running = true;
      this.run(value).finally(() => {
        this.running = false;
        const next = this.pending;
        this.pending = null;
        if (next !== null && next !== value) this.request(next);
      });
    }

    async run(query) {
      try {
        const { hits, stems } = await search(this.index, query);
        const docs = hits.slice(0, this.limit).map(shown);
        this.show(query, hits.length, docs, stems);
      } catch (e) {
        this.list.replaceChildren();
        this.list.hidden = true;
        this.status.textContent = "Search is not available right now. " + e.message + ".";
      }
      if (this.page) {
        const url = new URL(location.href);
        if (query.trim()) url.searchParams.set("q", query);
        else url.searchParams.delete("q");
        history.replaceState(null, "", url);
      }
    }

    show(query, total, docs, stems) {
      const items = docs.map((d) => resultItem(d, stems));
      if (total > docs.length && !this.page) {
        const li = document.createElement("li");
        li.className = "search-more";
        const a = document.createElement("a");
        a.href = this.form.action + "?q=" + encodeURIComponent(query.trim());
        a.textContent = "See all " + plural(total, "result");
        li.append(a);
        items.push(li);
      }
      this.list.replaceChildren(...items);
      this.list.hidden = items.length === 0;
      this.list.dataset.query = query;
      this.status.textContent = !query.trim()
        ? ""
        : total === 0
          ? "No results for \u201c" + query.trim() + "\u201d."
          : plural(total, "result") + " for \u201c" + query.trim() + "\u201d.";
    }

    /** Arrow keys move between the box and the results; Escape goes back to the box. */
    key(e) {
      const links = [...this.list.querySelectorAll("a")];
      const at = links.indexOf(document.activeElement);
      if (e.key === "ArrowDown" && links.length) {
        e.preventDefault();
        links[Math.min(at + 1, links.length - 1)].focus();
      } else if (e.key === "ArrowUp" && at >= 0) {
        e.preventDefault();
        (at === 0 ? this.input : links[at - 1]).focus();
      } else if (e.key === "Escape") {
        if (at >= 0) this.input.focus();
        else if (!this.page) {
          this.input.value = "";
          this.show("", 0, [], new Set());
        }
      }
    }
  }

  for (const root of document.querySelectorAll("[data-search]")) new Box(root);
})();
