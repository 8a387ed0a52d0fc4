import { beforeAll, describe, expect, it } from 'vitest';
import { ROUTES, seedWorld, warmCountingD1, type World } from './workload';

/** Statements a request may run, whatever the page or data size (issue 8: no N+1). */
const BUDGET = { read: 3, write: 6 } as const;

let world: World;
beforeAll(async () => {
  world = await seedWorld();
});

describe('query budget per route', () => {
  // Routes in docs/scaling.md "Known work" are left out until fixed; the budget itself never moves.
  for (const route of ROUTES.filter((r) => !r.overBudget)) {
    it(`${route.name} runs at most ${BUDGET[route.kind]} statements`, async () => {
      const db = await warmCountingD1();
      const res = await route.send(world, db);
      expect(res.status, res.text).toBeLessThan(300);
      expect(db.statements.length, `${route.name}:\n${db.statements.join('\n')}`).toBeLessThanOrEqual(BUDGET[route.kind]);
    });
  }
});
