/* mkdocs-cjm: click a column header of a .cjm-sortable table to sort it.
   The table reads well without this script; it only adds sorting. */
(function () {
  "use strict";

  function cellValue(row, index, type) {
    var cell = row.cells[index];
    if (!cell) { return type === "number" ? -Infinity : ""; }
    var raw = cell.getAttribute("data-value");
    if (raw === null) { raw = cell.textContent; }
    if (type === "number") {
      var n = parseFloat(raw);
      return isNaN(n) ? -Infinity : n;
    }
    return raw.trim().toLocaleLowerCase();
  }

  function sortBy(table, header) {
    var index = Array.prototype.indexOf.call(header.parentNode.children, header);
    var type = header.getAttribute("data-sort");
    var ascending = header.getAttribute("aria-sort") !== "ascending";
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = cellValue(a, index, type), y = cellValue(b, index, type);
      var order = type === "number" ? x - y : String(x).localeCompare(String(y));
      return ascending ? order : -order;
    });
    rows.forEach(function (row) { body.appendChild(row); });
    Array.prototype.forEach.call(header.parentNode.children, function (th) { th.removeAttribute("aria-sort"); });
    header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
  }

  function setup() {
    document.documentElement.classList.add("cjm-js");
    var tables = document.querySelectorAll("table.cjm-sortable");
    Array.prototype.forEach.call(tables, function (table) {
      if (table.getAttribute("data-cjm-ready")) { return; }
      table.setAttribute("data-cjm-ready", "1");
      var headers = table.querySelectorAll("th[data-sort]");
      Array.prototype.forEach.call(headers, function (th) {
        th.setAttribute("tabindex", "0");
        th.addEventListener("click", function () { sortBy(table, th); });
        th.addEventListener("keydown", function (event) {
          if (event.key === "Enter" || event.key === " ") { event.preventDefault(); sortBy(table, th); }
        });
      });
    });
  }

  // Material's instant navigation swaps pages without a reload: it exposes document$.
  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(setup);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setup);
  } else {
    setup();
  }
})();
