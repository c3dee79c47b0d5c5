// A "Print" button without an inline handler (the Content-Security-Policy allows no inline script).
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    if (event.target.closest("[data-print]")) { window.print(); }
  });
})();
