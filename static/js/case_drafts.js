/* Never lose typed work on the case page.
 *
 * Every form marked data-autosave="<key>" keeps what is typed in this browser (localStorage)
 * as it is typed, and puts it back when the page is opened again with different values: after
 * another form's action reloaded the page, after a crash, or after leaving by mistake. When the
 * form itself is sent, its text is held aside until the next page shows whether the server
 * accepted it (kept only if the page shows an error). Leaving the page with unsent changes asks
 * first. No inline script: the site's CSP forbids it. */
(function () {
  "use strict";
  var PREFIX = "siyalalela-draft:";
  var PENDING = "siyalalela-pending:";
  var submitting = false;

  function store() {
    try {
      var probe = PREFIX + "probe";
      window.localStorage.setItem(probe, "1");
      window.localStorage.removeItem(probe);
      return window.localStorage;
    } catch (e) {
      return null;
    }
  }

  function fields(form) {
    return Array.prototype.filter.call(form.elements, function (el) {
      return el.name && el.name !== "csrfmiddlewaretoken" &&
        ["file", "submit", "button", "hidden", "password"].indexOf(el.type) === -1;
    });
  }

  function values(form) {
    var out = {};
    fields(form).forEach(function (el) {
      out[el.name] = (el.type === "checkbox" || el.type === "radio") ? (el.checked ? el.value : "") : el.value;
    });
    return out;
  }

  function read(s, key) {
    try {
      return JSON.parse(s.getItem(key) || "null");
    } catch (e) {
      return null;
    }
  }

  function notice(form, key, s) {
    var box = document.createElement("div");
    box.className = "message message-info inv-draft-notice";
    box.setAttribute("role", "status");
    box.textContent = "Unsaved text typed earlier in this browser was put back. ";
    var discard = document.createElement("button");
    discard.type = "button";
    discard.className = "secondary";
    discard.textContent = "Discard it";
    discard.addEventListener("click", function () {
      s.removeItem(PREFIX + key);
      form.reset();
      box.remove();
      form.dataset.dirty = "";
    });
    box.appendChild(discard);
    form.parentNode.insertBefore(box, form);
  }

  function setup(form, s, pageHasError) {
    var key = form.getAttribute("data-autosave");
    var initial = values(form);
    var pending = read(s, PENDING + key);
    s.removeItem(PENDING + key);
    if (pending && pageHasError) {
      s.setItem(PREFIX + key, JSON.stringify(pending));
    }
    var draft = read(s, PREFIX + key);
    var restored = false;
    if (draft) {
      fields(form).forEach(function (el) {
        if (!(el.name in draft) || draft[el.name] === initial[el.name]) return;
        if (el.type === "checkbox" || el.type === "radio") {
          el.checked = draft[el.name] === el.value;
        } else {
          el.value = draft[el.name];
        }
        restored = true;
        // Show what came back: open the folded sections that hold it.
        for (var d = el.closest("details"); d; d = d.parentElement && d.parentElement.closest("details")) {
          d.open = true;
        }
      });
      if (restored) {
        notice(form, key, s);
        form.dataset.dirty = "1";
      } else {
        s.removeItem(PREFIX + key);
      }
    }
    var save = function () {
      var now = values(form);
      var changed = Object.keys(now).some(function (k) { return now[k] !== initial[k]; });
      form.dataset.dirty = changed ? "1" : "";
      if (changed) {
        s.setItem(PREFIX + key, JSON.stringify(now));
      } else {
        s.removeItem(PREFIX + key);
      }
    };
    // A field may sit outside its form (form="..."), on another tab: listen on the document.
    var mine = function (event) { if (event.target.form === form) save(); };
    document.addEventListener("input", mine);
    document.addEventListener("change", mine);
    form.addEventListener("submit", function () {
      submitting = true;
      s.setItem(PENDING + key, JSON.stringify(values(form)));
      s.removeItem(PREFIX + key);
      form.dataset.dirty = "";
    });
  }

  function start() {
    var s = store();
    var forms = document.querySelectorAll("form[data-autosave]");
    if (!s || !forms.length) return;
    var pageHasError = !!document.querySelector(".message-error");
    Array.prototype.forEach.call(forms, function (form) { setup(form, s, pageHasError); });
    // Any other form on the page (a workflow action) also reloads it; the drafts are kept.
    document.addEventListener("submit", function () { submitting = true; }, true);
    window.addEventListener("beforeunload", function (event) {
      if (submitting) return undefined;
      var dirty = Array.prototype.some.call(forms, function (f) { return f.dataset.dirty === "1"; });
      if (!dirty) return undefined;
      event.preventDefault();
      event.returnValue = "";
      return "";
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
