// Lints the committed documents (openapi/*.json) with Redocly's recommended rules (redocly.yaml, and the
// per-path exceptions in .redocly.lint-ignore.yaml) and Spectral's `oas` ruleset (.spectral.yaml), failing on
// any warning of either: run by `npm test`, counted as one check. `npm run openapi` writes the documents.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => join(root, 'node_modules', '.bin', name);
const documents = readdirSync(join(root, 'openapi'))
  .filter((f) => f.endsWith('.json'))
  .map((f) => `openapi/${f}`);
const env = { ...process.env, REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' };
const run = (cmd, args) => spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env }).status ?? 1;

const redocly = run(bin('redocly'), ['lint', ...documents]);
const spectral = run(bin('spectral'), ['lint', '--fail-severity=warn', '--format=text', ...documents]);
process.exit(redocly === 0 && spectral === 0 ? 0 : 1);
