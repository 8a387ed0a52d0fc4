// Builds the production bundle exactly as `npm run deploy` would, without uploading it:
// `wrangler deploy --dry-run --env production --outdir <tmp>`. Fails when wrangler refuses the
// configuration or the bundle does not build. Run by `npm test` (counted as one check) and
// `npm run deploy:dry-run`; bench/bundle.mjs records the same build's size in bench/RESULTS.md.
//
//   node scripts/check-deploy.mjs            # build, print the size, remove the output
//   node scripts/check-deploy.mjs --json     # the same, with one JSON line of figures at the end
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const wrangler = join(root, 'node_modules', '.bin', 'wrangler');

/** Runs the production dry run into `outdir`; returns its figures, or throws with wrangler's output. */
export function productionDryRun(outdir) {
  const args = ['deploy', '--dry-run', '--env', 'production', '--outdir', outdir];
  const r = spawnSync(wrangler, args, {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, CI: '1', NO_COLOR: '1', WRANGLER_SEND_METRICS: 'false' },
  });
  const output = `${r.stdout ?? ''}${r.stderr ?? ''}`;
  if (r.status !== 0) throw new Error(`wrangler ${args.join(' ')} failed (exit ${r.status}):\n${output}`);
  // A warning about the configuration (a var missing from [env.production], an unknown key) fails the
  // check too: production must not deploy on a configuration wrangler finds suspicious.
  if (/\[WARNING\]|▲/.test(output)) throw new Error(`wrangler ${args.join(' ')} warned:\n${output}`);
  const code = readFileSync(join(outdir, 'index.js'));
  const wranglerLine = /Total Upload: ([\d.]+ KiB) \/ gzip: ([\d.]+ KiB)/.exec(output);
  return {
    command: `wrangler ${args.slice(0, -1).join(' ')} <dir>`,
    bytes: code.byteLength,
    gzipBytes: gzipSync(code, { level: 9 }).byteLength,
    wranglerTotal: wranglerLine?.[1] ?? null,
    wranglerGzip: wranglerLine?.[2] ?? null,
    output,
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const dir = mkdtempSync(join(os.tmpdir(), 'course-edge-deploy-'));
  try {
    const r = productionDryRun(join(dir, 'dist'));
    const KiB = (n) => `${(n / 1024).toFixed(1)} KiB`;
    console.log(
      `production dry run ok: index.js ${KiB(r.bytes)}, gzip ${KiB(r.gzipBytes)} (wrangler: ${r.wranglerTotal ?? '?'} / gzip ${r.wranglerGzip ?? '?'})`,
    );
    if (process.argv.includes('--json')) console.log(JSON.stringify({ ...r, output: undefined }));
  } catch (e) {
    console.error(e instanceof Error ? e.message : String(e));
    process.exitCode = 1;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
