// Fails when worker-configuration.d.ts is not what `npm run types` (`wrangler types --strict-vars=false`)
// generates from wrangler.toml today: the Worker's Env (bindings, vars, secrets.required) and the runtime
// types for its compatibility date and flags. Run by `npm test` before vitest, counted as one check.
//
// It regenerates into a scratch file next to the committed one (so the file's relative imports come out
// the same) and compares the two whole, byte for byte. `wrangler types --check` compares only the hash in
// the header, so it would miss a hand edit of the body.
//
//   node scripts/check-wrangler-types.mjs          # exit 1 and a diff summary when stale
//   node scripts/check-wrangler-types.mjs --write  # regenerate (same as `npm run types`)
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const FILE = 'worker-configuration.d.ts';
const ARGS = ['types', '--strict-vars=false'];
const wrangler = join(root, 'node_modules', '.bin', 'wrangler');
const env = { ...process.env, CI: '1', NO_COLOR: '1', WRANGLER_SEND_METRICS: 'false' };

function generate(path) {
  const r = spawnSync(wrangler, [...ARGS, ...(path === FILE ? [] : [path])], { cwd: root, encoding: 'utf8', env });
  if (r.status !== 0) throw new Error(`wrangler ${ARGS.join(' ')} failed:\n${r.stdout}\n${r.stderr}`);
}

if (process.argv.includes('--write')) {
  generate(FILE);
  console.log(`wrote ${FILE}`);
  process.exit(0);
}

const scratch = `.${FILE.replace(/\.d\.ts$/, '')}.check-${process.pid}.d.ts`;
let fresh;
try {
  generate(scratch);
  // The header names the command that wrote the file; written to the scratch path, it names that path.
  fresh = readFileSync(join(root, scratch), 'utf8').replace(` ${scratch}\``, '`');
} finally {
  rmSync(join(root, scratch), { force: true });
}
const committed = existsSync(join(root, FILE)) ? readFileSync(join(root, FILE), 'utf8') : null;
if (committed === fresh) {
  console.log(`${FILE} is up to date with wrangler.toml`);
} else {
  const a = (committed ?? '').split('\n');
  const b = fresh.split('\n');
  const diffs = [];
  for (let i = 0; i < Math.max(a.length, b.length) && diffs.length < 20; i++) {
    if (a[i] !== b[i]) diffs.push(`  line ${i + 1}:\n    committed: ${a[i] ?? '(none)'}\n    generated: ${b[i] ?? '(none)'}`);
  }
  console.error(
    committed === null
      ? `${FILE} is missing: run \`npm run types\` and commit it.`
      : `${FILE} is stale (wrangler.toml, its secrets or the toolchain changed): run \`npm run types\` and commit it.\n${diffs.join('\n')}`,
  );
  process.exitCode = 1;
}
