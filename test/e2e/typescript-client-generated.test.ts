// The typed client (clients/typescript) is what `npm run openapi` generates from the committed documents,
// and it builds on its own. Its types are checked by tsc: clients/typescript/test/types.ts.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generate } from '../../clients/typescript/scripts/generate.mjs';

const ROOT = join(import.meta.dirname, '..', '..');
const CLIENT = join(ROOT, 'clients', 'typescript');

describe('TypeScript client', () => {
  it('src/generated/ is current (run `npm run openapi` after changing a route)', async () => {
    const files = await generate();
    expect(files.map(([name]) => name).sort()).toEqual(['campus.ts', 'excourse.ts', 'learning.ts', 'personal-center.ts', 'progress.ts']);
    for (const [name, text] of files)
      expect(readFileSync(join(CLIENT, 'src', 'generated', name), 'utf8') === text, `${name} is stale`).toBe(true);
  });

  it('builds with tsc on its own settings (a browser library: DOM types, no Node)', () => {
    const r = spawnSync(join(ROOT, 'node_modules', '.bin', 'tsc'), ['-p', CLIENT, '--noEmit'], { encoding: 'utf8' });
    expect(r.status, r.stdout + r.stderr).toBe(0);
  });
});
