/*
 * The one amount parser, as regkb/amount.py (both are run against tests/cases/amounts.yml):
 * digits in any width (６００), 1,000 and 1_000, a decimal point, and a unit typed after the
 * number (万元 / 万 / 元), which wins over the unit selector. Bounded: no Infinity.
 */
(function (root) {
  "use strict";
  const MAX_WAN = 100000000;
  const MAX_CHARS = 40;
  const UNITS = [["万元", "wan"], ["万", "wan"], ["元", "yuan"]];
  const UNIT_NAMES = { wan: "万元", yuan: "元" };
  const NUMBER = /^(?:\d{1,3}(?:,\d{3})+|\d+(?:_\d+)*)(?:\.\d+)?$/;

  function fail(code, message) { return { ok: false, code: code, message: message }; }

  function plain(value) {
    const text = value.toFixed(6).replace(/0+$/, "").replace(/\.$/, "");
    return text || "0";
  }

  function parse(text, unit) {
    unit = unit || "wan";
    if (!Object.prototype.hasOwnProperty.call(UNIT_NAMES, unit)) return fail("unit", "单位只能是万元或元，而不是“" + unit + "”。");
    let raw = String(text).normalize("NFKC").trim();
    if (raw.length > MAX_CHARS) return fail("too_long", "金额太长（超过" + MAX_CHARS + "个字符）。");
    raw = raw.replace(/\s+/g, "");
    if (raw === "") return fail("empty", "请填写项目金额。");
    let typed = null;
    for (const [name, code] of UNITS) {
      if (raw.endsWith(name)) { typed = name; raw = raw.slice(0, -name.length); unit = code; break; }
    }
    if (raw.startsWith("-")) return fail("negative", "金额只能是不小于 0 的数字，不能是负数。");
    if (!NUMBER.test(raw)) return fail("not_number", "金额只能是不小于 0 的数字，例如 600、1,000 或 599.99（可带单位万元或元）。");
    const number = Number(raw.replace(/[,_]/g, ""));
    const wan = unit === "yuan" ? number / 10000 : number;
    if (!(wan <= MAX_WAN)) return fail("too_large", "金额超过" + MAX_WAN.toLocaleString("en-US") + "万元，请检查是否多输入了数字。");
    const understood = plain(number) + UNIT_NAMES[unit] + (unit === "yuan" ? "（" + plain(wan) + "万元）" : "");
    return { ok: true, wan: wan, unit: unit, typed_unit: typed !== null, understood: understood };
  }

  const api = { parse: parse, MAX_WAN: MAX_WAN };
  if (typeof module === "object" && module.exports) module.exports = api;
  else root.RegkbAmount = api;
})(typeof self !== "undefined" ? self : this);
