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
