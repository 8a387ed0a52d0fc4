/**
 * GET /api/v1/admin/audit: system administrators only, filters by actor, action and time, newest
 * first, paged like every learning list. Rows here are inserted directly under a fresh action name,
 * so other files' audit rows never change a count.
 */
import { describe, expect, it } from 'vitest';
import { auditLog } from '../../../src/db/schema';
import { testDeps } from '../../helpers/deps';
import { call } from '../../helpers/http';
import { signedIn } from './fixtures';
import { expectError, ISO_NAIVE } from './support';

const PATH = '/api/v1/admin/audit';
const T0 = Date.UTC(2030, 0, 15, 8, 30, 0);
const MINUTE = 60_000;

let seq = 0;
/** `n` rows of a fresh action, one a minute from T0, actors alternating between two fresh ids. */
async function seed(n: number) {
  const action = `test.audit_${Date.now().toString(36)}_${++seq}`;
  const actors = [800_000_000 + Math.floor(Math.random() * 1e8), 700_000_000 + Math.floor(Math.random() * 1e8)] as const;
  const rows = Array.from({ length: n }, (_, i) => ({
    at: T0 + i * MINUTE,
    actorId: actors[i % 2],
    actorRole: 'sysadmin',
    action,
    targetType: 'account',
    targetId: String(1000 + i),
    detail: JSON.stringify({ n: i }),
    requestId: `req-${i}`,
  }));
  for (let i = 0; i < rows.length; i += 10)
    await testDeps()
      .db.insert(auditLog)
      .values(rows.slice(i, i + 10))
      .run();
  return { action, actors };
}

let rootToken: Promise<string> | undefined;
const root = () => (rootToken ??= signedIn('sysadmin').then((u) => u.access_token));
const list = async (query: string, token?: string) => call('GET', `${PATH}?${query}`, { token: token ?? (await root()) });

describe('who may read the audit log', () => {
  it('no token → 401, learner, teacher, liaison and learning admin → 403, sysadmin → 200', async () => {
    expectError(await call('GET', PATH), 401, 'UNAUTHORIZED');
    expectError(await call('GET', PATH, { token: 'not-a-jwt' }), 401);
    for (const role of ['student', 'teacher', 'liaison', 'admin'] as const) {
      expectError(await call('GET', PATH, { token: (await signedIn(role)).access_token }), 403, 'FORBIDDEN');
    }
    const res = await call('GET', PATH, { token: await root() });
    expect(res.status, res.text).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual(['items', 'page', 'page_size', 'total', 'total_pages']);
    expect(res.body).toMatchObject({ page: 1, page_size: 20 });
  });
});

describe('entries', () => {
  it('have the documented shape: naive UTC time, actor, target, detail object, request id', async () => {
    const { action, actors } = await seed(2);
    const res = await list(`action=${action}`);
    expect(res.status, res.text).toBe(200);
    expect(res.body.items[0]).toEqual({
      id: expect.any(Number),
      at: '2030-01-15T08:31:00',
      actor: { id: actors[1], role: 'sysadmin' },
      action,
      target: { type: 'account', id: '1001' },
      detail: { n: 1 },
      request_id: 'req-1',
    });
    expect(res.body.items[1].at).toMatch(ISO_NAIVE);
  });

  it('an entry of the system has a null actor id and no target', async () => {
    const deps = testDeps();
    const action = `test.system_${++seq}_${Date.now()}`;
    await deps.db.insert(auditLog).values({ at: T0, actorId: null, actorRole: 'system', action, detail: null }).run();
    const res = await list(`action=${action}`);
    expect(res.body.items).toEqual([
      expect.objectContaining({ actor: { id: null, role: 'system' }, target: null, detail: {}, request_id: null }),
    ]);
  });

  it('a real action appears with its actor filter', async () => {
    const admin = await signedIn('admin');
    expect((await call('POST', '/api/v1/admin/scheduler/jobs/thumbnail_job/resume', { token: admin.access_token })).status).toBe(200);
    const res = await list(`actor=${admin.id}`);
    expect(res.body).toMatchObject({ total: 1, total_pages: 1 });
    expect(res.body.items[0]).toMatchObject({
      actor: { id: admin.id, role: 'admin' },
      action: 'job.resume',
      target: { type: 'job', id: 'thumbnail_job' },
    });
    expect(res.body.items[0].request_id).toMatch(/\S/);
  });
});

