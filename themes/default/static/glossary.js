// Glossary toggletips. The page marks the first use of each glossary word as a link to its
// glossary entry, with a hidden "?" button and a hidden definition (role="status") beside
// it. This script turns each into a toggletip: the word stays as a <dfn>, the button shows,
// and the definition opens on click, tap, Enter or Space, or when the button gets keyboard
// focus; Escape closes it, as do clicking elsewhere and moving focus away from a toggletip
// opened by focus. Without the script the word is simply a link to the glossary.
(function () {
  "use strict";
  var tips = document.querySelectorAll(".gloss");
  if (!tips.length) {
    return;
  }
  document.documentElement.classList.add("gloss-js");

  // The toggletip open now, if any: at most one at a time.
  var current = null;
  // Set while Escape hands focus back to a button, which must not open it again.
  var returningFocus = false;

  function parts(gloss) {
    var button = gloss.querySelector(".gloss-btn");
    var tip = button && document.getElementById(button.getAttribute("aria-controls"));
    return { button: button, tip: tip };
  }

  function open(gloss, byFocus) {
    if (current && current !== gloss) {
      close(current);
    }
    var p = parts(gloss);
    if (!p.button || !p.tip) {
      return;
    }
    current = gloss;
    gloss.openedByFocus = byFocus;
    if (p.button.getAttribute("aria-expanded") === "true") {
      return;
    }
    p.button.setAttribute("aria-expanded", "true");
    // A live region is announced when its content changes: show it empty, then put the
    // definition back, so screen readers read it out.
    var content = Array.prototype.slice.call(p.tip.childNodes);
    p.tip.replaceChildren();
    p.tip.hidden = false;
    window.setTimeout(function () {
      p.tip.replaceChildren.apply(p.tip, content);
    }, 50);
  }

  function close(gloss) {
    var p = parts(gloss);
    if (p.button) {
      p.button.setAttribute("aria-expanded", "false");
    }
    if (p.tip) {
      p.tip.hidden = true;
    }
    if (current === gloss) {
      current = null;
    }
  }

  // Buttons and words given their listeners already: the live preview hands the same ones
  // over again after updating a page in place (see the end of this file).
  var bound = new WeakSet();

  function setUp(gloss) {
    var p = parts(gloss);
    if (!p.button || !p.tip) {
      return;
    }
    // With the toggle available, the word itself is no longer a link.
    var link = gloss.querySelector("a.gloss-term");
    if (link) {
      link.replaceWith.apply(link, Array.prototype.slice.call(link.childNodes));
    }
    p.button.hidden = false;
    if (!bound.has(p.button)) {
      bound.add(p.button);
      p.button.addEventListener("click", function () {
        if (p.button.getAttribute("aria-expanded") === "true" && !gloss.openedByFocus) {
          close(gloss);
        } else {
          open(gloss, false);
        }
      });
      p.button.addEventListener("focus", function () {
        // Only keyboard focus opens it: a tap or click opens it through "click".
        if (!returningFocus && p.button.matches(":focus-visible")) {
          open(gloss, true);
        }
      });
    }
    if (!bound.has(gloss)) {
      bound.add(gloss);
      gloss.addEventListener("focusout", function (event) {
        if (gloss.openedByFocus && !gloss.contains(event.relatedTarget)) {
          close(gloss);
        }
      });
    }
  }

  Array.prototype.forEach.call(tips, setUp);

  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && current) {
      var gloss = current;
      close(gloss);
      var button = parts(gloss).button;
      if (button && button !== document.activeElement && gloss.contains(document.activeElement)) {
        returningFocus = true;
        button.focus();
        returningFocus = false;
      }
    }
  });

  document.addEventListener("click", function (event) {
    if (current && !current.contains(event.target)) {
      close(current);
    }
  });

  // ---- careleaf preview hook: start ----
  // `careleaf serve` updates a page in place after a save (src/serve/client.js), putting
  // back the markup as built (every definition closed, the words links again), then fires
  // "careleaf:updated" on document: set the toggletips up again.
  document.addEventListener("careleaf:updated", function () {
    current = null;
    Array.prototype.forEach.call(document.querySelectorAll(".gloss"), setUp);
    // The preview then gives focus back to where it was (a button the update hid for a
    // moment lost it): that is no reader's move and must not open a toggletip.
    returningFocus = true;
    Promise.resolve().then(function () {
      returningFocus = false;
    });
  });
  // ---- careleaf preview hook: end ----
})();
