import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROUTES, seedWorld, warmCountingD1, type World } from './workload';

/**
 * Inside a D1 batch each row comes back as an object keyed by column name, and drizzle reads the
 * object's values in order: two result columns with one name collapse into one and every later field
 * shifts. That is how GET /api/users/list showed the default `jobs` of every user (accounts.job and
 * progress_profiles.job). Every SELECT a route runs in a batch must therefore name its columns apart.
 */
let world: World;
beforeAll(async () => {
  world = await seedWorld();
});

describe('result columns of batched SELECTs are unique', () => {
  for (const route of ROUTES) {
    it(`${route.name}`, async () => {
      const db = await warmCountingD1();
      const res = await route.send(world, db);
      expect(res.status, res.text).toBeLessThan(300);
      const selects = db.queries.filter((q) => q.inBatch && /^\s*select\b/i.test(q.sql));
      for (const q of selects) {
        // Re-run on the plain binding for the column names only (a SELECT changes nothing).
        const [names] = await env.DB.prepare(q.sql)
          .bind(...q.params)
          .raw({ columnNames: true });
        const seen = new Set<string>();
        const duplicates = (names as string[]).filter((n) => seen.size === seen.add(n).size);
        expect(duplicates, q.sql).toEqual([]);
      }
    });
  }
});
