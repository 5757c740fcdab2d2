// Evidence tables: sort by a column (click or Enter on its header), filter rows by text, and on a
// phone open a row in full (its other columns, labelled). A link to a row (#row-dep-013) opens
// whatever hides it and highlights it.
(function () {
  function detailRow(row) {
    var next = row.nextElementSibling;
    return next && next.classList.contains("row-detail") ? next : null;
  }

  function closeRow(row) {
    var detail = detailRow(row);
    if (detail) detail.remove();
    var button = row.querySelector(".row-toggle");
    if (button) { button.setAttribute("aria-expanded", "false"); button.textContent = "More"; }
  }

  function openRow(row) {
    if (detailRow(row)) return;
    // Every cell the screen hides (the extra columns, and on a very narrow phone the last key column).
    var cells = Array.prototype.filter.call(row.cells, function (c) { return getComputedStyle(c).display === "none"; });
    var detail = document.createElement("tr");
    detail.className = "row-detail";
    var cell = document.createElement("td");
    cell.colSpan = row.cells.length;
    var list = document.createElement("dl");
    cells.forEach(function (c) {
      if (!c.textContent.trim()) return;
      var dt = document.createElement("dt"); dt.textContent = c.dataset.label || "";
      var dd = document.createElement("dd"); dd.innerHTML = c.innerHTML;
      list.appendChild(dt); list.appendChild(dd);
    });
    cell.appendChild(list);
    detail.appendChild(cell);
    row.after(detail);
    var button = row.querySelector(".row-toggle");
    if (button) { button.setAttribute("aria-expanded", "true"); button.textContent = "Less"; }
  }

  function setUp(table) {
    var body = table.tBodies[0];
    if (!body) return;
    var rows = Array.prototype.slice.call(body.rows);
    var hasMore = table.querySelector("thead th.col-more") !== null;
    table.querySelectorAll("thead th").forEach(function (th, column) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "sort-button";
      button.textContent = th.textContent;
      th.textContent = "";
      th.appendChild(button);
      th.setAttribute("aria-sort", "none");
      button.addEventListener("click", function () {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        table.querySelectorAll("thead th").forEach(function (other) { other.setAttribute("aria-sort", "none"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        rows.forEach(closeRow);
        rows.slice()
          .sort(function (a, b) {
            var x = a.cells[column].textContent, y = b.cells[column].textContent;
            return (ascending ? 1 : -1) * x.localeCompare(y, undefined, { numeric: true });
          })
          .forEach(function (row) { body.appendChild(row); });
      });
    });
    if (hasMore) {
      rows.forEach(function (row) {
        var button = document.createElement("button");
        button.type = "button";
        button.className = "row-toggle";
        button.textContent = "More";
        button.setAttribute("aria-expanded", "false");
        button.addEventListener("click", function () {
          if (detailRow(row)) closeRow(row); else openRow(row);
        });
        row.cells[0].appendChild(button);
      });
    }
    if (rows.length >= 6) whenShown(table, function () { addFilter(table, rows); });
  }

  // A text field in content the browser has not laid out (a closed disclosure, or a section far from the
  // screen: book.css) made it lay that content out as the page loaded, once per field: on a page with many
  // tables, the load's longest task. So a table's filter is added when the table first comes near the
  // screen: that is, once it is laid out and within a quarter of a screen of the window.
  var waiting = new Map();
  var nearScreen = window.IntersectionObserver && new IntersectionObserver(function (entries) {
    entries.forEach(function (entry) {
      if (!entry.isIntersecting) return;
      nearScreen.unobserve(entry.target);
      waiting.get(entry.target)();
      waiting.delete(entry.target);
    });
  }, { rootMargin: "25% 0px" });

  function whenShown(element, add) {
    if (!nearScreen) { add(); return; }
    waiting.set(element, add);
    nearScreen.observe(element);
  }

  function addFilter(table, rows) {
    var wrapper = table.closest(".table-wrapper") || table;
    var tools = document.createElement("div");
    tools.className = "table-tools";
    var label = document.createElement("label");
    label.textContent = "Filter rows ";
    var input = document.createElement("input");
    input.type = "search";
    input.className = "table-filter";
    label.appendChild(input);
    var count = document.createElement("span");
    count.className = "table-count";
    count.setAttribute("aria-live", "polite");
    count.textContent = rows.length + " rows";
    tools.appendChild(label);
    tools.appendChild(count);
    wrapper.parentNode.insertBefore(tools, wrapper);
    input.addEventListener("input", function () {
      var words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
      var shown = 0;
      rows.forEach(function (row) {
        var text = row.textContent.toLowerCase();
        var match = words.every(function (w) { return text.indexOf(w) >= 0; });
        row.hidden = !match;
        if (!match) closeRow(row);
        if (match) shown += 1;
      });
      count.textContent = words.length ? shown + " of " + rows.length + " rows" : rows.length + " rows";
    });
  }

  function showTarget() {
    var id = decodeURIComponent(location.hash.slice(1));
    if (!id) return;
    var target = document.getElementById(id);
    if (!target) return;
    var details = target.closest("details");
    while (details) { details.open = true; details = details.parentElement && details.parentElement.closest("details"); }
    if (target.tagName === "TR") {
      if (target.hidden) {
        var filter = target.closest(".table-wrapper").previousElementSibling;
        var input = filter && filter.querySelector(".table-filter");
        if (input) { input.value = ""; input.dispatchEvent(new Event("input")); }
      }
      document.querySelectorAll("tr.is-target").forEach(function (r) { r.classList.remove("is-target"); });
      target.classList.add("is-target");
    }
    // A row or a verdict in the middle of the window; a section or a chart from its start, below the header.
    target.scrollIntoView({ block: target.offsetHeight < innerHeight / 2 ? "center" : "start" });
  }

  function start() {
    document.querySelectorAll("table.sortable").forEach(setUp);
    window.addEventListener("hashchange", showTarget);
    showTarget();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
