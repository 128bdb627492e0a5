// The progress bar of a print job (templates/awards/print_job.html): polls the job's small JSON view every
// two seconds until the job is done or failed, then shows the download link or the error. No inline script:
// the portal's Content-Security-Policy forbids it.
(function () {
  "use strict";
  var box = document.getElementById("print-job");
  if (!box || box.dataset.finished === "1") return;
  var url = box.dataset.progressUrl;
  var fill = document.getElementById("print-job-fill");
  var bar = document.getElementById("print-job-bar");

  function show(id, visible) {
    var element = document.getElementById(id);
    if (element) element.classList.toggle("d-none", !visible);
  }

  function update(data) {
    document.getElementById("print-job-status").textContent = data.label;
    document.getElementById("print-job-done").textContent = data.done;
    document.getElementById("print-job-total").textContent = data.total;
    fill.style.width = data.percent + "%";
    fill.textContent = data.percent + "%";
    bar.setAttribute("aria-valuenow", data.percent);
    if (!data.finished) return false;
    fill.classList.remove("progress-bar-striped", "progress-bar-animated");
    if (data.status === "done") fill.classList.add("bg-success");
    if (data.status === "failed") fill.classList.add("bg-danger");
    if (data.error) document.getElementById("print-job-error-text").textContent = data.error;
    show("print-job-error", Boolean(data.error));
    show("print-job-download", Boolean(data.download));
    show("print-job-restart", Boolean(data.restart));
    document.getElementById("print-job-note").textContent =
      data.status === "done" ? (data.download ? "In xong; bấm “Tải về bản in”." : "In xong.")
        : (data.restart ? "Lượt in đã dừng; có thể in lại từ đầu." : "Lượt in đã dừng.");
    return true;
  }

  function poll() {
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin", cache: "no-store" })
      .then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.json();
      })
      .then(function (data) {
        if (!update(data)) window.setTimeout(poll, 2000);
      })
      .catch(function () {
        // The server restarting or the network dropping: try again a little later.
        window.setTimeout(poll, 5000);
      });
  }

  window.setTimeout(poll, 1000);
})();
