// Copy and Share buttons, and guided forms (one question at a time). Loaded
// only by the pages that have them; each is an enhancement, and every page
// works without it.
(function () {
  "use strict";

  // Invitation: Copy and Share buttons, shown only where the browser can do it.
  // Their words come from the page (data-*), in the reader's language.
  function say(button, text) {
    var status = button.closest("section").querySelector("[data-copy-status]");
    if (status) status.textContent = text;
  }
  function copyFrom(field, button) {
    function fallback() {
      field.focus();
      field.select();
      var copied = false;
      try { copied = document.execCommand("copy"); } catch (error) { copied = false; }
      say(button, copied ? button.dataset.copied : button.dataset.copyFailed);
    }
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(field.value).then(function () {
        say(button, button.dataset.copied);
      }, fallback);
    } else {
      fallback();
    }
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-copy]").forEach(function (button) {
      var field = document.querySelector(button.dataset.copy);
      if (!field) return;
      button.hidden = false;
      button.addEventListener("click", function () { copyFrom(field, button); });
    });
    document.querySelectorAll("[data-share]").forEach(function (button) {
      var field = document.querySelector(button.dataset.share);
      if (!field || !navigator.share) return;
      button.hidden = false;
      button.addEventListener("click", function () {
        // Cancelling the share sheet rejects the promise: nothing to report.
        navigator.share({ text: button.dataset.shareText, url: field.value }).catch(function () {});
      });
    });
  });

  // Guided forms: one question at a time. Without this script every
  // question shows at once and the form works the same.
  function guide(form) {
    var steps = Array.prototype.slice.call(form.querySelectorAll("[data-step]"));
    var back = form.querySelector("[data-step-back]");
    var next = form.querySelector("[data-step-next]");
    var save = form.querySelector("[data-step-save]");
    if (steps.length < 2 || !back || !next || !save) return;
    var current = 0;
    function show(index, moveFocus) {
      current = index;
      steps.forEach(function (step, i) { step.hidden = i !== index; });
      back.hidden = index === 0;
      next.hidden = index === steps.length - 1;
      save.hidden = index !== steps.length - 1;
      if (moveFocus) steps[index].querySelector("legend").focus();
    }
    function stepIsValid(step) {
      var fields = step.querySelectorAll("input, textarea, select");
      for (var i = 0; i < fields.length; i++) {
        if (!fields[i].checkValidity()) {
          fields[i].reportValidity();
          return false;
        }
      }
      return true;
    }
    next.addEventListener("click", function () {
      if (stepIsValid(steps[current])) show(current + 1, true);
    });
    back.addEventListener("click", function () { show(current - 1, true); });
    // After a refused save, open the first question that needs attention.
    var withError = steps.findIndex(function (step) {
      return step.querySelector(".errorlist, [aria-invalid='true']");
    });
    show(withError > 0 ? withError : 0, withError > 0);
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form[data-steps]").forEach(guide);
  });
})();
