// Polls the compile status of a learning report and moves the progress bar.
// A static file (the CSP forbids inline scripts); reloads the page when compiled.
(function () {
  "use strict";
  var box = document.querySelector(".compile[data-status-url]");
  if (!box) return;
  var bar = box.querySelector("progress");
  var label = box.querySelector("#compile-state");
  var busy = { queued: true, running: true };
  if (!busy[box.dataset.state]) return;

  function poll() {
    fetch(box.dataset.statusUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : Promise.reject(response.status); })
      .then(function (data) {
        bar.value = data.progress;
        bar.textContent = data.progress + " %";
        label.textContent = data.progress + " %" + (data.step ? " · " + data.step : "");
        if (busy[data.state]) {
          window.setTimeout(poll, 1000);
        } else {
          window.location.reload();
        }
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }
  window.setTimeout(poll, 500);
})();
