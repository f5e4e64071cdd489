// careleaf preview: live reload. Injected into pages served by `careleaf serve` only.
// One WebSocket per tab (WebSockets do not count against the browser's six HTTP/1.1
// connections per host, so any number of tabs reload). Reconnects by itself when the
// server restarts; keeps the scroll position across reloads; swaps changed stylesheets in
// place; shows build errors as an overlay.
//
// When a build changed only pages, the server names them (see src/serve/live.rs): a page
// not named stays exactly as it is; a page named fetches its new HTML and, when nothing
// but its body and the data in its <head> (title, description, social and canonical links,
// JSON-LD) changed, updates in place: the body is morphed (nodes that are still there are
// kept, so scroll position, focus, typed text and open <details> stay), then
// "careleaf:updated" is fired on document so that the theme's scripts bind to the new
// content. Any other change (a script, a stylesheet, a <meta> that changes behaviour), a
// page that is gone, or a failed fetch reloads the page.
(function () {
  "use strict";
  var script = document.currentScript;
  var instance = script ? script.getAttribute("data-instance") : "";
  var generation = script ? Number(script.getAttribute("data-generation")) : 0;
  var scrollKey = "careleaf-scroll:" + location.pathname;
  var overlayId = "careleaf-error-overlay";
  var reloading = false;

  function restoreScroll() {
    var saved = sessionStorage.getItem(scrollKey);
    if (saved === null) return;
    sessionStorage.removeItem(scrollKey);
    var y = Number(saved) || 0;
    window.scrollTo(0, y);
    // Images and fonts may still change the layout: try again once everything loaded.
    window.addEventListener("load", function () { window.scrollTo(0, y); });
  }

  function reload() {
    reloading = true;
    try { sessionStorage.setItem(scrollKey, String(window.scrollY)); } catch (e) { /* private mode */ }
    location.reload();
  }

  function swapStylesheets(paths) {
    var links = document.querySelectorAll('link[rel="stylesheet"]');
    var swapped = 0;
    links.forEach(function (link) {
      var url = new URL(link.href, location.href);
      var key = url.pathname.replace(/^\//, "");
      if (paths.indexOf(key) === -1) return;
      var fresh = link.cloneNode();
      url.searchParams.set("careleaf", String(Date.now()));
      fresh.href = url.pathname + url.search;
      fresh.addEventListener("load", function () { link.remove(); });
      fresh.addEventListener("error", function () { link.remove(); });
      link.after(fresh);
      swapped++;
    });
    if (swapped === 0) reload();
  }

  function hideOverlay() {
    var old = document.getElementById(overlayId);
    if (old) old.remove();
  }

  // errors: those the server chose to show (at most a few hundred); count: all of them;
  // more: the line counting those not shown, or null.
  function showOverlay(errors, count, more) {
    hideOverlay();
    if (typeof count !== "number" || count < errors.length) count = errors.length;
    var box = document.createElement("div");
    box.id = overlayId;
    box.setAttribute("role", "alert");
    // Opaque, so no page text shows through the messages.
    box.style.cssText = "position:fixed;inset:0;z-index:2147483647;overflow:auto;" +
      "background:#141414;color:#fff;font:16px/1.5 system-ui,sans-serif;padding:2rem";
    var title = document.createElement("h2");
    title.textContent = "The site has " + count.toLocaleString("en") + (count === 1 ? " error" : " errors") +
      ". Fix it and save: this page updates by itself.";
    title.style.cssText = "margin:0 0 1rem;font-size:1.3rem;color:#ffd2d2";
    box.appendChild(title);
    errors.forEach(function (e) {
      var item = document.createElement("section");
      item.className = "careleaf-error";
      item.style.cssText = "margin:0 0 1.5rem;border-left:4px solid #ff6b6b;padding-left:1rem";
      var where = document.createElement("p");
      where.className = "careleaf-error-location";
      where.style.cssText = "margin:0;font-weight:700;font-family:ui-monospace,monospace";
      where.textContent = e.line ? e.path + ":" + e.line + ":" + Math.max(e.column, 1) : e.path;
      var msg = document.createElement("p");
      msg.className = "careleaf-error-message";
      msg.style.cssText = "margin:.25rem 0";
      msg.textContent = e.message;
      item.appendChild(where);
      item.appendChild(msg);
      if (e.source_line !== null && e.source_line !== undefined) {
        var pre = document.createElement("pre");
        pre.className = "careleaf-error-source";
        pre.style.cssText = "margin:.25rem 0;padding:.5rem;background:#000;color:#eee;overflow:auto";
        // The line may be cut to a window around the column: `caret` is the position in
        // what is shown. Tabs stay tabs so the caret lines up under the same character.
        var lead = Array.from(e.source_line).slice(0, Math.max((e.caret || 1) - 1, 0))
          .map(function (c) { return c === "\t" ? "\t" : " "; }).join("");
        var caret = lead + "^";
        pre.textContent = e.line + " | " + e.source_line + "\n" +
          " ".repeat(String(e.line).length) + " | " + caret;
        item.appendChild(pre);
      }
      box.appendChild(item);
    });
    if (more) {
      var rest = document.createElement("p");
      rest.className = "careleaf-error-more";
      rest.style.cssText = "margin:0;font-weight:700";
      rest.textContent = more;
      box.appendChild(rest);
    }
    (document.body || document.documentElement).appendChild(box);
  }

  // ---- Which pages a build changed. ----

  // The output path this page was served from, as the server names pages
  // ("articles/x/index.html"; see request_key in src/serve/site.rs), or null if unsure.
  function pageKey(path) {
    var decoded;
    try { decoded = decodeURIComponent(path); } catch (e) { return null; }
    if (decoded.charAt(0) !== "/" || /[\\\0]/.test(decoded)) return null;
    var parts = decoded.split("/").filter(function (s) { return s !== "" && s !== "."; });
    if (parts.indexOf("..") !== -1) return null;
    var key = parts.join("/");
    var last = decoded.slice(decoded.lastIndexOf("/") + 1);
    if (last === "" || last === ".") key += (key ? "/" : "") + "index.html";
    return key;
  }

  // The HTTP status this page came with (0 when the browser does not say).
  function servedStatus() {
    var nav = performance.getEntriesByType ? performance.getEntriesByType("navigation")[0] : null;
    return nav && typeof nav.responseStatus === "number" ? nav.responseStatus : 0;
  }

  var key = pageKey(location.pathname);
  var status = servedStatus();

  // A "reload" message: reload, or update in place, or nothing for a page it does not name.
  function pagesChanged(msg) {
    var named = Array.isArray(msg.pages);
    if (!named && !msg.every_page) { reload(); return; }
    // careleaf's own pages (the content report) are made from the whole build.
    var mine = msg.every_page || key === null || key.indexOf("_careleaf/") === 0 ||
      msg.pages.indexOf(key) !== -1;
    if (status !== 0 && status !== 200) {
      // The site's 404 page (or an error page) under another path: reload it if it changed.
      if (mine || msg.pages.indexOf("404.html") !== -1) reload();
      return;
    }
    if (mine) refresh(msg); else generation = Math.max(generation, msg.generation || 0);
  }

  // ---- Deciding between an update in place and a reload. ----

  var JS_TYPES = /^(|module|(text|application)\/(x-)?(java|ecma)script)$/;
  var DATA_LINKS = /^(canonical|alternate|prev|next|author|license|help|me|search)$/;
  var ACTIVE_META = /^(viewport|color-scheme|theme-color|referrer)$/;

  // True for what changes how a page behaves or looks when it changes: scripts that run,
  // stylesheets and other links, <style>, <base>, and the <meta> elements that set the
  // character set, an HTTP header, the viewport or the colours. The rest of <head> is data
  // (title, description, social cards, canonical and feed links, JSON-LD), updated in place.
  function isActive(el) {
    switch (el.localName) {
      case "title":
      case "noscript":
        return false;
      case "meta":
        return el.hasAttribute("charset") || el.hasAttribute("http-equiv") ||
          ACTIVE_META.test((el.getAttribute("name") || "").toLowerCase());
      case "link":
        return !(el.getAttribute("rel") || "").toLowerCase().split(/\s+/).every(function (r) {
          return DATA_LINKS.test(r);
        });
      case "script":
        return JS_TYPES.test((el.getAttribute("type") || "").trim().toLowerCase());
      default:
        return true;
    }
  }

  // The markup of an element, without the build number this script carries.
  function markup(el) {
    if (el.localName === "script" && el.hasAttribute("data-generation")) {
      el = el.cloneNode(true);
      el.removeAttribute("data-generation");
    }
    return el.outerHTML;
  }

  // Everything that must be the same in two versions of a page for one to be morphed into
  // the other: the active parts of <head> and every script of <body> (but those inside a
  // <noscript>, which a parsed copy has as elements and the page as text).
  function signature(doc) {
    var head = Array.prototype.filter.call(doc.head ? doc.head.children : [], isActive);
    var scripts = Array.prototype.filter.call(doc.body ? doc.body.querySelectorAll("script") : [], function (el) {
      return isActive(el) && !el.closest("noscript");
    });
    return head.concat(scripts).map(markup).join("\n");
  }

  // The page as served (the theme's scripts only run after this one, which comes last).
  var served = signature(document);

  // ---- Morphing: the live DOM made equal to a new one, keeping the nodes still there. ----

  // How far ahead the morph looks for a node that moved, was added or was removed.
  var LOOK = 3;

  function sameKind(a, b) {
    if (a.nodeType !== b.nodeType) return false;
    if (a.nodeType !== 1) return true;
    return a.localName === b.localName && a.namespaceURI === b.namespaceURI && a.id === b.id &&
      (a.localName !== "input" || a.type === b.type);
  }

  // True when `node` equals one of the LOOK nodes of `list` from `from` on.
  function equalsAhead(node, list, from) {
    for (var i = from; i < list.length && i < from + LOOK; i++) {
      if (node.isEqualNode(list[i])) return true;
    }
    return false;
  }

  // The node of `into` to reuse for `next`, or null to insert `next` as it is.
  function counterpart(cursor, next, want, i, byId, kept) {
    if (next.nodeType === 1 && next.id) {
      var same = byId[next.id];
      return same && !kept.has(same) && sameKind(same, next) ? same : null;
    }
    if (cursor && sameKind(cursor, next)) {
      // An unchanged node further on is kept for its own new node: `next` was added.
      if (!cursor.isEqualNode(next) && equalsAhead(cursor, want, i + 1)) return null;
      return cursor;
    }
    // A few old nodes were removed (or replaced) here: reuse the one after them.
    var n = cursor ? cursor.nextSibling : null;
    for (var k = 0; n && k < LOOK; k++, n = n.nextSibling) {
      if (!kept.has(n) && !(n.nodeType === 1 && n.id) && sameKind(n, next)) return n;
    }
    return null;
  }

  function morphChildren(into, from) {
    var want = Array.prototype.slice.call(from.childNodes);
    var byId = {};
    Array.prototype.forEach.call(into.childNodes, function (n) {
      if (n.nodeType === 1 && n.id) byId[n.id] = n;
    });
    var kept = new Set();
    var cursor = into.firstChild;
    for (var i = 0; i < want.length; i++) {
      while (cursor && kept.has(cursor)) cursor = cursor.nextSibling;
      var next = want[i];
      var old = counterpart(cursor, next, want, i, byId, kept);
      if (old === null) {
        into.insertBefore(next, cursor);
        kept.add(next);
        continue;
      }
      if (old !== cursor) {
        // A node with this id elsewhere among the children moves here; any other node found
        // ahead stays where it is and the nodes skipped before it go.
        if (next.nodeType === 1 && next.id) into.insertBefore(old, cursor); else cursor = old;
      }
      kept.add(old);
      morph(old, next);
    }
    for (var n = into.firstChild; n;) {
      var after = n.nextSibling;
      if (!kept.has(n)) into.removeChild(n);
      n = after;
    }
  }

  // Attributes made equal, but an open <details> or <dialog> stays as the reader left it.
  function morphAttributes(old, next) {
    var keepOpen = old.localName === "details" || old.localName === "dialog";
    var i, a;
    for (i = old.attributes.length - 1; i >= 0; i--) {
      a = old.attributes[i];
      if (keepOpen && a.name === "open") continue;
      if (!next.hasAttributeNS(a.namespaceURI, a.localName)) old.removeAttributeNS(a.namespaceURI, a.localName);
    }
    for (i = 0; i < next.attributes.length; i++) {
      a = next.attributes[i];
      if (keepOpen && a.name === "open") continue;
      if (old.getAttributeNS(a.namespaceURI, a.localName) !== a.value) old.setAttributeNS(a.namespaceURI, a.name, a.value);
    }
  }

  // Makes `old` (in the page) equal to `next` (a parsed new version of it). Typed text stays:
  // an input's value is a property, not the attribute changed here.
  function morph(old, next) {
    if (old.nodeType !== 1) {
      if (old.nodeValue !== next.nodeValue) old.nodeValue = next.nodeValue;
      return;
    }
    if (old.isEqualNode(next)) return;
    morphAttributes(old, next);
    switch (old.localName) {
      case "noscript": // its content is text in the page and elements in the parsed copy
        return;
      case "textarea":
        if (old.defaultValue !== next.defaultValue) old.defaultValue = next.defaultValue;
        return;
      case "template":
        if (old.innerHTML !== next.innerHTML) old.innerHTML = next.innerHTML;
        return;
      default:
        morphChildren(old, next);
    }
  }

  // The data elements of <head> (see isActive) replaced by the new page's, if they differ.
  function morphHeadData(doc) {
    var isData = function (el) { return !isActive(el); };
    var mine = Array.prototype.filter.call(document.head.children, isData);
    var theirs = Array.prototype.filter.call(doc.head.children, isData);
    if (mine.map(markup).join("\n") === theirs.map(markup).join("\n")) return;
    mine.forEach(function (el) { el.remove(); });
    theirs.forEach(function (el) { document.head.appendChild(el); });
  }

  // ---- Updating the page in place. ----

  function saveState() {
    var el = document.activeElement;
    var state = { x: window.scrollX, y: window.scrollY, focus: el, id: el && el.id, selection: null };
    try {
      if (el && typeof el.selectionStart === "number") {
        state.selection = [el.selectionStart, el.selectionEnd, el.selectionDirection];
      }
    } catch (e) { /* an input type without a selection */ }
    return state;
  }

  function restoreState(state) {
    var el = state.focus;
    if (el && !el.isConnected && state.id) el = document.getElementById(state.id);
    if (el && el.isConnected && el !== document.body && document.activeElement !== el) {
      el.focus({ preventScroll: true });
      if (state.selection && typeof el.setSelectionRange === "function") {
        try { el.setSelectionRange(state.selection[0], state.selection[1], state.selection[2]); } catch (e) { /* none */ }
      }
    }
    if (window.scrollX !== state.x || window.scrollY !== state.y) window.scrollTo(state.x, state.y);
  }

  // Updates the page in place from `doc` (its new version); false when it must reload.
  function update(doc, pages) {
    var live = doc.body && doc.body.querySelector("script[data-instance]");
    if (!live || live.getAttribute("data-instance") !== instance || !doc.head) return false;
    var next = signature(doc);
    if (next !== served) return false;
    var state = saveState();
    morphHeadData(doc);
    ["lang", "dir"].forEach(function (name) {
      var value = doc.documentElement.getAttribute(name);
      if (value === null) document.documentElement.removeAttribute(name);
      else if (document.documentElement.getAttribute(name) !== value) document.documentElement.setAttribute(name, value);
    });
    var overlay = document.getElementById(overlayId);
    if (overlay) overlay.remove();
    morphAttributes(document.body, doc.body);
    morphChildren(document.body, doc.body);
    if (overlay) document.body.appendChild(overlay);
    served = next;
    generation = Number(live.getAttribute("data-generation")) || generation;
    // The theme's scripts bind to the new content first (a hidden button they show again
    // must be shown before focus returns to it).
    document.dispatchEvent(new CustomEvent("careleaf:updated", { detail: { pages: pages } }));
    restoreState(state);
    return true;
  }

  // Fetches this page again and updates it in place, or reloads it. One fetch at a time: a
  // change announced meanwhile fetches once more when this one is done.
  var fetching = false;
  var again = null;
  function refresh(msg) {
    if (fetching) { again = msg; return; }
    fetching = true;
    fetch(location.pathname + location.search, { cache: "no-store", credentials: "same-origin" })
      .then(function (r) {
        var type = r.headers.get("content-type") || "";
        if (r.status !== 200 || r.redirected || type.indexOf("text/html") !== 0) throw new Error("not the page");
        return r.text();
      })
      .then(function (html) {
        if (reloading) return;
        var doc = new DOMParser().parseFromString(html, "text/html");
        if (!update(doc, msg.every_page ? null : msg.pages)) reload();
      })
      .catch(function () { if (!reloading) reload(); })
      .then(function () {
        fetching = false;
        var next = again;
        again = null;
        if (next && !reloading) refresh(next);
      });
  }

  var delay = 200;
  function connect() {
    var proto = location.protocol === "https:" ? "wss://" : "ws://";
    var socket;
    try {
      socket = new WebSocket(proto + location.host + "/_careleaf/live");
    } catch (e) {
      setTimeout(connect, delay);
      return;
    }
    socket.onopen = function () { delay = 200; };
    socket.onmessage = function (event) {
      var msg;
      try { msg = JSON.parse(event.data); } catch (e) { return; }
      if (msg.type === "hello") {
        // A page from an earlier server run or an older build is out of date.
        if (msg.instance !== instance || (msg.generation !== generation && msg.generation > 0)) {
          reload();
          return;
        }
        if (msg.errors && msg.errors.length) showOverlay(msg.errors, msg.error_count, msg.more); else hideOverlay();
      } else if (msg.type === "reload") {
        pagesChanged(msg);
      } else if (msg.type === "css") {
        generation = msg.generation;
        swapStylesheets(msg.paths || []);
      } else if (msg.type === "error") {
        showOverlay(msg.errors || [], msg.error_count, msg.more);
      } else if (msg.type === "ok") {
        hideOverlay();
      }
    };
    socket.onclose = function () {
      setTimeout(connect, delay);
      delay = Math.min(delay * 2, 2000);
    };
  }

  restoreScroll();
  connect();
})();
