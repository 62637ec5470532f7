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

  // Push notifications, asked for on the notifications page, per device.
  // The subscription goes to Mend (never anything else); the server pushes
  // only a short, discreet line and a link (see /sw.js).
  function base64UrlToBytes(text) {
    var padded = (text + "===".slice((text.length + 3) % 4)).replace(/-/g, "+").replace(/_/g, "/");
    var raw = window.atob(padded);
    var bytes = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
    return bytes;
  }
  function bytesToBase64Url(buffer) {
    var bytes = new Uint8Array(buffer);
    var raw = "";
    for (var i = 0; i < bytes.length; i++) raw += String.fromCharCode(bytes[i]);
    return window.btoa(raw).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }
  function csrfToken() {
    try {
      return JSON.parse(document.body.getAttribute("hx-headers"))["X-CSRFToken"];
    } catch (error) {
      return "";
    }
  }
  function postForm(url, fields) {
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrfToken() },
      body: new URLSearchParams(fields),
    }).then(function (response) {
      if (!response.ok) throw new Error("refused");
    });
  }
  function setUpPush(box) {
    var on = box.querySelector("[data-push-on]");
    var off = box.querySelector("[data-push-off]");
    var status = box.querySelector("[data-push-status]");
    if (!("serviceWorker" in navigator) || !("PushManager" in window) || !("Notification" in window)) return;
    function show(subscribed, message) {
      on.hidden = subscribed;
      off.hidden = !subscribed;
      status.textContent = message || status.dataset[subscribed ? "onText" : "offText"];
    }
    navigator.serviceWorker.ready.then(function (registration) {
      registration.pushManager.getSubscription().then(function (existing) {
        show(Boolean(existing));
      });
      on.addEventListener("click", function () {
        Notification.requestPermission().then(function (permission) {
          if (permission !== "granted") {
            show(false, status.dataset.deniedText);
            return;
          }
          return registration.pushManager.subscribe({
            userVisibleOnly: true,
            applicationServerKey: base64UrlToBytes(box.dataset.vapidKey),
          }).then(function (subscription) {
            return postForm(box.dataset.subscribeUrl, {
              endpoint: subscription.endpoint,
              p256dh: bytesToBase64Url(subscription.getKey("p256dh")),
              auth: bytesToBase64Url(subscription.getKey("auth")),
              device: navigator.userAgent.slice(0, 120),
            });
          }).then(function () { show(true); });
        }).catch(function () { show(false, status.dataset.failedText); });
      });
      off.addEventListener("click", function () {
        registration.pushManager.getSubscription().then(function (subscription) {
          if (!subscription) return show(false);
          return postForm(box.dataset.unsubscribeUrl, { endpoint: subscription.endpoint })
            .then(function () { return subscription.unsubscribe(); })
            .then(function () { show(false); });
        }).catch(function () { show(true, status.dataset.failedText); });
      });
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-push]").forEach(setUpPush);
  });

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
