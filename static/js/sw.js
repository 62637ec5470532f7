// Mend's service worker: the library and the safety page stay readable
// offline. Served at /sw.js by content/pwa.py; registered by mend.js.
//
// Privacy rules, in order of importance:
// - Only public pages are stored: /safety/, a country's lines under it,
//   /struggling/ (its public version: breathing, grounding, crisis lines) and
//   /library/… (not search, not "saved"), never with a query string, and only
//   from our own origin.
// - A response marked no-store or private (every signed-in page is) is never
//   stored. For a public page, the public version is fetched again without
//   cookies and that is stored instead: it holds nothing personal.
// - Everything else (home, check-ins, agreements, the pathway, accounts…) goes
//   to the network untouched; offline, a navigation gets the offline page.
// Signing out sends Clear-Site-Data, and the browser empties this cache.
"use strict";

// Change the version whenever the rules or the pre-stored files change:
// activation deletes every other cache.
var CACHE = "mend-v3";
var SAFETY_URL = "/safety/";
var STRUGGLING_URL = "/struggling/";
var OFFLINE_URL = "/static/offline.html";
var PRESTORED_FILES = [OFFLINE_URL, "/static/css/mend.css", "/static/img/favicon.svg"];

// Collected static files carry a content hash in their name (mend.3f2a9c1b7d4e.css);
// such a file never changes, so it can be answered from the cache first.
var HASHED_NAME = /\.[0-9a-f]{12}\.[a-z0-9]+$/;

function isPublicPage(url) {
  if (url.origin !== self.location.origin || url.search) return false;
  if (url.pathname === SAFETY_URL || url.pathname === STRUGGLING_URL) return true;
  // A country's crisis lines, once read: /safety/gb/.
  if (/^\/safety\/[a-z]{2}\/$/.test(url.pathname)) return true;
  return (
    url.pathname.indexOf("/library/") === 0 &&
    url.pathname.indexOf("/library/search/") !== 0 &&
    url.pathname !== "/library/saved/"
  );
}

function isStorable(response) {
  var cacheControl = (response.headers.get("Cache-Control") || "").toLowerCase();
  return (
    response.status === 200 &&
    response.type === "basic" &&
    !response.redirected &&
    cacheControl.indexOf("no-store") === -1 &&
    cacheControl.indexOf("private") === -1
  );
}

// Fetch the public version of a page (no cookies, so no person) in the given
// language, and store it if it may be stored.
function storePublicCopy(cache, path, language) {
  var headers = language ? { "Accept-Language": language } : {};
  return fetch(path, { credentials: "omit", headers: headers, redirect: "error" })
    .then(function (response) {
      if (isStorable(response)) return cache.put(path, response);
    })
    .catch(function () {});
}

// Keep the stored help pages in the language the person last read in.
function keepHelpPageIn(cache, path, language) {
  return cache.match(path).then(function (stored) {
    if (stored && stored.headers.get("Content-Language") === language) return;
    return storePublicCopy(cache, path, language);
  });
}
function keepSafetyPageIn(cache, language) {
  if (!language) return Promise.resolve();
  return Promise.all([
    keepHelpPageIn(cache, SAFETY_URL, language),
    keepHelpPageIn(cache, STRUGGLING_URL, language),
  ]);
}

self.addEventListener("install", function (event) {
  event.waitUntil(
    caches.open(CACHE).then(function (cache) {
      return Promise.all([
        cache.addAll(PRESTORED_FILES),
        storePublicCopy(cache, SAFETY_URL, null),
        storePublicCopy(cache, STRUGGLING_URL, null),
      ]);
    }).then(function () {
      return self.skipWaiting();
    })
  );
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys().then(function (names) {
      return Promise.all(names.map(function (name) {
        if (name !== CACHE) return caches.delete(name);
      }));
    }).then(function () {
      return self.clients.claim();
    })
  );
});

function offlinePage() {
  return caches.match(OFFLINE_URL).then(function (page) {
    return page || Response.error();
  });
}

// Pages: network first. Store what may be stored; offline, answer from the
// cache (public pages only) or with the offline page.
function page(event, url) {
  var publicPage = isPublicPage(url);
  return fetch(event.request).then(function (response) {
    if (publicPage && response.status === 200) {
      var language = response.headers.get("Content-Language");
      var path = url.pathname;
      var copy = isStorable(response) ? response.clone() : null;
      event.waitUntil(caches.open(CACHE).then(function (cache) {
        // A signed-in page (no-store) is never stored: store the public one.
        var stored = copy ? cache.put(path, copy) : storePublicCopy(cache, path, language);
        return stored.then(function () { return keepSafetyPageIn(cache, language); });
      }));
    }
    return response;
  }).catch(function () {
    var stored = publicPage
      ? caches.match(url.pathname, { ignoreVary: true })
      : Promise.resolve(null);
    return stored.then(function (response) {
      return response || offlinePage();
    });
  });
}

// Static files: a hashed name from the cache first; any other from the
// network first (in development names are not hashed and files change).
function staticFile(event) {
  var request = event.request;
  function fromNetwork() {
    return fetch(request).then(function (response) {
      if (isStorable(response)) {
        var copy = response.clone();
        event.waitUntil(caches.open(CACHE).then(function (cache) {
          return cache.put(request, copy);
        }));
      }
      return response;
    });
  }
  if (HASHED_NAME.test(new URL(request.url).pathname)) {
    return caches.match(request).then(function (cached) {
      return cached || fromNetwork();
    });
  }
  return fromNetwork().catch(function () {
    return caches.match(request).then(function (cached) {
      return cached || Response.error();
    });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  if (request.mode === "navigate") {
    event.respondWith(page(event, url));
  } else if (url.pathname.indexOf("/static/") === 0 && !url.search) {
    event.respondWith(staticFile(event));
  }
  // Anything else (htmx fragments, search as you type…) is left to the browser.
});

// Push notifications (asked for per device on the notifications page). The
// server sends only a title, a line that quotes nothing anyone wrote (and in
// discreet mode says just that something is new) and a link within Mend.
self.addEventListener("push", function (event) {
  var data = {};
  try {
    data = event.data ? event.data.json() : {};
  } catch (error) {
    data = {};
  }
  var url = typeof data.url === "string" ? data.url : "/";
  event.waitUntil(self.registration.showNotification(data.title || "Notes", {
    body: data.body || "",
    icon: typeof data.icon === "string" ? data.icon : undefined,
    data: { url: url },
  }));
});

self.addEventListener("notificationclick", function (event) {
  event.notification.close();
  var target = new URL((event.notification.data || {}).url || "/", self.location.origin);
  // Only ever open a page of Mend itself.
  if (target.origin !== self.location.origin) target = new URL("/", self.location.origin);
  event.waitUntil(self.clients.openWindow(target.href));
});
