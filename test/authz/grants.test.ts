// Issue 7: fields that would grant something, added to every write request of the documents, are refused
// or ignored: nobody gains a role, an enabled flag, a school approval, or a resource owned by another user.
// And ids of another user's resources passed in bodies and queries are refused with nothing changed.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Account } from '../../src/domain/accounts/accounts';
import { isAdminRole, SELF_REGISTRATION_ROLES } from '../../src/domain/accounts/roles';
import { operations, resolve } from '../fuzz/documents';
import { request, tokenFor } from './callers';
import { accessOf, jsonBody, url } from './cases';
import { activeMaterial, buildWorld, course, FIXTURES, idIn, type Target, type World } from './fixtures';
import { ownerRoleOf } from './matrix';
import { diff, snapshot, type Snapshot } from './snapshot';

/** Declared fields that name another account by design, for the caller the test uses (staff assign tasks to teachers). */
const LEGITIMATE: Record<string, string[]> = { progressCreateLessonTask: ['userId'] };

const OWNER_COLUMNS = ['uploader_id', 'owner_id', 'user_id', 'teacher_id', 'account_id', 'creator_id'];

let world: World;
/** B: the other user whose id the injected fields name, and B's approved school. */
let victim: Account;
let victimSchool: number;

beforeAll(async () => {
  world = await buildWorld();
  victim = world.others.teacher;
  const res = await request('POST', '/v1/teacher/schools', {
    token: await tokenFor(victim),
    json: { name: `Victim school ${Date.now()}` },
  });
  victimSchool = Number(idIn(res.body, 'id'));
  await request('POST', `/v1/admin/schools/${victimSchool}/approve`, { token: await tokenFor(world.admin) });
}, 60_000);

function grants(): Record<string, unknown> {
  const b = victim.id;
  return {
    role: 'sysadmin',
    roles: 4,
    is_active: true,
    isActive: true,
    is_superuser: true,
    is_super: 1,
    is_admin: true,
    status: 2,
    owner_id: b,
    ownerId: b,
    user_id: b,
    userId: b,
    uploader_id: b,
    teacher_id: b,
    teacherId: b,
    account_id: b,
    accountId: b,
    creator_id: b,
    creatorId: b,
    school_id: victimSchool,
    schoolId: victimSchool,
  };
}

const rows = (s: Snapshot, table: string) => s.get(table) ?? new Map<string, string>();

/** What a request with injected fields must not have done. */
function grantViolations(before: Snapshot, after: Snapshot, caller: Account | null): string[] {
  const out: string[] = [];
  const admin = caller !== null && isAdminRole(caller.role);
  for (const [table, now] of after) {
    const old = rows(before, table);
    for (const [id, text] of now) {
      if (old.get(id) === text) continue;
      const row = JSON.parse(text);
      const prev = old.has(id) ? JSON.parse(old.get(id)!) : null;
      for (const col of OWNER_COLUMNS)
        if (row[col] === victim.id && prev?.[col] !== victim.id && table !== 'refresh_tokens')
          out.push(`${table}.${col} now names the other user: ${text}`);
      if (row.school_id === victimSchool && prev?.school_id !== victimSchool)
        out.push(`${table}.school_id now names the other user's school: ${text}`);
      if (table === 'accounts') {
        if (prev && [caller?.id, victim.id].includes(row.id) && (prev.role !== row.role || prev.is_active !== row.is_active))
          out.push(`account ${row.id} changed role/active: ${old.get(id)} -> ${text}`);
        if (!prev && !admin && !SELF_REGISTRATION_ROLES.includes(row.role)) out.push(`an account was created with role ${row.role}`);
      }
      if (table === 'schools' && prev && prev.status !== row.status && !admin)
        out.push(`school ${row.id} status ${prev.status} -> ${row.status}`);
    }
  }
  return out;
}

function withGrants(target: Target, extra: Record<string, unknown>): BodyInit | undefined {
  const raw = target.raw?.();
  if (raw instanceof FormData) for (const [k, v] of Object.entries(extra)) raw.append(k, String(v));
  return raw;
}

const outcomes = { refused: [] as string[], ignored: [] as string[] };

