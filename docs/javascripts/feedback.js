/*
 * 纠错: every clause of a regulation page offers a link that opens a prefilled message to the
 * address set in mkdocs.yml (extra.feedback_email), naming the clause id, its text and the page's
 * address. Made from the page itself, so the clause templates stay as they are.
 */
(function () {
  "use strict";
  const meta = document.querySelector('meta[name="regkb-feedback"]');
  if (!meta || !meta.content) return;
  const clauses = document.querySelectorAll(".rk-regulation-body .rk-para[id], .rk-regulation-body .rk-item[id], p.rk-para[id], li.rk-item[id]");
  if (!clauses.length) return;
  // the regulation's full title (the metadata card's, without its status badge), else the heading
  const card = document.querySelector(".rk-card-title");
  const named = card ? card.cloneNode(true) : document.querySelector("h1");
  if (named && card) named.querySelectorAll(".rk-badge").forEach((b) => b.remove());
  const title = (named ? named.textContent : document.title).trim();
  for (const clause of clauses) {
    const copy = clause.cloneNode(true);
    copy.querySelectorAll("ol, .rk-permalink, .rk-feedback, .headerlink").forEach((n) => n.remove());
    const words = copy.textContent.replace(/\s+/g, " ").trim().slice(0, 600);
    const page = location.href.split("#")[0] + "#" + clause.id;
    const body = "法规：" + title + "\n条款编号：" + clause.id + "\n条款原文：" + words + "\n页面：" + page +
      "\n\n问题说明（请填写）：\n";
    const link = document.createElement("a");
    link.className = "rk-feedback";
    link.href = "mailto:" + meta.content + "?subject=" + encodeURIComponent("纠错：" + title + " " + clause.id) +
      "&body=" + encodeURIComponent(body);
    link.textContent = "纠错";
    link.title = "报告本条的错误（打开邮件，已填好条款与网址）";
    link.setAttribute("data-search-exclude", "");
    const nested = clause.querySelector(":scope > ol");
    if (nested) clause.insertBefore(link, nested); else clause.appendChild(link);
  }
})();
