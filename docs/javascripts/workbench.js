/* 起草参考 (regkb/templates/workbench.html): the drafter's choices live in the page address
   (#adopt=topic.regulation:clause,…&own=topic,…, regulation the regulation's id) so a draft can be shared; the outline is a Word file built here,
   offline, with the vendored docx package (loaded only when the button is pressed) and
   docx-documents.js. Works from file:// (no fetch: the texts are in the page). */
(function () {
  "use strict";
  var root = document.getElementById("workbench");
  if (!root) return;
  var status = document.getElementById("wb-status");

  function boxes(kind) { return Array.prototype.slice.call(root.querySelectorAll("input.rk-wb-" + kind)); }

  function readHash() {
    var found = { adopt: [], own: [] };
    location.hash.replace(/^#/, "").split("&").forEach(function (part) {
      var pair = part.split("=");
      if ((pair[0] === "adopt" || pair[0] === "own") && pair[1]) {
        found[pair[0]] = decodeURIComponent(pair[1]).split(",").filter(Boolean);
      }
    });
    return found;
  }

  function writeHash() {
    var adopt = boxes("adopt").filter(function (b) { return b.checked; }).map(function (b) { return b.value; });
    var own = boxes("own").filter(function (b) { return b.checked; }).map(function (b) { return b.value; });
    var parts = [];
    if (adopt.length) parts.push("adopt=" + adopt.join(","));
    if (own.length) parts.push("own=" + own.join(","));
    history.replaceState(null, "", parts.length ? "#" + parts.join("&") : location.pathname + location.search);
  }

  function restore() {
    var state = readHash();
    var unknown = [];
    boxes("adopt").forEach(function (b) { b.checked = state.adopt.indexOf(b.value) >= 0; });
    boxes("own").forEach(function (b) { b.checked = state.own.indexOf(b.value) >= 0; });
    state.adopt.concat(state.own).forEach(function (value) {
      if (!root.querySelector('input[value="' + CSS.escape(value) + '"]')) unknown.push(value);
    });
    if (unknown.length) status.textContent = "地址中有本站没有的条款或主题，已忽略：" + unknown.join("、");
  }

  function absolute(href) { return new URL(href, location.href).href; }

  /* What the outline holds: chapters in order; per topic the adopted provisions or a placeholder. */
  function draft() {
    var sources = [];
    var chapters = Array.prototype.slice.call(root.querySelectorAll(".rk-wb-chapter")).map(function (section) {
      return {
        name: section.getAttribute("data-chapter"),
        topics: Array.prototype.slice.call(section.querySelectorAll(".rk-wb-topic")).map(function (fieldset) {
          var label = fieldset.getAttribute("data-label");
          var own = fieldset.querySelector("input.rk-wb-own").checked;
          var adopted = own ? [] : Array.prototype.slice.call(fieldset.querySelectorAll("input.rk-wb-adopt:checked")).map(function (box) {
            var column = box.closest(".rk-wb-regulation");
            var unit = {
              region_name: column.getAttribute("data-region-name"),
              label: box.getAttribute("data-label"),
              citation: RegkbCitation.cite(column.getAttribute("data-title"), column.getAttribute("data-doc-number"), [box.getAttribute("data-label")]),
              url: absolute(box.getAttribute("data-href")),
              paragraphs: Array.prototype.slice.call(box.closest(".rk-wb-unit").querySelectorAll(".rk-wb-line")).map(function (p) { return p.textContent; }),
            };
            if (!sources.some(function (s) { return s.url === unit.url; })) {
              sources.push({ region_name: unit.region_name, citation: unit.citation, url: unit.url });
            }
            return unit;
          });
          var placeholder = own ? "【待拟：" + label + "——本主题由起草单位自拟】" : "【待拟：" + label + "——尚未选定参照条款】";
          return { label: label, adopted: adopted, placeholder: placeholder };
        }),
      };
    });
    return {
      title: "××县政务信息化项目管理办法（草稿提纲）",
      note: "由政务信息化项目法规知识库“起草参考”生成（数据截至" + root.getAttribute("data-built") + "）。引用条款均注明出处，供起草参考；标“待拟”处由起草单位填写。分享本草稿：" + location.href,
      chapters: chapters,
      sources_title: "参照条款来源",
      source_headers: ["地区", "出处", "链接"],
      sources: sources,
    };
  }

  document.getElementById("wb-download").addEventListener("click", function () {
    status.textContent = "正在生成草稿……";
    RegkbDocx.load(root.getAttribute("data-vendor")).then(function () {
      return window.docx.Packer.toBlob(RegkbDocx.draftDocument(window.docx, draft()));
    }).then(function (blob) {
      RegkbDocx.save(blob, "办法草稿提纲.docx");
      status.textContent = "已生成草稿提纲（Word）。";
    }).catch(function (error) { status.textContent = "生成失败：" + error.message; });
  });
  document.getElementById("wb-clear").addEventListener("click", function () {
    boxes("adopt").concat(boxes("own")).forEach(function (b) { b.checked = false; });
    writeHash();
    status.textContent = "已清除全部选择。";
  });
  root.addEventListener("change", function (event) {
    if (event.target.matches("input.rk-wb-adopt, input.rk-wb-own")) writeHash();
  });
  window.addEventListener("hashchange", restore);
  restore();
})();
