// Lighthouse on the storefront home and a product page (mobile preset: Moto G-class device, slow 4G, 4x CPU
// slowdown), with Debian's chromium. A benchmark, not a test: too slow and too noisy for `./bazaar test`.
//
//   BASE_URL=http://127.0.0.1:48200 node end2end/tools/lighthouse.mjs [runs=3]
//
// Prints one Markdown row per page (the median run by performance score) and writes each run's JSON report to
// end2end/artifacts/lighthouse/. Also prints the brotli size of the first load's wasm + js + css as served.
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { brotliCompressSync, constants } from "node:zlib";

const base = (process.env.BASE_URL ?? "http://127.0.0.1:3000").replace(/\/$/, "");
const runs = Number(process.argv[2] ?? 3);
const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, "..", "artifacts", "lighthouse");
const cli = join(here, "..", "node_modules", "lighthouse", "cli", "index.js");
mkdirSync(out, { recursive: true });

async function firstProductPath() {
  const response = await fetch(`${base}/api/v1/products?per_page=1`);
  if (!response.ok) throw new Error(`GET /api/v1/products: ${response.status}`);
  const body = await response.json();
  const items = body.items ?? body.products ?? body.results ?? body;
  const id = items[0]?.id;
  if (!id) throw new Error("no product in the catalog: seed the demo data first");
  return `/products/${id}`;
}

function lighthouse(url, name, run) {
  const path = join(out, `${name}-${run}.json`);
  execFileSync(
    process.execPath,
    [
      cli,
      url,
      "--quiet",
      "--output=json",
      `--output-path=${path}`,
      "--only-categories=performance,accessibility,best-practices,seo",
      "--chrome-flags=--headless=new --no-sandbox --disable-gpu --no-first-run --disable-background-networking --disable-component-update --disable-sync",
    ],
    { env: { ...process.env, CHROME_PATH: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium" }, stdio: "inherit" },
  );
  const report = JSON.parse(readFileSync(path, "utf8"));
  const score = (id) => Math.round(report.categories[id].score * 100);
  const audit = (id) => report.audits[id].numericValue;
  return {
    performance: score("performance"),
    accessibility: score("accessibility"),
    bestPractices: score("best-practices"),
    seo: score("seo"),
    lcpMs: audit("largest-contentful-paint"),
    tbtMs: audit("total-blocking-time"),
    cls: audit("cumulative-layout-shift"),
    failed: Object.values(report.audits)
      .filter((a) => a.score !== null && a.score < 0.9 && a.scoreDisplayMode !== "informative" && a.scoreDisplayMode !== "notApplicable")
      .map((a) => a.id),
  };
}

/** Brotli (quality 11, as the server precompresses) of the wasm, js and css that index.html loads. */
async function firstLoadBrotli() {
  const html = await (await fetch(`${base}/`)).text();
  const assets = [...html.matchAll(/(?:href|src)="(\/[^"]+\.(?:wasm|js|css))"/g)].map((m) => m[1]);
  let raw = 0;
  let brotli = 0;
  for (const asset of new Set(assets)) {
    const bytes = Buffer.from(await (await fetch(`${base}${asset}`)).arrayBuffer());
    raw += bytes.length;
    brotli += brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
  }
  return { files: new Set(assets).size, rawKb: raw / 1024, brotliKb: brotli / 1024 };
}

const pages = [
  ["home", "/"],
  ["product", await firstProductPath()],
];
const size = await firstLoadBrotli();
console.log(`first load: ${size.files} files, ${size.rawKb.toFixed(1)} KB raw, ${size.brotliKb.toFixed(1)} KB brotli`);
console.log("| page | performance | accessibility | best practices | SEO | LCP | TBT | CLS |");
console.log("|---|---|---|---|---|---|---|---|");
for (const [name, path] of pages) {
  const results = [];
  for (let run = 1; run <= runs; run += 1) results.push(lighthouse(`${base}${path}`, name, run));
  results.sort((a, b) => a.performance - b.performance);
  const m = results[Math.floor(results.length / 2)];
  console.log(
    `| ${name} (\`${path}\`) | ${m.performance} | ${m.accessibility} | ${m.bestPractices} | ${m.seo} | ${(m.lcpMs / 1000).toFixed(2)} s | ${Math.round(m.tbtMs)} ms | ${m.cls.toFixed(3)} |`,
  );
  if (m.failed.length > 0) console.log(`  ${name}: audits below 0.9: ${m.failed.join(", ")}`);
}
