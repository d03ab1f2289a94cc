// Filters for catalogue pages (topic link lists, timeline): by kind, task, year and recommended.
// Each filterable list item or table row holds an empty <span class="filter-item" data-...>
// written at build time. Without JavaScript nothing is hidden and no control is shown.
(function () {
  "use strict";

  var LABELS = { kind: "Kind", tags: "Task", year: "Year" };

  function values(items, key) {
    var seen = {};
    items.forEach(function (item) {
      (item.marker.dataset[key] || "").split(" ").forEach(function (v) { if (v) seen[v] = true; });
    });
    return Object.keys(seen).sort();
  }

  function select(key, options, onChange) {
    var label = document.createElement("label");
    label.textContent = LABELS[key] + " ";
    var input = document.createElement("select");
    input.name = key;
    var all = document.createElement("option");
    all.value = "";
    all.textContent = "All";
    input.appendChild(all);
    options.forEach(function (value) {
      var option = document.createElement("option");
      option.value = value;
      option.textContent = value.replace(/-/g, " ");
      input.appendChild(option);
    });
    input.addEventListener("change", onChange);
    label.appendChild(input);
    return label;
  }

  function setup() {
    var article = document.querySelector("article.md-content__inner");
    if (!article || article.querySelector(".catalogue-filters")) return;
    var items = Array.prototype.map.call(article.querySelectorAll(".filter-item"), function (marker) {
      return { marker: marker, element: marker.closest("li, tr") };
    }).filter(function (item) { return item.element; });
    if (items.length < 5) return;

    var form = document.createElement("form");
    form.className = "catalogue-filters";
    form.setAttribute("role", "search");
    form.setAttribute("aria-label", "Filter this page");
    var status = document.createElement("output");
    status.setAttribute("aria-live", "polite");

    function apply() {
      var shown = 0;
      var wanted = {};
      Array.prototype.forEach.call(form.querySelectorAll("select"), function (s) { wanted[s.name] = s.value; });
      var onlyRecommended = form.querySelector("input[name=recommended]");
      items.forEach(function (item) {
        var data = item.marker.dataset;
        var ok = Object.keys(wanted).every(function (key) {
          return !wanted[key] || (data[key] || "").split(" ").indexOf(wanted[key]) >= 0;
        });
        if (onlyRecommended && onlyRecommended.checked && data.recommended !== "true") ok = false;
        item.element.hidden = !ok;
        if (ok) shown += 1;
      });
      // Hide a list or table, and the heading just before it, when none of its entries is shown.
      article.querySelectorAll("ul, ol, table").forEach(function (group) {
        var entries = group.querySelectorAll(":scope > li, :scope > tbody > tr");
        var filtered = Array.prototype.filter.call(entries, function (e) { return e.querySelector(":scope > .filter-item, :scope > td > .filter-item"); });
        if (!filtered.length) return;
        var empty = filtered.every(function (e) { return e.hidden; });
        var box = group.closest(".md-typeset__scrollwrap") || group;
        box.hidden = empty;
        var heading = box.previousElementSibling;
        if (heading && /^H[2-4]$/.test(heading.tagName)) heading.hidden = empty;
      });
      // Say why entries are hidden: which filters are on, and what to do when nothing is left.
      var why = Object.keys(wanted).filter(function (key) { return wanted[key]; }).map(function (key) {
        return LABELS[key].toLowerCase() + " " + wanted[key].replace(/-/g, " ");
      });
      if (onlyRecommended && onlyRecommended.checked) why.push("recommended only");
      if (!why.length) status.textContent = "All " + items.length + " shown";
      else if (shown) status.textContent = shown + " of " + items.length + " shown (" + why.join(", ") + ")";
      else status.textContent = "Nothing here matches " + why.join(", ") + "; change or clear a filter";
    }

    ["kind", "tags", "year"].forEach(function (key) {
      var options = values(items, key);
      if (options.length > 1) form.appendChild(select(key, options, apply));
    });
    if (items.some(function (item) { return item.marker.dataset.recommended === "true"; })) {
      var label = document.createElement("label");
      var box = document.createElement("input");
      box.type = "checkbox";
      box.name = "recommended";
      box.addEventListener("change", apply);
      label.appendChild(box);
      label.appendChild(document.createTextNode(" Recommended only"));
      form.appendChild(label);
    }
    if (!form.children.length) return;
    form.appendChild(status);
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    // Just above the first filterable list (and its heading), so that the filter sits by what it filters.
    var first = items[0].element.closest("ul, ol, table");
    first = first.closest(".md-typeset__scrollwrap") || first;
    var above = first.previousElementSibling;
    (above && /^H[2-4]$/.test(above.tagName) ? above : first).before(form);
    apply();
  }

  if (window.document$) {
    window.document$.subscribe(setup);
  } else {
    document.addEventListener("DOMContentLoaded", setup);
  }
})();
