// Material 9.8 wraps each code block's copy button in an unnamed <nav>. Two or more on a page are
// landmarks nobody can tell apart (axe: landmark-unique), and a copy button is not navigation:
// take the landmark role away. Material adds them as it mounts code blocks, after instant navigation too.
(function () {
  "use strict";
  function relabel() {
    document.querySelectorAll("nav.md-code__nav:not([role])").forEach(function (nav) {
      nav.setAttribute("role", "none");
    });
  }
  new MutationObserver(relabel).observe(document.body, { childList: true, subtree: true });
  relabel();
})();
