// Live progress of calls on their way in (upload page, calls list): polls the small JSON
// endpoint in data-progress-url for the calls whose [data-call] is not done yet.
(function () {
  "use strict";
  var host = document.querySelector("[data-progress-url]");
  if (!host) { return; }
  var url = host.dataset.progressUrl;
  var started = Date.now();

  function pending() {
    return Array.prototype.slice.call(host.querySelectorAll("[data-call][data-done='0']"));
  }

  function poll() {
    var cells = pending();
    if (!cells.length || Date.now() - started > 30 * 60 * 1000) { return; }
    var ids = cells.map(function (el) { return el.dataset.call; }).join(",");
    fetch(url + "?ids=" + encodeURIComponent(ids), { credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : { calls: [] }; })
      .then(function (data) {
        data.calls.forEach(function (step) {
          var el = host.querySelector("[data-call='" + step.id + "']");
          if (!el) { return; }
          el.textContent = step.label + (step.detail ? ": " + step.detail : "");
          el.dataset.done = step.done ? "1" : "0";
          el.classList.toggle("progress-done", step.done);
          el.classList.toggle("progress-failed", step.state === "failed");
        });
      })
      .catch(function () {})
      .then(function () { setTimeout(poll, 2000); });
  }
  setTimeout(poll, 1000);
})();
