/*
 * Site search for large corpora: Pagefind behind a search box that looks like Material's own.
 *
 * The build adds this script only when it indexes the site with Pagefind (regkb/search.py:
 * more than PAGEFIND_ABOVE regulations, or REGKB_SEARCH=pagefind) and has switched Material's
 * search off. The script puts Material's header search markup back (without the attributes
 * that would start Material's own search worker) and renders Pagefind's results with
 * Material's result classes, so the theme's CSS styles them. Nothing from the index is
 * inserted as HTML: titles and excerpts become text nodes, with <mark> around matched words.
 * Pagefind fetches its index with fetch(), so it needs an HTTP server; from file:// the box
 * says so instead of failing silently.
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
  const PAGE = 10; // results whose details (title, excerpt, clauses) are fetched at a time
  const CLAUSES = 3; // clause links shown under a page; the rest fold into "在该页上还有 N 个"
  const text = {
    placeholder: t["search.result.placeholder"] || "键入以开始搜索",
    none: t["search.result.none"] || "没有找到符合条件的结果",
    one: t["search.result.one"] || "找到 1 个符合条件的结果",
    other: t["search.result.other"] || "# 个符合条件的结果",
    moreOne: t["search.result.more.one"] || "在该页上还有 1 个符合条件的结果",
    moreOther: t["search.result.more.other"] || "在该页上还有 # 个符合条件的结果",
    fileUrl: "站内搜索需要通过网站服务器访问，直接打开文件时不可用",
    failed: "搜索索引加载失败",
  };

  // Material Design Icons (magnify, arrow-left, close), as in Material's own header.
  const icon = (d) => `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><path d="${d}"/></svg>`;
  const MAGNIFY = icon("M9.5 3A6.5 6.5 0 0 1 16 9.5c0 1.61-.59 3.09-1.56 4.23l.27.27h.79l5 5-1.5 1.5-5-5v-.79l-.27-.27A6.52 6.52 0 0 1 9.5 16 6.5 6.5 0 0 1 3 9.5 6.5 6.5 0 0 1 9.5 3m0 2C7 5 5 7 5 9.5S7 14 9.5 14 14 12 14 9.5 12 5 9.5 5");
  const BACK = icon("M20 11v2H8l5.5 5.5-1.42 1.42L4.16 12l7.92-7.92L13.5 5.5 8 11z");
  const CLOSE = icon("M19 6.41 17.59 5 12 10.59 6.41 5 5 6.41 10.59 12 5 17.59 6.41 19 12 13.41 17.59 19 19 17.59 13.41 12z");

  // The markup of Material's partials/header.html and partials/search.html (constant strings only).
  const button = document.createElement("label");
  button.className = "md-header__button md-icon";
  button.htmlFor = "__search";
  button.innerHTML = MAGNIFY;
  const box = document.createElement("div");
  box.className = "md-search rk-pagefind";
  box.setAttribute("role", "dialog");
  box.innerHTML = `<label class="md-search__overlay" for="__search"></label>
<div class="md-search__inner" role="search">
<form class="md-search__form" name="search">
<input type="text" class="md-search__input" name="query" aria-label="搜索" placeholder="搜索" autocapitalize="off" autocorrect="off" autocomplete="off" spellcheck="false" required>
<label class="md-search__icon md-icon" for="__search">${MAGNIFY}${BACK}</label>
<nav class="md-search__options" aria-label="查找"><button type="reset" class="md-search__icon md-icon" title="清空当前内容" aria-label="清空当前内容" tabindex="-1">${CLOSE}</button></nav>
</form>
<div class="md-search__output"><div class="md-search__scrollwrap" tabindex="0">
<div class="md-search-result"><div class="md-search-result__meta"></div><ol class="md-search-result__list" role="presentation"></ol></div>
</div></div>
</div>`;
  const source = header.querySelector(".md-header__source"); // Material puts search just before it
  header.insertBefore(button, source);
  header.insertBefore(box, source);
  const form = box.querySelector("form");
  const input = box.querySelector(".md-search__input");
  const meta = box.querySelector(".md-search-result__meta");
  const list = box.querySelector(".md-search-result__list");
  const scroller = box.querySelector(".md-search__scrollwrap");
  meta.textContent = text.placeholder;

  /*
   * Chinese queries. The index is segmented by Pagefind's indexer (jieba), while for a page in
   * Chinese pagefind.js re-segments every query with the browser's Intl.Segmenter, which cuts
   * words its dictionary lacks into single characters (监理 → 监 + 理) that then match any word
   * starting with them (监督, 理由). So the precise engine is opened as if the page had no
   * language (no re-segmentation), and the query is segmented here instead: the browser's
   * words, with runs of single characters joined back (监 + 理 → 监理; 工程 监 理 → 工程 监理).
   * Only if that finds nothing is the query handed to Pagefind's own segmentation.
   */
  function segment(query) {
    if (typeof Intl.Segmenter !== "function") return query;
    const words = [];
    let run = "";
    for (const { segment: word, isWordLike } of new Intl.Segmenter("zh", { granularity: "word" }).segment(query)) {
      if (isWordLike && /^\p{Script=Han}$/u.test(word)) {
        run += word;
        continue;
      }
      if (run) words.push(run);
      run = "";
      if (isWordLike) words.push(word);
    }
    if (run) words.push(run);
    return words.join(" ");
  }

  let shardsPromise = null;
  function shards() {
    shardsPromise =
      shardsPromise ||
      fetch(new URL("pagefind/regkb-shards.json", root)).then((response) => (response.ok ? response.json() : []));
    shardsPromise.catch(() => {
      shardsPromise = null;
    });
    return shardsPromise;
  }

  let modulePromise = null;
  const engines = {};
  function engine(kind) {
    modulePromise = modulePromise || import(new URL("pagefind/pagefind.js", root).href);
    engines[kind] = engines[kind] || modulePromise.then(async (pagefind) => {
      const html = document.documentElement;
      const lang = html.getAttribute("lang");
      if (kind === "precise") html.setAttribute("lang", "und"); // read synchronously by createInstance
      let instance;
      try {
        instance = pagefind.createInstance({});
      } finally {
        html.setAttribute("lang", lang);
      }
      // result URLs are site-relative ("/regulations/x.html#a3"): prefix the site's own path
      await instance.options({ baseUrl: root.pathname });
      await instance.init();
      // a large site is indexed in parts (regkb/search.py): search them all as one
      for (const part of await shards()) {
        await instance.mergeIndex(new URL(part, root).pathname, { baseUrl: root.pathname });
      }
      return instance;
    });
    engines[kind].catch(() => {
      delete engines[kind];
      modulePromise = null;
    });
    return engines[kind];
  }

  // An excerpt as Pagefind returns it (page text HTML-escaped, matched words in <mark>) as nodes.
  const parser = new DOMParser(); // an inert document: nothing in it runs or loads
  function excerpt(html) {
    const p = document.createElement("p");
    String(html).split(/<mark>|<\/mark>/).forEach((part, i) => {
      const node = i % 2 ? document.createElement("mark") : document.createTextNode("");
      node.textContent = parser.parseFromString(part, "text/html").documentElement.textContent;
      p.appendChild(node);
    });
    return p;
  }

  function link(url, title, teaser, page) {
    const a = document.createElement("a");
    a.href = url;
    a.className = "md-search-result__link";
    a.tabIndex = -1;
    const article = document.createElement("article");
    article.className = "md-search-result__article md-typeset";
    if (page) {
      const glyph = document.createElement("div");
      glyph.className = "md-search-result__icon md-icon";
      article.appendChild(glyph);
    }
    const heading = document.createElement(page ? "h1" : "h2");
    heading.textContent = title;
    article.appendChild(heading);
    if (teaser) article.appendChild(excerpt(teaser));
    a.appendChild(article);
    return a;
  }

  function item(data) {
    const li = document.createElement("li");
    li.className = "md-search-result__item";
    // Pagefind splits a page at its headings that have an id: on a regulation page, every
    // 条 heading carries the clause's anchor, so these links land on the clause itself.
    const parts = data.sub_results || [];
    const intro = parts.find((s) => !s.anchor);
    const clauses = parts.filter((s) => s.anchor);
    clauses.sort((a, b) => (b.locations || []).length - (a.locations || []).length);
    const teaser = !clauses.length ? data.excerpt : intro && (intro.locations || []).length ? intro.excerpt : "";
    li.appendChild(link(data.url, (data.meta && data.meta.title) || data.url, teaser, true));
    for (const s of clauses.slice(0, CLAUSES)) li.appendChild(link(s.url, s.title, s.excerpt, false));
    const more = clauses.slice(CLAUSES);
    if (more.length) {
      const details = document.createElement("details");
      details.className = "md-search-result__more";
      const summary = document.createElement("summary");
      summary.tabIndex = -1;
      const label = document.createElement("div");
      label.textContent = more.length === 1 ? text.moreOne : text.moreOther.replace("#", more.length);
      summary.appendChild(label);
      details.appendChild(summary);
      for (const s of more) details.appendChild(link(s.url, s.title, s.excerpt, false));
      li.appendChild(details);
    }
    return li;
  }

  let current = { pending: [], busy: false };
  async function showMore(state) {
    if (state.busy || !state.pending.length) return;
    state.busy = true;
    const batch = await Promise.all(state.pending.splice(0, PAGE).map((r) => r.data()));
    state.busy = false;
    if (state !== current) return; // a newer query has replaced these results
    for (const data of batch) list.appendChild(item(data));
  }

  function count(n) {
    if (n === 0) return text.none;
    return n === 1 ? text.one : text.other.replace("#", n);
  }

  async function search(query) {
    const words = segment(query);
    let found = words ? await (await engine("precise")).search(words) : null;
    if (!found || !found.results.length) found = await (await engine("segmenting")).search(query);
    return found;
  }

  let timer = 0;
  function run() {
    clearTimeout(timer);
    const query = input.value.trim();
    const state = { pending: [], busy: false };
    current = state;
    if (!query) {
      list.textContent = "";
      meta.textContent = text.placeholder;
      return;
    }
    if (location.protocol === "file:") {
      meta.textContent = text.fileUrl;
      return;
    }
    timer = setTimeout(async () => {
      let found;
      try {
        found = await search(query);
      } catch (error) {
        if (state === current) meta.textContent = text.failed;
        console.warn("pagefind:", error);
        return;
      }
      if (state !== current) return; // the user typed on
      list.textContent = "";
      meta.textContent = count(found.results.length);
      state.pending = found.results.slice();
      showMore(state);
    }, 200);
  }

  input.addEventListener("input", run);
  input.addEventListener("focus", () => {
    toggle.checked = true;
    if (location.protocol !== "file:") engine("precise").catch(() => {}); // fetch while the user types
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const first = list.querySelector("a");
    if (first) location.href = first.href;
  });
  form.addEventListener("reset", () => setTimeout(() => { run(); input.focus(); }));
  toggle.addEventListener("change", () => (toggle.checked ? input.focus() : input.blur()));
  scroller.addEventListener("scroll", () => {
    if (scroller.scrollTop + scroller.clientHeight >= scroller.scrollHeight - 40) showMore(current);
  });
  list.addEventListener("click", (event) => {
    if (event.target.closest("a")) toggle.checked = false; // e.g. a clause of this very page
  });
  document.addEventListener("keydown", (event) => {
    const typing = /^(INPUT|TEXTAREA|SELECT)$/.test(document.activeElement && document.activeElement.tagName);
    if (toggle.checked && event.key === "Escape") {
      toggle.checked = false;
      input.blur();
    } else if (!toggle.checked && !typing && !event.ctrlKey && !event.metaKey && !event.altKey &&
               (event.key === "/" || event.key === "s")) {
      event.preventDefault();
      toggle.checked = true;
      input.focus();
    }
  });
})();
