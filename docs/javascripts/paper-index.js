// The paper index ("All papers"): filters by topic, year range, tag, code and words, and sorting, all
// in the browser on the list the page already holds (no request). The choice is kept in the address
// (?topic=...&from=...&to=...&tag=...&code=1&q=...&sort=...), so a view can be shared. Without
// JavaScript the whole list is shown and no control appears.
(function () {
  "use strict";

  var SORTS = [
    ["order", "Reading order"],
    ["newest", "Newest first"],
    ["oldest", "Oldest first"],
    ["name", "Name, A to Z"],
  ];

  function element(tag, properties, children) {
    var node = document.createElement(tag);
    Object.keys(properties || {}).forEach(function (key) { node[key] = properties[key]; });
    (children || []).forEach(function (child) { node.appendChild(child); });
    return node;
  }

  function labelled(text, control) {
    return element("label", {}, [document.createTextNode(text + " "), control]);
  }

  function select(name, options) {
    return element("select", { name: name }, options.map(function (option) {
      return element("option", { value: option[0], textContent: option[1] });
    }));
  }

  function setup() {
    var list = document.querySelector("article ul.paper-index");
    if (!list || list.dataset.ready) return;
    list.dataset.ready = "true";
    var items = Array.prototype.slice.call(list.querySelectorAll(":scope > li.paper-entry")).map(function (li) {
      var link = li.querySelector("a");
      return {
        li: li,
        topic: li.dataset.topic,
        topicTitle: li.querySelector(".paper-topic").textContent,
        year: Number(li.dataset.year),
        tags: li.dataset.tags ? li.dataset.tags.split(" ") : [],
        code: li.dataset.code === "yes",
        order: Number(li.dataset.order),
        name: link.textContent,
        text: (li.textContent + " " + (link.title || "")).toLowerCase(),
      };
    });

    var topics = {}, tags = {}, years = {};
    items.forEach(function (item) {
      topics[item.topic] = item.topicTitle;
      years[item.year] = true;
      item.li.querySelectorAll(".paper-tag").forEach(function (tag) { tags[tag.dataset.tags] = tag.textContent; });
    });
    function byTitle(map) {
      return Object.keys(map).sort(function (a, b) { return map[a].localeCompare(map[b]); }).map(function (k) { return [k, map[k]]; });
    }
    var yearList = Object.keys(years).sort();

    var controls = {
      topic: select("topic", [["", "All topics"]].concat(byTitle(topics))),
      from: select("from", yearList.map(function (y) { return [y, y]; })),
      to: select("to", yearList.map(function (y) { return [y, y]; })),
      tag: select("tag", [["", "Any tag"]].concat(byTitle(tags))),
      code: element("input", { type: "checkbox", name: "code" }),
      q: element("input", { type: "search", name: "q", placeholder: "e.g. anchor, transformer", autocomplete: "off" }),
      sort: select("sort", SORTS),
    };
    var defaults = { topic: "", from: yearList[0], to: yearList[yearList.length - 1], tag: "", code: false, q: "", sort: "order" };
    var status = element("output", { className: "paper-index-status" });
    status.setAttribute("aria-live", "polite");
    var reset = element("button", { type: "button", textContent: "Show all" });
    var form = element("form", { className: "paper-index-filters" }, [
      labelled("Topic", controls.topic),
      element("span", { className: "paper-index-years" }, [labelled("From", controls.from), document.createTextNode(" "), labelled("to", controls.to)]),
      labelled("Tag", controls.tag),
      element("label", {}, [controls.code, document.createTextNode(" With code")]),
      labelled("Words", controls.q),
      labelled("Sort", controls.sort),
      reset,
      status,
    ]);
    form.setAttribute("role", "search");
    form.setAttribute("aria-label", "Filter the papers");
    form.addEventListener("submit", function (event) { event.preventDefault(); });

    function read() {
      var state = {};
      Object.keys(controls).forEach(function (key) {
        state[key] = key === "code" ? controls.code.checked : controls[key].value;
      });
      return state;
    }

    function write(state) {
      Object.keys(controls).forEach(function (key) {
        if (key === "code") controls.code.checked = Boolean(state.code);
        else controls[key].value = state[key];
        if (controls[key].tagName === "SELECT" && controls[key].selectedIndex < 0) controls[key].value = defaults[key];
      });
    }

    function fromAddress() {
      var params = new URLSearchParams(window.location.search);
      var state = {};
      Object.keys(defaults).forEach(function (key) {
        state[key] = params.has(key) ? (key === "code" ? params.get(key) === "1" : params.get(key)) : defaults[key];
      });
      return state;
    }

    function toAddress(state) {
      var params = new URLSearchParams();
      Object.keys(defaults).forEach(function (key) {
        if (state[key] !== defaults[key] && state[key] !== "") params.set(key, key === "code" ? "1" : state[key]);
      });
      var query = params.toString();
      var url = window.location.pathname + (query ? "?" + query : "") + window.location.hash;
      if (url !== window.location.pathname + window.location.search + window.location.hash) {
        window.history.replaceState(window.history.state, "", url);
      }
    }

    function describe(state) {
      var parts = [];
      if (state.topic) parts.push("topic " + topics[state.topic]);
      if (state.from !== defaults.from || state.to !== defaults.to) parts.push("years " + state.from + " to " + state.to);
      if (state.tag) parts.push("tag " + tags[state.tag]);
      if (state.code) parts.push("with code");
      if (state.q.trim()) parts.push("words \u201c" + state.q.trim() + "\u201d");
      return parts.join(", ");
    }

    function apply() {
      var state = read();
      if (Number(state.from) > Number(state.to)) {  // a reversed range means the years between them
        var low = state.to;
        state.to = state.from;
        state.from = low;
        write(state);
      }
      var words = state.q.toLowerCase().split(/\s+/).filter(Boolean);
      var shown = 0;
      items.forEach(function (item) {
        var ok = (!state.topic || item.topic === state.topic) &&
          item.year >= Number(state.from) && item.year <= Number(state.to) &&
          (!state.tag || item.tags.indexOf(state.tag) >= 0) &&
          (!state.code || item.code) &&
          words.every(function (word) { return item.text.indexOf(word) >= 0; });
        item.li.hidden = !ok;
        if (ok) shown += 1;
      });
      var sorted = items.slice().sort(function (a, b) {
        if (state.sort === "newest") return b.year - a.year || a.order - b.order;
        if (state.sort === "oldest") return a.year - b.year || a.order - b.order;
        if (state.sort === "name") return a.name.localeCompare(b.name);
        return a.order - b.order;
      });
      sorted.forEach(function (item) { list.appendChild(item.li); });
      var why = describe(state);
      if (!why) status.textContent = "All " + items.length + " papers.";
      else if (shown) status.textContent = shown + " of " + items.length + " papers: " + why + ".";
      else status.textContent = "No paper matches " + why + ". Change a filter, or show all.";
      reset.hidden = !why;
      toAddress(state);
    }

    write(fromAddress());
    Object.keys(controls).forEach(function (key) {
      controls[key].addEventListener(key === "q" ? "input" : "change", apply);
    });
    reset.addEventListener("click", function () { write(defaults); apply(); });
    list.before(form);
    apply();
  }

  if (window.document$) {
    window.document$.subscribe(setup);
  } else {
    document.addEventListener("DOMContentLoaded", setup);
  }
})();
