/**
 * Outage or bug (src/platform/d1-errors.ts): D1's retryable failures answer 503 DATABASE_ERROR; a
 * failure that is our fault (bad SQL, a violated constraint) stays a logged 500, never "try again".
 */
import { env } from 'cloudflare:workers';
import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createDb } from '../../src/db/client';
import { d1Failure, isD1Outage } from '../../src/platform/d1-errors';
import { faultyWorld } from '../helpers/faulty-bindings';
import { expectError } from '../apis/learning/support';
import { uniqueEmail } from '../helpers/http';

const rejection = (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error('expected a rejection');
    },
    (e: unknown) => e,
  );

/** Messages from Cloudflare's D1 error list whose recommended action is to retry, plus SQLite's busy/full. */
const OUTAGES = [
  'D1_ERROR: Network connection lost.',
  'D1_ERROR: D1 DB reset because its code was updated.',
  'D1_ERROR: Internal error while starting up D1 DB storage caused object to be reset.',
  'D1_ERROR: D1 DB storage operation exceeded timeout which caused object to be reset.',
  'D1_ERROR: D1 DB is overloaded. Requests queued for too long.',
  'D1_ERROR: Cannot resolve D1 DB due to transient issue on remote node.',
  "D1_ERROR: D1 DB's isolate exceeded its memory limit and was reset.",
  'D1_ERROR: Exceeded maximum DB size.',
  'D1_ERROR: database is locked: SQLITE_BUSY',
];

afterEach(() => vi.restoreAllMocks());

describe('d1Failure', () => {
  it('real D1 errors that are bugs are D1 failures but not outages', async () => {
    const bugs = [
      await rejection(env.DB.prepare('selec 1').run()),
      await rejection(env.DB.prepare('select * from no_such_table').all()),
      await rejection(env.DB.prepare('insert into accounts (id) values (1)').run()),
      await rejection(env.DB.batch([env.DB.prepare('select 1'), env.DB.prepare('selec 2')])),
    ];
    for (const e of bugs) {
      expect(d1Failure(e), String(e)).toMatchObject({ outage: false, detail: expect.stringMatching(/^D1_ERROR: /) });
    }
  });

  it('drizzle’s wrapper is seen through: the query is kept, the bound values are not', async () => {
    const e = await rejection(createDb(env.DB).run(sql`selec ${'secret@example.test'}`));
    const f = d1Failure(e)!;
    expect(f).toMatchObject({ outage: false, query: 'selec ?' });
    expect(JSON.stringify(f)).not.toContain('secret@example.test');
  });

  it('the retryable messages D1 documents are outages, bare or wrapped by drizzle', () => {
    for (const m of OUTAGES) {
      expect(isD1Outage(new Error(m)), m).toBe(true);
      const wrapped = Object.assign(new Error('Failed query: select 1\nparams: '), { query: 'select 1', params: [], cause: new Error(m) });
      expect(isD1Outage(wrapped), m).toBe(true);
    }
  });

  it('errors not raised by D1 are not D1 failures (a KV or R2 outage is not DATABASE_ERROR)', () => {
    for (const e of [new Error('Network connection lost.'), new TypeError('x is undefined'), 'a string', null])
      expect(d1Failure(e)).toBeNull();
  });

  it('a bound value that reads like an outage does not make a bug an outage', () => {
    const wrapped = Object.assign(new Error('Failed query: insert into t values (?)\nparams: service unavailable, timed out'), {
      query: 'insert into t values (?)',
      cause: new Error('D1_ERROR: UNIQUE constraint failed: t.x: SQLITE_CONSTRAINT'),
    });
    expect(d1Failure(wrapped)).toMatchObject({ outage: false });
  });
});

describe('through the app', () => {
  it('a D1 bug answers 500 INTERNAL_ERROR (not 503) and is logged as a bug with the query but not its values', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    const world = faultyWorld();
    const email = uniqueEmail('bug');
    world.d1.failWhen((c) => c.sql.some((q) => /from "accounts"/.test(q)), {
      error: () => new Error('D1_ERROR: no such column: accounts.nope: SQLITE_ERROR'),
    });
    const res = await world.send('POST', '/api/v1/auth/login', { json: { email, password: 'password-123' } });
    expectError(res, 500, 'INTERNAL_ERROR');
    expect(res.headers.get('Retry-After')).toBeNull();
    const lines = errors.mock.calls.map((c) => String(c[0]));
    const logged = lines.find((l) => l.includes('a bug: not an outage'));
    expect(logged, lines.join('\n')).toBeDefined();
    expect(JSON.parse(logged!)).toMatchObject({ level: 'error', error: expect.stringContaining('no such column') });
    expect(logged).not.toContain(email);
  });

  it('a D1 outage is logged as a warning and answers 503 with Retry-After', async () => {
    const warnings = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const world = faultyWorld();
    world.d1.failWhen((c) => c.op !== 'withSession');
    const res = await world.send('POST', '/api/v1/auth/login', { json: { email: uniqueEmail('down'), password: 'password-123' } });
    expectError(res, 503, 'DATABASE_ERROR');
    expect(res.headers.get('Retry-After')).toBe('5');
    expect(warnings.mock.calls.map((c) => String(c[0])).some((l) => l.includes('database unavailable'))).toBe(true);
  });
});
