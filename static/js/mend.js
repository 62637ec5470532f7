// Mend's own script: small on purpose. Everything here is an enhancement;
// every page works without it.
(function () {
  "use strict";

  // Quick exit: replace this page in the history, so Back does not return.
  function quickExit(event) {
    var link = document.querySelector("[data-quick-exit]");
    if (!link) return;
    if (event) event.preventDefault();
    document.documentElement.hidden = true;
    window.location.replace(link.href);
  }

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

  // Fill an empty time-zone field with the browser's own zone.
  document.addEventListener("DOMContentLoaded", function () {
    var fields = document.querySelectorAll("[data-detect-time-zone]");
    var zone;
    // Asking Intl for the zone is slow on phones; only pages with the field need it.
    if (!fields.length) return;
    try {
      zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    } catch (error) {
      return;
    }
    fields.forEach(function (field) {
      if (!zone) return;
      if (field.tagName === "SELECT") {
        if (field.dataset.userChosen === "true") return;
        var option = field.querySelector('option[value="' + zone.replace(/"/g, "") + '"]');
        if (option) field.value = zone;
      } else if (!field.value) {
        field.value = zone;
      }
    });
  });
})();
