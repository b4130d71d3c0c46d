/*
 * Site search: the search box in the header, and the engine that reads the index regkb/search.py
 * builds into search/. The same code runs over HTTP and from file://, at every corpus size.
 *
 * Nothing is fetched at page load. Focusing the box loads search/meta.js (a few KB); a query
 * loads, as <script> files that call regkbSearch.load(name, data):
 *   t/<hex of a character>.js  the index's words that start with that character, with their counts;
 *   p/<n>.js                   postings (document number deltas and BM25 weights) of some words;
 *   d/<n>.js                   the documents of the first results (link, region, label, text);
 *   r.js                       the thresholds of the clauses, for an amount no regulation writes (1亿元).
 * Scripts, not fetch(): from file:// fetch() is refused, a script file is not; and no inline
 * script or eval is needed, so a strict Content-Security-Policy (script-src 'self') holds.
 *
 * A query is cut into words of the index the way jieba cuts text: amounts and clause labels
 * first (the build's regular expressions, from meta.js), then the most probable route through
 * the words of the index (probabilities from the index's own counts), after the build's
 * normalisation (traditional characters, 12条 → 第十二条, 1亿 → 10000万元: meta.js has its expressions
 * and character table). A word also finds its glossary synonyms and, if it is a short form (可研),
 * the words it stands for, at a lower weight. Each result is one clause,
 * linked to its anchor, titled by its region and label; the query's words are marked in it.
 * Results are text nodes and <mark>s only: nothing from the index is inserted as HTML.
 * The box reuses Material's header search markup and classes, so the theme's CSS styles it.
 */
