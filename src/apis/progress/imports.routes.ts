import { z } from '@hono/zod-openapi';
import { MAX_DEPARTMENT_ROWS } from '../../domain/imports/department-import';
import { MAX_TASK_ROWS } from '../../domain/imports/task-import';
import { MAX_USER_ROWS } from '../../domain/imports/user-import';
import { XLSX_CONTENT_TYPE } from '../../domain/imports/xlsx-writer';
import { MANAGERS } from '../../domain/production/roles';
import { jsonContent } from '../../http/content';
import { progress } from './api';
import { TEMPLATE_KINDS } from './import-sheets';
import { success } from './schemas';

const tags = ['Progress: import'];

const COMMON =
  'Who: admin, sysadmin. Multipart field `file`: an .xlsx workbook (first visible sheet) or a UTF-8 .csv (with or without BOM), at most 5 MB and 30 MB inflated. ' +
  'The first row is the header, matched by column name in any order (GET /api/import/templates/… gives it). Each row is checked and written on its own; ' +
  'errors name the row (`第3行邮箱已存在;`). Some rows imported: 10000 with data `成功导入N条数据` followed by `。错误信息:` and the row errors; none: 400/10012 with the errors in the message. ' +
  'Not a spreadsheet, wrong headers or no data rows: 400/10001; too large or too many rows: 413/10001.';

// A plain schema (not zod) on purpose: a zod form schema would make the validator buffer and parse the body as a form.
const fileBody = {
  required: true,
  content: {
    'multipart/form-data': {
      schema: {
        type: 'object' as const,
        required: ['file'],
        properties: { file: { type: 'string' as const, format: 'binary', description: '.xlsx or .csv' } },
      },
    },
  },
};

const importRoute = (path: string, operationId: string, summary: string, columns: string) =>
  progress.route({
    method: 'post',
    path,
    operationId,
    tags,
    summary,
    description: `${COMMON}\n\nColumns: ${columns}`,
    callers: { auth: 'required', roles: MANAGERS },
    request: { body: fileBody },
    responses: {
      200: jsonContent(
        'Some or all rows imported',
        success(`${operationId[0]!.toUpperCase()}${operationId.slice(1)}Response`, z.string().openapi({ example: '成功导入2条数据' })),
      ),
    },
    errors: [400, 401, 403, 413, 429, 500],
  });

export const importUsers = importRoute(
  '/api/import/users',
  'progressImportUsers',
  'Import users from a spreadsheet',
  `用户名, 邮箱, 密码, 部门名称 (an existing department’s name), and optionally 角色 (1-4 or 教师/普通管理员/沟通联络人/系统管理员; default 教师; only a sysadmin imports 系统管理员) and 岗位 (1-4). At most ${MAX_USER_ROWS} rows per file (each costs a password hash).`,
);

export const importLessonTasks = importRoute(
  '/api/import/lesson-tasks',
  'progressImportLessonTasks',
  'Import lesson tasks from a spreadsheet',
  `课程名称, 微课名称, 教师邮箱 (an active teacher’s e-mail), and optionally 任务说明. At most ${MAX_TASK_ROWS} rows per file.`,
);

export const importDepartments = importRoute(
  '/api/import/departments',
  'progressImportDepartments',
  'Import departments from a spreadsheet',
  `部门名称 (unique), and optionally 部门描述. At most ${MAX_DEPARTMENT_ROWS} rows per file.`,
);

export const template = progress.route({
  method: 'get',
  path: '/api/import/templates/{kind}',
  operationId: 'progressImportTemplate',
  callers: { auth: 'required', roles: MANAGERS },
  tags,
  summary: 'The .xlsx template of an import: one sheet with the header row',
  description: 'Who: admin, sysadmin.',
  request: {
    params: z.object({
      kind: z
        .enum(TEMPLATE_KINDS, { error: 'kind 必须是 users、lesson-tasks 或 departments' })
        .openapi({ param: { name: 'kind', in: 'path' } }),
    }),
  },
  responses: {
    200: {
      description: 'The workbook (Content-Disposition: attachment)',
      content: { [XLSX_CONTENT_TYPE]: { schema: { type: 'string', format: 'binary' } } },
    },
  },
  errors: [400, 401, 403, 500],
});
