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
  // sent unless a signed-in person presses Save.
  var GROUP_THRESHOLD = 2;
  function showReflection(form) {
    var counts = {};
    form.querySelectorAll("input[data-group]:checked").forEach(function (box) {
      counts[box.dataset.group] = (counts[box.dataset.group] || 0) + 1;
    });
    var result = form.querySelector("#self-check-result");
    var any = false;
    result.querySelectorAll("[data-reflection]").forEach(function (block) {
      var show = (counts[block.dataset.reflection] || 0) >= GROUP_THRESHOLD;
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

  // Time zones. A field nobody has chosen yet (empty, or Mend's default UTC)
  // takes the browser's own zone; a menu says so, and adds the zone when its
  // short list does not name it.
  function zoneName(zone) {
    return zone.split("/").pop().replace(/_/g, " ");
  }
  function detectTimeZone(field, zone) {
    if (field.tagName !== "SELECT") {
      if (!field.value) field.value = zone;
      return;
    }
    if (field.dataset.userChosen === "true" || field.value === zone) return;
    var known = Array.prototype.some.call(field.options, function (option) {
      return option.value === zone;
    });
    if (!known) {
      var option = document.createElement("option");
      option.value = zone;
      option.textContent = zoneName(zone);
      field.insertBefore(option, field.firstChild);
    }
    field.value = zone;
    var note = field.parentNode.querySelector("[data-zone-detected]");
    if (note) note.hidden = false;
  }

  // A box that narrows a long menu to the cities whose name matches.
  function normalise(text) {
    return text.toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  }
  function enableZoneFinder(finder) {
    var select = document.getElementById(finder.getAttribute("aria-controls"));
    if (!select) return;
    var all = Array.prototype.map.call(select.children, function (child) {
      return child.cloneNode(true);
    });
    finder.hidden = false;
    finder.addEventListener("input", function () {
      var query = normalise(finder.value.trim());
      var chosen = select.value;
      select.replaceChildren();
      all.forEach(function (original) {
        var copy = original.cloneNode(true);
        var options = copy.tagName === "OPTGROUP" ? Array.prototype.slice.call(copy.children) : [copy];
        options.forEach(function (option) {
          var keep = !query || option.value === chosen ||
            normalise(option.textContent + " " + option.value).indexOf(query) !== -1;
          if (!keep) option.remove();
        });
        if (copy.tagName !== "OPTGROUP" || copy.children.length) select.appendChild(copy);
      });
      select.value = chosen;
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var fields = document.querySelectorAll("[data-detect-time-zone]");
    var zone;
    // Asking Intl for the zone is slow on phones; only pages with the field need it.
    if (fields.length) {
      try {
        zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
      } catch (error) {
        zone = null;
      }
      if (zone) fields.forEach(function (field) { detectTimeZone(field, zone); });
    }
    document.querySelectorAll("[data-zone-find]").forEach(enableZoneFinder);
  });
})();
