// Reads [{text, unit}] on stdin and prints amount.js's reading of each as a JSON array (parity test).
const amount = require("../../docs/javascripts/amount.js");
let input = "";
process.stdin.setEncoding("utf8"); // decodes across chunks: a 64 KB chunk may end inside a character
process.stdin.on("data", (chunk) => { input += chunk; });
process.stdin.on("end", () => {
  process.stdout.write(JSON.stringify(JSON.parse(input).map((c) => amount.parse(c.text, c.unit))));
});
