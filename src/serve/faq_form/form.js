// careleaf preview: the "add a question" form. Shows the answer as the FAQ page will (the
// preview server renders it with the site's markdown) while the editor types, lists the
// answer's problems beside it, and moves the focus to the error summary after a refused
// submission. The form names the preview's address in its data-preview-url attribute.
(function () {
  "use strict";
  var form = document.querySelector("form[data-preview-url]");
  if (!form) return;
  var previewUrl = form.getAttribute("data-preview-url");
  var box = document.getElementById("answer-preview");
  var answerErrors = document.getElementById("answer-errors");
  var timer = null;

  function update() {
    var data = new URLSearchParams(new FormData(form));
    fetch(previewUrl, { method: "POST", body: data })
      .then(function (r) { return r.json(); })
      .then(function (j) {
        box.innerHTML = j.html;
        var mine = (j.problems || []).filter(function (p) { return p.field === "answer"; });
        // The messages are a list inside the announced box.
        var list = document.createElement("ul");
        mine.forEach(function (p) {
          var li = document.createElement("li");
          li.textContent = p.message;
          list.appendChild(li);
        });
        answerErrors.replaceChildren(list);
        answerErrors.hidden = mine.length === 0;
      })
      .catch(function () {});
  }

  form.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(update, 150);
  });
  update();
  var summary = document.getElementById("error-summary");
  if (summary) summary.focus();
})();
