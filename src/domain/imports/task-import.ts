import { sql } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import { accounts, lessonTasks } from '../../db/schema';
import type { Principal } from '../auth/principal';
import type { Deps } from '../deps';
import { ADVISE_MAX, COURSE_NAME_MAX } from '../production/lesson-tasks';
import { selectRow } from '../production/insert-select';
import { assertManager } from '../production/roles';
import { writeInChunks, type ImportResult, type RowError } from './import-result';
import { asciiLower, mapColumns, readSpreadsheet, type Column } from './spreadsheet';

export const MAX_TASK_ROWS = 5_000;

export const TASK_COLUMNS = [
  { key: 'courseName', header: '课程名称', required: true },
  { key: 'microLessonName', header: '微课名称', required: true },
  { key: 'teacherEmail', header: '教师邮箱', required: true },
  { key: 'advise', header: '任务说明', required: false },
] as const satisfies readonly Column<string>[];

interface TaskRow {
  rowNumber: number;
  courseName: string;
  microLessonName: string;
  userId: number;
  advise: string;
}

/**
 * POST /api/import/lesson-tasks: columns 课程名称, 微课名称, 教师邮箱 and optionally 任务说明. Each task
 * goes to the active teacher with that e-mail; the insert itself re-checks that, so a teacher
 * disabled during the import gets no task.
 */
export async function importLessonTasks(deps: Deps, caller: Principal, file: Uint8Array): Promise<ImportResult> {
  assertManager(caller);
  const rows = mapColumns(readSpreadsheet(file, MAX_TASK_ROWS, deps.log), TASK_COLUMNS);
  const teachers = await accountsByEmail(deps, rows.map((r) => r.values.teacherEmail).filter(Boolean));
  const errors: RowError[] = [];
  const valid: TaskRow[] = [];
  for (const { rowNumber, values: v } of rows) {
    const problems: string[] = [];
    if (!v.courseName) problems.push('课程名称为空');
    else if (v.courseName.length > COURSE_NAME_MAX) problems.push(`课程名称超过${COURSE_NAME_MAX}个字符`);
    if (!v.microLessonName) problems.push('微课名称为空');
    else if (v.microLessonName.length > COURSE_NAME_MAX) problems.push(`微课名称超过${COURSE_NAME_MAX}个字符`);
    if (v.advise.length > ADVISE_MAX) problems.push(`任务说明超过${ADVISE_MAX}个字符`);
    const email = v.teacherEmail.slice(0, 100);
    const teacher = v.teacherEmail ? teachers.get(asciiLower(v.teacherEmail)) : undefined;
    if (!v.teacherEmail) problems.push('教师邮箱为空');
    else if (!teacher) problems.push(`未找到教师用户(${email})`);
    else if (teacher.role !== 'teacher') problems.push(`用户(${email})不是教师`);
    else if (!teacher.isActive) problems.push(`教师用户(${email})已被禁用`);
    if (problems.length || !teacher) {
      errors.push({ rowNumber, message: problems.join('，') });
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
    () => '教师用户已被禁用或不再是教师',
  );
  return { imported: written.imported, errors: [...errors, ...written.errors] };
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
