// Mend's own script: small on purpose. Everything here is an enhancement;
// every page works without it.
(function () {
  "use strict";

  // Quick exit, as the best ones do it: the everyday site opens in a new tab
  // (with no Mend in its history) where the browser allows, and this tab is
  // replaced by it. The tab also remembers, for this browsing session, that
  // it left: if Back brings a Mend page back, it leaves again at once.
  var EXITED = "mend-quick-exit";

  function quickExit(event) {
    var link = document.querySelector("[data-quick-exit]");
    if (!link) return;
    if (event) event.preventDefault();
    document.documentElement.hidden = true;
    try {
      window.sessionStorage.setItem(EXITED, "1");
    } catch (error) {
      // Storage can be off (private modes); the exit itself still works.
    }
    if (event) window.open(link.href, "_blank", "noopener");
    window.location.replace(link.href);
  }

  function cameBackAfterExit(persisted) {
    var exited = false;
    try {
      exited = window.sessionStorage.getItem(EXITED) === "1";
    } catch (error) {
      return;
    }
    if (!exited) return;
    var navigation = window.performance && performance.getEntriesByType
      ? performance.getEntriesByType("navigation")[0]
      : null;
    if (persisted || (navigation && navigation.type === "back_forward")) {
      quickExit();
    } else {
      // They came to Mend on purpose (a link, the address bar): welcome back.
      window.sessionStorage.removeItem(EXITED);
    }
  }

  cameBackAfterExit(false);
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) cameBackAfterExit(true);
  });

  var lastEscape = 0;
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    var now = Date.now();
    if (now - lastEscape < 1500) {
      quickExit(event);
    }
    lastEscape = now;
  });

  document.addEventListener("click", function (event) {
    var target = event.target.closest && event.target.closest("[data-quick-exit]");
    if (target) quickExit(event);
  });

  // Self-checks: work out the reflection here, in the browser. Nothing is
  // sent unless a signed-in person presses Save. Each self-check sets how many
  // ticks in a group bring up its reflection (data-threshold, from its file).
  var DEFAULT_THRESHOLD = 2;
  function showReflection(form) {
    var threshold = parseInt(form.dataset.threshold, 10) || DEFAULT_THRESHOLD;
    var counts = {};
    form.querySelectorAll("input[data-group]:checked").forEach(function (box) {
      counts[box.dataset.group] = (counts[box.dataset.group] || 0) + 1;
    });
    var result = form.querySelector("#self-check-result");
    var any = false;
    result.querySelectorAll("[data-reflection]").forEach(function (block) {
      var show = (counts[block.dataset.reflection] || 0) >= threshold;
      block.hidden = !show;
      any = any || show;
    });
    result.querySelector("[data-reflection-none]").hidden = any;
    result.hidden = false;
    result.focus();
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-self-check]").forEach(function (form) {
      var button = form.querySelector("[data-self-check-show]");
      if (!button) return;
      button.hidden = false;
      button.addEventListener("click", function () { showReflection(form); });
    });
  });

  // Idle sign-out: warn two minutes before the session the person chose ends.
  var WARN_BEFORE_MS = 2 * 60 * 1000;
  var idleTimer = null;
  function armIdleWarning() {
    var seconds = parseInt(document.body.dataset.idleSeconds || "0", 10);
    var warning = document.querySelector("[data-idle-warning]");
    if (!seconds || !warning) return;
    warning.hidden = true;
    clearTimeout(idleTimer);
    idleTimer = setTimeout(function () {
      warning.hidden = false;
      var stay = warning.querySelector("[data-idle-stay]");
      if (stay) stay.focus();
    }, Math.max(seconds * 1000 - WARN_BEFORE_MS, 1000));
  }
  document.addEventListener("DOMContentLoaded", armIdleWarning);
  // Every request to the server (autosave included) restarts the clock.
  document.addEventListener("htmx:afterRequest", armIdleWarning);

  // Offline reading: the service worker keeps opened library pages and the
  // safety page on this device, never a signed-in page (see /sw.js).
  if ("serviceWorker" in navigator) {
    window.addEventListener("load", function () {
      navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(function () {});
    });
  }

  // Fill an empty time-zone field (sign-up's hidden one) with the browser's
  // own zone. The settings menu has its own script (time-zones.js).
  document.addEventListener("DOMContentLoaded", function () {
    var fields = document.querySelectorAll("input[data-detect-time-zone]");
    var zone;
    // Asking Intl for the zone is slow on phones; only pages with the field need it.
    if (!fields.length) return;
    try {
      zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    } catch (error) {
      return;
    }
    fields.forEach(function (field) {
      if (zone && !field.value) field.value = zone;
    });
  });
})();
