// django-import-export's "Select all" box calls its handler from an inline onchange attribute,
// which the Content-Security-Policy blocks: bind the same handler here instead.
(function () {
  "use strict";
  document.addEventListener("change", function (event) {
    if (event.target.matches(".select-toggle") && typeof window.onSelectToggleChange === "function") {
      window.onSelectToggleChange(event);
    }
  });
})();
