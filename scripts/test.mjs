// `npm test`: typecheck, format and lint (Biome, biome.jsonc), the layer rules (dependency-cruiser,
// .dependency-cruiser.cjs), the freshness of worker-configuration.d.ts (`wrangler types`), a dry-run
// production deploy (`wrangler deploy --dry-run --env production`), a lint of the OpenAPI documents
// (Redocly and Spectral), then every vitest project (in-workerd unit/API tests including OpenAPI
// freshness, then e2e and browser tests against a real `wrangler dev`). Ends with one line
// "N passed, M failed" counting each check before vitest as one and every test.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { onProjectNode } from './project-node.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => join(root, 'node_modules', '.bin', name);
const run = (cmd, args) => spawnSync(cmd, args, { cwd: root, stdio: 'inherit' }).status ?? 1;

if (!existsSync(bin('vitest'))) {
  if (run('npm', ['ci']) !== 0) process.exit(1);
}
onProjectNode(root);
run('node', ['scripts/copy-docs-assets.mjs']);
if (run('node', ['scripts/ensure-chromium.mjs']) !== 0) process.exit(1);

const results = join(root, 'test-results');
mkdirSync(results, { recursive: true });
rmSync(join(results, 'vitest.json'), { force: true });

console.log('> typecheck (tsc -p .)');
const typecheckOk = run(bin('tsc'), ['-p', '.']) === 0;
console.log('> formatted and linted (biome ci, biome.jsonc)');
const biomeOk = run(bin('biome'), ['ci', '.']) === 0;
console.log('> layers point one way (npm run layers: dependency-cruiser, .dependency-cruiser.cjs)');
const layersOk = run('npm', ['run', '--silent', 'layers']) === 0;
console.log('> wrangler types is current (scripts/check-wrangler-types.mjs)');
const typesOk = run('node', ['scripts/check-wrangler-types.mjs']) === 0;
console.log('> production bundle builds (wrangler deploy --dry-run --env production)');
const deployOk = run('node', ['scripts/check-deploy.mjs']) === 0;
console.log('> the OpenAPI documents pass Redocly and Spectral (scripts/lint-openapi.mjs)');
const lintOk = run('node', ['scripts/lint-openapi.mjs']) === 0;
const checks = [typecheckOk, biomeOk, layersOk, typesOk, deployOk, lintOk];

console.log('> vitest run (workers, e2e)');
const vitestStatus = run(bin('vitest'), ['run']);

let passed = checks.filter(Boolean).length;
let failed = checks.length - passed;
const report = join(results, 'vitest.json');
if (existsSync(report)) {
  const r = JSON.parse(readFileSync(report, 'utf8'));
  passed += r.numPassedTests;
  failed += r.numFailedTests;
  if (vitestStatus !== 0 && r.numFailedTests === 0) failed += 1; // a suite that failed to load
  if (r.numTotalTests === 0) failed += 1; // a run that ran nothing has not passed
} else {
  failed += 1;
}
const summary = `${passed} passed, ${failed} failed`;
writeFileSync(join(results, 'summary.txt'), `${summary}\n`);
console.log(summary);
process.exit(failed === 0 && vitestStatus === 0 ? 0 : 1);
