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

/* mkdocs-cjm: the action plan's filter by owner and status. Without this script the
   page shows every owner's table, done items folded away; the filter only hides rows. */
(function () {
  "use strict";

  function matches(row, status) {
    if (status === "") { return true; }
    if (status === "open") { return row.getAttribute("data-status") !== "done"; }
    if (status === "overdue") { return row.getAttribute("data-overdue") === "1"; }
    return row.getAttribute("data-status") === status;
  }

  function apply(form) {
    var owner = form.querySelector("select[data-filter=owner]").value;
    var status = form.querySelector("select[data-filter=status]").value;
    var groups = document.querySelectorAll(".cjm-owner-group[data-owner]");
    Array.prototype.forEach.call(groups, function (group) {
      var id = group.getAttribute("data-owner");
      var shown = 0;
      Array.prototype.forEach.call(group.querySelectorAll("tr[data-status]"), function (row) {
        var ok = matches(row, status);
        row.classList.toggle("cjm-filtered-out", !ok);
        if (ok && (status !== "open" || row.getAttribute("data-status") !== "done")) { shown += 1; }
      });
      Array.prototype.forEach.call(group.querySelectorAll("details.cjm-done-items"), function (details) {
        var any = details.querySelector("tr[data-status]:not(.cjm-filtered-out)") !== null;
        details.classList.toggle("cjm-filtered-out", !any);
        if (status === "done") { details.open = true; }
      });
      Array.prototype.forEach.call(group.querySelectorAll(".cjm-action-table"), function (table) {
        if (table.closest("details")) { return; }
        var any = table.querySelector("tr[data-status]:not(.cjm-filtered-out)") !== null;
        table.closest(".cjm-table-wrap").classList.toggle("cjm-filtered-out", !any);
      });
      var hide = (owner !== "" && owner !== id) || shown === 0;
      group.classList.toggle("cjm-filtered-out", hide);
      var heading = document.getElementById(id);
      if (heading) { heading.classList.toggle("cjm-filtered-out", hide); }
      var entry = document.querySelector(".cjm-owner-index li[data-owner='" + id + "']");
      if (entry) { entry.classList.toggle("cjm-filtered-out", hide); }
    });
  }

  // Printed, folded parts (done actions, further steps, phases per journey) are shown:
  // paper cannot be unfolded. They fold again after printing.
  var opened = [];
  window.addEventListener("beforeprint", function () {
    var folded = document.querySelectorAll("details.cjm-done-items, details.cjm-more, details.cjm-phase-matrix");
    Array.prototype.forEach.call(folded, function (details) {
      if (!details.open) { details.open = true; opened.push(details); }
    });
  });
  window.addEventListener("afterprint", function () {
    opened.forEach(function (details) { details.open = false; });
    opened = [];
  });

  function setup() {
    var forms = document.querySelectorAll("form[data-cjm-filter=actions]");
    Array.prototype.forEach.call(forms, function (form) {
      if (form.getAttribute("data-cjm-ready")) { return; }
      form.setAttribute("data-cjm-ready", "1");
      form.hidden = false;
      form.addEventListener("submit", function (event) { event.preventDefault(); });
      Array.prototype.forEach.call(form.querySelectorAll("select"), function (select) {
        select.addEventListener("change", function () { apply(form); });
      });
    });
  }

  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(setup);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setup);
  } else {
    setup();
  }
})();
