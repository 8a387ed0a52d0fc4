/**
 * The workers project reuses one workerd for many files (isolate: false in vitest.config.ts);
 * test/helpers/fresh-storage.ts must still start every file as a new runtime did. The first test runs
 * before anything else in this file, after other files have run in the same worker (the last test
 * leaves data behind for whichever file comes next).
 */
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { call, registerLearner } from '../helpers/http';

async function rowCounts(): Promise<Record<string, number>> {
  const { results } = await env.DB.prepare(
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%' AND name <> 'd1_migrations' ORDER BY name",
  ).all<{ name: string }>();
  const counts: Record<string, number> = {};
  for (const { name } of results) counts[name] = (await env.DB.prepare(`SELECT count(*) AS n FROM "${name}"`).first<number>('n'))!;
  return counts;
}

describe('every test file starts on fresh storage (test/helpers/fresh-storage.ts)', () => {
  it('D1 has every migration applied and no rows but their own, no AUTOINCREMENT counter has moved, R2 and KV are empty', async () => {
    const counts = await rowCounts();
    expect(Object.keys(counts)).toContain('accounts');
    // The only rows a migration writes: the per-type counters of migrations/0005, at zero.
    expect(Object.entries(counts).filter(([, n]) => n > 0)).toEqual([['material_type_counts', 2]]);
    expect((await env.DB.prepare('SELECT type, active FROM material_type_counts ORDER BY type').all()).results).toEqual([
      { type: 'pdf', active: 0 },
      { type: 'video', active: 0 },
    ]);
    const applied = await env.DB.prepare('SELECT count(*) AS n FROM d1_migrations').first<number>('n');
    expect(applied).toBe(env.TEST_MIGRATIONS.length);
    const sequences = await env.DB.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'sqlite_sequence'").first<number>('n');
    if (sequences)
      expect((await env.DB.prepare("SELECT name, seq FROM sqlite_sequence WHERE name <> 'd1_migrations'").all()).results).toEqual([]);
    expect((await env.FILES.list()).objects).toEqual([]);
    expect((await env.TOKENS.list()).keys).toEqual([]);
  });

  it('the first request bootstraps the sysadmin again (module state is fresh too), as the first account', async () => {
    expect((await call('GET', '/api/v1/health/db')).status).toBe(200);
    const admin = await env.DB.prepare('SELECT id, role FROM accounts WHERE email = ?')
      .bind(env.ADMIN_EMAIL)
      .first<{ id: number; role: string }>();
    expect(admin).toEqual({ id: 1, role: 'sysadmin' });
  });

  it('leaves rows, an object and a key behind for the next file to not see', async () => {
    await registerLearner();
    await env.FILES.put('materials/left-behind.txt', 'left behind');
    await env.TOKENS.put('left-behind', '1');
    expect(Object.values(await rowCounts()).some((n) => n > 0)).toBe(true);
  });
});
