import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { departments } from '../../../src/db/schema';
import { testDeps } from '../../helpers/deps';
import { call } from '../../helpers/http';
import { expectAuthRequired, expectEnvelope, expectOk, makeUser, sysadminToken, unique } from './support';

const byName = (name: string) => testDeps().db.select().from(departments).where(sql`lower(${departments.name}) = lower(${name})`).all();

describe('GET /api/departments', () => {
  it('is public and lists every department in id order with seconds timestamps', async () => {
    const token = await sysadminToken();
    const a = (await call('POST', '/api/departments', { token, json: { name: unique('技术部'), description: '负责技术研发' } })).body.data;
    const b = (await call('POST', '/api/departments', { token, json: { name: unique('教务处') } })).body.data;
    const res = await call('GET', '/api/departments');
    expectOk(res);
    const ids = res.body.data.map((d: { id: number }) => d.id);
    expect(ids).toEqual([...ids].sort((x: number, y: number) => x - y));
    expect(res.body.data).toContainEqual(a);
    expect(res.body.data).toContainEqual(b);
    expect(Object.keys(a).sort()).toEqual(['createdAt', 'description', 'id', 'name', 'updatedAt']);
    expect(String(a.createdAt)).toMatch(/^\d{10}$/);
    expect(b.description).toBe('');
  });
});

describe('POST /api/departments', () => {
  it('admins and sysadmins create departments', async () => {
    for (const token of [(await makeUser('admin')).token, await sysadminToken()]) {
      const name = unique('部门');
      const res = await call('POST', '/api/departments', { token, json: { name: `  ${name}  `, description: '说明' } });
      expectOk(res);
      expect(res.body.data).toMatchObject({ name, description: '说明' });
      expect(await byName(name)).toHaveLength(1);
    }
  });

  it('a name that exists (ASCII letters in any case) is 409/10013 and writes nothing', async () => {
    const token = await sysadminToken();
    const name = unique('Dept');
    expectOk(await call('POST', '/api/departments', { token, json: { name } }));
    const res = await call('POST', '/api/departments', { token, json: { name: name.toUpperCase(), description: 'again' } });
    expectEnvelope(res, 409, 10013);
    expect(res.body.message).toBe('部门名称已存在');
    expect(await byName(name)).toHaveLength(1);
  });

  it('teachers and liaisons are refused (403/10006) and nothing is created', async () => {
    for (const role of ['teacher', 'liaison'] as const) {
      const name = unique('不该有');
      expectEnvelope(await call('POST', '/api/departments', { token: (await makeUser(role)).token, json: { name } }), 403, 10006);
      expect(await byName(name)).toEqual([]);
    }
  });

  it('bad bodies are 400/10001', async () => {
    const token = await sysadminToken();
    for (const json of [
      {},
      { name: '' },
      { name: '   ' },
      { name: 'x'.repeat(101) },
      { name: unique('a'), description: 'y'.repeat(501) },
      { name: 5 },
    ]) {
      expectEnvelope(await call('POST', '/api/departments', { token, json }), 400, 10001);
    }
  });

  it('unknown fields (an id, a creation time) are ignored and not assigned', async () => {
    const token = await sysadminToken();
    const name = unique('忽略');
    const res = await call('POST', '/api/departments', { token, json: { name, id: 3, createdAt: 1, captcha: 'x' } });
    expectOk(res);
    const made = res.body.data;
    expect(made.id).not.toBe(3);
    const listed = (await call('GET', '/api/departments')).body.data.find((d: { name: string }) => d.name === name);
    expect(listed).toEqual(made);
    expect(listed.createdAt).toBeGreaterThan(1);
  });

  it('needs a valid token', async () => {
    await expectAuthRequired('POST', '/api/departments', { json: { name: unique('x') } });
  });
});
