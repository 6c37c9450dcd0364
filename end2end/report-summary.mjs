// Prints Playwright's outcome as the plain closing line CI reads: "e2e: N passed, N failed".
import { readFileSync } from 'node:fs';

const path = process.argv[2] ?? 'artifacts/results.json';
let stats = { expected: 0, unexpected: 0, flaky: 0, skipped: 0 };
try {
  stats = JSON.parse(readFileSync(path, 'utf8')).stats ?? stats;
} catch (error) {
  console.error(`e2e: no results at ${path}: ${error.message}`);
}
const failed = stats.unexpected + stats.flaky;
console.log(`e2e: ${stats.expected} passed, ${failed} failed, ${stats.skipped} skipped`);
process.exit(failed > 0 || stats.expected === 0 ? 1 : 0);
