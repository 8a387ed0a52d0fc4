/**
 * Parallel requests through the app inside workerd, and the proof that they really interleaved
 * (not a test file).
 *
 * D1 in workerd runs one statement at a time, so a race can only happen between the statements of
 * one request: request A reads, request B writes, request A writes on a stale read. Every request
 * of a burst runs under its own tag (AsyncLocalStorage follows it through every await), and the D1
 * binding it sees records the tag of each statement it prepares. A burst whose requests each ran
 * all their statements in one block would prove nothing, so `burst` fails unless at least one
 * request had another request's statement between two of its own.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { env } from 'cloudflare:workers';
import { expect, vi } from 'vitest';
import type { Bindings } from '../../src/env';
import { send } from '../fuzz/send';
import type { CallResult } from '../helpers/http';

// A burst hashes up to a dozen passwords (PBKDF2, ~11 ms of CPU each) and the machine running the
// suite may be shared: the default 5 s per test is too tight for that, not a sign of a hang.
vi.setConfig({ testTimeout: 30_000 });

const current = new AsyncLocalStorage<number>();
let trace: number[] = [];

/** Forwards everything to the real binding; `prepare` also notes which request asked. */
function traced<T extends object>(target: T): T {
  return new Proxy(target, {
    get(t, prop) {
      const real = (t as Record<PropertyKey, unknown>)[prop];
      if (prop === 'prepare') {
        return (query: string) => {
          const tag = current.getStore();
          if (tag !== undefined) trace.push(tag);
          return (t as unknown as D1Database).prepare(query);
        };
      }
      if (prop === 'withSession') return (...args: unknown[]) => traced((t as unknown as D1Database).withSession(...(args as [string])));
      return typeof real === 'function' ? real.bind(t) : real;
    },
  });
}

/**
 * One binding set for the whole run: the app keys its once-per-database work (sysadmin bootstrap,
 * seed data) by the D1 binding, so a new proxy per request would redo it on every request.
 * RATE_LIMITS is off: a burst from one address is exactly what a rate limit refuses.
 */
const tracedEnv = { ...(env as Bindings), DB: traced(env.DB), RATE_LIMITS: 'off' } as Bindings;

export interface Sent {
  token?: string;
  json?: unknown;
  body?: BodyInit;
  headers?: Record<string, string>;
}

/** One request through the app (test/fuzz/send.ts: one createApp(), real bindings). */
export function request(method: string, path: string, opts: Sent = {}): Promise<CallResult> {
  const headers: Record<string, string> = { ...opts.headers };
  let body = opts.body;
  if (opts.json !== undefined) {
    body = JSON.stringify(opts.json);
    headers['Content-Type'] ??= 'application/json';
  }
  return send(method, path, { token: opts.token, headers, body, env: tracedEnv });
}

/** True when some request's statements are not one contiguous block of the trace. */
export function interleaved(log: readonly number[]): boolean {
  const closed = new Set<number>();
  let last: number | undefined;
  for (const tag of log) {
    if (tag === last) continue;
    if (closed.has(tag)) return true;
    if (last !== undefined) closed.add(last);
    last = tag;
  }
  return false;
}

/**
 * Starts `n` requests at once (Promise.all) and returns their responses in order; fails when they
 * did not interleave. Use `request` inside `make` so each one is traced. `oneBatch`: the route is a
 * single D1 batch (one transaction, one round trip), so there is no gap between its statements for
 * another request to use, and nothing to prove.
 */
export async function burst(n: number, make: (i: number) => Promise<CallResult>, opts: { oneBatch?: boolean } = {}): Promise<CallResult[]> {
  trace = [];
  const results = await Promise.all(Array.from({ length: n }, (_, i) => current.run(i, () => make(i))));
  const log = trace;
  trace = [];
  if (!opts.oneBatch)
    expect(interleaved(log), `the ${n} requests ran one after another (statements by request: ${log.join(' ')})`).toBe(true);
  return results;
}

/** The responses with this status. */
export const withStatus = (results: CallResult[], status: number) => results.filter((r) => r.status === status);

/** Asserts exactly `ok` responses with `okStatus` and every other one with `otherStatus`; returns [winners, others]. */
export function split(results: CallResult[], okStatus: number, ok: number, otherStatus: number): [CallResult[], CallResult[]] {
  const winners = withStatus(results, okStatus);
  const others = results.filter((r) => r.status !== okStatus);
  expect(winners.length, results.map((r) => `${r.status} ${r.text.slice(0, 160)}`).join('\n')).toBe(ok);
  for (const r of others) expect(r.status, r.text).toBe(otherStatus);
  return [winners, others];
}
