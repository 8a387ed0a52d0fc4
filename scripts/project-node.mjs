// The project runs on the Node LTS it installs from the npm registry (the `node` devDependency puts the
// official binary at node_modules/.bin/node). npm scripts already find it first on PATH; this covers
// `node scripts/<x>.mjs` typed by hand with whatever Node the machine has: the script re-runs itself on
// the project's Node, with node_modules/.bin first on PATH for everything it starts (wrangler, vitest).
import { spawnSync } from 'node:child_process';
import { existsSync, realpathSync } from 'node:fs';
import { delimiter, join } from 'node:path';

export function onProjectNode(root) {
  const bin = join(root, 'node_modules', '.bin');
  const projectNode = join(bin, 'node');
  if (process.env.COURSE_EDGE_PROJECT_NODE || !existsSync(projectNode)) return;
  if (realpathSync(process.execPath) === realpathSync(projectNode)) return;
  const r = spawnSync(projectNode, process.argv.slice(1), {
    stdio: 'inherit',
    env: { ...process.env, COURSE_EDGE_PROJECT_NODE: '1', PATH: `${bin}${delimiter}${process.env.PATH ?? ''}` },
  });
  process.exit(r.status ?? 1);
}
