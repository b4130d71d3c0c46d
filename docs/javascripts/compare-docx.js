/* Large layout: the Word file of some regulations' comparison — every topic in turn, each one's cell
   (编者摘要 / 未规定 / 不适用, a footnote citing it) and its full provisions (a footnote citing and linking
   each) — made in the browser when a button.rk-regulations-docx is pressed (the province page: its
   regulations; the picker: those chosen). It reads their comparison bundles
   (assets/compare/<id>.js, the "word" part of regkb/render.py comparison_bundle) and the vendored docx package, both loaded
   only then, so a build of thousands of regulations writes no Word file for them. */
(function () {
  "use strict";

  function absolute(href) { return new URL(href, location.href).href; }

  function lines(paragraphs) {
    var out = [];
    function items(entries) {
      entries.forEach(function (item) { out.push(item.label + item.text); items(item.items); });
    }
    paragraphs.forEach(function (p) { out.push(p.text); items(p.items); });
    return out;
  }

  /* One regulation on one topic, as docx-documents.js regulationsOnTopic reads it (regkb/exports.py topic_document). */
  function regulation(pieces, topic, root) {
    var bundle = pieces.word;
    var cite = function (refs) {
      return refs.length ? RegkbCitation.cite(bundle.title, bundle.doc_number, refs.map(function (r) { return r.label; })) : "";
    };
    var cell = bundle.cells[topic];
    return {
      region_name: bundle.region_name,
      title: bundle.title,
      doc_number: bundle.doc_number,
      status: bundle.status,
      cell: {
        label: cell.label,
        text: cell.text,
        citation: cite(cell.clauses),
        url: absolute(root + (cell.clauses.length ? cell.clauses[0].url : bundle.url)),
      },
      status_notes: cell.status.map(function (m) { return m.label + "：" + m.summary; }),
      units: bundle.units.filter(function (u) { return u.topics.indexOf(topic) >= 0; }).map(function (u) {
        return { label: u.label, heading: u.heading, paragraphs: lines(u.paragraphs), citation: cite([u]), url: absolute(root + u.url) };
      }),
    };
  }

  /* The build date, as the page's print footer states it (the bundles' statuses are as of that date). */
  function built() {
    var time = document.querySelector(".rk-print-footer time");
    return time ? time.textContent.trim() : "";
  }

  function chosen(button) {
    var ids = button.getAttribute("data-regulations");
    if (ids) return ids.split(",");
    var picker = button.closest(".rk-picker");
    return Array.prototype.map.call(picker.querySelectorAll("input[name=regulation]:checked"), function (b) { return b.value; });
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("button.rk-regulations-docx");
    if (!button) return;
    var status = button.parentElement.querySelector(".rk-docx-status");
    var ids = chosen(button);
    if (!ids.length) { status.textContent = "请先选择地区。"; return; }
    var root = button.getAttribute("data-root");
    var topics = JSON.parse(button.getAttribute("data-topics"));
    status.textContent = "正在生成 Word 文件……";
    button.disabled = true;
    var bundles = ids.map(function (id) { return RegkbDocx.load(root + "assets/compare/" + encodeURIComponent(id) + ".js"); });
    Promise.all([RegkbDocx.load(button.getAttribute("data-vendor"))].concat(bundles))
      .then(function () {
        var loaded = ids.map(function (id) {
          var bundle = (self.RegkbCompare || {})[id];
          if (!bundle) throw new Error("无法加载地区对比数据：" + id);
          return bundle;
        });
        var title = button.getAttribute("data-title") || loaded.map(function (b) { return b.word.region_name; }).join("、") + "对比";
        var data = {
          title: title + "：逐主题条款全文",
          note: "政务信息化项目法规知识库，" + loaded.length + "部办法，状态截至" + built() + "。" + button.getAttribute("data-note"),
          topics: topics.map(function (pair) {  // [id, label] pairs, in the vocabulary's order
            return { title: pair[1], regulations: loaded.map(function (b) { return regulation(b, pair[0], root); }) };
          }),
        };
        return window.docx.Packer.toBlob(RegkbDocx.regulationsDocument(window.docx, data)).then(function (blob) {
          RegkbDocx.save(blob, title + ".docx");
          status.textContent = "已生成 Word 文件（" + loaded.length + "个地区）。";
        });
      })
      .catch(function (error) { status.textContent = "生成失败：" + error.message; })
      .then(function () { button.disabled = false; });
  });
})();
