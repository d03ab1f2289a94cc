// Sortable result tables of the benchmark pages (hooks/templates/benchmark.md.j2): each column
// heading becomes a button; a click sorts by that column, a second click reverses the order.
// Without JavaScript the table stays as built, ranked best first.
(function () {
  "use strict";

  function key(cell) {
    var text = cell.textContent.trim();
    var number = parseFloat(text.replace(/,/g, ""));
    return isNaN(number) ? text.toLowerCase() : number;
  }

  function compare(a, b) {
    if (typeof a === typeof b) return a < b ? -1 : a > b ? 1 : 0;
    return typeof a === "number" ? -1 : 1; // numbers before text
  }

  function setup() {
    document.querySelectorAll(".benchmark-results table").forEach(function (table) {
      if (table.dataset.sortable) return;
      table.dataset.sortable = "true";
      var headings = table.querySelectorAll("thead th");
      var body = table.tBodies[0];
      headings.forEach(function (th, column) {
        var button = document.createElement("button");
        button.type = "button";
        button.className = "sort-button";
        button.textContent = th.textContent;
        th.textContent = "";
        th.appendChild(button);
        button.addEventListener("click", function () {
          var ascending = th.getAttribute("aria-sort") !== "ascending";
          headings.forEach(function (other) { other.removeAttribute("aria-sort"); });
          th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
          var rows = Array.prototype.slice.call(body.rows).map(function (row, index) {
            return { row: row, key: key(row.cells[column]), index: index };
          });
          rows.sort(function (a, b) {
            return (ascending ? 1 : -1) * compare(a.key, b.key) || a.index - b.index;
          });
          rows.forEach(function (item) { body.appendChild(item.row); });
        });
      });
    });
  }

  if (window.document$) {
    window.document$.subscribe(setup); // Material's instant navigation
  } else {
    document.addEventListener("DOMContentLoaded", setup);
  }
})();
