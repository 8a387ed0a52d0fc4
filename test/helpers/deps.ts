import { env } from 'cloudflare:workers';
import { buildDeps } from '../../src/composition-root';
import { ensureSeedData } from '../../src/domain/courses/seed';
import type { Deps } from '../../src/domain/deps';
import type { Logger } from '../../src/platform/logger';

export interface TestClock {
  now(): number;
  set(ms: number): void;
  advance(ms: number): void;
}

export function testClock(start = Date.now()): TestClock {
  let t = start;
  return { now: () => t, set: (ms) => (t = ms), advance: (ms) => (t += ms) };
}

export const silentLog: Logger = { info() {}, warn() {}, error() {} };

// Tests that call the domain directly skip the Worker's bootstrap (src/composition-root.ts), which
// seeds the categories and achievement definitions the domain reads: their database gets the same.
await ensureSeedData(buildDeps(env, silentLog));

/** Domain dependencies on the real local bindings, with a clock the test controls. */
export function testDeps(overrides: Partial<Deps> = {}): Deps & { clock: TestClock } {
  const base = buildDeps(env, silentLog);
  return { ...base, clock: testClock(), ...overrides } as Deps & { clock: TestClock };
}
