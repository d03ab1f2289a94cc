// Loads the box playground (script and style) only on pages that have one: the
// other pages never download it.
(function () {
  "use strict";
  var base = document.currentScript.src;
  var loaded = false;

  function load() {
    if (loaded || !document.querySelector(".box-playground")) return;
    loaded = true;
    var style = document.createElement("link");
    style.rel = "stylesheet";
    style.href = new URL("../stylesheets/playground.css", base).href;
    document.head.appendChild(style);
    var script = document.createElement("script");
    script.src = new URL("playground.js", base).href;
    document.head.appendChild(script);
  }

  if (window.document$) {
    window.document$.subscribe(load);
  } else {
    document.addEventListener("DOMContentLoaded", load);
  }
})();
