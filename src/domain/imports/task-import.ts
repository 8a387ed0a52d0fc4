import { sql } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import { accounts, lessonTasks } from '../../db/schema';
import type { Principal } from '../auth/principal';
import type { Deps } from '../deps';
import { ADVISE_MAX, COURSE_NAME_MAX } from '../production/lesson-tasks';
import { selectRow } from '../production/insert-select';
import { assertManager } from '../production/roles';
import { settleImport, writeInChunks, type ImportResult, type RowError, type RowIssue } from './import-result';
import { asciiLower, mapColumns, readSpreadsheet, type Column, type Headers } from './spreadsheet';

export const MAX_TASK_ROWS = 5_000;

export const TASK_COLUMNS = [
  { key: 'courseName', required: true },
  { key: 'microLessonName', required: true },
  { key: 'teacherEmail', required: true },
  { key: 'advise', required: false },
] as const satisfies readonly Column<string>[];

export type TaskKey = (typeof TASK_COLUMNS)[number]['key'];

interface TaskRow {
  rowNumber: number;
  courseName: string;
  microLessonName: string;
  userId: number;
  advise: string;
}

/**
 * POST /api/import/lesson-tasks: columns courseName, microLessonName, teacherEmail and optionally
 * advise, headed as `headers` spells them. Each task goes to the active teacher with that e-mail; the
 * insert itself re-checks that, so a teacher disabled during the import gets no task.
 */
export async function importLessonTasks(deps: Deps, caller: Principal, file: Uint8Array, headers: Headers<TaskKey>): Promise<ImportResult> {
  assertManager(caller);
  const rows = mapColumns(readSpreadsheet(file, MAX_TASK_ROWS, deps.log), TASK_COLUMNS, headers);
  const teachers = await accountsByEmail(deps, rows.map((r) => r.values.teacherEmail).filter(Boolean));
  const errors: RowError[] = [];
  const valid: TaskRow[] = [];
  for (const { rowNumber, values: v } of rows) {
    const problems: RowIssue[] = [];
    if (!v.courseName) problems.push({ code: 'COURSE_NAME_EMPTY' });
    else if (v.courseName.length > COURSE_NAME_MAX) problems.push({ code: 'COURSE_NAME_TOO_LONG', params: { max: COURSE_NAME_MAX } });
    if (!v.microLessonName) problems.push({ code: 'MICRO_LESSON_NAME_EMPTY' });
    else if (v.microLessonName.length > COURSE_NAME_MAX)
      problems.push({ code: 'MICRO_LESSON_NAME_TOO_LONG', params: { max: COURSE_NAME_MAX } });
    if (v.advise.length > ADVISE_MAX) problems.push({ code: 'ADVISE_TOO_LONG', params: { max: ADVISE_MAX } });
    const email = { email: v.teacherEmail };
    const teacher = v.teacherEmail ? teachers.get(asciiLower(v.teacherEmail)) : undefined;
    if (!v.teacherEmail) problems.push({ code: 'TEACHER_EMAIL_EMPTY' });
    else if (!teacher) problems.push({ code: 'TEACHER_NOT_FOUND', params: email });
    else if (teacher.role !== 'teacher') problems.push({ code: 'USER_NOT_A_TEACHER', params: email });
    else if (!teacher.isActive) problems.push({ code: 'TEACHER_DISABLED', params: email });
    if (problems.length || !teacher) {
      errors.push({ rowNumber, issues: problems });
      continue;
    }
    valid.push({ rowNumber, courseName: v.courseName, microLessonName: v.microLessonName, userId: teacher.id, advise: v.advise });
  }
  const written = await writeInChunks(
    deps,
    valid,
    async (chunk) => {
      const now = deps.clock.now();
      const statements = chunk.map((t) =>
        deps.db
          .insert(lessonTasks)
          .select(
            selectRow(
              lessonTasks,
              {
                courseName: t.courseName,
                microLessonName: t.microLessonName,
                userId: accounts.id,
                progressStatus: 0,
                advise: t.advise,
                createdBy: caller.accountId,
                createdAt: now,
                updatedAt: now,
              },
              sql`from ${accounts} where ${accounts.id} = ${t.userId} and ${accounts.role} = 'teacher' and ${accounts.isActive} = 1`,
            ),
          )
          .returning({ id: lessonTasks.id }),
      );
      const results = await deps.db.batch(statements as unknown as [BatchItem<'sqlite'>, ...BatchItem<'sqlite'>[]]);
      return results.map((r) => Array.isArray(r) && r.length === 1);
    },
    (t) => t.rowNumber,
    () => ({ code: 'TEACHER_NO_LONGER_ASSIGNABLE' }),
  );
  return settleImport(deps, caller, 'import.lesson_tasks', { imported: written.imported, errors: [...errors, ...written.errors] });
}

async function accountsByEmail(deps: Deps, emails: string[]) {
  const found = new Map<string, { id: number; role: string; isActive: boolean }>();
  if (emails.length === 0) return found;
  const list = JSON.stringify([...new Set(emails.map(asciiLower))]);
  const rows = await deps.db
    .select({ id: accounts.id, email: accounts.email, role: accounts.role, isActive: accounts.isActive })
    .from(accounts)
    .where(sql`lower(${accounts.email}) in (select value from json_each(${list}))`)
    .all();
  for (const r of rows) found.set(asciiLower(r.email ?? ''), r);
  return found;
}
