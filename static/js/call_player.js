// Click (or Enter/Space on) a transcript segment's time to play the recording from there, and
// highlight the segment being played.
(function () {
  const audio = document.getElementById("call-audio");
  if (!audio) return;
  const segments = Array.from(document.querySelectorAll(".segment"));
  document.addEventListener("click", function (event) {
    const button = event.target.closest("button.seek");
    if (!button) return;
    audio.currentTime = parseFloat(button.dataset.start);
    audio.play().catch(function () {});
  });
  // A search hit links to "#t=12.3": cue the recording there (playing stays the listener's
  // choice) and show the line.
  const cue = /^#t=(\d+(?:\.\d+)?)$/.exec(window.location.hash);
  if (cue) {
    const at = parseFloat(cue[1]);
    const seek = function () { audio.currentTime = at; };
    if (audio.readyState >= 1) { seek(); } else { audio.addEventListener("loadedmetadata", seek, { once: true }); }
    const line = segments.find(function (li) {
      return Math.abs(parseFloat(li.querySelector("button.seek").dataset.start) - at) < 0.05;
    });
    if (line) { line.classList.add("playing"); line.scrollIntoView({ block: "center" }); }
  }
  audio.addEventListener("timeupdate", function () {
    const t = audio.currentTime;
    segments.forEach(function (li) {
      const start = parseFloat(li.querySelector("button.seek").dataset.start);
      const next = li.nextElementSibling && li.nextElementSibling.querySelector("button.seek");
      const end = next ? parseFloat(next.dataset.start) : Infinity;
      li.classList.toggle("playing", t >= start && t < end);
    });
  });
})();
