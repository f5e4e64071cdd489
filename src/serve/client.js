// careleaf preview: live reload. Injected into pages served by `careleaf serve` only.
// One WebSocket per tab (WebSockets do not count against the browser's six HTTP/1.1
// connections per host, so any number of tabs reload). Reconnects by itself when the
// server restarts; keeps the scroll position across reloads; swaps changed stylesheets in
// place; shows build errors as an overlay.
(function () {
  "use strict";
  var script = document.currentScript;
  var instance = script ? script.getAttribute("data-instance") : "";
  var generation = script ? Number(script.getAttribute("data-generation")) : 0;
  var scrollKey = "careleaf-scroll:" + location.pathname;
  var overlayId = "careleaf-error-overlay";

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
        reload();
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
