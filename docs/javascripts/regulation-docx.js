/* A regulation as a Word file, made in the browser when its button is pressed (regkb/templates/
   regulation.html): the regulation's text (assets/docx/<id>.js, from regkb/exports.py) and the vendored
   docx package load only then, so a build of thousands of regulations writes no Word file. */
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("button.rk-regulation-docx");
    if (!button) return;
    var id = button.getAttribute("data-regulation");
    var status = button.parentElement.querySelector(".rk-docx-status");
    status.textContent = "正在生成 Word 文件……";
    button.disabled = true;
    Promise.all([RegkbDocx.load(button.getAttribute("data-vendor")), RegkbDocx.load(button.getAttribute("data-text"))])
      .then(function () {
        var text = (self.RegkbRegulationText || {})[id];
        if (!text) throw new Error("本办法的文本未能载入");
        var notes = button.getAttribute("data-status-notes");
        var data = Object.assign({}, text, {
          status: button.getAttribute("data-status"),  // as of the build date, as the page shows it
          status_notes: notes ? notes.split("\n") : [],
        });
        return window.docx.Packer.toBlob(RegkbDocx.regulationDocument(window.docx, data)).then(function (blob) {
          RegkbDocx.save(blob, text.title + ".docx");
          status.textContent = "已生成 Word 文件。";
        });
      })
      .catch(function (error) { status.textContent = "生成失败：" + error.message; })
      .then(function () { button.disabled = false; });
  });
})();
