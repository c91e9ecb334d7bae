/* mkdocs-cjm: click a column header of a .cjm-sortable table to sort it; a table
   wider than the screen shows buttons and shadows where it continues.
   The pages read well without this script; it only adds these. */
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

  // --- scroll frames: a table wider than the screen says that it continues ---------

  function stickyWidth(scroller) {
    // The lane names stay put while the phases scroll: the left shadow starts after them.
    var sticky = scroller.querySelector("tbody th, thead th");
    return sticky && getComputedStyle(sticky).position === "sticky" ? sticky.offsetWidth : 0;
  }

  function step(scroller) {
    // One phase column at a time, so the reader keeps their place.
    var columns = scroller.querySelectorAll("thead th");
    var last = columns.length ? columns[columns.length - 1] : null;
    var width = last ? last.offsetWidth : 0;
    return Math.max(width, Math.min(scroller.clientWidth * 0.8, 320));
  }

  function frameButton(text, direction, scroller) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "cjm-scroll-button cjm-scroll-" + (direction > 0 ? "more" : "back");
    button.textContent = direction > 0 ? text + " \u2192" : "\u2190 " + text;
    button.addEventListener("click", function () {
      scroller.scrollBy({ left: direction * step(scroller), behavior: "smooth" });
    });
    return button;
  }

  function setupFrame(frame) {
    var scroller = frame.querySelector(".cjm-scroll");
    if (!scroller || frame.getAttribute("data-cjm-ready")) { return; }
    frame.setAttribute("data-cjm-ready", "1");
    var bar = document.createElement("div");
    bar.className = "cjm-scroll-bar";
    bar.hidden = true;
    var back = frameButton(frame.getAttribute("data-cjm-back") || "", -1, scroller);
    var more = frameButton(frame.getAttribute("data-cjm-more") || "", 1, scroller);
    bar.appendChild(back);
    bar.appendChild(more);
    frame.insertBefore(bar, scroller);
    function update() {
      var room = scroller.scrollWidth - scroller.clientWidth;
      var left = scroller.scrollLeft;
      var wide = room > 1;
      bar.hidden = !wide;
      frame.classList.toggle("cjm-more-left", wide && left > 1);
      frame.classList.toggle("cjm-more-right", wide && left < room - 1);
      back.disabled = !(left > 1);
      more.disabled = !(left < room - 1);
      frame.style.setProperty("--cjm-sticky-w", stickyWidth(scroller) + "px");
    }
    scroller.addEventListener("scroll", update, { passive: true });
    if (typeof ResizeObserver !== "undefined") {
      new ResizeObserver(update).observe(scroller);
    } else {
      window.addEventListener("resize", update);
    }
    update();
  }

  function setup() {
    document.documentElement.classList.add("cjm-js");
    Array.prototype.forEach.call(document.querySelectorAll(".cjm-scroll-frame"), setupFrame);
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
