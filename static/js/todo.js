// "Việc cần làm" (issue 15): the navigation's count of what waits for the person. The home page renders
// it; every other page fetches it once the page is shown, so the page's own queries do not grow.
(function () {
  "use strict";
  var badges = document.querySelectorAll("[data-todo-count-url]");
  if (!badges.length || !window.fetch) {
    return;
  }
  var url = badges[0].getAttribute("data-todo-count-url");
  fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
    .then(function (response) { return response.ok ? response.json() : null; })
    .then(function (data) {
      if (!data || !data.total) {
        return;
      }
      badges.forEach(function (badge) {
        badge.textContent = String(data.total);
        badge.title = data.title;
        badge.hidden = false;
      });
    })
    .catch(function () { /* the count is a convenience: the home page lists the tasks anyway */ });
})();