(function () {
  "use strict";
  const header = document.querySelector(".md-header__inner");
  const toggle = document.getElementById("__search");
  const configElement = document.getElementById("__config");
  if (!header || !toggle || !configElement) return;
  const config = JSON.parse(configElement.textContent);
  const t = config.translations || {};
  const root = new URL((config.base || ".") + "/", location.href); // the site root as this page sees it
  const PAGE = 10; // results shown at a time (their documents are loaded then)
  const PHRASE = 1.5; // the weight of a result with the query's words together (see showMore)
  const LONGEST = 24; // characters of the longest word looked up when cutting a query
  const text = {
    placeholder: t["search.result.placeholder"] || "键入以开始搜索",
    none: t["search.result.none"] || "没有找到符合条件的结果",
    one: t["search.result.one"] || "找到 1 个符合条件的结果",
    other: t["search.result.other"] || "# 个符合条件的结果",
    failed: "搜索索引加载失败",
  };

  /* ---- loading index files ---- */
  const waiting = {}; // file name → resolve of the promise its script fulfils
  const files = {}; // file name → promise of its data
  window.regkbSearch = Object.freeze({
    load(name, data) {
      const resolve = waiting[name];
      delete waiting[name];
      if (resolve) resolve(data);
    },
  });
  function load(name) {
    if (!files[name]) {
      files[name] = new Promise((resolve, reject) => {
        waiting[name] = resolve;
        const script = document.createElement("script");
        script.src = new URL(`search/${name}.js`, root).href;
        script.async = true;
        script.onload = script.onerror = (event) => {
          script.remove();
          if (!waiting[name]) return; // it called load()
          delete waiting[name];
          delete files[name]; // try again next time
          reject(new Error(`search/${name}.js: ${event.type === "error" ? "not loaded" : "no data"}`));
        };
        document.head.appendChild(script);
      });
    }
    return files[name];
  }

  let metaPromise = null;
  function meta() {
    metaPromise =
      metaPromise ||
      load("meta").then((m) => ({
        ...m,
        patterns: new RegExp(m.patterns, "gu"),
        amount: new RegExp(`^(?:${m.amount})$`, "u"),
        space: new RegExp(m.space, "gu"),
        chinese: new RegExp(m.chinese, "gu"),
        bare: new RegExp(m.bare, "gu"),
        label: new RegExp(m.label, "gu"),
        attachment: new RegExp(m.attachment, "gu"),
        bracket: new RegExp(m.bracket, "gu"),
        item: new RegExp(m.item, "gu"),
        variants: ((simplified) => new Map(Array.from(m.variants[0], (ch, i) => [ch, simplified[i]])))(
          Array.from(m.variants[1]),
        ),
        filler: new Set(m.filler),
        shards: new Set(m.shards),
        logTotal: Math.log(m.total),
      }));
    metaPromise.catch(() => (metaPromise = null));
    return metaPromise;
  }

  const shardKey = (word) => word.codePointAt(0).toString(16);
  async function vocabulary(m, word) {
    const key = shardKey(word);
    return m.shards.has(key) ? load(`t/${key}`) : {};
  }

  /* ---- cutting a query into the index's words ---- */
  // regkb/numerals.py: Chinese numerals to and from numbers (六百 → 600, 12 → 十二)
  const DIGITS = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
  const UNITS = { 十: 10, 百: 100, 千: 1000 };
  function parseNumeral(s) {
    let total = 0;
    let digit = null;
    for (const ch of s) {
      if (ch in DIGITS) digit = DIGITS[ch];
      else {
        total += (digit === null ? 1 : digit) * UNITS[ch];
        digit = null;
      }
    }
    return total + (digit || 0);
  }
  function formatNumeral(value) {
    if (!value) return "零";
    const names = "零一二三四五六七八九";
    let out = "";
    let pendingZero = false;
    for (const [unitValue, unit] of [[1000, "千"], [100, "百"], [10, "十"], [1, ""]]) {
      const digit = Math.floor(value / unitValue) % 10;
      if (digit === 0) {
        if (out) pendingZero = true;
        continue;
      }
      if (pendingZero) out += "零";
      pendingZero = false;
      out += unit === "十" && digit === 1 && !out ? unit : names[digit] + unit;
    }
    return out;
  }
  // regkb/search.py _amount_number: 六百 → 600, 伍佰 → 500, 1千 → 1000 (before 万 or 亿)
  function amountNumber(m, n) {
    const plain = Array.from(n, (ch) => m.financial[1][m.financial[0].indexOf(ch)] || ch).join("");
    const mixed = /^([0-9]+)([十百千])$/u.exec(plain);
    return String(mixed ? Number(mixed[1]) * UNITS[mixed[2]] : parseNumeral(plain));
  }
  // regkb/search.py normalise: NFKC, lower case, simplified characters, no space inside an amount or
  // between Han characters, amounts in digits, clause labels in Chinese numerals with their 第,
  // attachments in digits
  const normalise = (m, s) =>
    Array.from(s.normalize("NFKC").toLowerCase(), (ch) => m.variants.get(ch) || ch)
      .join("")
      .replace(m.space, "")
      .replace(m.chinese, (n) => amountNumber(m, n))
      .replace(m.item, "第$1项")
      .replace(m.bracket, "$1")
      .replace(m.bare, "第")
      .replace(m.label, (n) => formatNumeral(Number(n)))
      .replace(m.attachment, (n) => String(parseNumeral(n)));
  // regkb/search.py _number: 1000 → "1000", 1234.5 → "1234.5"
  const number = (value) => String(Math.round(value * 1e4) / 1e4);
  // regkb/search.py canonical: 600万 → 600万元, 1亿 → 10000万元, 6000000元 → 600万元
  function canonical(m, w) {
    const amount = /^([0-9]+(?:\.[0-9]+)?)(万元|万|亿元|亿)$/u.exec(w);
    if (amount && amount[2].startsWith("亿")) return `${number(Number(amount[1]) * 10000)}万元`;
    if (amount) return `${amount[1]}万元`;
    const yuan = /^([0-9]+)元$/u.exec(w);
    const n = yuan ? Number(yuan[1]) : 0;
    return n >= 10000 && n % 10000 === 0 ? `${n / 10000}万元` : w;
  }

  async function route(m, run) {
    const chars = Array.from(run);
    const shards = await Promise.all(chars.map((c) => vocabulary(m, c)));
    const best = new Array(chars.length + 1);
    best[chars.length] = [0, chars.length];
    for (let i = chars.length - 1; i >= 0; i--) {
      const single = shards[i][chars[i]]; // a character the index lacks is a word of its own, and matches nothing
      best[i] = [(single ? Math.log(single[0]) : 0) - m.logTotal + best[i + 1][0], i + 1];
      for (let end = i + 2; end <= Math.min(chars.length, i + LONGEST); end++) {
        const found = shards[i][chars.slice(i, end).join("")];
        if (!found) continue;
        const score = Math.log(found[0]) - m.logTotal + best[end][0];
        if (score > best[i][0]) best[i] = [score, end];
      }
    }
    const words = [];
    for (let i = 0; i < chars.length; i = best[i][1]) words.push(chars.slice(i, best[i][1]).join(""));
    return words;
  }

  async function cut(m, query) {
    const q = normalise(m, query);
    const pieces = [];
    let at = 0;
    for (const found of q.matchAll(m.patterns)) {
      pieces.push([q.slice(at, found.index), false], [canonical(m, found[0]), true]);
      at = found.index + found[0].length;
    }
    pieces.push([q.slice(at), false]);
    const words = [];
    for (const [piece, whole] of pieces) {
      if (whole) words.push(piece);
      else for (const run of piece.split(/[^\p{L}\p{N}]+/u)) if (run) words.push(...(await route(m, run)));
    }
    return [...new Set(words)];
  }

  /* ---- ranking ---- */
  async function postings(m, word) {
    const entry = (await vocabulary(m, word))[word];
    // a short form no text writes (政采) has no postings of its own: -1
    return entry && entry[1] >= 0 ? (await load(`p/${entry[1]}`))[word] || [] : [];
  }

  // the clauses whose thresholds an amount meets (1亿元 meets 600万元（含）以上), for an amount no regulation
  // writes (documents below m.clauses are the regulations' clauses; a page may mention any amount)
  const MEETS = { gte: (a, t) => a >= t, gt: (a, t) => a > t, lte: (a, t) => a <= t, lt: (a, t) => a < t };
  async function thresholds(m, word) {
    const amount = /^([0-9.]+)万元$/u.exec(word);
    if (!amount || !m.ranges) return [];
    const flat = await postings(m, word);
    if (flat.length && flat[0] < m.clauses) return []; // the first document (a delta from 0) is a clause
    const met = (await load("r")).filter(([t, cmp]) => MEETS[cmp] && MEETS[cmp](Number(amount[1]), t));
    met.sort((a, b) => a[2] - b[2]);
    return met;
  }

  async function find(query) {
    const m = await meta();
    const cutWords = await cut(m, query);
    // the words of a question that say nothing of what is asked (什么, 需要) do not rank, unless they are all there is
    const meant = cutWords.filter((w) => !m.filler.has(w));
    const words = meant.length ? meant : cutWords;
    // each word of the query, its synonyms from the glossary (初步验收: 初验) and the words it is short
    // for (可研: 可行性研究报告) at a lower weight
    const entries = await Promise.all(words.map(async (w) => (await vocabulary(m, w))[w]));
    const slots = words.map((w, k) => [
      [w, 1],
      ...(m.synonyms[w] || []).map((s) => [s, m.synonym]),
      ...((entries[k] && entries[k][2]) || []).filter((s) => s !== w).map((s) => [s, m.synonym]),
    ]);
    const lists = await Promise.all(slots.map((slot) => Promise.all(slot.map(([w]) => postings(m, w)))));
    const met = await Promise.all(words.map((w) => thresholds(m, w)));
    const also = new Set(); // the other words a result may be found by, marked as well
    slots.forEach((slot) => slot.slice(1).forEach(([s]) => also.add(s)));
    const scores = new Map();
    const matched = new Map();
    slots.forEach((slot, k) => {
      const best = new Map(); // document → its best weight for this word of the query
      slot.forEach(([, weight], j) => {
        const flat = lists[k][j];
        let doc = 0;
        for (let i = 0; i < flat.length; i += 2) {
          doc += flat[i];
          best.set(doc, Math.max(best.get(doc) || 0, flat[i + 1] * weight));
        }
      });
      for (const [amount, , doc, weight] of met[k]) {
        best.set(doc, Math.max(best.get(doc) || 0, weight * m.synonym));
        also.add(`${number(amount)}万元`);
      }
      for (const [doc, score] of best) {
        scores.set(doc, (scores.get(doc) || 0) + score);
        matched.set(doc, (matched.get(doc) || 0) + 1);
      }
    });
    // documents with more of the query's words first (coordination), then BM25
    const ranked = [...scores].map(([doc, score]) => [doc, score * (matched.get(doc) / words.length) ** 2]);
    ranked.sort((a, b) => b[1] - a[1] || a[0] - b[0]);
    return {
      m,
      words,
      also: [...also],
      docs: ranked.map(([doc]) => doc),
      scores: ranked.map(([, score]) => score),
      phrase: normalise(m, query).replace(/\s+/gu, ""),
    };
  }

  async function documents(m, numbers) {
    return Promise.all(numbers.map(async (n) => (await load(`d/${Math.floor(n / m.chunk)}`))[n % m.chunk]));
  }

  /* ---- marking the query's words ---- */
  const escapeRe = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  function marker(m, words) {
    const long = words.filter((w) => Array.from(w).length > 1);
    const shown = (long.length ? long : words).slice().sort((a, b) => b.length - a.length);
    if (!shown.length) return null;
    const parts = shown.map((w) => {
      const amount = m.amount.test(w) && /^([0-9.]+)(万|亿)元$/u.exec(w); // 600万元 is also written 600万, 600 万元
      return amount ? `${escapeRe(amount[1])}\\s*${amount[2]}元?` : escapeRe(w);
    });
    const re = new RegExp(parts.join("|"), "giu");
    re.single = words.join("").length === 1; // a one-character query: one character may be marked
    return re;
  }

  function spans(re, s) {
    const out = [];
    if (!re) return out;
    for (const found of s.matchAll(re)) {
      const start = found.index;
      const end = start + found[0].length;
      if (out.length && out[out.length - 1][1] === start) out[out.length - 1][1] = end; // 绩效自评|报告 → one mark
      else out.push([start, end]);
    }
    // a query cut into single characters (6个月内) marks where they stand together, not each one alone
    return re.single ? out : out.filter(([start, end]) => Array.from(s.slice(start, end)).length > 1);
  }

  function marked(element, s, re) {
    let at = 0;
    for (const [start, end] of spans(re, s)) {
      element.appendChild(document.createTextNode(s.slice(at, start)));
      const mark = document.createElement("mark");
      mark.textContent = s.slice(start, end);
      element.appendChild(mark);
      at = end;
    }
    element.appendChild(document.createTextNode(s.slice(at)));
    return element;
  }

  function excerpt(s, re) {
    const first = spans(re, s)[0];
    if (s.length <= 120 || !first || first[0] < 40) return s.length > 160 ? `${s.slice(0, 160)}…` : s;
    const start = first[0] - 30;
    return `…${s.slice(start, start + 150)}${start + 150 < s.length ? "…" : ""}`;
  }

  /* ---- the search box: in the page's header from the start (overrides/partials/search.html) ---- */
  const box = header.querySelector(".rk-search");
  if (!box) return;
  const form = box.querySelector("form");
  const input = box.querySelector(".md-search__input");
  const status = box.querySelector(".md-search-result__meta");
  const list = box.querySelector(".md-search-result__list");
  const scroller = box.querySelector(".md-search__scrollwrap");

  function item(doc, re) {
    const [url, region, label, title, body] = doc;
    const li = document.createElement("li");
    li.className = "md-search-result__item";
    const a = document.createElement("a");
    a.href = new URL(url, root).href;
    a.className = "md-search-result__link";
    a.tabIndex = -1;
    const article = document.createElement("article");
    article.className = "md-search-result__article md-typeset";
    const heading = document.createElement("h1");
    marked(heading, region === label ? label : `${region} ${label}`, re);
    article.appendChild(heading);
    if (title) {
      const from = document.createElement("p");
      from.className = "rk-search-source";
      from.textContent = title;
      article.appendChild(from);
    }
    if (body) article.appendChild(marked(document.createElement("p"), excerpt(body, re), re));
    a.appendChild(article);
    li.appendChild(a);
    return li;
  }

  let current = null; // the results of the latest query
  async function showMore(state) {
    if (state.busy || state.shown >= state.docs.length) return;
    state.busy = true;
    let numbers = state.docs.slice(state.shown, state.shown + PAGE);
    let docs = await documents(state.m, numbers);
    if (state.shown === 0 && state.words.length > 1) {
      // among the first results, those with the query's words together, as typed, count half as much again
      const score = docs.map((d, i) => {
        const whole = normalise(state.m, d[4] + d[2]).replace(/\s+/gu, "").includes(state.phrase);
        return state.scores[i] * (whole ? PHRASE : 1);
      });
      const order = docs.map((_, i) => i).sort((a, b) => score[b] - score[a] || a - b);
      docs = order.map((i) => docs[i]);
      numbers = order.map((i) => numbers[i]);
    }
    state.busy = false;
    if (state !== current) return; // a newer query has replaced these results
    state.shown += numbers.length;
    for (const doc of docs) list.appendChild(item(doc, state.re));
  }

  function count(n) {
    if (n === 0) return text.none;
    return n === 1 ? text.one : text.other.replace("#", n);
  }

  // while the reader pauses after a keystroke, the vocabulary files of the characters typed so far
  // are loaded: the search that follows the pause needs them first (a file is loaded once)
  function prefetch(query) {
    meta()
      .then((m) => {
        for (const ch of new Set(Array.from(normalise(m, query)))) {
          if (m.shards.has(shardKey(ch))) load(`t/${shardKey(ch)}`).catch(() => {});
        }
      })
      .catch(() => {});
  }

  let timer = 0;
  // the pause after a keystroke before searching, as the reader may type on; a pasted or dropped
  // query is complete and is searched at once
  const TYPING_PAUSE = 200;
  function run(pause = TYPING_PAUSE) {
    clearTimeout(timer);
    const query = input.value.trim();
    current = null;
    if (!query) {
      list.textContent = "";
      list.removeAttribute("data-query");
      status.textContent = text.placeholder;
      return;
    }
    if (pause) prefetch(query);
    timer = setTimeout(async () => {
      const asked = { query };
      current = asked;
      let state;
      try {
        const found = await find(query);
        state = { ...found, re: marker(found.m, [...found.words, ...found.also]), shown: 0, busy: false };
        if (current !== asked) return; // the user typed on
        current = state;
        list.textContent = "";
        status.textContent = count(state.docs.length);
        await showMore(state);
      } catch (error) {
        console.warn("search:", error);
        if (current === asked || current === state) {
          status.textContent = text.failed;
          list.textContent = "";
          list.dataset.query = query; // answered, with the failure (a test or timing script says why)
          list.dataset.error = String(error);
        }
        return;
      }
      if (current === state) {
        list.dataset.query = query; // the results of this query are shown
        list.dataset.words = state.words.join(" "); // what it was cut into (tests compare it with regkb/search.py)
        list.dataset.also = state.also.join(" "); // and the synonyms, expansions and thresholds it also found
        delete list.dataset.error;
      }
    }, pause);
  }

  input.addEventListener("input", (event) =>
    run(/^insertFrom(Paste|Drop)$/.test(event.inputType || "") ? 0 : TYPING_PAUSE),
  );
  input.addEventListener("focus", () => {
    toggle.checked = true;
    meta().catch(() => {}); // the index's small first file, while the user types
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const first = list.querySelector("a");
    if (first) location.href = first.href;
  });
  form.addEventListener("reset", () => setTimeout(() => { run(); input.focus(); }));
  toggle.addEventListener("change", () => (toggle.checked ? input.focus() : input.blur()));
  scroller.addEventListener("scroll", () => {
    if (current && scroller.scrollTop + scroller.clientHeight >= scroller.scrollHeight - 40) showMore(current);
  });
  list.addEventListener("click", (event) => {
    if (event.target.closest("a")) toggle.checked = false; // e.g. a clause of this very page
  });
  document.addEventListener("keydown", (event) => {
    const active = document.activeElement;
    const typing = /^(INPUT|TEXTAREA|SELECT)$/.test(active && active.tagName);
    if (toggle.checked && event.key === "Escape") {
      toggle.checked = false;
      input.blur();
    } else if (toggle.checked && (event.key === "ArrowDown" || event.key === "ArrowUp")) {
      // as in Material's box: the arrows move between the input and the results
      const links = [input, ...list.querySelectorAll("a")];
      const at = links.indexOf(active);
      if (at < 0) return;
      event.preventDefault();
      const next = links[Math.max(0, Math.min(links.length - 1, at + (event.key === "ArrowDown" ? 1 : -1)))];
      next.focus();
      if (next !== input && next === links[links.length - 1] && current) showMore(current);
    } else if (!toggle.checked && !typing && !event.ctrlKey && !event.metaKey && !event.altKey &&
               (event.key === "/" || event.key === "s")) {
      event.preventDefault();
      toggle.checked = true;
      input.focus();
    }
  });
})();
