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

  // --- a stakeholder map in full size, with pan and zoom ------------------------------
  // Without this script the link opens the map's SVG file; with it, the map opens in
  // place at its natural size (every label readable), dragged or moved by arrow keys,
  // zoomed by the buttons, + and -, or the mouse wheel; Escape closes it.

  function toolButton(text, label, action) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "cjm-scroll-button";
    button.textContent = text;
    button.setAttribute("aria-label", label);
    button.title = label;
    button.addEventListener("click", action);
    return button;
  }

  function openMap(link) {
    var figure = link.closest("figure");
    var original = figure && figure.querySelector("svg");
    if (!original) { return false; }
    var dialog = document.createElement("dialog");
    dialog.className = "cjm-map-dialog";
    dialog.setAttribute("aria-label", original.getAttribute("aria-label") || "");
    var bar = document.createElement("div");
    bar.className = "cjm-map-dialog-bar";
    var view = document.createElement("div");
    view.className = "cjm-map-dialog-view";
    view.tabIndex = 0;
    var svg = original.cloneNode(true);
    svg.classList.add("cjm-map-full");
    var box = svg.viewBox && svg.viewBox.baseVal;
    // Graphviz draws in points: its natural size in CSS px is 4/3 of the viewBox.
    var natural = box ? box.width * 4 / 3 : original.getBoundingClientRect().width;
    var naturalHeight = box ? box.height * 4 / 3 : original.getBoundingClientRect().height;
    svg.style.width = natural + "px";
    svg.style.height = naturalHeight + "px";
    svg.style.maxWidth = "none";
    view.appendChild(svg);
    var zoom = 1, x = 0, y = 0;
    function apply() {
      svg.style.transform = "translate(" + x + "px," + y + "px) scale(" + zoom + ")";
      dialog.setAttribute("data-cjm-zoom", zoom.toFixed(2));
    }
    function zoomBy(factor, cx, cy) {
      var next = Math.min(Math.max(zoom * factor, 0.1), 6);
      if (cx === undefined) { cx = view.clientWidth / 2; cy = view.clientHeight / 2; }
      x = cx - (cx - x) * next / zoom;
      y = cy - (cy - y) * next / zoom;
      zoom = next;
      apply();
    }
    function fit() {
      zoom = Math.min(view.clientWidth / natural, view.clientHeight / naturalHeight, 1);
      x = (view.clientWidth - natural * zoom) / 2;
      y = Math.max((view.clientHeight - naturalHeight * zoom) / 2, 0);
      apply();
    }
    function actual() {
      // Natural size, centred: the customer sits in the middle of the map.
      zoom = 1;
      x = (view.clientWidth - natural) / 2;
      y = Math.min((view.clientHeight - naturalHeight) / 2, 0) || 0;
      if (naturalHeight < view.clientHeight) { y = (view.clientHeight - naturalHeight) / 2; }
      apply();
    }
    bar.appendChild(toolButton("+", link.getAttribute("data-cjm-zoom-in") || "+", function () { zoomBy(1.25); }));
    bar.appendChild(toolButton("\u2212", link.getAttribute("data-cjm-zoom-out") || "-", function () { zoomBy(0.8); }));
    bar.appendChild(toolButton(link.getAttribute("data-cjm-zoom-reset") || "Fit", link.getAttribute("data-cjm-zoom-reset") || "Fit", fit));
    var close = toolButton("\u2715 " + (link.getAttribute("data-cjm-close") || ""), link.getAttribute("data-cjm-close") || "Close", function () { dialog.close(); });
    close.classList.add("cjm-map-close");
    bar.appendChild(close);
    dialog.appendChild(bar);
    dialog.appendChild(view);
    document.body.appendChild(dialog);
    var drag = null;
    view.addEventListener("pointerdown", function (event) {
      if (event.target.closest && event.target.closest("a")) { return; }
      drag = { px: event.clientX, py: event.clientY, x: x, y: y };
      view.setPointerCapture(event.pointerId);
    });
    view.addEventListener("pointermove", function (event) {
      if (!drag) { return; }
      x = drag.x + event.clientX - drag.px;
      y = drag.y + event.clientY - drag.py;
      apply();
    });
    view.addEventListener("pointerup", function () { drag = null; });
    view.addEventListener("wheel", function (event) {
      event.preventDefault();
      var rect = view.getBoundingClientRect();
      zoomBy(event.deltaY < 0 ? 1.1 : 1 / 1.1, event.clientX - rect.left, event.clientY - rect.top);
    }, { passive: false });
    dialog.addEventListener("keydown", function (event) {
      var moves = { ArrowLeft: [40, 0], ArrowRight: [-40, 0], ArrowUp: [0, 40], ArrowDown: [0, -40] };
      if (event.key === "+" || event.key === "=") { zoomBy(1.25); }
      else if (event.key === "-") { zoomBy(0.8); }
      else if (event.key === "0") { fit(); }
      else if (moves[event.key] && event.target === view) { x += moves[event.key][0]; y += moves[event.key][1]; apply(); }
      else { return; }
      event.preventDefault();
    });
    dialog.addEventListener("close", function () {
      dialog.remove();
      link.focus();
    });
    dialog.showModal();
    actual();
    view.focus();
    return true;
  }

  function setupMaps() {
    Array.prototype.forEach.call(document.querySelectorAll("a.cjm-map-open"), function (link) {
      if (link.getAttribute("data-cjm-ready") || typeof HTMLDialogElement === "undefined") { return; }
      link.setAttribute("data-cjm-ready", "1");
      link.setAttribute("role", "button");
      link.addEventListener("click", function (event) {
        if (event.ctrlKey || event.metaKey || event.shiftKey) { return; }  // a new tab: the file
        if (openMap(link)) { event.preventDefault(); }
      });
      link.addEventListener("keydown", function (event) {
        if (event.key === " ") { event.preventDefault(); link.click(); }
      });
    });
  }

  // --- print: the curve and the journey map on one page ------------------------------
  // Printing lays the poster out at the paper's width (cjm.css); here it is scaled so
  // that the curve and the whole table fit one page, however many lanes are filled.

  var MM = 96 / 25.4;

  function posterParts() {
    var curve = document.getElementById("emotion-curve");
    var frame = document.querySelector(".cjm-scroll-frame .cjm-phase-table");
    if (!curve || !frame) { return []; }
    var parts = [];
    for (var el = curve; el; el = el.nextElementSibling) {
      parts.push(el);
      if (el.contains(frame)) { return parts; }
    }
    return [];
  }

  function fitPoster() {
    var parts = posterParts();
    if (!parts.length) { return; }
    var a3 = !!document.querySelector(".cjm-phases-many");
    var width = (a3 ? 400 : 277) * MM;
    var height = ((a3 ? 277 : 190) - 6) * MM;
    // The height at a zoom: laid out at the paper's width divided by the zoom (a wider
    // table is shorter), then scaled. It shrinks as the zoom does: find the largest
    // zoom that fits by halving the interval.
    // The parts' own heights and margins: the distance from the first to the last on
    // screen also holds what the print layout leaves out.
    function heightAt(zoom) {
      parts.forEach(function (el) { el.style.zoom = ""; el.style.width = width / zoom + "px"; });
      var total = 0;
      parts.forEach(function (el) {
        var style = getComputedStyle(el);
        total += el.getBoundingClientRect().height
          + parseFloat(style.marginTop) + parseFloat(style.marginBottom);
      });
      return total * zoom;
    }
    var zoom = 1;
    if (heightAt(1) > height) {
      var low = 0.1, high = 1;
      for (var pass = 0; pass < 10; pass++) {
        var middle = (low + high) / 2;
        if (heightAt(middle) > height) { high = middle; } else { low = middle; }
      }
      zoom = low;
    }
    parts.forEach(function (el) { el.style.width = width / zoom + "px"; el.style.zoom = String(zoom); });
    document.documentElement.setAttribute("data-cjm-print-zoom", zoom.toFixed(2));
  }

  function unfitPoster() {
    posterParts().forEach(function (el) { el.style.zoom = ""; el.style.width = ""; });
    document.documentElement.removeAttribute("data-cjm-print-zoom");
  }

  if (window.matchMedia) {
    var printing = window.matchMedia("print");
    var onPrint = function (event) { if (event.matches) { fitPoster(); } else { unfitPoster(); } };
    if (printing.addEventListener) { printing.addEventListener("change", onPrint); }
    else if (printing.addListener) { printing.addListener(onPrint); }
  }
  window.addEventListener("afterprint", unfitPoster);

  function setup() {
    document.documentElement.classList.add("cjm-js");
    setupMaps();
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
