// Unit tests of the service worker's precache generation (app/pwa-precache.mjs), without a build:
//   node --test end2end/tools/pwa-precache.test.mjs
// The update path of a real deploy (a changed sw.js) is checked here at its source: a changed file changes the
// version and therefore the worker's bytes; an unchanged build gives an identical worker (no spurious prompt).
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";

import { MARKER, injectManifest, precacheManifest } from "../../app/pwa-precache.mjs";

const build = [
  { path: "index.html", bytes: Buffer.from("<html>app-1111111111111111.js</html>") },
  { path: "app-1111111111111111.js", bytes: Buffer.from("js") },
  { path: "app-1111111111111111_bg.wasm", bytes: Buffer.from("wasm") },
  { path: "main-2222222222222222.css", bytes: Buffer.from("css") },
  { path: "sw.js", bytes: Buffer.from("worker") },
  { path: "app-1111111111111111.js.br", bytes: Buffer.from("br") },
  { path: "index.html.gz", bytes: Buffer.from("gz") },
  { path: "icons/icon-192.png", bytes: Buffer.from("png") },
];

test("the list is every built file but the worker and compressed siblings, sorted and rooted", () => {
  const { urls, version } = precacheManifest(build);
  assert.deepEqual(urls, [
    "/app-1111111111111111.js",
    "/app-1111111111111111_bg.wasm",
    "/icons/icon-192.png",
    "/index.html",
    "/main-2222222222222222.css",
  ]);
  assert.match(version, /^[0-9a-f]{16}$/);
});

test("the same build gives the same version, whatever the order files were found in", () => {
  assert.equal(precacheManifest([...build].reverse()).version, precacheManifest(build).version);
});

test("a new build (new hashes, or new content under a name) gives a new version", () => {
  const base = precacheManifest(build).version;
  const renamed = build.map((f) => (f.path === "app-1111111111111111.js" ? { ...f, path: "app-3333333333333333.js" } : f));
  const edited = build.map((f) => (f.path === "index.html" ? { ...f, bytes: Buffer.from("<html>changed</html>") } : f));
  assert.notEqual(precacheManifest(renamed).version, base);
  assert.notEqual(precacheManifest(edited).version, base);
  // Compressed siblings are written later by the server; they must not change the version.
  assert.equal(precacheManifest([...build, { path: "sw.js.br", bytes: Buffer.from("x") }]).version, base);
});

test("the manifest replaces the marker line of the committed sw.js, once", () => {
  const source = readFileSync(new URL("../../public/sw.js", import.meta.url), "utf8");
  assert.match(source, MARKER);
  const manifest = precacheManifest(build);
  const built = injectManifest(source, manifest);
  assert.ok(built.includes(JSON.stringify(manifest)));
  assert.doesNotMatch(built, /version: "dev"/);
  // Building twice (a hook run on an already injected file) keeps one manifest, the new one.
  const again = injectManifest(built, { version: "abcdefabcdefabcd", urls: ["/index.html"] });
  assert.equal(again.match(/PRECACHE-MANIFEST/g).length, 1);
  assert.ok(again.includes('"abcdefabcdefabcd"'));
});

test("a worker without the marker is an error, not a silently empty precache", () => {
  assert.throws(() => injectManifest("self.addEventListener('fetch', () => {});", { version: "x", urls: [] }), /PRECACHE-MANIFEST/);
});
