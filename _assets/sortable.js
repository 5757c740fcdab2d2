// Make tables with class "sortable" sortable by clicking (or pressing Enter on) a column header.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("table.sortable").forEach(function (table) {
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
        var body = table.tBodies[0];
        Array.from(body.rows)
          .sort(function (a, b) {
            var x = a.cells[column].textContent, y = b.cells[column].textContent;
            return (ascending ? 1 : -1) * x.localeCompare(y, undefined, { numeric: true });
          })
          .forEach(function (row) { body.appendChild(row); });
      });
    });
  });
});
