// What each operation acts on: the resources owned by `owner`, and the ids, bodies and files a real
// client would send. One entry per operation that needs more than schema-plausible values; every
// owner-scoped operation has one (test/authz/matrix.test.ts fails otherwise).
import type { Account } from '../../src/domain/accounts/accounts';
import type { Role } from '../../src/domain/accounts/roles';
import { env } from 'cloudflare:workers';
import { eq } from 'drizzle-orm';
import { excourseProfiles, materials } from '../../src/db/schema';
import { testDeps } from '../helpers/deps';
import { newAccount, refreshTokenFor, request, SMS_CODE, tokenFor } from './callers';
import { PASSWORD, unique } from './plausible';

export interface Target {
  params?: Record<string, string | number>;
  query?: Record<string, string>;
  /** Merged over the plausible JSON body. */
  body?: Record<string, unknown>;
  /** A non-JSON body (multipart, octet-stream). */
  raw?: () => BodyInit;
}

export interface World {
  /** Per role: the account owning the resources acted on (A) and one owning resources of its own (B). */
  owners: Record<Role, Account>;
  others: Record<Role, Account>;
  /** Per role: an account that owns nothing (the role columns of the matrix). */
  roleCallers: Record<Role, Account>;
  admin: Account;
  /** Signs in through every API's login operation. */
  login: Account;
  categoryId: number;
  departmentId: number;
  departmentName: string;
  /** An approved campus school (excourse sign-up joins one). */
  school: number;
  /** Paths of a stored avatar and course cover. */
  avatarPath: string;
  coverPath: string;
  material: number;
  course: number;
  team: number;
  room: number;
}

export type Fixture = (owner: Account, w: World) => Promise<Target>;

/** The first value under one of `keys`, searched depth-first: create responses nest ids differently in each API. */
export function idIn(body: unknown, ...keys: string[]): number {
  const seen: unknown[] = [body];
  while (seen.length) {
    const v = seen.shift();
    if (!v || typeof v !== 'object') continue;
    for (const k of keys) if (typeof (v as any)[k] === 'number' || typeof (v as any)[k] === 'string') return (v as any)[k];
    seen.push(...Object.values(v));
  }
  throw new Error(`no ${keys.join('/')} in ${JSON.stringify(body).slice(0, 300)}`);
}

async function as(account: Account, method: string, path: string, json?: unknown, body?: BodyInit) {
  const res = await request(method, path, { token: await tokenFor(account), json, body });
  if (res.status >= 300) throw new Error(`fixture ${method} ${path}: ${res.status} ${res.text.slice(0, 300)}`);
  return res.body;
}

export async function activeMaterial(uploader: Account): Promise<number> {
  const now = Date.now();
  const fileKey = `authz/${unique()}.pdf`;
  await (env.FILES as R2Bucket).put(fileKey, PDF, { httpMetadata: { contentType: 'application/pdf' } });
  const row = await testDeps()
    .db.insert(materials)
    .values({
      title: `authz ${unique()}`,
      type: 'pdf',
      fileKey,
      fileSize: PDF.length,
      fileFormat: 'pdf',
      contentType: 'application/pdf',
      uploaderId: uploader.id,
      status: 'active',
      createdAt: now,
      updatedAt: now,
    })
    .returning()
    .get();
  return row.id;
}

const PNG = Uint8Array.from(
  atob('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=='),
  (ch) => ch.charCodeAt(0),
);
const PDF = new TextEncoder().encode('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
const form = (fields: Record<string, string | Blob>) => () => {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) f.append(k, v);
  return f;
};
const image = (name: string) => form({ [name]: new File([PNG], 'a.png', { type: 'image/png' }) });
const csv = (text: string) => form({ file: new File([text], 'import.csv', { type: 'text/csv' }) });

export const course = async (teacher: Account, w: World, online = true) => {
  const id = Number(
    idIn(
      await as(teacher, 'POST', '/api/teacher/courses', { course_name: `Authz ${unique()}`, category_id: w.categoryId }),
      'course_id',
      'id',
    ),
  );
  if (online) await as(teacher, 'PATCH', `/api/teacher/courses/${id}/toggle`);
  return id;
};
const enrolled = async (student: Account, w: World) => {
  const id = await course(w.owners.teacher, w);
  await as(student, 'POST', `/api/student/enroll/${id}`);
  return id;
};
const uploadSession = async (owner: Account) =>
  idIn(await as(owner, 'POST', '/api/v1/uploads', { filename: 'a.pdf', size: PDF.length, type: 'pdf', title: 'Authz' }), 'upload_id');
