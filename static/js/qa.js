// QA workspace: click-to-seek, keyboard answers, evidence picked from transcript lines, a
// running score, autosave of the draft and a warning before leaving with unsaved changes.
(function () {
  "use strict";
  var audio = document.getElementById("call-audio");
  var form = document.getElementById("scorecard-form");
  var criteria = form ? Array.prototype.slice.call(form.querySelectorAll("fieldset.criterion")) : [];
  var current = criteria[0] || null;

  function setCurrent(fieldset) {
    if (!fieldset || fieldset === current) { return; }
    if (current) { current.classList.remove("current"); }
    current = fieldset;
    current.classList.add("current");
  }

  function play(button) {
    if (!audio) { return; }
    audio.currentTime = parseFloat(button.dataset.start || "0");
    audio.play().catch(function () {});
    document.querySelectorAll(".seg.playing").forEach(function (el) { el.classList.remove("playing"); });
    var seg = button.closest(".seg");
    if (seg) { seg.classList.add("playing"); }
  }

  // ---- evidence: a transcript line toggles in or out of the current criterion's evidence ----
  function segmentText(index) {
    var seg = document.getElementById("seg-" + index);
    if (!seg) { return ""; }
    var start = seg.querySelector(".seg-play").dataset.start || "0";
    var text = (seg.querySelector(".seg-text") || {}).textContent || "";
    if (text.length > 60) { text = text.slice(0, 59) + "…"; }
    return parseFloat(start).toFixed(1) + "s “" + text.trim() + "”";
  }

  function renderChips(fieldset) {
    var input = fieldset.querySelector(".evidence-input");
    var list = fieldset.querySelector(".evidence-chips");
    var values = input.value.split(/[\s,]+/).filter(Boolean);
    list.textContent = "";
    values.forEach(function (index) {
      var li = document.createElement("li");
      li.dataset.index = index;
      var span = document.createElement("span");
      span.textContent = segmentText(index);
      var remove = document.createElement("button");
      remove.type = "button";
      remove.className = "chip-remove inline-button";
      remove.tabIndex = -1;
      remove.textContent = "×";
      remove.setAttribute("aria-label", "Remove line " + index + " from the evidence");
      li.appendChild(span);
      li.appendChild(document.createTextNode(" "));
      li.appendChild(remove);
      list.appendChild(li);
    });
  }

  function toggleEvidence(fieldset, index) {
    var input = fieldset.querySelector(".evidence-input");
    var values = input.value.split(/[\s,]+/).filter(Boolean);
    var at = values.indexOf(String(index));
    if (at === -1) { values.push(String(index)); } else { values.splice(at, 1); }
    input.value = values.sort(function (a, b) { return a - b; }).join(" ");
    renderChips(fieldset);
    changed();
  }

  document.addEventListener("click", function (event) {
    var playButton = event.target.closest(".seg-play");
    if (playButton) { play(playButton); return; }
    if (!form) { return; }
    var cite = event.target.closest(".seg-cite");
    var line = event.target.closest(".seg-text");
    if ((cite || line) && current) {
      var seg = (cite || line).closest(".seg");
      toggleEvidence(current, seg.id.replace("seg-", ""));
      return;
    }
    var remove = event.target.closest(".chip-remove");
    if (remove) {
      toggleEvidence(remove.closest("fieldset.criterion"), remove.closest("li").dataset.index);
      return;
    }
    var guidance = event.target.closest(".guidance-toggle");
    if (guidance) { toggleGuidance(guidance.closest("fieldset.criterion")); }
  });

  function toggleGuidance(fieldset) {
    var button = fieldset.querySelector(".guidance-toggle");
    var box = fieldset.querySelector(".guidance");
    if (!button || !box) { return; }
    box.hidden = !box.hidden;
    button.setAttribute("aria-expanded", box.hidden ? "false" : "true");
  }

  if (!form) { return; }

  // Transcript lines get a "Cite" button (keyboard users) and are clickable (mouse users).
  document.querySelectorAll(".seg").forEach(function (seg) {
    var playButton = seg.querySelector(".seg-play");
    var button = document.createElement("button");
    button.type = "button";
    button.className = "seg-cite secondary";
    button.dataset.index = seg.id.replace("seg-", "");
    button.textContent = "Cite";
    button.setAttribute("aria-label", "Cite segment " + button.dataset.index + " as evidence");
    playButton.insertAdjacentElement("afterend", button);
    seg.classList.add("citable");
    var text = seg.querySelector(".seg-text");
    if (text) { text.title = "Click to add this line as evidence to the criterion you are on"; }
  });

  form.addEventListener("focusin", function (event) {
    var fieldset = event.target.closest("fieldset.criterion");
    if (fieldset) { setCurrent(fieldset); }
  });
  if (current) { current.classList.add("current"); }

  function focusCriterion(fieldset) {
    var radio = fieldset.querySelector("input[type=radio]:checked") ||
      fieldset.querySelector("input[type=radio]");
    radio.focus();
    setCurrent(fieldset);
  }

  // The skip link lands on the first unanswered criterion, ready for y / n / a.
  var skip = document.getElementById("skip-to-scorecard");
  if (skip) {
    skip.addEventListener("click", function (event) {
      event.preventDefault();
      var first = criteria.filter(function (f) { return !f.querySelector("input[type=radio]:checked"); })[0] ||
        criteria[0];
      if (first) { focusCriterion(first); } else { form.focus(); }
    });
  }

  function answerOf(fieldset) {
    var checked = fieldset.querySelector("input[type=radio]:checked");
    return checked ? checked.value : "";
  }

  function syncComment(fieldset) {
    var wrap = fieldset.querySelector(".comment-wrap");
    var textarea = wrap.querySelector("textarea");
    var failed = answerOf(fieldset) === "no";
    wrap.hidden = !failed && !textarea.value.trim();
    textarea.required = failed;
    wrap.querySelector("label").textContent = failed ? "Why was it not met?" : "Why was it not met? (optional)";
    fieldset.classList.toggle("answered", !!answerOf(fieldset));
  }

  // y / n / a on an answer choose yes / no / N/A and move on: to the comment after a "no",
  // else to the next criterion, after the last one to "Submit evaluation". g shows guidance.
  form.addEventListener("keydown", function (event) {
    var target = event.target;
    if (!target.matches || !target.matches(".answer-choices input[type=radio]")) { return; }
    if (event.ctrlKey || event.altKey || event.metaKey) { return; }
    var key = event.key.toLowerCase();
    var fieldset = target.closest("fieldset.criterion");
    if (key === "g" || key === "?") { toggleGuidance(fieldset); event.preventDefault(); return; }
    var value = { y: "yes", n: "no", a: "na" }[key];
    if (!value) { return; }
    event.preventDefault();
    var radio = fieldset.querySelector("input[type=radio][value=" + value + "]");
    radio.checked = true;
    radio.dispatchEvent(new Event("change", { bubbles: true }));
    if (value === "no") {
      fieldset.querySelector(".comment-wrap textarea").focus();
      return;
    }
    var next = criteria[criteria.indexOf(fieldset) + 1];
    if (next) { focusCriterion(next); } else { document.getElementById("submit-evaluation").focus(); }
  });

  // ---- the running score, with the one formula (scoring/scorecard.py) ----
  var passMark = parseFloat(form.dataset.passMark || "0");
  function runningScore() {
    var earned = 0, possible = 0, criticalFail = false, unanswered = 0;
    criteria.forEach(function (fieldset) {
      var answer = answerOf(fieldset);
      var points = parseInt(fieldset.dataset.points, 10) || 0;
      if (!answer) { unanswered += 1; return; }
      if (answer === "na") { return; }
      possible += points;
      if (answer === "yes") { earned += points; } else if (fieldset.dataset.critical === "1") { criticalFail = true; }
    });
    var value = document.getElementById("running-score-value");
    var detail = document.getElementById("running-score-detail");
    var score = criticalFail ? 0 : (possible ? Math.round(earned * 1000 / possible) / 10 : null);
    value.textContent = score === null ? "—" : score.toFixed(1) + "%";
    var words = earned + " of " + possible + " points";
    if (criticalFail) { words += "; a critical criterion failed, so the score is 0.0"; }
    else if (score !== null) { words += score >= passMark ? "; passes" : "; below the pass mark of " + passMark + "%"; }
    if (unanswered) { words += "; " + unanswered + " still to answer"; }
    detail.textContent = "(" + words + ")";
  }

  // ---- autosave: a draft is saved a moment after each change; a beacon on leaving ----
  var status = document.getElementById("autosave-status");
  var dirty = false, timer = null, inflight = false, again = false, submitting = false;

  function save() {
    timer = null;
    if (inflight) { again = true; return; }
    inflight = true;
    status.textContent = "Saving…";
    fetch(form.dataset.autosaveUrl, {
      method: "POST",
      body: new FormData(form),
      credentials: "same-origin",
      headers: { "X-Requested-With": "fetch" }
    }).then(function (response) {
      return response.json().then(function (data) { return { ok: response.ok, data: data }; });
    }).then(function (result) {
      if (result.ok && result.data.saved) {
        if (!again) { dirty = false; }
        status.textContent = "Draft saved at " + result.data.saved_at + ".";
      } else {
        status.textContent = "Not saved: " + (result.data.error || "the server refused the draft") + ".";
      }
    }).catch(function () {
      status.textContent = "Not saved: the server could not be reached. Your answers are still on this page.";
    }).then(function () {
      inflight = false;
      if (submitWaiting) {
        var submitter = waitingSubmitter;
        waitingSubmitter = null;
        submitWaiting = false;
        if (submitter) { form.requestSubmit(submitter); } else { form.requestSubmit(); }
      } else if (again) { again = false; save(); }
    });
  }

  function changed(delay) {
    dirty = true;
    status.textContent = "Unsaved changes…";
    if (timer) { clearTimeout(timer); }
    timer = setTimeout(save, delay === undefined ? 600 : delay);
  }

  form.addEventListener("change", function (event) {
    var fieldset = event.target.closest("fieldset.criterion");
    if (fieldset) { syncComment(fieldset); }
    runningScore();
    changed(200);
  });
  form.addEventListener("input", function (event) {
    if (event.target.tagName === "TEXTAREA") { changed(); }
  });
  // Submitting posts every answer itself: drop a pending autosave, and let one already on its
  // way finish first so the two writes never meet.
  var waitingSubmitter = null, submitWaiting = false;
  form.addEventListener("submit", function (event) {
    if (timer) { clearTimeout(timer); timer = null; }
    if (inflight) {
      event.preventDefault();
      waitingSubmitter = event.submitter || null;
      submitWaiting = true;
      again = false;
      return;
    }
    submitting = true;
  });

  window.addEventListener("beforeunload", function (event) {
    if (dirty && !submitting) {
      event.preventDefault();
      event.returnValue = "";
    }
  });
  // Leaving anyway (or closing the tab): send what is on the page as a last draft.
  window.addEventListener("pagehide", function () {
    if (dirty && !submitting && navigator.sendBeacon) {
      navigator.sendBeacon(form.dataset.autosaveUrl, new FormData(form));
    }
  });

  criteria.forEach(function (fieldset) { syncComment(fieldset); });
  runningScore();
})();
