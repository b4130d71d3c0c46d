/*
 * The 决策助手's checklist as a Word file, made in the browser with the vendored npm `docx`
 * (docs/assets/vendor/docx, about 1 MB): the library is loaded only when the button is pressed, as a
 * <script> from the site itself (so it works offline, from file:// and under the site's CSP). The
 * file holds what the printout holds (RegkbAnswer.checklist): one ☐ per requirement with its
 * agency, deadline, materials and formal citation, the query, the page's address and the build date.
 */
(function (root) {
  "use strict";
  let loading = null;

  function loadDocx(base) {
    if (root.docx) return Promise.resolve(root.docx);
    if (!loading) {
      loading = new Promise((resolve, reject) => {
        const script = document.createElement("script");
        script.src = base + "assets/vendor/docx/docx.iife.js";
        script.onload = () => resolve(root.docx);
        script.onerror = () => { loading = null; reject(new Error("无法加载 Word 生成组件")); };
        document.head.appendChild(script);
      });
    }
    return loading;
  }

  function build(docx, list) {
    const { Document, Paragraph, TextRun, HeadingLevel, Table, TableRow, TableCell, WidthType } = docx;
    const para = (text, options) => new Paragraph(Object.assign({ children: [new TextRun(text)] }, options || {}));
    const item = (it) => [
      new Paragraph({ children: [new TextRun({ text: "☐ ", bold: true }), new TextRun({ text: it.title, bold: true })] }),
      para(["负责机构：" + it.authority, it.deadline ? "时限：" + it.deadline : "",
        it.materials.length ? "材料：" + it.materials.join("、") : ""].filter(Boolean).join("；"), { indent: { left: 360 } }),
      para((it.conditional ? it.reason + "；" : "") + "依据：" + it.citation, { indent: { left: 360 } }),
    ];
    const chain = new Table({
      width: { size: 100, type: WidthType.PERCENTAGE },
      rows: list.chain.map((c) => new TableRow({ children: [
        new TableCell({ width: { size: 15, type: WidthType.PERCENTAGE }, children: [para(c.label)] }),
        new TableCell({ children: [para(c.text)] }),
      ] })),
    });
    const children = [
      para(list.title, { heading: HeadingLevel.TITLE }),
      para("依据：" + list.regulation),
      para("查询条件：" + list.queryText),
      para(list.scope),
      ...list.status.map((s) => para("文本状态：" + s)),
      para("审批链条", { heading: HeadingLevel.HEADING_1 }),
      chain,
    ];
    for (const section of list.sections) {
      children.push(para(section.stage + "阶段", { heading: HeadingLevel.HEADING_1 }));
      for (const it of section.items) children.push(...item(it));
    }
    if (list.conditional.length) {
      children.push(para("取决于未填写信息的要求", { heading: HeadingLevel.HEADING_1 }));
      for (const it of list.conditional) children.push(...item(it));
    }
    children.push(para("查询网址：" + list.url));
    children.push(para("网站生成日期：" + list.buildDate));
    return new Document({
      creator: "政务信息化项目法规知识库",
      title: list.title,
      styles: { default: { document: { run: { font: "SimSun", size: 22 } } } },
      sections: [{ children: children }],
    });
  }

  /* Make the file and hand it to the browser as a download. */
  function download(list, base) {
    return loadDocx(base).then((docx) => docx.Packer.toBlob(build(docx, list))).then((blob) => {
      const url = URL.createObjectURL(blob);
      const link = document.createElement("a");
      link.href = url;
      link.download = list.title + ".docx";
      document.body.appendChild(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10000);
    });
  }

  root.RegkbChecklistDocx = { download: download };
})(self);
