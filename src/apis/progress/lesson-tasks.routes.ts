import { z } from '@hono/zod-openapi';
import { ADVISE_MAX, COURSE_NAME_MAX } from '../../domain/production/lesson-tasks';
import { PROGRESS_USERS, STAFF } from '../../domain/production/roles';
import { jsonBody, jsonContent } from '../../http/content';
import { intText, nonBlankPattern } from '../../http/params';
import { progress } from './api';
import { bodyId, DepartmentLessonTask, emptyAsAbsent, LessonTask, pageNumber, pageSize, PositiveId, springPage, success } from './schemas';

const tags = ['Progress: lesson tasks'];

const name = (field: string) =>
  z
    .string()
    .trim()
    .min(1, `${field}不能为空`)
    .max(COURSE_NAME_MAX, `${field}最多 ${COURSE_NAME_MAX} 个字符`)
    .openapi({ pattern: nonBlankPattern(1) });
const advise = z.string().max(ADVISE_MAX, `任务说明最多 ${ADVISE_MAX} 个字符`).nullish();
const userId = bodyId('userId ');
const progressStatus = z
  .number({ error: 'progressStatus 必须是 0-5 的整数' })
  .int('progressStatus 必须是 0-5 的整数')
  .min(0, 'progressStatus 必须是 0-5 的整数')
  .max(5, 'progressStatus 必须是 0-5 的整数');

export const CreateTaskBody = z
  .object({ courseName: name('课程名称'), microLessonName: name('微课名称'), userId, advise })
  .openapi('ProgressCreateLessonTaskRequest', {
    example: { courseName: '测试课程', microLessonName: '测试微课', userId: 1, advise: '任务说明' },
  });

export const UpdateTaskBody = z
  .object({
    courseName: name('课程名称').optional(),
    microLessonName: name('微课名称').optional(),
    userId: userId.optional(),
    progressStatus: progressStatus.optional().openapi({
      description:
        '0 not started → 1 script making → 2 script review → 3 script confirmed → 4 video making → 5 video confirmed. Entering a stage stamps its time; 5 also stamps finishTime',
    }),
    advise,
  })
  .refine((b) => Object.keys(b).length > 0, { message: '至少需要一个要更新的字段' })
  .openapi('ProgressUpdateLessonTaskRequest', { example: { progressStatus: 1, advise: '更新的任务说明' } });

const TaskId = z.object({ id: PositiveId('id', 'Lesson task id') });

export const listTasks = progress.route({
  method: 'get',
  path: '/api/lesson-tasks',
  operationId: 'progressListLessonTasks',
  callers: { auth: 'required', roles: PROGRESS_USERS },
  tags,
  summary: 'Lesson tasks, a Spring page at a time, optionally one user’s',
  description:
    'Who: admins, liaisons and sysadmins see every task (or `userId`’s). A teacher sees only tasks assigned to them: without `userId`, or with their own id; another `userId` answers 403/10006. Ordered by id.',
  request: {
    query: z.object({
      page: pageNumber,
      size: pageSize('size'),
      userId: emptyAsAbsent(
        intText({ min: 1, notInteger: 'userId 必须是正整数' })
          .optional()
          .openapi({ description: 'Only this assignee’s tasks; empty or absent: every task the caller may see' }),
      ),
    }),
  },
  responses: {
    200: jsonContent('A page of tasks', success('ProgressLessonTaskPageResponse', springPage('ProgressLessonTaskPage', LessonTask))),
  },
  errors: [400, 401, 403, 500],
});

export const departmentTasks = progress.route({
  method: 'get',
  path: '/api/lesson-tasks/department/{departmentId}',
  operationId: 'progressDepartmentLessonTasks',
  callers: { auth: 'required', roles: PROGRESS_USERS },
  tags,
  summary: 'Lesson tasks of a department’s users, with each assignee’s name',
  description:
    'Who: staff see every task whose assignee is in the department; a teacher sees their own tasks there. 404/10001 when the department does not exist. A task belongs to the department its assignee is in now.',
  request: {
    params: z.object({ departmentId: PositiveId('departmentId', 'Department id') }),
    query: z.object({ page: pageNumber, size: pageSize('size') }),
  },
  responses: {
    200: jsonContent(
      'A page of tasks',
      success('ProgressDepartmentLessonTaskPageResponse', springPage('ProgressDepartmentLessonTaskPage', DepartmentLessonTask)),
    ),
  },
  errors: [400, 401, 403, 404, 500],
});

export const getTask = progress.route({
  method: 'get',
  path: '/api/lesson-tasks/{id}',
  operationId: 'progressGetLessonTask',
  callers: { auth: 'required', roles: PROGRESS_USERS, owner: { rule: 'the assigned teacher', anyRoles: STAFF } },
  tags,
  summary: 'One lesson task',
  description: 'Who: staff (admin, liaison, sysadmin) any task; a teacher only a task assigned to them (403/10006 otherwise).',
  request: { params: TaskId },
  responses: { 200: jsonContent('The task', success('ProgressLessonTaskResponse', LessonTask)) },
  errors: [400, 401, 403, 404, 500],
});

export const createTask = progress.route({
  method: 'post',
  path: '/api/lesson-tasks',
  operationId: 'progressCreateLessonTask',
  callers: { auth: 'required', roles: STAFF },
  tags,
  summary: 'Create a lesson task and assign it to a teacher',
  description:
    'Who: admin, liaison, sysadmin (a teacher gets 403/10006). `userId` must be an active teacher: 404/10003 if no such user, 400/10002 if not a teacher, 400/10001 if disabled. The task starts at progressStatus 0.',
  request: { body: jsonBody(CreateTaskBody) },
  responses: { 200: jsonContent('Created', success('ProgressCreateLessonTaskResponse', LessonTask)) },
  errors: [400, 401, 403, 404, 413, 415, 500],
});

export const updateTask = progress.route({
  method: 'put',
  path: '/api/lesson-tasks/{id}',
  operationId: 'progressUpdateLessonTask',
  callers: {
    auth: 'required',
    roles: PROGRESS_USERS,
    owner: { rule: 'the assigned teacher (progressStatus and advise only)', anyRoles: STAFF },
  },
  tags,
  summary: 'Update a lesson task (status, advise, names, assignee)',
  description:
    'Who: admin, liaison, sysadmin change any field of any task (reassigning checks the new assignee as on create). A teacher changes only `progressStatus` and `advise` of a task assigned to them (403/10006 otherwise). Send only the fields to change. `updatedAt` changes on every update.',
  request: { params: TaskId, body: jsonBody(UpdateTaskBody) },
  responses: { 200: jsonContent('Updated', success('ProgressUpdateLessonTaskResponse', LessonTask)) },
  errors: [400, 401, 403, 404, 413, 415, 500],
});

export const deleteTask = progress.route({
  method: 'delete',
  path: '/api/lesson-tasks/{id}',
  operationId: 'progressDeleteLessonTask',
  callers: { auth: 'required', roles: STAFF },
  tags,
  summary: 'Delete a lesson task',
  description: 'Who: admin, liaison, sysadmin (a teacher gets 403/10006).',
  request: { params: TaskId },
  responses: { 200: jsonContent('Deleted', success('ProgressDeleteLessonTaskResponse', z.null())) },
  errors: [400, 401, 403, 404, 500],
});
