/**
 * A refresh that fails on D1 or KV must not spend the refresh token: the client's retry would
 * otherwise look like reuse and sign the whole session out.
 */
import { describe, expect, it } from 'vitest';
import { faultyWorld } from '../helpers/faulty-bindings';
import { call } from '../helpers/http';
import { signedIn } from '../apis/learning/fixtures';
import { expectUnavailable } from './support';

const refresh = (token: string) => ({ json: { refresh_token: token } });

describe('POST /api/v1/auth/refresh when a store fails', () => {
  it('the claim-and-issue batch fails on D1: 503, and the same refresh token then works once', async () => {
    const u = await signedIn();
    const world = faultyWorld();
    world.d1.failWhen((c) => c.op === 'batch' && c.sql.some((q) => /refresh_tokens/.test(q)), { times: 1 });
    expectUnavailable('learning', await world.send('POST', '/api/v1/auth/refresh', refresh(u.refresh_token)), 'DATABASE_ERROR');
    const retried = await call('POST', '/api/v1/auth/refresh', refresh(u.refresh_token));
    expect(retried.status, retried.text).toBe(200);
    expect((await call('POST', '/api/v1/auth/refresh', refresh(retried.body.refresh_token))).status).toBe(200);
  });

  it('the revocation cut-off cannot be read from KV: 503, and the same refresh token then works', async () => {
    const u = await signedIn();
    const world = faultyWorld();
    world.kv.failWhen((c) => c.op === 'get');
    expectUnavailable('learning', await world.send('POST', '/api/v1/auth/refresh', refresh(u.refresh_token)), 'INTERNAL_ERROR');
    expect((await call('POST', '/api/v1/auth/refresh', refresh(u.refresh_token))).status).toBe(200);
  });
});
