/**
 * Accounts and rows the concurrency cases start from (not a test file). Set-up goes through the
 * domain, not HTTP: only the burst under test should cost requests.
 */
import { sql } from 'drizzle-orm';
import { expect } from 'vitest';
import { accounts } from '../../src/db/schema';
import { createAccount } from '../../src/domain/accounts/accounts';
import type { Role } from '../../src/domain/accounts/roles';
import { startSession } from '../../src/domain/auth/sessions';
import { uniquePhone } from '../apis/campus/support';
import { testDeps } from '../helpers/deps';
import { uniqueEmail } from '../helpers/http';
import { request } from './burst';

export { uniquePhone, uniqueEmail };

export interface Actor {
  id: number;
  email: string;
  phone: string;
  password: string;
  /** An access token; every API accepts every API's token. */
  token: string;
}

export const PASSWORD = 'password-123';

/** An account of `role` with an e-mail and a phone, signed in (a real session, no forged token). */
export async function actor(role: Role = 'student'): Promise<Actor> {
  const deps = testDeps();
  const email = uniqueEmail(role);
  const phone = uniquePhone();
  const account = await createAccount(
    deps,
    { email, phone, name: `${role} ${phone.slice(-4)}`, password: PASSWORD, role },
    { selfRegistration: false },
  );
  const tokens = await startSession(deps, account, { accessTtlSeconds: 3600, refreshTtlSeconds: null });
  return { id: account.id, email, phone, password: PASSWORD, token: tokens.accessToken };
}

export const actors = (n: number, role: Role = 'student') => Promise.all(Array.from({ length: n }, () => actor(role)));

/** Accounts holding this e-mail, in any letter case. */
export const accountsWithEmail = (email: string) =>
  testDeps().db.select().from(accounts).where(sql`lower(${accounts.email}) = lower(${email})`).all();

export const accountsWithPhone = (phone: string) => testDeps().db.select().from(accounts).where(sql`${accounts.phone} = ${phone}`).all();

/** A published personal-center course of `teacher`, made through the API (create, then toggle online). */
export async function publishedCourse(teacher: Actor): Promise<number> {
  const json = {
    course_name: `并发课程 ${teacher.id}`,
    course_desc: '介绍',
    category_id: 5,
    difficulty_level: 'beginner',
    course_duration: 3600,
  };
  const created = await request('POST', '/api/teacher/courses', { token: teacher.token, json });
  expect(created.status, created.text).toBe(200);
  const id = created.body.data.course.course_id as number;
  const toggled = await request('PATCH', `/api/teacher/courses/${id}/toggle`, { token: teacher.token });
  expect(toggled.body.data?.is_online, toggled.text).toBe(1);
  return id;
}

/** `student` enrolled in `courseId` through the API. */
export async function enrolledIn(student: Actor, courseId: number): Promise<void> {
  const res = await request('POST', `/api/student/enroll/${courseId}`, { token: student.token });
  expect(res.status, res.text).toBe(200);
}