describe('filters and paging', () => {
  it('action, actor and time filters combine; newest first', async () => {
    const { action, actors } = await seed(10);
    const all = await list(`action=${action}&page_size=100`);
    expect(all.body.total).toBe(10);
    expect(all.body.items.map((i: any) => i.detail.n)).toEqual([9, 8, 7, 6, 5, 4, 3, 2, 1, 0]);
    const byActor = await list(`actor=${actors[0]}`);
    expect(byActor.body.total).toBe(5);
    expect(byActor.body.items.map((i: any) => i.detail.n)).toEqual([8, 6, 4, 2, 0]);
    const both = await list(`actor=${actors[1]}&action=${action}`);
    expect(both.body.items.map((i: any) => i.detail.n)).toEqual([9, 7, 5, 3, 1]);
    // Bounds are inclusive; without an offset a time is UTC, with one it is converted.
    const window = await list(`action=${action}&from=2030-01-15T08:32:00&to=2030-01-15T08:35:00Z`);
    expect(window.body.items.map((i: any) => i.detail.n)).toEqual([5, 4, 3, 2]);
    const shifted = await list(`action=${action}&from=${encodeURIComponent('2030-01-15T16:38:00+08:00')}`);
    expect(shifted.body.items.map((i: any) => i.detail.n)).toEqual([9, 8]);
    const to = await list(`action=${action}&to=2030-01-15T08:30:00.000Z`);
    expect(to.body.items.map((i: any) => i.detail.n)).toEqual([0]);
    expect((await list(`action=${action}.other`)).body).toMatchObject({ items: [], total: 0, total_pages: 0 });
  });

  it('pages: total, page sizes, the last partial page, a page past the end', async () => {
    const { action } = await seed(25);
    const p1 = await list(`action=${action}&page_size=10`);
    expect(p1.body).toMatchObject({ total: 25, page: 1, page_size: 10, total_pages: 3 });
    expect(p1.body.items).toHaveLength(10);
    const p3 = await list(`action=${action}&page_size=10&page=3`);
    expect(p3.body.items.map((i: any) => i.detail.n)).toEqual([4, 3, 2, 1, 0]);
    const past = await list(`action=${action}&page_size=10&page=4`);
    expect(past.body).toMatchObject({ items: [], total: 25, page: 4 });
    const dflt = await list(`action=${action}`);
    expect(dflt.body).toMatchObject({ page_size: 20, total_pages: 2 });
    expect(dflt.body.items).toHaveLength(20);
    const cap = await list(`action=${action}&page_size=100`);
    expect(cap.status).toBe(200);
    expect(cap.body.items).toHaveLength(25);
  });

  it('bad parameters are 422 in the learning envelope, naming the field', async () => {
    for (const q of [
      'page_size=101',
      'page_size=0',
      'page=0',
      'actor=abc',
      'actor=0',
      'from=yesterday',
      'to=2024-13-01T00:00:00',
      'from=2024-01-15',
      'action=',
    ]) {
      const res = await list(q);
      expectError(res, 422, 'VALIDATION_ERROR');
      const field = `query.${q.split('=')[0]}`;
      expect(
        res.body.error.details.errors.map((e: any) => e.field),
        q,
      ).toContain(field);
    }
    const reversed = await list('from=2030-01-02T00:00:00Z&to=2030-01-01T00:00:00Z');
    expectError(reversed, 422, 'VALIDATION_ERROR');
    expect(reversed.body.error.details.errors).toEqual([{ field: 'query.from', message: 'from must not be after to' }]);
  });
});
