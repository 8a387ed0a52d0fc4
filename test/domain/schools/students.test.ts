import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { accounts, schoolMembers } from '../../../src/db/schema';
import { createAccount } from '../../../src/domain/accounts/accounts';
import { authenticate, startSession } from '../../../src/domain/auth/sessions';
import { approveSchool, createSchool, rejectSchool } from '../../../src/domain/schools/schools';
import {
  changeOwnPassword,
  createStudent,
  listStudents,
  removeStudent,
  resetStudentPassword,
  studentProfile,
} from '../../../src/domain/schools/students';
import { verifyPassword } from '../../../src/platform/passwords';
import { testDeps } from '../../helpers/deps';
import { uniqueEmail } from '../../helpers/http';
import { uniqueName } from '../../apis/campus/support';

const deps = testDeps();
const POLICY = { accessTtlSeconds: 600, refreshTtlSeconds: null };

async function account(role: 'teacher' | 'admin' = 'teacher') {
  return createAccount(deps, { email: uniqueEmail('stu'), name: 'N', password: 'password-1', role }, { selfRegistration: false });
}

async function school(approve = true) {
  const owner = await account();
  const s = await createSchool(deps, owner.id, uniqueName('学校'));
  if (approve) await approveSchool(deps, (await account('admin')).id, s.id);
  return { ownerId: owner.id, schoolId: s.id };
}

/** Usernames without `_`, so the wildcard test below matches names only. */
const student = (over: Partial<{ name: string; username: string; password: string }> = {}) => ({
  name: '小明',
  username: uniqueName('s').replace(/_/g, ''),
  password: 'student-1',
  ...over,
});