const school = async (owner: Account, w: World, approve = true) => {
  const id = Number(idIn(await as(owner, 'POST', '/v1/teacher/schools', { name: `Authz school ${unique()}` }), 'id', 'school_id'));
  if (approve) await as(w.admin, 'POST', `/v1/admin/schools/${id}/approve`);
  return id;
};
const student = async (owner: Account, w: World) => {
  const schoolId = await school(owner, w);
  const body = await as(owner, 'POST', `/v1/teacher/schools/${schoolId}/students`, {
    name: 'Authz student',
    username: `authz_${unique()}`,
    password: PASSWORD,
    password_confirmation: PASSWORD,
  });
  return { school_id: schoolId, student_id: Number(idIn(body, 'id', 'student_id')) };
};
const task = async (teacher: Account, w: World) =>
  Number(
    idIn(
      await as(w.admin, 'POST', '/api/lesson-tasks', { courseName: 'Authz', microLessonName: `Authz ${unique()}`, userId: teacher.id }),
      'id',
    ),
  );

/** The values of a template's parameters in a concrete path. */
function pathParams(template: string, path: string): Record<string, string> {
  const names = [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
  const re = new RegExp(`^${template.replace(/\{\w+\}/g, '([^/?]+)')}`);
  const values = re.exec(path);
  if (!values) throw new Error(`${path} does not fit ${template}`);
  return Object.fromEntries(names.map((n, i) => [n, decodeURIComponent(values[i + 1]!)]));
}

const material = async (owner: Account) => ({ params: { material_id: await activeMaterial(owner) } });
const session = async (owner: Account) => ({ params: { upload_id: await uploadSession(owner) } });
const ownCourse = async (owner: Account, w: World) => ({ params: { courseId: await course(owner, w) } });
const ownSchool = async (owner: Account, w: World) => ({ params: { school_id: await school(owner, w) } });

export const FIXTURES: Record<string, Fixture> = {
  learningLogin: async (_o, w) => ({ body: { email: w.login.email, password: PASSWORD } }),
  learningRefresh: async (_o, w) => ({ body: { refresh_token: await refreshTokenFor(w.login) } }),
  learningGetMaterial: async (_o, w) => ({ params: { material_id: w.material } }),
  learningToggleLike: async (_o, w) => ({ params: { material_id: w.material } }),
  learningMaterialFile: async (_o, w) => ({ params: { material_id: w.material } }),
  learningMaterialThumbnail: async (_o, w) => ({ params: { material_id: w.material } }),
  // The document's MinIO URL of the same material: /materials/<its file_path>.
  learningMaterialObject: async (_o, w) => ({
    params: {
      key: (await testDeps().db.select({ key: materials.fileKey }).from(materials).where(eq(materials.id, w.material)).get())!.key!,
    },
  }),
  learningDeleteMaterial: material,
  learningUploadStatus: material,
  learningThumbnailStatus: material,
  learningDeleteUpload: material,
  learningUpload: async () => ({ raw: form({ file: new File([PDF], 'a.pdf', { type: 'application/pdf' }), title: 'Authz upload' }) }),
  learningCreateUploadSession: async () => ({ body: { filename: 'a.pdf', size: PDF.length, type: 'pdf', title: 'Authz' } }),
  learningGetUploadSession: session,
  learningAbortUpload: session,
  learningUploadPart: async (owner) => ({ params: { upload_id: await uploadSession(owner), part_number: 1 }, raw: () => PDF }),
  learningCompleteUpload: async (owner) => {
    const id = await uploadSession(owner);
    await request('PUT', `/api/v1/uploads/${id}/parts/1`, { token: await tokenFor(owner), body: PDF });
    return { params: { upload_id: id } };
  },
  learningPauseJob: async () => ({ params: { job_id: 'token_cleanup_job' } }),
  learningResumeJob: async () => ({ params: { job_id: 'token_cleanup_job' } }),

  personalCenterLogin: async (_o, w) => ({ body: { phone: w.login.phone, password: PASSWORD } }),
  personalCenterUploadAvatar: async () => ({ raw: image('avatar') }),
  personalCenterAvatarFile: async (_o, w) => ({ params: pathParams('/api/user/avatars/{userId}/{file}', w.avatarPath) }),
  personalCenterCoverFile: async (_o, w) => ({ params: pathParams('/api/courses/{courseId}/cover/{file}', w.coverPath) }),
  personalCenterGetCourse: async (_o, w) => ({ params: { courseId: w.course } }),
  personalCenterEnroll: async (_o, w) => ({ params: { courseId: w.course } }),
  personalCenterAddFavorite: async (_o, w) => ({ params: { courseId: w.course } }),
  personalCenterRemoveFavorite: async (_o, w) => ({ params: { courseId: w.course } }),
  personalCenterUpdateProgress: async (owner, w) => ({ params: { courseId: await enrolled(owner, w) }, body: { progress: 10 } }),
  personalCenterRateCourse: async (owner, w) => ({ params: { courseId: await enrolled(owner, w) }, body: { rating: 5 } }),
  personalCenterJoinTeam: async (_o, w) => ({ params: { teamId: w.team } }),
  personalCenterLeaveTeam: async (_o, w) => ({ params: { teamId: w.team } }),
  personalCenterJoinRoom: async (_o, w) => ({ params: { roomId: w.room } }),
  personalCenterLeaveRoom: async (_o, w) => ({ params: { roomId: w.room } }),
  personalCenterCreateCourse: async (_o, w) => ({ body: { category_id: w.categoryId } }),
  personalCenterUpdateCourse: async (owner, w) => ({ ...(await ownCourse(owner, w)), body: { course_name: `Renamed ${unique()}` } }),
  personalCenterDeleteCourse: ownCourse,
  personalCenterToggleCourse: ownCourse,
  personalCenterCourseStudents: ownCourse,
  personalCenterUploadCover: async (owner, w) => ({ ...(await ownCourse(owner, w)), raw: image('cover') }),
  personalCenterAttachMaterial: async (owner, w) => ({
    ...(await ownCourse(owner, w)),
    body: { material_id: await activeMaterial(owner) },
  }),
  personalCenterDetachMaterial: async (owner, w) => {
    const courseId = await course(owner, w);
    const materialId = await activeMaterial(owner);
    await as(owner, 'POST', `/api/teacher/courses/${courseId}/materials`, { material_id: materialId });
    return { params: { courseId, materialId } };
  },

  progressLogin: async (_o, w) => ({ body: { email: w.login.email, password: PASSWORD } }),
  progressRegister: async (_o, w) => ({ body: { departmentId: w.departmentId } }),
  progressDisableUser: async () => ({ params: { userId: (await newAccount('teacher', 'target')).id } }),
  progressDepartmentUsers: async (_o, w) => ({ params: { departmentId: w.departmentId } }),
  progressSearchTeacher: async (_o, w) => ({ query: { email: w.owners.teacher.email! } }),
  progressDepartmentLessonTasks: async (_o, w) => ({ params: { departmentId: w.departmentId } }),
  progressCreateLessonTask: async (_o, w) => ({ body: { userId: w.owners.teacher.id } }),
  progressGetLessonTask: async (owner, w) => ({ params: { id: await task(owner, w) } }),
  progressUpdateLessonTask: async (owner, w) => ({ params: { id: await task(owner, w) }, body: { progressStatus: 1 } }),
  progressDeleteLessonTask: async (_o, w) => ({ params: { id: await task(w.owners.teacher, w) } }),
  progressImportDepartments: async () => ({ raw: csv(`部门名称,部门描述\nAuthz ${unique()},x\n`) }),
  progressImportUsers: async (_o, w) => ({
    raw: csv(`用户名,邮箱,密码,部门名称\nx,authz.${unique()}@example.test,${PASSWORD},${w.departmentName}\n`),
  }),
  progressImportLessonTasks: async (_o, w) => ({
    raw: csv(`课程名称,微课名称,教师邮箱\nAuthz,Authz ${unique()},${w.owners.teacher.email}\n`),
  }),
  progressImportTemplate: async () => ({ params: { kind: 'users' } }),

  excourseLogin: async (_o, w) => ({ body: { username: w.login.username, password: PASSWORD } }),
  excourseGetUser: async (_o, w) => {
    // An excourse teacher (a teacher with a profile) is visible to every signed-in user.
    const teacher = w.owners.teacher;
    await testDeps()
      .db.insert(excourseProfiles)
      .values({ accountId: teacher.id, createdAt: Date.now(), updatedAt: Date.now() })
      .onConflictDoNothing()
      .run();
    return { params: { pk: teacher.id } };
  },
  excourseRegister: async (_o, w) => {
    const phone = `15${String(Date.now()).slice(-7)}${Math.floor(Math.random() * 90 + 10)}`;
    const sent = await request('POST', '/vertifications/', { json: { phone } });
    if (sent.status !== 200) throw new Error(`fixture send code: ${sent.status} ${sent.text}`);
    return { body: { username: `authz_${unique()}`, password: PASSWORD, school_id: w.school, phone, sms_code: SMS_CODE } };
  },
  excourseUpdateUser: async (owner) => ({ params: { pk: owner.id }, body: { wechat: `wx${unique()}` } }),

  // Each student caller changes its password once per run: from the one every account starts with.
  campusStudentChangePassword: async () => ({
    body: { old_password: PASSWORD, new_password: 'password-456', new_password_confirmation: 'password-456' },
  }),
  campusLogin: async (_o, w) => ({ body: { identity: 1, username: w.login.email, password: PASSWORD } }),
  campusGetSchool: ownSchool,
  campusRenameSchool: async (owner, w) => ({ ...(await ownSchool(owner, w)), body: { name: `Authz renamed ${unique()}` } }),
  campusDeleteSchool: ownSchool,
  campusListStudents: ownSchool,
  campusCreateStudent: ownSchool,
  campusResetStudentPassword: async (owner, w) => ({ params: await student(owner, w) }),
  campusUpdateStudent: async (owner, w) => ({ params: await student(owner, w), body: { name: 'Authz renamed' } }),
  campusRemoveStudent: async (owner, w) => ({ params: await student(owner, w) }),
  campusAdminApproveSchool: async (_o, w) => ({ params: { school_id: await school(w.owners.teacher, w, false) } }),
  campusAdminRejectSchool: async (_o, w) => ({
    params: { school_id: await school(w.owners.teacher, w, false) },
    body: { reason: 'Authz' },
  }),
};

export async function buildWorld(): Promise<World> {
  const roles: Role[] = ['student', 'teacher', 'admin', 'liaison', 'sysadmin'];
  const owners = Object.fromEntries(await Promise.all(roles.map(async (r) => [r, await newAccount(r, `owner-${r}`)]))) as Record<
    Role,
    Account
  >;
  const others = Object.fromEntries(await Promise.all(roles.map(async (r) => [r, await newAccount(r, `other-${r}`)]))) as Record<
    Role,
    Account
  >;
  const roleCallers = Object.fromEntries(await Promise.all(roles.map(async (r) => [r, await newAccount(r, `caller-${r}`)]))) as Record<
    Role,
    Account
  >;
  const admin = await newAccount('sysadmin', 'setup');
  const login = await newAccount('teacher', 'login');
  const categories = (await request('GET', '/api/categories')).body;
  const w = { owners, others, roleCallers, admin, login, categoryId: Number(idIn(categories, 'category_id')) } as World;
  w.departmentName = `Authz ${unique()}`;
  w.departmentId = Number(idIn(await as(admin, 'POST', '/api/departments', { name: w.departmentName }), 'id'));
  w.school = await school(owners.teacher, w);
  // The login account's: the matrix's avatar uploads replace the owners' avatars, and only the current one is served.
  w.avatarPath = String(idIn(await as(login, 'POST', '/api/user/avatar', undefined, image('avatar')()), 'avatar_url')).replace(
    /^https?:\/\/[^/]+/,
    '',
  );
  w.material = await activeMaterial(owners.teacher);
  w.course = await course(owners.teacher, w);
  w.coverPath = String(
    idIn(await as(owners.teacher, 'POST', `/api/teacher/courses/${w.course}/cover`, undefined, image('cover')()), 'cover_img'),
  ).replace(/^https?:\/\/[^/]+/, '');
  w.team = Number(idIn(await as(owners.student, 'POST', '/api/student/teams', { team_name: `Authz ${unique()}` }), 'team_id', 'id'));
  w.room = Number(idIn(await as(owners.student, 'POST', '/api/student/rooms', { room_name: `Authz ${unique()}` }), 'room_id', 'id'));
  return w;
}
