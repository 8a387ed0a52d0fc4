import { createRoute, z } from '@hono/zod-openapi';
import { access, PROGRESS_USERS, STAFF } from '../../http/access';
import { requireAuth } from '../../http/auth';
import { intText, nonBlankPattern } from '../../http/params';
import { ADVISE_MAX, COURSE_NAME_MAX } from '../../domain/production/lesson-tasks';
import { bodyId, DepartmentLessonTask, emptyAsAbsent, errorResponses, jsonBody, jsonContent, LessonTask, pageNumber, pageSize, PositiveId, springPage, success } from './schemas';

const tags = ['Progress: lesson tasks'];
const secured = { security: [{ bearerAuth: [] }], middleware: requireAuth() };

const name = (field: string) => z.string().trim().min(1, `${field}不能为空`).max(COURSE_NAME_MAX, `${field}最多 ${COURSE_NAME_MAX} 个字符`).openapi({ pattern: nonBlankPattern(1) });
const advise = z.string().max(ADVISE_MAX, `任务说明最多 ${ADVISE_MAX} 个字符`).nullish();
const userId = bodyId('userId ');
const progressStatus = z
  .number({ error: 'progressStatus 必须是 0-5 的整数' })
  .int('progressStatus 必须是 0-5 的整数')
  .min(0, 'progressStatus 必须是 0-5 的整数')
  .max(5, 'progressStatus 必须是 0-5 的整数');

export const CreateTaskBody = z
  .strictObject({ courseName: name('课程名称'), microLessonName: name('微课名称'), userId, advise })
  .openapi('ProgressCreateLessonTaskRequest', { example: { courseName: '测试课程', microLessonName: '测试微课', userId: 1, advise: '任务说明' } });

export const UpdateTaskBody = z
  .strictObject({
    courseName: name('课程名称').optional(),
    microLessonName: name('微课名称').optional(),
    userId: userId.optional(),
    progressStatus: progressStatus.optional().openapi({
      description: '0 not started → 1 script making → 2 script review → 3 script confirmed → 4 video making → 5 video confirmed. Entering a stage stamps its time; 5 also stamps finishTime',
    }),
    advise,
  })
  .refine((b) => Object.keys(b).length > 0, { message: '至少需要一个要更新的字段' })
  .openapi('ProgressUpdateLessonTaskRequest', { example: { progressStatus: 1, advise: '更新的任务说明' } });

const TaskId = z.object({ id: PositiveId('id', 'Lesson task id') });

export const listTasks = createRoute({
  method: 'get',
  path: '/api/lesson-tasks',
  operationId: 'progressListLessonTasks',
  ...access({ auth: 'required', roles: PROGRESS_USERS }),
  tags,
  summary: 'Lesson tasks, a Spring page at a time, optionally one user’s',
  description:
    'Who: admins, liaisons and sysadmins see every task (or `userId`’s). A teacher sees only tasks assigned to them: without `userId`, or with their own id; another `userId` answers 403/10006. Ordered by id.',
  ...secured,
  request: {
    query: z.object({
      page: pageNumber,
      size: pageSize('size'),
      userId: emptyAsAbsent(intText({ min: 1, notInteger: 'userId 必须是正整数' }).optional().openapi({ description: 'Only this assignee’s tasks; empty or absent: every task the caller may see' })),
    }),
  },
  responses: { 200: jsonContent('A page of tasks', success('ProgressLessonTaskPageResponse', springPage('ProgressLessonTaskPage', LessonTask))), ...errorResponses(400, 401, 403, 500) },
});

export const getTask = createRoute({
  method: 'get',
  path: '/api/lesson-tasks/{id}',
  operationId: 'progressGetLessonTask',
  ...access({ auth: 'required', roles: PROGRESS_USERS, owner: { rule: 'the assigned teacher', anyRoles: STAFF } }),
  tags,
  summary: 'One lesson task',
  description: 'Who: staff (admin, liaison, sysadmin) any task; a teacher only a task assigned to them (403/10006 otherwise).',
  ...secured,
  request: { params: TaskId },
  responses: { 200: jsonContent('The task', success('ProgressLessonTaskResponse', LessonTask)), ...errorResponses(400, 401, 403, 404, 500) },
});

export const createTask = createRoute({
  method: 'post',
  path: '/api/lesson-tasks',
  operationId: 'progressCreateLessonTask',
  ...access({ auth: 'required', roles: STAFF }),
  tags,
  summary: 'Create a lesson task and assign it to a teacher',
  description:
    'Who: admin, liaison, sysadmin (a teacher gets 403/10006). `userId` must be an active teacher: 404/10003 if no such user, 400/10002 if not a teacher, 400/10001 if disabled. The task starts at progressStatus 0.',
  ...secured,
  request: { body: jsonBody(CreateTaskBody) },
  responses: { 200: jsonContent('Created', success('ProgressCreateLessonTaskResponse', LessonTask)), ...errorResponses(400, 401, 403, 404, 413, 415, 500) },
});

export const updateTask = createRoute({
  method: 'put',
  path: '/api/lesson-tasks/{id}',
  operationId: 'progressUpdateLessonTask',
  ...access({ auth: 'required', roles: PROGRESS_USERS, owner: { rule: 'the assigned teacher (progressStatus and advise only)', anyRoles: STAFF } }),
  tags,
  summary: 'Update a lesson task (status, advise, names, assignee)',
  description:
    'Who: admin, liaison, sysadmin change any field of any task (reassigning checks the new assignee as on create). A teacher changes only `progressStatus` and `advise` of a task assigned to them (403/10006 otherwise). Send only the fields to change. `updatedAt` changes on every update.',
  ...secured,
  request: { params: TaskId, body: jsonBody(UpdateTaskBody) },
  responses: { 200: jsonContent('Updated', success('ProgressUpdateLessonTaskResponse', LessonTask)), ...errorResponses(400, 401, 403, 404, 413, 415, 500) },
});

export const departmentTasks = createRoute({
  method: 'get',
  path: '/api/lesson-tasks/department/{departmentId}',
  operationId: 'progressDepartmentLessonTasks',
  ...access({ auth: 'required', roles: PROGRESS_USERS }),
  tags,
  summary: 'Lesson tasks of a department’s users, with each assignee’s name',
  description:
    'Who: staff see every task whose assignee is in the department; a teacher sees their own tasks there. 404/10001 when the department does not exist. A task belongs to the department its assignee is in now.',
  ...secured,
  request: { params: z.object({ departmentId: PositiveId('departmentId', 'Department id') }), query: z.object({ page: pageNumber, size: pageSize('size') }) },
  responses: {
    200: jsonContent('A page of tasks', success('ProgressDepartmentLessonTaskPageResponse', springPage('ProgressDepartmentLessonTaskPage', DepartmentLessonTask))),
    ...errorResponses(400, 401, 403, 404, 500),
  },
});

export const deleteTask = createRoute({
  method: 'delete',
  path: '/api/lesson-tasks/{id}',
  operationId: 'progressDeleteLessonTask',
  ...access({ auth: 'required', roles: STAFF }),
  tags,
  summary: 'Delete a lesson task',
  description: 'Who: admin, liaison, sysadmin (a teacher gets 403/10006).',
  ...secured,
  request: { params: TaskId },
  responses: { 200: jsonContent('Deleted', success('ProgressDeleteLessonTaskResponse', z.null())), ...errorResponses(400, 401, 403, 404, 500) },
});
