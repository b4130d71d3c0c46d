// Reads {"processes": {regulation id: process}, "facts": [facts...]} on stdin and prints the JavaScript
// path (docs/javascripts/path.js) for each facts object as a JSON array (parity test).
const path = require("../../docs/javascripts/path.js");
let input = "";
process.stdin.setEncoding("utf8"); // decodes across chunks: a 64 KB chunk may end inside a character
process.stdin.on("data", (chunk) => { input += chunk; });
process.stdin.on("end", () => {
  const { processes, facts } = JSON.parse(input);
  process.stdout.write(JSON.stringify(facts.map((f) => path.compute(processes[f.regulation], f))));
});
