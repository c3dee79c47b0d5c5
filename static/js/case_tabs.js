/* The case page's sections as tabs. Without JavaScript the tab bar is a list of links to the
 * sections, which are all on the page (and CSS shows only the one linked to). With it, the links
 * become ARIA tabs: one panel shown at a time, chosen by the address's #fragment (so a form sent
 * from a tab comes back to it, and Back and reload keep it), Left/Right/Home/End move between
 * tabs, Enter or Space (or a click) opens one. No inline script: the site's CSP forbids it. */
(function () {
  "use strict";

  function start() {
    var nav = document.querySelector("[data-tabs-for]");
    if (!nav) return;
    var container = document.getElementById(nav.getAttribute("data-tabs-for"));
    var list = nav.querySelector("ul");
    var tabs = Array.prototype.slice.call(nav.querySelectorAll("a[href^='#']"));
    var panels = tabs.map(function (tab) { return document.getElementById(tab.hash.slice(1)); });
    list.setAttribute("role", "tablist");
    container.classList.add("inv-tabbed");
    tabs.forEach(function (tab, i) {
      tab.setAttribute("role", "tab");
      tab.setAttribute("aria-controls", panels[i].id);
      tab.parentNode.setAttribute("role", "presentation");
      panels[i].setAttribute("role", "tabpanel");
      panels[i].setAttribute("aria-labelledby", tab.id);
      panels[i].setAttribute("tabindex", "-1");
    });

    function show(index, focus) {
      tabs.forEach(function (tab, i) {
        var on = i === index;
        tab.setAttribute("aria-selected", on ? "true" : "false");
        tab.setAttribute("tabindex", on ? "0" : "-1");
        panels[i].hidden = !on;
      });
      if (focus) tabs[index].focus();
    }

    function fromHash() {
      var id = window.location.hash.slice(1);
      var target = id && document.getElementById(id);
      for (var i = 0; target && i < panels.length; i++) {
        if (panels[i] === target || panels[i].contains(target)) return i;
      }
      return 0;
    }

    function choose(index, focus) {
      show(index, focus);
      if (window.history && window.history.replaceState) {
        window.history.replaceState(null, "", "#" + panels[index].id);
      }
    }

    tabs.forEach(function (tab, i) {
      tab.addEventListener("click", function (event) {
        event.preventDefault();
        choose(i, false);
      });
      tab.addEventListener("keydown", function (event) {
        var next = {ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: tabs.length - 1}[event.key];
        if (event.key === " ") {
          event.preventDefault();
          choose(i, false);
          return;
        }
        if (next === undefined) return;
        event.preventDefault();
        choose((next + tabs.length) % tabs.length, true);
      });
    });
    window.addEventListener("hashchange", function () { show(fromHash(), false); });
    show(fromHash(), false);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
