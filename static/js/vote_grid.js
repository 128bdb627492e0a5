// Vote grid: "Tất cả tán thành" fills a nomination's row, so the office types only the exceptions.
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-fill-row]");
    if (!button) { return; }
    event.preventDefault();
    button.closest("tr").querySelectorAll("select").forEach(function (select) {
      if (!select.value) { select.value = button.getAttribute("data-fill-row"); }
    });
  });
})();
