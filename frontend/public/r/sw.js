// The check-in page's service worker (scope /r/): keeps the page itself (its HTML, script,
// styles and icon) so that it opens with no connection. It keeps nothing personal: the page
// keeps the client's own view and queued check-ins (src/selfreport/offline.ts), and the API
// is never answered from here.
const CACHE = "checkin-page-v1";
const SHELL = "/selfreport.html";

/** The page and every asset its HTML names. */
async function keepPage() {
  const cache = await caches.open(CACHE);
  const response = await fetch(SHELL, { cache: "no-store" });
  if (!response.ok) return;
  const html = await response.clone().text();
  await cache.put(SHELL, response);
  const assets = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map(
    (m) => m[1],
  );
  await cache.addAll([
    ...new Set([...assets, "/r/manifest.webmanifest", "/r/icon.svg"]),
  ]);
}

self.addEventListener("install", (event) => {
  event.waitUntil(keepPage().then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) =>
        Promise.all(
          keys.filter((k) => k !== CACHE).map((k) => caches.delete(k)),
        ),
      )
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === "navigate" && url.pathname.startsWith("/r/")) {
    // The network first (a new version of the page), the kept page without a connection.
    event.respondWith(
      fetch(request)
        .then((response) => {
          if (response.ok) {
            const copy = response.clone();
            caches.open(CACHE).then((cache) => cache.put(SHELL, copy));
          }
          return response;
        })
        .catch(() =>
          caches
            .match(SHELL, { ignoreVary: true })
            .then((kept) => kept || Response.error()),
        ),
    );
    return;
  }
  if (url.pathname.startsWith("/assets/") || url.pathname.startsWith("/r/")) {
    // Assets are named by their content: a kept one is always right.
    event.respondWith(
      caches.match(request, { ignoreVary: true }).then(
        (kept) =>
          kept ||
          fetch(request).then((response) => {
            if (response.ok) {
              const copy = response.clone();
              caches.open(CACHE).then((cache) => cache.put(request, copy));
            }
            return response;
          }),
      ),
    );
  }
});
