/* Live LIX readability score while an author writes a proposal.
   Progressive enhancement: without JavaScript the "Tjek" button asks the server instead.
   Same formula as app/core/readability.py: words per sentence + 100 * long words / words. */
(function () {
  "use strict";
  var form = document.querySelector("form[data-lix]");
  var output = document.getElementById("lix-live");
  if (!form || !output) { return; }
  var fields = ["summary", "problem", "action", "impact"].map(function (id) {
    return document.getElementById(id);
  }).filter(Boolean);
  var limit = parseInt(form.getAttribute("data-lix-limit") || "45", 10);
  var wordPattern = /[A-Za-zÀ-ÖØ-öø-ÿ]+(?:[-'][A-Za-zÀ-ÖØ-öø-ÿ]+)*/g;
  var sentencePattern = /[.!?:;]+(?:\s|$)|\n\s*\n/g;

  function lix(text) {
    var words = text.match(wordPattern) || [];
    if (!words.length) { return null; }
    var sentences = Math.max(1, (text.trim() + " ").match(sentencePattern) ? (text.trim() + " ").match(sentencePattern).length : 0);
    var long = words.filter(function (w) { return w.replace(/[-']/g, "").length > 6; }).length;
    return Math.round(words.length / sentences + 100 * long / words.length);
  }

  function update() {
    var text = fields.map(function (f) { return f.value + "."; }).join(" ");
    var score = lix(text);
    if (score === null) { output.textContent = ""; return; }
    var template = score > limit ? output.getAttribute("data-hard") : output.getAttribute("data-easy");
    output.textContent = template.replace("{score}", String(score));
  }

  var timer = null;
  fields.forEach(function (field) {
    field.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(update, 400);
    });
  });
  update();
}());
