import { DEPARTMENT_COLUMNS } from './department-import';
import type { Column } from './spreadsheet';
import { TASK_COLUMNS } from './task-import';
import { USER_COLUMNS } from './user-import';
import { writeXlsx } from './xlsx-writer';

export const TEMPLATE_KINDS = ['users', 'lesson-tasks', 'departments'] as const;
export type TemplateKind = (typeof TEMPLATE_KINDS)[number];

const COLUMNS: Record<TemplateKind, readonly Column<string>[]> = {
  users: USER_COLUMNS,
  'lesson-tasks': TASK_COLUMNS,
  departments: DEPARTMENT_COLUMNS,
};

const FILE_NAMES: Record<TemplateKind, string> = {
  users: '用户导入模板.xlsx',
  'lesson-tasks': '课程任务导入模板.xlsx',
  departments: '部门导入模板.xlsx',
};

/** The import template: one sheet whose first row is the columns the import reads (optional ones included). */
export function importTemplate(kind: TemplateKind): { fileName: string; bytes: Uint8Array } {
  const headers = COLUMNS[kind].map((c) => c.header);
  return { fileName: FILE_NAMES[kind], bytes: writeXlsx([headers], { header: true, sheetName: '导入数据' }) };
}