describe('fields that would grant something, in every write request', () => {
  const writes = operations().filter((op) => op.method !== 'GET');

  for (const op of writes) {
    it(`${op.api} ${op.method} ${op.path} (${op.id})`, { timeout: 30_000 }, async () => {
      const a = accessOf(op)!;
      // The least privileged caller the operation admits: anonymous where it may be, else the resource's owner.
      const caller = a.auth === 'required' ? world.owners[ownerRoleOf(a)] : null;
      const schema = op.jsonBody && resolve(op.doc, op.jsonBody.schema);
      const declared = Object.keys(schema?.properties ?? {}).filter((k) => !LEGITIMATE[op.id]?.includes(k));
      const all = grants();
      // Unknown fields are ignored, but a declared grant field may be refused (a role the caller may not give) before the
      // rest is read, so the declared grant fields go in a request of their own.
      const variants = [
        Object.fromEntries(Object.entries(all).filter(([k]) => !(k in (schema?.properties ?? {})))),
        Object.fromEntries(Object.entries(all).filter(([k]) => declared.includes(k))),
      ];
      for (const extra of variants.filter((v, i) => i === 0 || Object.keys(v).length)) {
        const target = FIXTURES[op.id] ? await FIXTURES[op.id]!(caller ?? world.owners[ownerRoleOf(a)], world) : {};
        const multipart = target.raw !== undefined && !op.jsonBody;
        const before = await snapshot();
        const res = await request(op.method, url(op, target), {
          token: caller ? await tokenFor(caller) : undefined,
          json: multipart ? undefined : jsonBody(op, target, extra),
          body: multipart ? withGrants(target, extra) : undefined,
        });
        expect(res.status, res.text.slice(0, 300)).toBeLessThan(500);
        outcomes[res.status < 300 ? 'ignored' : 'refused'].push(
          `${op.id}${extra === variants[1] ? ` (${Object.keys(extra).join(', ')})` : ''} ${res.status}`,
        );
        expect(grantViolations(before, await snapshot(), caller), JSON.stringify(extra)).toEqual([]);
      }
    });
  }

  it('covered every write operation', () => {
    console.log(
      `authz grants: ${writes.length} write operations; refused ${outcomes.refused.length}, accepted with the fields ignored ${outcomes.ignored.length}: ${outcomes.ignored.join(', ')}; refused: ${outcomes.refused.join(', ')}`,
    );
    expect(outcomes.refused.length + outcomes.ignored.length).toBeGreaterThanOrEqual(writes.length);
  });
});

describe('the grant check', () => {
  const snap = (tables: Record<string, object[]>): Snapshot =>
    new Map(Object.entries(tables).map(([t, rs]) => [t, new Map(rs.map((r: any) => [String(r.id), JSON.stringify(r)]))]));
  it('flags a new owner, a raised role, a created admin and an approved school', () => {
    const caller = { ...world.owners.teacher };
    const before = snap({
      accounts: [{ id: caller.id, role: 'teacher', is_active: 1 }],
      schools: [{ id: 1, status: 1, owner_id: caller.id }],
      courses: [{ id: 1, teacher_id: caller.id }],
    });
    const after = snap({
      accounts: [
        { id: caller.id, role: 'sysadmin', is_active: 1 },
        { id: 999999, role: 'admin', is_active: 1 },
      ],
      schools: [{ id: 1, status: 2, owner_id: caller.id }],
      courses: [{ id: 1, teacher_id: victim.id }],
    });
    const found = grantViolations(before, after, caller).join('\n');
    for (const text of [
      'courses.teacher_id now names the other user',
      `account ${caller.id} changed role`,
      'created with role admin',
      'school 1 status 1 -> 2',
    ])
      expect(found).toContain(text);
    expect(grantViolations(before, before, caller)).toEqual([]);
  });
});

describe('ids of another user’s resources in bodies and queries', () => {
  async function refusedAndUnchanged(method: string, path: string, token: string, json?: unknown) {
    const before = await snapshot();
    const res = await request(method, path, { token, json });
    expect([403, 404], res.text.slice(0, 300)).toContain(res.status);
    expect(diff(before, await snapshot())).toEqual([]);
  }

  it('personal center: attaching another teacher’s material to your own course', async () => {
    const a = world.owners.teacher;
    const courseId = await course(a, world);
    await refusedAndUnchanged('POST', `/api/teacher/courses/${courseId}/materials`, await tokenFor(a), {
      material_id: await activeMaterial(world.others.teacher),
    });
  });

  it('progress: a teacher listing another teacher’s tasks, or reassigning their own task to another teacher', async () => {
    const a = world.owners.teacher;
    const token = await tokenFor(a);
    await refusedAndUnchanged('GET', `/api/lesson-tasks?userId=${world.others.teacher.id}`, token);
    const { params } = await FIXTURES.progressGetLessonTask!(a, world);
    await refusedAndUnchanged('PUT', `/api/lesson-tasks/${params!.id}`, token, { userId: world.others.teacher.id });
  });

  it('excourse: a teacher moving themself into another teacher’s school or making themself a superuser', async () => {
    const a = world.owners.teacher;
    const token = await tokenFor(a);
    await refusedAndUnchanged('PUT', `/users/${a.id}/`, token, { school_id: victimSchool });
    await refusedAndUnchanged('PUT', `/users/${a.id}/`, token, { is_superuser: true });
    await refusedAndUnchanged('PUT', `/users/${a.id}/`, token, { is_active: true, is_grade: 1 });
  });

  it('campus: a teacher adding a student to, or renaming, another teacher’s school', async () => {
    const token = await tokenFor(world.owners.teacher);
    await refusedAndUnchanged('POST', `/v1/teacher/schools/${victimSchool}/students`, token, {
      name: 'x',
      username: `authz_${Date.now()}`,
      password: 'password-123',
      password_confirmation: 'password-123',
    });
    await refusedAndUnchanged('PUT', `/v1/teacher/schools/${victimSchool}`, token, { name: `Taken over ${Date.now()}` });
  });
});
