/* The Word documents of the site, written with the npm `docx` package (never by hand):
   - topicDocument: one comparison topic, each regulation's full provisions (made at build time under Node,
     scripts/topic-docx.cjs);
   - regulationsDocument: every topic over some regulations, a province's or those chosen in the picker (large
     layout; made in the browser, docs/javascripts/compare-docx.js);
   - regulationDocument: one regulation as published, its 校勘记 as footnotes, its status banner;
   - draftDocument: the drafting workbench's outline (the last three made in the browser with the vendored copy,
     docs/assets/vendor/docx/docx.iife.js).
   Every citation is written by citation.js (the form regkb/citation.py writes). Loads as a browser
   script (RegkbDocx) and as a Node module. */
(function (root) {
  "use strict";

  /* Footnotes collected while a document is written: note() returns the reference run. */
  function Notes(docx) {
    var notes = {};
    var next = 1;
    this.note = function (text, url) {
      var children = [new docx.TextRun(text)];
      if (url) {
        children.push(new docx.TextRun(" "));
        children.push(new docx.ExternalHyperlink({ link: url, children: [new docx.TextRun({ text: url, style: "Hyperlink" })] }));
      }
      var id = next++;
      notes[id] = { children: [new docx.Paragraph({ children: children })] };
      return new docx.FootnoteReferenceRun(id);
    };
    this.all = function () { return notes; };
  }

  function para(docx, text, options) {
    return new docx.Paragraph(Object.assign({ children: [new docx.TextRun(text)] }, options || {}));
  }

  function heading(docx, text, level) {
    return new docx.Paragraph({ text: text, heading: docx.HeadingLevel["HEADING_" + level] });
  }

  /* A provision: its label (and heading) in bold, then each paragraph; the footnote on the label cites it. */
  function provision(docx, notes, unit) {
    var out = [];
    var head = [new docx.TextRun({ text: unit.label, bold: true })];
    head.push(notes.note(unit.citation, unit.url));
    if (unit.heading) head.push(new docx.TextRun({ text: " " + unit.heading, bold: true }));
    out.push(new docx.Paragraph({ children: head }));
    (unit.paragraphs || []).forEach(function (text) { out.push(para(docx, text)); });
    return out;
  }

  function document(docx, title, notes, children) {
    return new docx.Document({
      title: title,
      creator: "政务信息化项目法规知识库",
      footnotes: notes.all(),
      sections: [{ children: children }],
    });
  }

  /* Each regulation on one topic: a heading (its region's name, at `level`), the regulation and its status, the cell, the provisions. */
  function regulationsOnTopic(docx, notes, regulations, level) {
    var body = [];
    regulations.forEach(function (regulation) {
      body.push(heading(docx, regulation.region_name, level));
      body.push(para(docx, RegkbCitation.cite(regulation.title, regulation.doc_number, []) + "　" + regulation.status));
      var cell = regulation.cell;
      var answer = [new docx.TextRun({ text: cell.label + "：", bold: true }), new docx.TextRun(cell.text)];
      if (cell.citation) answer.push(notes.note(cell.citation, cell.url));
      body.push(new docx.Paragraph({ children: answer, style: "Quote" }));
      (regulation.status_notes || []).forEach(function (text) { body.push(para(docx, text, { style: "Quote" })); });
      regulation.units.forEach(function (unit) { body = body.concat(provision(docx, notes, unit)); });
    });
    return body;
  }

  function topicDocument(docx, data) {
    var notes = new Notes(docx);
    var body = [heading(docx, data.title, 1), para(docx, data.note, { style: "Quote" })];
    return document(docx, data.title, notes, body.concat(regulationsOnTopic(docx, notes, data.regulations, 2)));
  }

  /* Some regulations (large layout): every topic in turn (a level-2 heading each, so Word's navigation pane
     lists them), each with the regulations as topicDocument has them. */
  function regulationsDocument(docx, data) {
    var notes = new Notes(docx);
    var body = [heading(docx, data.title, 1), para(docx, data.note, { style: "Quote" })];
    data.topics.forEach(function (topic) {
      body.push(heading(docx, topic.title, 2));
      body = body.concat(regulationsOnTopic(docx, notes, topic.regulations, 3));
    });
    return document(docx, data.title, notes, body);
  }

  function regulationDocument(docx, data) {
    var notes = new Notes(docx);
    /* the status banner first, then the text as published (its own title among its blocks) */
    var body = [];
    body.push(new docx.Paragraph({ children: [new docx.TextRun({ text: "状态：" + data.status, bold: true })], border: { top: { style: docx.BorderStyle.SINGLE, size: 6, color: "888888" }, bottom: { style: docx.BorderStyle.SINGLE, size: 6, color: "888888" } } }));
    (data.status_notes || []).forEach(function (text) { body.push(para(docx, text, { style: "Quote" })); });
    body.push(para(docx, data.source_note, { style: "Quote" }));
    data.blocks.forEach(function (block) {
      if (block.heading) { body.push(heading(docx, block.text, block.heading)); return; }
      var runs = [new docx.TextRun(block.text)];
      (block.repairs || []).forEach(function (text) { runs.push(notes.note(text, null)); });
      body.push(new docx.Paragraph({ children: runs, indent: block.indent ? { left: 420 * block.indent } : undefined }));
    });
    return document(docx, data.title, notes, body);
  }

  /* The workbench's draft: chapters in order, each topic either the adopted provisions (quoted, a
     footnote citing each) or a marked placeholder for the drafter; then the table of sources. */
  function draftDocument(docx, data) {
    var notes = new Notes(docx);
    var body = [heading(docx, data.title, 1), para(docx, data.note, { style: "Quote" })];
    data.chapters.forEach(function (chapter) {
      body.push(heading(docx, chapter.name, 2));
      chapter.topics.forEach(function (topic) {
        body.push(heading(docx, topic.label, 3));
        if (!topic.adopted.length) {
          body.push(new docx.Paragraph({
            children: [new docx.TextRun({ text: topic.placeholder, bold: true, highlight: "yellow" })],
            border: { left: { style: docx.BorderStyle.SINGLE, size: 18, color: "C00000" } },
          }));
          return;
        }
        topic.adopted.forEach(function (unit) {
          body.push(new docx.Paragraph({ children: [new docx.TextRun({ text: "参照" + unit.region_name + unit.label, italics: true }), notes.note(unit.citation, unit.url)] }));
          (unit.paragraphs || []).forEach(function (text) { body.push(para(docx, text, { style: "Quote" })); });
        });
      });
    });
    body.push(heading(docx, data.sources_title, 2));
    var rows = [new docx.TableRow({ tableHeader: true, children: data.source_headers.map(function (h) {
      return new docx.TableCell({ children: [new docx.Paragraph({ children: [new docx.TextRun({ text: h, bold: true })] })] });
    }) })];
    data.sources.forEach(function (source) {
      rows.push(new docx.TableRow({ children: [
        new docx.TableCell({ children: [para(docx, source.region_name)] }),
        new docx.TableCell({ children: [para(docx, source.citation)] }),
        new docx.TableCell({ children: [new docx.Paragraph({ children: [new docx.ExternalHyperlink({ link: source.url, children: [new docx.TextRun({ text: source.url, style: "Hyperlink" })] })] })] }),
      ] }));
    });
    body.push(new docx.Table({ rows: rows, width: { size: 100, type: docx.WidthType.PERCENTAGE } }));
    return document(docx, data.title, notes, body);
  }

  /* Browser only: a script file loaded once, on demand (the vendored docx, a regulation's text): no
     fetch, so it works from file:// and under a Content-Security-Policy allowing scripts from 'self'. */
  var loaded = {};
  function load(src) {
    if (!loaded[src]) {
      loaded[src] = new Promise(function (resolve, reject) {
        var script = root.document.createElement("script");
        script.src = src;
        script.onload = resolve;
        script.onerror = function () { delete loaded[src]; reject(new Error("无法加载 " + src)); };
        root.document.head.appendChild(script);
      });
    }
    return loaded[src];
  }

  function save(blob, name) {
    var a = root.document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = name;
    root.document.body.appendChild(a);
    a.click();
    setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
  }

  var RegkbCitation = root.RegkbCitation || (typeof require === "function" ? require("./citation.js") : null);
  var api = { topicDocument: topicDocument, regulationsDocument: regulationsDocument, regulationDocument: regulationDocument, draftDocument: draftDocument, load: load, save: save };
  if (typeof module === "object" && module.exports) module.exports = api;
  else root.RegkbDocx = api;
})(typeof self !== "undefined" ? self : globalThis);
