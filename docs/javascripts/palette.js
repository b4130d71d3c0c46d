/* The light/dark toggle in the header (overrides/partials/palette.html), in place of Material's palette
 * component, which restyled the whole page three times at every load (it set and removed
 * data-md-color-switching on <body> and rewrote <meta name="color-scheme">).
 *
 * The choice is kept as Material keeps it: localStorage "__palette" through Material's __md_get and
 * __md_set, {index, color: {media, scheme, primary, accent}}, so Material's inline script in the header
 * applies it to <body> before the page is painted. At load this script only shows the toggle's button
 * (one attribute), and changes the page's colours only when the reader has no saved choice and the
 * system's preference picks another palette than the first. Clicking the button, Enter, or the arrow
 * keys on the (visually hidden) radio buttons switch the palette, as with Material's.
 */
(function () {
  "use strict";
  var form = document.querySelector("form.rk-palette");
  if (!form || typeof __md_get !== "function") return;
  var inputs = Array.prototype.slice.call(form.querySelectorAll("input[name='__palette']"));
  if (!inputs.length) return;
  var themeColor = null;
  var colorScheme = null;

  function meta(name) {
    var element = document.createElement("meta");
    element.name = name;
    document.head.appendChild(element);
    return element;
  }

  function colors(input) {
    var color = {
      media: input.getAttribute("data-md-color-media"),
      scheme: input.getAttribute("data-md-color-scheme"),
      primary: input.getAttribute("data-md-color-primary"),
      accent: input.getAttribute("data-md-color-accent"),
    };
    if (color.media === "(prefers-color-scheme)") {
      // automatic: the colours of the palette for the system's current preference
      var light = matchMedia("(prefers-color-scheme: light)").matches;
      var match = form.querySelector("[data-md-color-media='(prefers-color-scheme: " + (light ? "light" : "dark") + ")']");
      if (match) {
        color.scheme = match.getAttribute("data-md-color-scheme");
        color.primary = match.getAttribute("data-md-color-primary");
        color.accent = match.getAttribute("data-md-color-accent");
      }
    }
    return color;
  }

  // The browser's toolbar colour (the header's background) and the page's colour scheme, as Material
  // sets them; read when the page is idle, so it never forces a style calculation of its own.
  function describe() {
    var header = document.querySelector(".md-header");
    if (!header) return;
    var style = getComputedStyle(header);
    var rgb = (style.backgroundColor.match(/\d+/g) || []).slice(0, 3);
    if (rgb.length === 3) {
      themeColor = themeColor || meta("theme-color");
      themeColor.content = "#" + rgb.map(function (c) { return (+c).toString(16).padStart(2, "0"); }).join("");
    }
    // light is what a page without the tag gets: the tag (whose change restyles the page) only for dark
    var scheme = style.colorScheme;
    if (colorScheme || (scheme && scheme !== "normal" && scheme !== "light")) {
      colorScheme = colorScheme || meta("color-scheme");
      colorScheme.content = scheme;
    }
  }
  function later(fn) {
    if (window.requestIdleCallback) requestIdleCallback(fn, { timeout: 2000 });
    else setTimeout(fn, 200);
  }

  function showButton(index) {
    inputs.forEach(function (input, i) {
      var label = input.nextElementSibling;
      if (label instanceof HTMLLabelElement && label.hidden !== (i !== index)) label.hidden = i !== index;
    });
  }

  // Apply palette ``index``: the <body> attributes Material's CSS reads, the button, the saved choice.
  function apply(index) {
    var color = colors(inputs[index]);
    var body = document.body;
    var changes = Object.keys(color).filter(function (key) {
      return body.getAttribute("data-md-color-" + key) !== color[key];
    });
    if (changes.length) body.setAttribute("data-md-color-switching", ""); // no transitions while switching
    changes.forEach(function (key) { body.setAttribute("data-md-color-" + key, color[key]); });
    showButton(index);
    __md_set("__palette", { index: index, color: color });
    if (changes.length) {
      requestAnimationFrame(function () { body.removeAttribute("data-md-color-switching"); });
    }
    if (changes.length || !themeColor) later(describe);
  }

  function current() {
    var saved = __md_get("__palette");
    var index = saved && typeof saved.index === "number" ? saved.index : -1;
    if (index < 0) {
      index = inputs.findIndex(function (input) {
        return matchMedia(input.getAttribute("data-md-color-media")).matches;
      });
    }
    return Math.max(0, Math.min(index, inputs.length - 1));
  }

  inputs.forEach(function (input, i) {
    input.addEventListener("change", function () { if (input.checked) apply(i); });
  });
  // Enter on the focused radio button switches to the next palette, as in Material's component
  form.addEventListener("keydown", function (event) {
    if (event.key !== "Enter") return;
    var at = inputs.indexOf(event.target);
    if (at < 0) return;
    event.preventDefault();
    var next = inputs[(at + 1) % inputs.length];
    next.click();
    next.focus();
  });
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  // a change of the system's preference re-reads the choice (it matters for an automatic palette)
  var system = matchMedia("(prefers-color-scheme: light)");
  var onSystem = function () { apply(current()); };
  if (system.addEventListener) system.addEventListener("change", onSystem);
  else if (system.addListener) system.addListener(onSystem);

  apply(current());
})();
