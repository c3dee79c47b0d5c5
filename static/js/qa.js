// QA workspace: click-to-seek, keyboard answers, citing transcript lines as evidence.
(function () {
  "use strict";
  var audio = document.getElementById("call-audio");
  var current = null;

  document.addEventListener("click", function (event) {
    var play = event.target.closest(".seg-play");
    if (play && audio) {
      audio.currentTime = parseFloat(play.dataset.start || "0");
      audio.play().catch(function () {});
      document.querySelectorAll(".seg.playing").forEach(function (el) { el.classList.remove("playing"); });
      var seg = play.closest(".seg");
      if (seg) { seg.classList.add("playing"); }
    }
    var cite = event.target.closest(".seg-cite");
    if (cite && current) {
      var input = current.querySelector(".evidence-input");
      var values = input.value.split(/[\s,]+/).filter(Boolean);
      if (values.indexOf(cite.dataset.index) === -1) { values.push(cite.dataset.index); }
      input.value = values.sort(function (a, b) { return a - b; }).join(" ");
      cite.setAttribute("aria-label", "Cited as evidence for " + current.dataset.key);
    }
  });

  document.addEventListener("focusin", function (event) {
    var fieldset = event.target.closest("fieldset.criterion");
    if (fieldset) {
      if (current) { current.classList.remove("current"); }
      current = fieldset;
      current.classList.add("current");
    }
  });

  // y / n / a on an answer button choose yes / no / N/A.
  document.addEventListener("keydown", function (event) {
    var target = event.target;
    if (!target.matches || !target.matches(".answer-choices input[type=radio]")) { return; }
    if (event.ctrlKey || event.altKey || event.metaKey) { return; }
    var map = { y: "yes", n: "no", a: "na" };
    var value = map[event.key.toLowerCase()];
    if (!value) { return; }
    var radio = target.closest(".answer-choices").querySelector("input[value=" + value + "]");
    if (radio) { radio.checked = true; radio.focus(); event.preventDefault(); }
  });

  // Transcript lines get a "Cite" button on the scoring page.
  if (document.getElementById("scorecard-form")) {
    document.querySelectorAll(".seg").forEach(function (seg) {
      var play = seg.querySelector(".seg-play");
      var button = document.createElement("button");
      button.type = "button";
      button.className = "seg-cite secondary";
      button.dataset.index = seg.id.replace("seg-", "");
      button.textContent = "Cite";
      button.setAttribute("aria-label", "Cite segment " + button.dataset.index + " as evidence");
      play.insertAdjacentElement("afterend", button);
    });
  }
})();
