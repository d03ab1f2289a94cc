// Loads MathJax (served from this site) only on pages that contain math, and typesets again after
// each instant navigation. Pages without math never download a byte of MathJax.
(function () {
  "use strict";
  var source = new URL("../assets/mathjax/tex-chtml.js", document.currentScript.src).href;
  var ready = null;
  var started;

  window.MathJax = {
    tex: {
      inlineMath: [["\\(", "\\)"]],
      displayMath: [["\\[", "\\]"]],
      processEscapes: true,
      processEnvironments: true,
      require: { defaultAllow: false } // no \require of extensions from the page
    },
    options: { ignoreHtmlClass: ".*|", processHtmlClass: "arithmatex" },
    loader: { load: ["ui/safe"] }, // filters \href, \class, \style and friends
    startup: {
      typeset: false,
      ready: function () {
        window.MathJax.startup.defaultReady();
        window.MathJax.startup.promise.then(function () { started(); });
      }
    }
  };

  function load() {
    if (!ready) {
      ready = new Promise(function (resolve, reject) {
        started = resolve;
        var script = document.createElement("script");
        script.src = source;
        script.async = true;
        script.onerror = reject;
        document.head.appendChild(script);
      });
    }
    return ready;
  }

  function typeset() {
    var root = document.documentElement;
    if (!document.querySelector(".arithmatex")) {
      root.dataset.math = "none";
      return;
    }
    root.dataset.math = "pending";
    load()
      .then(function () {
        var mj = window.MathJax;
        mj.startup.output.clearCache();
        mj.typesetClear();
        mj.texReset();
        return mj.typesetPromise();
      })
      .then(function () { root.dataset.math = "typeset"; })
      .catch(function (error) { root.dataset.math = "error"; console.error(error); });
  }

  if (window.document$) {
    window.document$.subscribe(typeset);
  } else {
    document.addEventListener("DOMContentLoaded", typeset);
  }
})();
