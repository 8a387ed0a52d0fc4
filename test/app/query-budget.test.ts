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

/**
 * Each D1 call is a round trip to the database (to a replica or the primary across the network when
 * deployed; under `wrangler dev` each also costs about 2 ms of CPU in its DevTools relay,
 * bench/RESULTS.md): a read route batches its statements into one call.
 */
describe('one D1 round trip per read route', () => {
  for (const route of ROUTES.filter((r) => r.kind === 'read' && !r.overBudget)) {
    it(`${route.name} reads in at most one round trip`, async () => {
      const db = await warmCountingD1();
      const res = await route.send(world, db);
      expect(res.status, res.text).toBeLessThan(300);
      expect(db.roundTrips, `${route.name}:\n${db.statements.join('\n')}`).toBeLessThanOrEqual(1);
    });
  }
});
