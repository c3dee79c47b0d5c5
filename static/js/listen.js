// A listen is recorded when a recording actually starts playing, not when the page loads or the
// browser fetches the audio's metadata: the first "play" of each player on the page POSTs to its
// data-listen-url, once per page view (a failed report is tried again on the next play).
(function () {
  "use strict";
  function csrfToken() {
    try {
      return JSON.parse(document.body.getAttribute("hx-headers") || "{}")["X-CSRFToken"] || "";
    } catch (error) {
      return "";
    }
  }
  document.querySelectorAll("audio[data-listen-url]").forEach(function (audio) {
    var reported = false;
    audio.addEventListener("play", function () {
      if (reported) { return; }
      reported = true;
      fetch(audio.dataset.listenUrl, {
        method: "POST",
        credentials: "same-origin",
        headers: { "X-CSRFToken": csrfToken() },
        keepalive: true,
      }).then(function (response) {
        if (!response.ok) { reported = false; }
      }).catch(function () { reported = false; });
    });
  });
})();
