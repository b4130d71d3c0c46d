/* The printout's footer names the page's full address (as this browser opened it: served or from a
 * folder); the build writes only the path, since the site does not know where it will be published. */
(function () {
  "use strict";
  var url = document.querySelector(".rk-print-url");
  if (url) url.textContent = location.href.split("#")[0];
})();
