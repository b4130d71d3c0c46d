// Build-time Word files of the comparison (regkb/exports.py runs this once per build):
// reads {"name.docx": <topicDocument data>, ...} as JSON on stdin, writes {"name.docx": base64, ...}
// on stdout. The documents are written by docs/javascripts/docx-documents.js with the npm docx package.
"use strict";

// Same input, same bytes: docx draws its relationship ids from Math.random and stamps the document
// and its zip entries with the time; both are pinned here (the time to REGKB_BUILD_TIME, the build date).
let seed = 20261130;
Math.random = () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const pinned = Date.parse(process.env.REGKB_BUILD_TIME || "2026-01-01T00:00:00Z");
const RealDate = Date;
globalThis.Date = class extends RealDate {
  constructor(...args) {
    super(...(args.length ? args : [pinned]));
  }
  static now() {
    return pinned;
  }
};
const docx = require("docx");
const documents = require("../docs/javascripts/docx-documents.js");

let input = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk) => { input += chunk; });
process.stdin.on("end", async () => {
  const wanted = JSON.parse(input);
  const out = {};
  for (const name of Object.keys(wanted).sort()) {
    const buffer = await docx.Packer.toBuffer(documents.topicDocument(docx, wanted[name]));
    out[name] = buffer.toString("base64");
  }
  process.stdout.write(JSON.stringify(out));
});
