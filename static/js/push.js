// Push notifications, asked for per device on the notifications page (the
// only page that loads this script). The subscription goes to Mend and
// nowhere else; the server pushes only a short, discreet line and a link
// (see /sw.js).
(function () {
  "use strict";

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

})();
