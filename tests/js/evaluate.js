// Reads {"bundles": {regulation id: bundle}, "facts": [facts...]} on stdin and prints the
// JavaScript engine's answers as a JSON array, one per facts object (parity test).
const engine = require("../../docs/javascripts/decide-engine.js");
let input = "";
process.stdin.setEncoding("utf8"); // decodes across chunks: a 64 KB chunk may end inside a character
process.stdin.on("data", (chunk) => { input += chunk; });
process.stdin.on("end", () => {
  const { bundles, facts } = JSON.parse(input);
  const answers = facts.map((f) => engine.evaluate(bundles[f.regulation], f));
  process.stdout.write(JSON.stringify(answers));
});
