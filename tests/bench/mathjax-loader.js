// make bench only: the loader the site used with MathJax before KaTeX, kept to measure the old way (tests/bench/mathbench.py).
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
      // Extensions may be autoloaded from this site; \require of anything else, and the
      // extensions that write raw HTML attributes (html) or load fonts (unicode), are refused.
      require: {
        defaultAllow: false,
        allow: {
          ams: true, amscd: true, boldsymbol: true, braket: true, cancel: true, cases: true,
          centernot: true, color: true, colortbl: true, empheq: true, enclose: true, extpfeil: true,
          gensymb: true, mathtools: true, mhchem: true, newcommand: true, noundefined: true,
          physics: true, textcomp: true, textmacros: true, upgreek: true, verb: true,
          html: false, unicode: false, require: false
        }
      }
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
    root.dataset.mathPath = location.pathname; // which page the state below belongs to
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
