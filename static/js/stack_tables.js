// Phones (issue 15): a list table whose rows carry a link or a button is shown as one card per row
// below 576 px (CSS in portal.css, ".table-stack"), each cell labelled with its column's header, so the
// link into a dossier or a decision is on screen without scrolling sideways. Other tables (figures,
// matrices) keep scrolling inside their .table-responsive frame. Without JavaScript every table scrolls.
(function () {
  "use strict";
  document.querySelectorAll(".table-responsive > table, table.table-stack-auto").forEach(function (table) {
    if (table.classList.contains("no-stack") || !table.tHead || !table.querySelector("tbody a, tbody button")) {
      return;
    }
    var headRow = table.tHead.rows[table.tHead.rows.length - 1];
    if (!headRow) { return; }
    var labels = [];
    Array.prototype.forEach.call(headRow.cells, function (cell) {
      var text = cell.textContent.replace(/\s+/g, " ").trim();
      for (var span = 0; span < (cell.colSpan || 1); span += 1) { labels.push(text); }
    });
    Array.prototype.forEach.call(table.tBodies, function (body) {
      Array.prototype.forEach.call(body.rows, function (row) {
        var column = 0;
        Array.prototype.forEach.call(row.cells, function (cell) {
          if (labels[column] && !cell.hasAttribute("data-label") && cell.colSpan === 1) {
            cell.setAttribute("data-label", labels[column]);
          }
          column += cell.colSpan || 1;
        });
      });
    });
    table.classList.add("table-stack");
  });
})();
