import { describe, expect, it } from 'vitest';
import type { CallResult } from '../helpers/http';
import { actor } from './actors';
import { burst, interleaved, request } from './burst';

describe('the interleaving probe', () => {
  it('tells contiguous blocks from interleaved statements', () => {
    expect(interleaved([])).toBe(false);
    expect(interleaved([0, 0, 1, 1, 2])).toBe(false);
    expect(interleaved([0, 1, 0])).toBe(true);
    expect(interleaved([2, 2, 0, 1, 2])).toBe(true);
  });

  it('refuses a burst whose requests ran one after another', async () => {
    let chain: Promise<unknown> = Promise.resolve();
    const serial = () => {
      const next = chain.then(() => request('GET', '/api/v1/health/db'));
      chain = next;
      return next as Promise<CallResult>;
    };
    await expect(burst(4, serial)).rejects.toThrow(/ran one after another/);
  });

  it('accepts parallel requests of several statements each (sign-ins: read, stamp, store the refresh token)', async () => {
    const a = await actor();
    const results = await burst(4, () => request('POST', '/api/v1/auth/login', { json: { email: a.email, password: a.password } }));
    for (const r of results) expect(r.status, r.text).toBe(200);
  });

  it('cannot see interleaving in single-statement requests, so such a burst is refused too', async () => {
    await expect(burst(4, () => request('GET', '/api/v1/health/db'))).rejects.toThrow(/ran one after another/);
  });
});
