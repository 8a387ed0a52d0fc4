import type { DepartmentKey } from '../../domain/imports/department-import';
import { DEPARTMENT_COLUMNS } from '../../domain/imports/department-import';
import type { Headers } from '../../domain/imports/spreadsheet';
import type { TaskKey } from '../../domain/imports/task-import';
import { TASK_COLUMNS } from '../../domain/imports/task-import';
import { USER_COLUMNS, type UserKey, type UserSheet } from '../../domain/imports/user-import';
import { writeXlsx } from '../../domain/imports/xlsx-writer';
import type { Job, ProgressRole } from '../../domain/production/roles';

/**
 * The import spreadsheets as this API documents them: the header of each column, the names a role or
 * job cell may hold, and the templates GET /api/import/templates/{kind} hands out. They are the wire
 * format of a file, as field names are of a JSON body, so they live with the API; the domain reads a
 * sheet by column key and matches the header cells against these (docs/architecture.md, "Words").
 */
export const USER_HEADERS: Headers<UserKey> = {
  username: '用户名',
  email: '邮箱',
  password: '密码',
  department: '部门名称',
  role: '角色',
  job: '岗位',
};

export const TASK_HEADERS: Headers<TaskKey> = {
  courseName: '课程名称',
  microLessonName: '微课名称',
  teacherEmail: '教师邮箱',
  advise: '任务说明',
};

export const DEPARTMENT_HEADERS: Headers<DepartmentKey> = {
  name: '部门名称',
  description: '部门描述',
};

/** A role cell holds 1-4 or one of these names. */
const ROLE_NAMES = new Map<string, ProgressRole>([
  ['教师', 'teacher'],
  ['普通管理员', 'admin'],
  ['管理员', 'admin'],
  ['沟通联络人', 'liaison'],
  ['联络人', 'liaison'],
  ['系统管理员', 'sysadmin'],
]);

/** A job cell holds 1-4 or one of these names. */
const JOB_NAMES = new Map<string, Job>([
  ['课程制作教师', 1],
  ['课程购买方项目负责人', 2],
  ['课程制作方沟通联络人', 3],
  ['系统制作方项目负责人', 4],
]);

export const USER_SHEET: UserSheet = { headers: USER_HEADERS, roleNames: ROLE_NAMES, jobNames: JOB_NAMES };

export const TEMPLATE_KINDS = ['users', 'lesson-tasks', 'departments'] as const;
export type TemplateKind = (typeof TEMPLATE_KINDS)[number];

/** Each template's columns, optional ones included, in the order the import documents them. */
const TEMPLATE_HEADERS: Record<TemplateKind, readonly string[]> = {
  users: USER_COLUMNS.map((c) => USER_HEADERS[c.key]),
  'lesson-tasks': TASK_COLUMNS.map((c) => TASK_HEADERS[c.key]),
  departments: DEPARTMENT_COLUMNS.map((c) => DEPARTMENT_HEADERS[c.key]),
};

const FILE_NAMES: Record<TemplateKind, string> = {
  users: '用户导入模板.xlsx',
  'lesson-tasks': '课程任务导入模板.xlsx',
  departments: '部门导入模板.xlsx',
};

/** The import template: one sheet whose first row is the columns the import reads (optional ones included). */
export function importTemplate(kind: TemplateKind): { fileName: string; bytes: Uint8Array } {
  return { fileName: FILE_NAMES[kind], bytes: writeXlsx([[...TEMPLATE_HEADERS[kind]]], { header: true, sheetName: '导入数据' }) };
}