describe('students', () => {
  it('the owner of an approved school creates a student account and its membership', async () => {
    const { ownerId, schoolId } = await school();
    const input = student();
    const a = await createStudent(deps, ownerId, schoolId, input);
    expect(a).toMatchObject({ role: 'student', username: input.username, name: '小明', email: null, phone: null });
    expect(await verifyPassword('student-1', a.passwordHash)).toBe(true);
    const m = await deps.db.select().from(schoolMembers).where(eq(schoolMembers.accountId, a.id)).get();
    expect(m).toMatchObject({ schoolId, role: 'student' });
  });

  it('refused for a pending school, for another teacher, and for a username in use (nothing created)', async () => {
    const pending = await school(false);
    const input = student();
    await expect(createStudent(deps, pending.ownerId, pending.schoolId, input)).rejects.toMatchObject({
      code: 'SCHOOL_NOT_APPROVED',
      kind: 'conflict',
    });
    const ok = await school();
    await expect(createStudent(deps, (await account()).id, ok.schoolId, input)).rejects.toMatchObject({ kind: 'forbidden' });
    await expect(createStudent(deps, ok.ownerId, 987654321, input)).rejects.toMatchObject({ kind: 'not_found' });
    const count = await deps.db
      .select({ n: sql<number>`count(*)` })
      .from(accounts)
      .where(sql`lower(${accounts.username}) = lower(${input.username})`)
      .get();
    expect(count!.n).toBe(0);
    await createStudent(deps, ok.ownerId, ok.schoolId, input);
    await expect(createStudent(deps, ok.ownerId, ok.schoolId, { ...input, username: input.username.toUpperCase() })).rejects.toMatchObject({
      code: 'USERNAME_ALREADY_EXISTS',
      details: { fields: [{ field: 'username' }] },
    });
  });

  it('parallel creations of one username: exactly one student', async () => {
    const { ownerId, schoolId } = await school();
    const username = uniqueName('p');
    const results = await Promise.allSettled([1, 2, 3].map(() => createStudent(deps, ownerId, schoolId, student({ username }))));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const members = await deps.db.select().from(schoolMembers).where(eq(schoolMembers.schoolId, schoolId)).all();
    expect(members).toHaveLength(1);
  });

  it('lists a school’s students with paging and a keyword (LIKE wildcards are literal)', async () => {
    const { ownerId, schoolId } = await school();
    const tag = uniqueName('k').replace(/_/g, '');
    await createStudent(deps, ownerId, schoolId, student({ name: `张三${tag}` }));
    await createStudent(deps, ownerId, schoolId, student({ name: '李四' }));
    await createStudent(deps, ownerId, schoolId, student({ name: '王_五%' }));
    const all = await listStudents(deps, ownerId, schoolId, { page: 1, perPage: 2 }, null);
    expect(all.total).toBe(3);
    expect(all.rows).toHaveLength(2);
    expect((await listStudents(deps, ownerId, schoolId, { page: 1, perPage: 15 }, tag)).rows.map((r) => r.name)).toEqual([`张三${tag}`]);
    expect((await listStudents(deps, ownerId, schoolId, { page: 1, perPage: 15 }, '_')).rows.map((r) => r.name)).toEqual(['王_五%']);
    expect((await listStudents(deps, ownerId, schoolId, { page: 1, perPage: 15 }, '%')).total).toBe(1);
    await expect(listStudents(deps, (await account()).id, schoolId, { page: 1, perPage: 15 }, null)).rejects.toMatchObject({
      kind: 'forbidden',
    });
  });

  it('the owner of a withdrawn school still manages its students', async () => {
    const { ownerId, schoolId } = await school();
    const s = await createStudent(deps, ownerId, schoolId, student());
    await rejectSchool(deps, (await account('admin')).id, schoolId, 'withdrawn');
    expect((await listStudents(deps, ownerId, schoolId, { page: 1, perPage: 15 }, null)).total).toBe(1);
    await resetStudentPassword(deps, ownerId, schoolId, s.id, 'new-pass-1');
  });

  it('a password reset revokes the student’s tokens; only for students of that school', async () => {
    const { ownerId, schoolId } = await school();
    const s = await createStudent(deps, ownerId, schoolId, student());
    const session = await startSession(deps, s, POLICY);
    deps.clock.advance(5);
    await resetStudentPassword(deps, ownerId, schoolId, s.id, 'new-pass-1');
    await expect(authenticate(deps, session.accessToken)).rejects.toMatchObject({ code: 'TOKEN_REVOKED' });
    const other = await school();
    await expect(resetStudentPassword(deps, other.ownerId, other.schoolId, s.id, 'x-pass-1')).rejects.toMatchObject({
      code: 'STUDENT_NOT_FOUND',
    });
    await expect(resetStudentPassword(deps, other.ownerId, schoolId, s.id, 'x-pass-1')).rejects.toMatchObject({ kind: 'forbidden' });
  });

  it('removing a student deletes the account and its membership and revokes its tokens', async () => {
    const { ownerId, schoolId } = await school();
    const s = await createStudent(deps, ownerId, schoolId, student());
    const session = await startSession(deps, s, POLICY);
    deps.clock.advance(5);
    await removeStudent(deps, ownerId, schoolId, s.id);
    expect(await deps.db.select().from(accounts).where(eq(accounts.id, s.id)).get()).toBeUndefined();
    expect(await deps.db.select().from(schoolMembers).where(eq(schoolMembers.accountId, s.id)).get()).toBeUndefined();
    await expect(authenticate(deps, session.accessToken)).rejects.toMatchObject({ code: 'TOKEN_REVOKED' });
    await expect(removeStudent(deps, ownerId, schoolId, s.id)).rejects.toMatchObject({ code: 'STUDENT_NOT_FOUND' });
  });

  it('profile with the school; own password change checks the old one', async () => {
    const { ownerId, schoolId } = await school();
    const s = await createStudent(deps, ownerId, schoolId, student());
    const p = await studentProfile(deps, s.id);
    expect(p.school).toMatchObject({ id: schoolId, status: 2 });
    await expect(changeOwnPassword(deps, s.id, 'wrong-one', 'new-pass-1')).rejects.toMatchObject({
      details: { fields: [{ field: 'old_password' }] },
    });
    const session = await startSession(deps, s, POLICY);
    deps.clock.advance(5);
    const after = await changeOwnPassword(deps, s.id, 'student-1', 'new-pass-1');
    expect(await verifyPassword('new-pass-1', after.passwordHash)).toBe(true);
    await expect(authenticate(deps, session.accessToken)).rejects.toMatchObject({ code: 'TOKEN_REVOKED' });
    await expect(studentProfile(deps, (await account()).id)).rejects.toMatchObject({ kind: 'forbidden' });
    await expect(studentProfile(deps, 987654321)).rejects.toMatchObject({ kind: 'unauthenticated' });
  });
});
