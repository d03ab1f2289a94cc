// The header's search box, answered by Pagefind (index built after the build by hooks/cvsite/search.py).
// Material's look and keys: "/", "s" or "f" opens it, arrows move through the results, Enter follows one
// (through instant navigation), Escape closes it. Pagefind's engine and the index fragments a query needs
// are fetched from this site only when the reader first uses the box. No inline script, no eval.
(function () {
  "use strict";

  var dialog = document.querySelector("[data-cv-search]");
  if (!dialog) return;
  var toggle = document.getElementById("__search");
  var form = dialog.querySelector("form");
  var input = dialog.querySelector(".md-search__input");
  var meta = dialog.querySelector(".md-search-result__meta");
  var list = dialog.querySelector(".md-search-result__list");
  var config = JSON.parse(document.getElementById("__config").textContent);
  var words = config.translations || {};
  var root = new URL(config.base.replace(/\/?$/, "/"), location.href); // the site's root, at any depth
  var PAGE = 8; // results whose text is fetched at a time
  var engine = null;
  var shards = null; // how many files the names index has (hooks/cvsite/names.py)
  var nameFiles = {};
  var shown = [];
  var pending = null;
  var queue = Promise.resolve(); // the searches asked of Pagefind, one after the other

  function load() {
    if (!engine) {
      engine = import(new URL("pagefind/pagefind.js", root).href).then(function (pagefind) {
        // termFrequency 0.5 (default 1): a page that names a term once, in a heavily weighted place (a paper's
        // short name), is not outranked by a long table that repeats it in every row (benchmark settings).
        // termSimilarity 5 (default 1): a word typed whole beats the longer words it begins ("SAM" finds SAM
        // before "same" and "sampling"), so a paper named by the query is among the results fetched first.
        var ranking = { termFrequency: 0.5, termSimilarity: 5 };
        return pagefind.options({ baseUrl: root.pathname, excerptLength: 24, noWorker: true, ranking: ranking }).then(function () {
          return pagefind.init();
        }).then(function () { return pagefind; });
      });
      engine.catch(function () { engine = null; say("Search is not available right now."); });
    }
    return engine;
  }

  function say(text) { meta.textContent = text; }

  // 32-bit FNV-1a of the UTF-8 bytes, as hooks/cvsite/names.py computes it.
  function fnv1a(text) {
    var bytes = new TextEncoder().encode(text), hash = 0x811c9dc5;
    for (var i = 0; i < bytes.length; i++) hash = Math.imul(hash ^ bytes[i], 0x01000193) >>> 0;
    return hash;
  }

  function json(path) {
    return fetch(new URL(path, root).href).then(function (r) { if (!r.ok) throw new Error(path); return r.json(); });
  }

  // The pages whose name is what was typed, from the one file of the names index that holds its key: a
  // paper typed by its short name or title comes first even when Pagefind ranks it low ("transformer").
  // [] when there are none, or when the index cannot be read (Pagefind's results are still shown).
  function byName(query) {
    var typed = key(query);
    if (!typed) return Promise.resolve([]);
    if (!shards) shards = json("search-names/shards.json").then(function (d) { return d.shards; });
    return shards.then(function (n) {
      var file = fnv1a(typed) % n;
      if (!nameFiles[file]) nameFiles[file] = json("search-names/" + file + ".json");
      return nameFiles[file];
    }).then(function (names) { return names[typed] || []; }).catch(function () { shards = null; return []; });
  }

  function count(n) {
    if (n === 0) return words["search.result.none"] || "No matching documents";
    if (n === 1) return words["search.result.one"] || "1 matching document";
    return (words["search.result.other"] || "# matching documents").replace("#", n);
  }

  // Pagefind's excerpt is text with <mark> around the hits: rebuilt from text nodes, never parsed as markup.
  function snippet(excerpt) {
    var p = document.createElement("p");
    var parsed = new DOMParser().parseFromString("<body>" + excerpt, "text/html").body;
    parsed.childNodes.forEach(function (node) {
      if (node.nodeName === "MARK") {
        var mark = document.createElement("mark");
        mark.textContent = node.textContent;
        p.appendChild(mark);
      } else {
        p.appendChild(document.createTextNode(node.textContent));
      }
    });
    return p;
  }

  function score(section) {
    return (section.weighted_locations || []).reduce(function (sum, w) { return sum + w.balanced_score; }, 0);
  }

  function link(url, title, section, excerpt, main) {
    var a = document.createElement("a");
    a.href = url;
    a.className = "md-search-result__link";
    a.tabIndex = -1;
    var article = document.createElement("article");
    article.className = "md-search-result__article md-typeset" + (main ? " md-search-result__article--document" : "");
    if (main) {
      var icon = document.createElement("div");
      icon.className = "md-search-result__icon md-icon";
      article.appendChild(icon);
    }
    var heading = document.createElement(main ? "h1" : "h2");
    heading.textContent = title;
    article.appendChild(heading);
    if (section) {
      var where = document.createElement("p");
      where.className = "cv-search-section";
      where.textContent = section;
      article.appendChild(where);
    }
    article.appendChild(snippet(excerpt));
    a.appendChild(article);
    return a;
  }

  function key(text) { return (text || "").toLowerCase().replace(/[^\p{L}\p{N}+#]+/gu, ""); }

  // How well a result's name matches what was typed: 2 when it is the name itself (a paper's short name or
  // title, a formula's or a question's title), 1 when it is a name without its bracket ("Transformer" for
  // "Transformer (Vaswani et al.)") or the abbreviation in that bracket ("mAP" for "Mean average precision
  // (mAP)"), 0 otherwise. Results are shown best name first, then in Pagefind's order.
  function named(data, query) {
    var typed = key(query);
    var title = data.meta.title || "";
    var names = [data.meta.name, title].filter(Boolean);
    if (names.some(function (name) { return key(name) === typed; })) return 2;
    var short = names.map(function (name) { return name.replace(/\s*\([^)]*\)\s*$/, ""); });
    var brackets = names.map(function (name) { return (name.match(/\(([^)]+)\)\s*$/) || [])[1]; });
    return short.concat(brackets).some(function (name) { return name && key(name) === typed; }) ? 1 : 0;
  }

  // One result: the page, linked to its best-matching section, then up to two other sections with hits.
  // An entry of a page of entries (a formula, a question) shows that page's title above its own.
  function item(data) {
    var li = document.createElement("li");
    li.className = "md-search-result__item";
    if (data.meta.page) {
      li.appendChild(link(data.url, data.meta.page, data.meta.title, data.excerpt, true));
      return li;
    }
    var title = data.meta.title || data.url;
    var sections = (data.sub_results || []).filter(function (s) { return (s.weighted_locations || []).length; });
    sections.sort(function (a, b) { return score(b) - score(a); });
    var best = sections[0];
    if (best && best.url !== data.url && best.title !== title) {
      li.appendChild(link(best.url, title, best.title, best.excerpt, true));
    } else {
      li.appendChild(link(data.url, title, "", best ? best.excerpt : data.excerpt, true));
    }
    sections.slice(1, 3).forEach(function (s) {
      if (s.title !== title) li.appendChild(link(s.url, s.title, "", s.excerpt, false));
    });
    return li;
  }

  function escaped(text) { return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;"); }

  // A page found by its name in the names index: its title, and its name marked as the hit.
  function nameItem(entry) {
    var li = document.createElement("li");
    li.className = "md-search-result__item";
    var url = new URL(entry.u, root);
    li.appendChild(link(url.pathname + url.hash, entry.t, "", "<mark>" + escaped(entry.n) + "</mark> · " + escaped(entry.d), true));
    return li;
  }

  function place(url) { var u = new URL(url, location.href); return u.pathname + u.hash; }

  // Results from..from+PAGE, then a button for the next ones; nothing if a newer query took over. The first
  // ones are sorted best name first (named), with the pages of the names index that were not among them.
  // `seen` holds the pages shown, so that none is listed twice.
  function more(results, from, ticket, query, names, seen) {
    return Promise.all(results.slice(from, from + PAGE).map(function (r) { return r.data(); })).then(function (pages) {
      if (ticket !== pending) return;
      var items = pages.filter(function (d) { return !seen.has(place(d.url)); }).map(function (d, i) {
        return { rank: query ? named(d, query) : 0, at: i, make: function () { return item(d); }, url: place(d.url) };
      });
      (names || []).forEach(function (entry) {
        var url = place(new URL(entry.u, root).href);
        var fetched = items.filter(function (it) { return it.url === url; })[0];
        if (fetched) fetched.rank = Math.max(fetched.rank, entry.r); // named by a name its text does not show as one
        if (fetched || seen.has(url)) return;
        items.push({ rank: entry.r, at: PAGE, make: function () { return nameItem(entry); }, url: url });
      });
      items.sort(function (a, b) { return b.rank - a.rank || a.at - b.at; });
      var old = list.querySelector(".cv-search-more");
      if (old) old.remove();
      items.forEach(function (it) { seen.add(it.url); list.appendChild(it.make()); });
      if (results.length <= from + PAGE) return;
      var li = document.createElement("li");
      li.className = "md-search-result__item cv-search-more";
      var button = document.createElement("button");
      button.type = "button";
      button.className = "md-search-result__link";
      button.tabIndex = -1;
      button.textContent = "Show more results";
      button.addEventListener("click", function () {
        var at = links().indexOf(button);
        more(results, from + PAGE, ticket, null, null, seen).then(function () { focusAt(at); });
      });
      li.appendChild(button);
      list.appendChild(li);
    });
  }

  function run() {
    var query = input.value.trim();
    var ticket = pending = {};
    delete list.dataset.query;
    if (!query) {
      list.textContent = "";
      say(words["search.result.placeholder"] || "Type to start searching");
      return;
    }
    // Our own pause, not Pagefind's debouncedSearch: that one fetches the index chunks of every prefix
    // typed ("f", "fo", "focal l"...) while it waits, bytes the reader never uses.
    load().then(function (pagefind) {
      return new Promise(function (resolve) { setTimeout(resolve, 120); }).then(function () {
        if (ticket !== pending) return null;
        // Brackets and "+" are Pagefind's query syntax: without them "R(2+1)D" asks for the word the index holds (r21d).
        // One search at a time: on a slow machine a pause can pass between two keys, and a search then
        // never starts while the one before it is still loading its chunks; a query overtaken meanwhile is dropped.
        var asked = queue.then(function () { return ticket === pending ? pagefind.search(query.replace(/[()+]/g, "")) : null; });
        queue = asked.catch(function () {});
        return Promise.all([asked, byName(query)]);
      });
    }).then(function (found) {
      var search = found && found[0];
      if (!search || ticket !== pending) return; // a newer query is under way
      list.textContent = "";
      var names = found[1].filter(function (entry) { return entry.r > 0; });
      say(count(Math.max(search.results.length, names.length)));
      return more(search.results, 0, ticket, query, names, new Set()).then(function () {
        if (ticket === pending) list.dataset.query = query; // the results shown are this query's
      });
    }).catch(function () {
      if (ticket === pending) say("Search is not available right now.");
    });
  }

  function links() { return Array.prototype.slice.call(list.querySelectorAll(".md-search-result__link")); }

  function focusAt(index) {
    var all = links();
    if (index < 0 || !all.length) { input.focus(); return; }
    all[Math.min(index, all.length - 1)].focus();
  }

  function open() {
    if (!toggle.checked) { toggle.checked = true; toggle.dispatchEvent(new Event("change")); }
    load(); // start fetching the engine while the reader types
  }

  function close() {
    if (toggle.checked) { toggle.checked = false; toggle.dispatchEvent(new Event("change")); }
    input.blur();
  }

  function editable(element) {
    return element && (element.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(element.tagName));
  }

  input.addEventListener("focus", open);
  input.addEventListener("input", run);
  toggle.addEventListener("change", function () {
    if (toggle.checked) { if (document.activeElement !== input) input.focus(); } else input.blur();
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var first = links()[0];
    if (first) first.click();
  });
  form.addEventListener("reset", function () { setTimeout(function () { run(); input.focus(); }); });
  list.addEventListener("click", function (event) {
    if (event.target.closest("a")) close();
  });

  window.addEventListener("keydown", function (event) {
    if (event.metaKey || event.ctrlKey || event.altKey) return;
    var active = document.activeElement;
    if (!toggle.checked) {
      if ((event.key === "/" || event.key === "s" || event.key === "f") && !editable(active)) {
        event.preventDefault();
        input.focus();
        input.select();
      }
      return;
    }
    var all = links();
    var at = all.indexOf(active);
    if (event.key === "Escape") {
      event.preventDefault();
      close();
    } else if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      if (active !== input && at < 0) return;
      event.preventDefault();
      focusAt(event.key === "ArrowDown" ? Math.min(at + 1, all.length - 1) : at - 1);
    } else if (event.key === "Enter" && at >= 0) {
      event.preventDefault();
      all[at].click();
    } else if (at >= 0 && event.key.length === 1) {
      input.focus(); // typing goes on in the box
    }
  }, true);
})();
