/*
 * 纠错: every clause of a regulation page offers a prefilled report naming the regulation, the clause
 * id, its text and the page's address. Where the site is deployed with an address for reports
 * (REGKB_FEEDBACK_EMAIL → extra.feedback_email → <meta name="regkb-feedback">) it opens a message to
 * it; without one it copies the report, to send by whatever channel the unit uses (an intranet copy
 * often has no mail link that works, and a made-up address would lose the report).
 * Made from the page itself, so the clause templates stay as they are.
 */
(function () {
  "use strict";
  const meta = document.querySelector('meta[name="regkb-feedback"]');
  const address = meta && meta.content ? meta.content : "";
  const clauses = document.querySelectorAll(".rk-regulation-body .rk-para[id], .rk-regulation-body .rk-item[id], p.rk-para[id], li.rk-item[id]");
  if (!clauses.length) return;
  // the regulation's full title (the metadata card's, without its status badge), else the heading
  const card = document.querySelector(".rk-card-title");
  const named = card ? card.cloneNode(true) : document.querySelector("h1");
  if (named && card) named.querySelectorAll(".rk-badge").forEach((b) => b.remove());
  const title = (named ? named.textContent : document.title).trim();

  function report(clause) {
    const copy = clause.cloneNode(true);
    copy.querySelectorAll("ol, .rk-permalink, .rk-feedback, .headerlink").forEach((n) => n.remove());
    const words = copy.textContent.replace(/\s+/g, " ").trim().slice(0, 600);
    const page = location.href.split("#")[0] + "#" + clause.id;
    return "法规：" + title + "\n条款编号：" + clause.id + "\n条款原文：" + words + "\n页面：" + page +
      "\n\n问题说明（请填写）：\n";
  }

  // Without an address: one spoken status for every copy (role=status is read out when it changes).
  let status = null;
  function say(message) {
    if (!status) {
      status = document.createElement("div");
      status.className = "rk-offscreen";
      status.setAttribute("role", "status");
      document.body.appendChild(status);
    }
    status.textContent = "";
    setTimeout(() => { status.textContent = message; }, 30);
  }
  function copy(text) {
    RegkbDom.copyText(text, () => say("已复制纠错信息（法规、条款编号、原文与网址），请补充问题说明后发给本站维护人员。"),
      "请复制以下纠错信息：");
  }

  for (const clause of clauses) {
    let control;
    if (address) {
      control = document.createElement("a");
      control.href = "mailto:" + address + "?subject=" + encodeURIComponent("纠错：" + title + " " + clause.id) +
        "&body=" + encodeURIComponent(report(clause));
      control.title = "报告本条的错误（打开邮件，已填好条款与网址）";
    } else {
      control = document.createElement("button");
      control.type = "button";
      control.addEventListener("click", () => copy(report(clause)));
      control.title = "报告本条的错误（复制已填好条款与网址的纠错信息）";
    }
    control.className = "rk-feedback";
    control.textContent = "纠错";
    control.setAttribute("data-search-exclude", "");
    const nested = clause.querySelector(":scope > ol");
    if (nested) clause.insertBefore(control, nested); else clause.appendChild(control);
  }
})();
