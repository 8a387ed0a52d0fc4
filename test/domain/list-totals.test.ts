// The list totals of GET /api/courses, /api/lesson-tasks, /api/users/list and /v1/admin/schools are stored
// counts kept by triggers (migrations/0007_list_totals.sql): after inserts, the updates that move a row
// between counts, and deletes (by SQL, as any writer would), each stored count equals a count of the rows.
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { ensureSeedData } from '../../src/domain/courses/seed';
import { testDeps } from '../helpers/deps';

const rows = async (sql: string) => (await env.DB.prepare(sql).all<Record<string, unknown>>()).results;

/** Stored counts that are not zero, and the counts of the rows, keyed alike. */
async function storedAndCounted() {
  return {
    stored: {
      roles: await rows('SELECT role AS k, n FROM account_role_counts WHERE n <> 0 ORDER BY k'),
      courses: await rows(`SELECT category_id || '/' || difficulty_level AS k, n FROM course_listed_counts WHERE n <> 0 ORDER BY k`),
      tasks: await rows('SELECT n FROM lesson_task_counts'),
      schools: await rows('SELECT status AS k, n FROM school_status_counts WHERE n <> 0 ORDER BY k'),
    },
    counted: {
      roles: await rows("SELECT role AS k, count(*) AS n FROM accounts WHERE role <> 'student' GROUP BY role ORDER BY k"),
      courses: await rows(
        `SELECT category_id || '/' || difficulty_level AS k, count(*) AS n FROM courses WHERE is_online = 1 AND deleted_at IS NULL GROUP BY k ORDER BY k`,
      ),
      tasks: await rows('SELECT count(*) AS n FROM lesson_tasks'),
      schools: await rows('SELECT status AS k, count(*) AS n FROM schools GROUP BY status ORDER BY k'),
    },
  };
}

const run = (sql: string, ...values: unknown[]) =>
  env.DB.prepare(sql)
    .bind(...values)
    .run();
const insertId = async (sql: string, ...values: unknown[]) =>
  (await env.DB.prepare(`${sql} RETURNING id`)
    .bind(...values)
    .first<{ id: number }>())!.id;

describe('stored list totals', () => {
  it('equal the counted rows after inserts, moving updates and deletes', async () => {
    await ensureSeedData(testDeps());
    const now = Date.now();
    const account = (role: string, i: number) =>
      insertId(
        'INSERT INTO accounts (email, name, password_hash, role, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)',
        `totals.${now}.${i}@example.test`,
        `t${i}`,
        'x',
        role,
        now,
        now,
      );
    const [teacher, student, admin] = [await account('teacher', 1), await account('student', 2), await account('admin', 3)];
    const course = (online: number, category: number, difficulty: string) =>
      insertId(
        'INSERT INTO courses (name, category_id, teacher_id, difficulty_level, is_online, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
        'c',
        category,
        teacher,
        difficulty,
        online,
        now,
        now,
      );
    const [listed, hidden, other] = [await course(1, 1, 'beginner'), await course(0, 2, 'advanced'), await course(1, 3, 'intermediate')];
    const task = () =>
      insertId(
        'INSERT INTO lesson_tasks (course_name, micro_lesson_name, user_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?)',
        'c',
        'l',
        teacher,
        now,
        now,
      );
    const [task1] = [await task(), await task()];
    const school = (status: number, i: number) =>
      insertId(
        'INSERT INTO schools (name, status, owner_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?)',
        `totals ${now} ${i}`,
        status,
        teacher,
        now,
        now,
      );
    const [pending, approved] = [await school(1, 1), await school(2, 2)];
    let { stored, counted } = await storedAndCounted();
    expect(stored).toEqual(counted);

    await run("UPDATE accounts SET role = 'liaison' WHERE id = ?", admin);
    await run("UPDATE accounts SET name = 'renamed', role = role WHERE id = ?", student);
    await run("UPDATE accounts SET role = 'student' WHERE id = ?", teacher);
    await run("UPDATE accounts SET role = 'admin' WHERE id = ?", student);
    await run('UPDATE courses SET is_online = 1 WHERE id = ?', hidden);
    await run('UPDATE courses SET category_id = 4, difficulty_level = ? WHERE id = ?', 'advanced', listed);
    await run('UPDATE courses SET deleted_at = ? WHERE id = ?', now, other);
    await run('UPDATE schools SET status = 3 WHERE id = ?', pending);
    ({ stored, counted } = await storedAndCounted());
    expect(stored).toEqual(counted);

    await run('DELETE FROM lesson_tasks WHERE id = ?', task1);
    await run('DELETE FROM courses WHERE id IN (?, ?)', listed, other);
    await run('DELETE FROM schools WHERE id IN (?, ?)', pending, approved);
    await run('DELETE FROM accounts WHERE id IN (?, ?)', student, admin);
    ({ stored, counted } = await storedAndCounted());
    expect(stored).toEqual(counted);
  });
});
