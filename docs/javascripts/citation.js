/* One citation form for every export: 《标题》（文号）第X条第Y款 — the same as regkb/citation.py,
   both tested against tests/cases/citations.yml. Loads as a browser script and as a Node module. */
(function (root) {
  "use strict";
  function cite(title, docNumber, labels) {
    var number = docNumber ? "（" + docNumber + "）" : "";
    return "《" + title + "》" + number + (labels || []).filter(Boolean).join("、");
  }
  var api = { cite: cite };
  if (typeof module === "object" && module.exports) module.exports = api;
  else root.RegkbCitation = api;
})(typeof self !== "undefined" ? self : globalThis);
