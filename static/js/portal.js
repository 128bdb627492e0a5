// Small behaviours of the portal, kept out of the HTML so the Content-Security-Policy can forbid
// inline scripts.
(function () {
  "use strict";
  // <form data-confirm="…">: ask before submitting.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form.getAttribute && form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) {
      event.preventDefault();
    }
  });
  // Nomination form: the staff picker only matters for an individual.
  function syncNomineeKind(form) {
    var chosen = form.querySelector("input[name=kind]:checked");
    var staff = form.querySelector("#div_id_staff");
    if (chosen && staff) {
      staff.hidden = chosen.value !== "individual";
    }
  }
  document.querySelectorAll("form[data-nomination-form]").forEach(function (form) {
    syncNomineeKind(form);
    form.addEventListener("change", function () { syncNomineeKind(form); });
  });
})();
