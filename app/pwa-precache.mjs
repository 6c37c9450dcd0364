// Trunk post_build hook: writes the service worker's precache list into `sw.js` in Trunk's staging directory.
//
// The list is every file of the build (index.html, the hashed wasm/js/css, the manifest, icons) except the worker
// itself and compressed siblings, so it follows each build's hashes and is never kept by hand. The version is a
// hash over the names and contents of those files: the same build gives the same worker byte for byte (no
// spurious "new version" prompt), any change gives a new one. Run by Trunk (see Trunk.toml); the pure functions
// are exported for `end2end/tools/pwa-precache.test.mjs`.

import { createHash } from "node:crypto";
import { readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { pathToFileURL } from "node:url";

/** The line of `public/sw.js` that the build replaces. */
export const MARKER = /\/\* PRECACHE-MANIFEST \*\/ self\.BAZAAR_PRECACHE = [^\n]*;/;

/** Files the worker must not precache: itself, compressed siblings and source maps. */
export function isPrecached(path) {
  return path !== "sw.js" && !/\.(br|gz|map)$/.test(path);
}

/**
 * files: [{ path: "app-1234.js", bytes: Buffer }], paths relative to the build root with "/" separators.
 * Returns { version, urls } with urls sorted and rooted ("/app-1234.js").
 */
export function precacheManifest(files) {
  const kept = files.filter((file) => isPrecached(file.path)).sort((a, b) => (a.path < b.path ? -1 : 1));
  const hash = createHash("sha256");
  for (const file of kept) {
    hash.update(file.path);
    hash.update("\0");
    hash.update(file.bytes);
    hash.update("\0");
  }
  return { version: hash.digest("hex").slice(0, 16), urls: kept.map((file) => `/${file.path}`) };
}

/** The worker's source with the manifest in place of the marker line; fails loudly if the marker is missing. */
export function injectManifest(workerSource, manifest) {
  if (!MARKER.test(workerSource)) {
    throw new Error("sw.js has no PRECACHE-MANIFEST line to replace");
  }
  return workerSource.replace(MARKER, `/* PRECACHE-MANIFEST */ self.BAZAAR_PRECACHE = ${JSON.stringify(manifest)};`);
}

function filesUnder(root) {
  const files = [];
  const pending = [root];
  while (pending.length > 0) {
    const directory = pending.pop();
    for (const name of readdirSync(directory)) {
      const path = join(directory, name);
      if (statSync(path).isDirectory()) {
        pending.push(path);
      } else {
        files.push({ path: relative(root, path).split(sep).join("/"), bytes: readFileSync(path) });
      }
    }
  }
  return files;
}

function main() {
  const staging = process.env.TRUNK_STAGING_DIR;
  if (!staging) {
    throw new Error("TRUNK_STAGING_DIR is not set: run this as a Trunk post_build hook");
  }
  const manifest = precacheManifest(filesUnder(staging));
  const worker = join(staging, "sw.js");
  writeFileSync(worker, injectManifest(readFileSync(worker, "utf8"), manifest));
  console.log(`sw.js: precache ${manifest.urls.length} files, version ${manifest.version}`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  main();
}
