// Bazaar's service worker: the app shell offline, catalog reads stale-while-revalidate, nothing private kept.
//
// The precache list below is written by `app/pwa-precache.mjs`, a Trunk post_build hook, from the files of each
// build (hashed wasm/js/css, index.html, manifest, icons). Without a build (this file as committed) the list is
// empty and only the runtime caches work. Because the list and the version change with every build, the bytes of
// this file change too, which is how the browser notices a deploy: the new worker installs, then *waits* until
// the page asks it to take over (the "new version" prompt in app/src/pwa.rs posts SKIP_WAITING).
//
// Rules (see ARCHITECTURE.md, "Service worker"):
// - Only GET requests to this origin are ever answered from or stored in a cache; everything else goes to the
//   network untouched (no respondWith), so cart, orders, accounts, seller and admin calls are network only.
// - Catalog reads are an allow-list (catalogStrategy); a response that says `no-store` or `private`, or that is
//   not a 200, is never stored.
// - Each runtime cache holds at most a fixed number of entries; the oldest are evicted first.
// - Online, a stored catalog list is shown only if younger than a minute, a stored product page never: otherwise
//   the network answers and the cache is the fallback when it fails.

/* PRECACHE-MANIFEST */ self.BAZAAR_PRECACHE = { version: "dev", urls: [] };

const VERSION = self.BAZAAR_PRECACHE.version;
const SHELL_CACHE = `bazaar-shell-${VERSION}`;
// Catalog JSON follows the wasm's wire types, so it is dropped with the build that could read it.
const CATALOG_CACHE = `bazaar-catalog-${VERSION}`;
// Images are content-addressed and do not depend on the build; they outlive deploys.
const MEDIA_CACHE = "bazaar-media-v1";
const CATALOG_MAX_ENTRIES = 150;
// How old a stored catalog answer may be and still be shown before the network's: the same bound the server's
// search cache has (`--search-cache-max-age-secs`), so the worker adds no staleness a shopper could not already
// see online, and a seller who edits a listing sees it on the next view after a minute at most.
const CATALOG_MAX_STALE_MS = 60_000;
const MEDIA_MAX_ENTRIES = 120;
const KEPT_CACHES = new Set([SHELL_CACHE, CATALOG_CACHE, MEDIA_CACHE]);

// Public catalog reads, and how each is answered. Lists (search, categories) may be a minute stale, like the
// server's own search cache. A product page shows price and stock, which the server reads fresh for it, so it goes
// to the network first and falls back to the stored answer only offline. `/api/catalog/ranking` (operators),
// `/api/catalog/suggest` and `/api/v1/products/suggestions` (one entry per keystroke) are deliberately absent.
function catalogStrategy(path) {
  if (path === "/api/catalog/search" || path === "/api/catalog/categories") return "stale-while-revalidate";
  if (path === "/api/v1/products" || path === "/api/v1/categories") return "stale-while-revalidate";
  if (path === "/api/catalog/product") return "network-first";
  if (/^\/api\/v1\/products\/[^/]+$/.test(path) && path !== "/api/v1/products/suggestions") return "network-first";
  return null;
}
const MEDIA_PREFIX = "/media/";

const PRECACHED = new Set(self.BAZAAR_PRECACHE.urls);

self.addEventListener("install", (event) => {
  // No skipWaiting here: a new version waits until the user accepts the reload.
  event.waitUntil(
    caches.open(SHELL_CACHE).then((cache) => cache.addAll(self.BAZAAR_PRECACHE.urls.map((url) => new Request(url, { cache: "reload" })))),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      const names = await caches.keys();
      await Promise.all(names.filter((name) => name.startsWith("bazaar-") && !KEPT_CACHES.has(name)).map((name) => caches.delete(name)));
      // The first install takes the open pages at once so they work offline from the first visit; an update only
      // activates after SKIP_WAITING, when the page is about to reload anyway.
      await self.clients.claim();
    })(),
  );
});

self.addEventListener("message", (event) => {
  if (event.data && event.data.type === "SKIP_WAITING") {
    self.skipWaiting();
  }
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;

  if (request.mode === "navigate") {
    event.respondWith(networkFirstNavigation(request));
    return;
  }
  if (PRECACHED.has(url.pathname)) {
    event.respondWith(cacheFirst(request));
    return;
  }
  const strategy = catalogStrategy(url.pathname);
  if (strategy) {
    // A product page is a stale-while-revalidate whose stored answers are never fresh enough to skip the network.
    const maxStaleMs = strategy === "network-first" ? -1 : CATALOG_MAX_STALE_MS;
    event.respondWith(staleWhileRevalidate(event, request, CATALOG_CACHE, CATALOG_MAX_ENTRIES, maxStaleMs));
    return;
  }
  if (url.pathname.startsWith(MEDIA_PREFIX)) {
    // Media keys are content digests (the server sends them `immutable`), so a stored image is never stale.
    event.respondWith(cacheFirstBounded(request, MEDIA_CACHE, MEDIA_MAX_ENTRIES));
  }
  // Anything else: the browser's own fetch, never cached here.
});

async function networkFirstNavigation(request) {
  try {
    return await fetch(request);
  } catch (error) {
    // Every route of the SPA is index.html; the router draws the page from the cached catalog data.
    const shell = await caches.match("/index.html", { cacheName: SHELL_CACHE });
    if (shell) return shell;
    throw error;
  }
}

async function cacheFirst(request) {
  const cached = await caches.match(request, { cacheName: SHELL_CACHE });
  return cached || fetch(request);
}

// Stale-while-revalidate, bounded: a stored answer younger than `maxStaleMs` (by its Date header) is served at
// once and refreshed in the background; an older one is only a fallback when the network fails (offline).
async function staleWhileRevalidate(event, request, cacheName, maxEntries, maxStaleMs) {
  const cache = await caches.open(cacheName);
  const cached = await cache.match(request);
  const refresh = fetch(request).then(async (response) => {
    if (isStorable(response)) {
      await cache.delete(request);
      await cache.put(request, response.clone());
      await trim(cache, maxEntries);
    }
    return response;
  });
  if (cached && ageMs(cached) <= maxStaleMs) {
    // Answer at once; the refresh finishes in the background (and failing offline is fine).
    event.waitUntil(refresh.catch(() => undefined));
    return cached;
  }
  try {
    return await refresh;
  } catch (error) {
    if (cached) return cached;
    throw error;
  }
}

function ageMs(response) {
  const date = Date.parse(response.headers.get("Date") || "");
  return Number.isNaN(date) ? Number.POSITIVE_INFINITY : Date.now() - date;
}

async function cacheFirstBounded(request, cacheName, maxEntries) {
  const cache = await caches.open(cacheName);
  const cached = await cache.match(request);
  if (cached) return cached;
  const response = await fetch(request);
  if (isStorable(response)) {
    await cache.put(request, response.clone());
    await trim(cache, maxEntries);
  }
  return response;
}

function isStorable(response) {
  if (response.status !== 200 || response.type !== "basic") return false;
  const control = (response.headers.get("Cache-Control") || "").toLowerCase();
  return !control.includes("no-store") && !control.includes("private");
}

// Cache keys come back in insertion order, and a refreshed entry is re-inserted, so the first keys are the least
// recently stored.
async function trim(cache, maxEntries) {
  const keys = await cache.keys();
  for (let i = 0; i < keys.length - maxEntries; i += 1) {
    await cache.delete(keys[i]);
  }
}
