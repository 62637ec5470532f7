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

  // Fill an empty time-zone field with the browser's own zone.
  document.addEventListener("DOMContentLoaded", function () {
    var zone;
    try {
      zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    } catch (error) {
      return;
    }
    document.querySelectorAll("[data-detect-time-zone]").forEach(function (field) {
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
