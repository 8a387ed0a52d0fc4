// Issue 7: every operation of the committed OpenAPI documents × every caller kind, expected outcome from
// the operation's `x-access` metadata. A refusal is 401/403/404 in the API's error envelope and leaves
// every data row as it was; an allowed caller succeeds (2xx), with the fixtures giving it something real to act on.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Account } from '../../src/domain/accounts/accounts';
import type { Role } from '../../src/domain/accounts/roles';
import { checkResponse } from '../fuzz/check';
import { operations } from '../fuzz/documents';
import { expiredToken, forgedToken, MALFORMED, refreshTokenFor, request, revokedToken, tokenFor } from './callers';
import { accessOf, sendCase, url } from './cases';
import { buildWorld, FIXTURES, type Target, type World } from './fixtures';
import { BAD_TOKENS, CALLERS, expected, ownerRoleOf, ROLE_LIST, type Caller } from './matrix';
import { diff, snapshot } from './snapshot';

const ops = operations();
let world: World;
const figures = { operations: 0, cases: 0, denied: 0, allowed: 0 };

beforeAll(async () => {
  world = await buildWorld();
}, 60_000);

describe('access metadata', () => {
  it('every operation of every document declares x-access, and owner-scoped ones have a fixture', () => {
    const missing = ops.filter((op) => !accessOf(op)).map((op) => `${op.api} ${op.method} ${op.path}`);
    expect(missing).toEqual([]);
    const unfixtured = ops.filter((op) => accessOf(op)?.owner && !FIXTURES[op.id]).map((op) => op.id);
    expect(unfixtured).toEqual([]);
    expect(Object.keys(FIXTURES).filter((id) => !ops.some((op) => op.id === id))).toEqual([]);
  });

  it('declares only known roles, and the optional/required auth that the security requirement says', () => {
    for (const op of ops) {
      const a = accessOf(op)!;
      for (const r of [...(a.roles ?? []), ...(a.owner?.anyRoles ?? [])]) expect(ROLE_LIST, op.id).toContain(r);
      expect(op.protected, op.id).toBe(a.auth === 'required');
    }
  });
});

async function authorization(caller: Caller, owner: Account, other: Account): Promise<string | undefined> {
  switch (caller) {
    case 'none':
      return undefined;
    case 'malformed':
      return MALFORMED;
    case 'expired':
      return `Bearer ${await expiredToken(owner)}`;
    case 'revoked':
      return `Bearer ${await revokedToken(owner)}`;
    case 'forged':
      return `Bearer ${await forgedToken(owner)}`;
    case 'refresh':
      return `Bearer ${await refreshTokenFor(owner)}`;
    case 'owner':
      return `Bearer ${await tokenFor(owner)}`;
    case 'other':
      return `Bearer ${await tokenFor(other)}`;
    default:
      return `Bearer ${await tokenFor(world.roleCallers[caller])}`;
  }
}

describe('the authorization matrix', () => {
  for (const op of ops) {
    it(`${op.api} ${op.method} ${op.path} (${op.id})`, { timeout: 60_000 }, async () => {
      const a = accessOf(op)!;
      const ownerRole: Role = ownerRoleOf(a);
      const owner = world.owners[ownerRole];
      const other = world.others[ownerRole];
      const fixture = FIXTURES[op.id];
      const cases: { caller: Caller; outcome: 'allow' | 'deny'; target: Target; auth: string | undefined }[] = [];
      // B owns a resource of its own, and passes A's ids.
      if (fixture && a.owner) await fixture(other, world);
      // Refused requests share one target (they must not change it); each allowed one gets its own, as it may consume it.
      const shared = fixture ? await fixture(owner, world) : {};
      for (const caller of CALLERS) {
        const outcome = expected(a, caller, ownerRole);
        const target = fixture && outcome === 'allow' ? await fixture(owner, world) : shared;
        cases.push({ caller, outcome, target, auth: await authorization(caller, owner, other) });
      }
      const failures: string[] = [];
      const before = await snapshot();
      for (const c of cases.filter((c) => c.outcome === 'deny')) {
        const res = await sendCase(op, c.target, c.auth);
        figures.denied++;
        // No valid token: 401 (the README says so); a valid token of the wrong role or user: 403 or 404.
        const statuses = c.caller === 'none' || (BAD_TOKENS as readonly string[]).includes(c.caller) ? [401] : [403, 404];
        if (!statuses.includes(res.status))
          failures.push(`${c.caller}: expected ${statuses.join('/')}, got ${res.status} ${res.text.slice(0, 200)}`);
        else
          for (const p of checkResponse(op, { method: op.method, url: url(op, c.target), role: c.caller, invalid: null }, res))
            failures.push(`${c.caller}: ${p}`);
      }
      const changed = diff(before, await snapshot());
      if (changed.length) failures.push(`refused requests changed data:\n  ${changed.slice(0, 5).join('\n  ')}`);
      for (const c of cases.filter((c) => c.outcome === 'allow')) {
        const res = await sendCase(op, c.target, c.auth);
        figures.allowed++;
        if (!(res.status < 300 || res.status === 304))
          failures.push(`${c.caller}: expected allowed, got ${res.status} ${res.text.slice(0, 200)}`);
      }
      figures.operations++;
      figures.cases += cases.length;
      expect(failures).toEqual([]);
    });
  }

  it('HEAD, which Hono answers with the GET route, refuses like GET: no token or a bad one is 401', async () => {
    const failures: string[] = [];
    for (const op of ops.filter((o) => o.method === 'GET' && accessOf(o)!.auth !== 'public')) {
      const target = FIXTURES[op.id] ? await FIXTURES[op.id]!(world.owners[ownerRoleOf(accessOf(op)!)], world) : {};
      for (const auth of [undefined, MALFORMED]) {
        if (auth === undefined && accessOf(op)!.auth === 'optional') continue;
        const res = await request('HEAD', url(op, target), { authorization: auth });
        if (res.status !== 401) failures.push(`HEAD ${op.path} ${auth ?? 'no token'} -> ${res.status}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('checked every operation', () => {
    console.log(
      `authz matrix: ${figures.operations} operations × ${CALLERS.length} callers = ${figures.cases} cases (${figures.denied} refused, ${figures.allowed} allowed)`,
    );
    expect(figures.operations).toBe(ops.length);
  });
});
