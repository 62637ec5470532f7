// The time-zone menu on the settings page (couples/time_zones.py). Loaded by
// that menu only; the page works without it.
(function () {
  "use strict";

  function zoneName(zone) {
    return zone.split("/").pop().replace(/_/g, " ");
  }

  // A menu nobody has chosen from yet (Mend's default, UTC) takes the
  // browser's own zone, says so, and adds the zone when the list lacks it.
  function detectTimeZone(select) {
    var zone;
    try {
      zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    } catch (error) {
      return;
    }
    if (!zone || select.dataset.userChosen === "true" || select.value === zone) return;
    var known = Array.prototype.some.call(select.options, function (option) {
      return option.value === zone;
    });
    if (!known) {
      var option = document.createElement("option");
      option.value = zone;
      option.textContent = zoneName(zone);
      select.insertBefore(option, select.firstChild);
    }
    select.value = zone;
    var note = select.parentNode.querySelector("[data-zone-detected]");
    if (note) note.hidden = false;
  }

  // A box that narrows the menu to the cities whose name matches.
  function normalise(text) {
    return text.toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  }
  function enableFinder(finder, select) {
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
    document.querySelectorAll("[data-zone-find]").forEach(function (finder) {
      var select = document.getElementById(finder.getAttribute("aria-controls"));
      if (!select) return;
      detectTimeZone(select);
      enableFinder(finder, select);
    });
  });
})();
