// `npm start`: from a fresh clone to a local API on http://localhost:8787 with local D1/R2/KV.
// Installs dependencies if needed, creates .dev.vars from the example, applies the D1 migrations
// locally, then runs `wrangler dev`. Extra arguments go to wrangler dev (e.g. --port 8790).
// PERSIST_TO (optional) keeps the local D1/R2/KV state in another folder (the e2e tests use it).
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { onProjectNode } from './project-node.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const run = (cmd, args) => {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
};

if (!existsSync(join(root, 'node_modules', '.bin', 'wrangler'))) run('npm', ['ci']);
onProjectNode(root);
if (!existsSync(join(root, '.dev.vars'))) {
  copyFileSync(join(root, '.dev.vars.example'), join(root, '.dev.vars'));
  console.log('Created .dev.vars from .dev.vars.example (local development secrets).');
}
run('node', ['scripts/copy-docs-assets.mjs']);

const wrangler = join(root, 'node_modules', '.bin', 'wrangler');
const persist = process.env.PERSIST_TO ? ['--persist-to', process.env.PERSIST_TO] : [];
run(wrangler, ['d1', 'migrations', 'apply', 'DB', '--local', ...persist]);

const args = process.argv.slice(2);
const port = args.includes('--port') ? [] : ['--port', '8787'];
const child = spawn(wrangler, ['dev', '--local', ...port, ...persist, ...args], { cwd: root, stdio: 'inherit' });
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code) => process.exit(code ?? 0));
