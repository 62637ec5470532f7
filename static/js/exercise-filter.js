// The assignment form's exercise menu lists only the chosen step's exercises
// (recovery/forms.py, ExerciseSelect). Loaded by the client's page only; without it
// the menu is grouped by step and the form checks the pairing.
(function () {
  "use strict";

  function follow(exercises, step) {
    var groups = Array.prototype.filter.call(exercises.children, function (child) {
      return child.tagName === "OPTGROUP";
    });
    var blank = exercises.querySelector("option[value='']");
    var all = groups.map(function (group) {
      return group.cloneNode(true);
    });

    function show() {
      var chosen = exercises.value;
      exercises.replaceChildren();
      if (blank) exercises.appendChild(blank);
      all.forEach(function (group) {
        var options = group.querySelectorAll("option[data-step='" + step.value + "']");
        Array.prototype.forEach.call(options, function (option) {
          exercises.appendChild(option.cloneNode(true));
        });
      });
      // A choice from another step is dropped rather than sent by mistake.
      exercises.value = chosen;
      if (exercises.value !== chosen) exercises.value = "";
    }

    step.addEventListener("change", show);
    show();
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("select[data-step-field]").forEach(function (exercises) {
      var step = document.getElementById(exercises.getAttribute("data-step-field"));
      if (step) follow(exercises, step);
    });
  });
})();
