// Compiled by `npm run typecheck` (tsc -p . at the root), never run: the generated types are exact enough
// that a wrong request body does not compile. Each `@ts-expect-error` fails the typecheck if its line compiles.
import { createCampusClient } from '../src/campus.js';
import { formData } from '../src/client.js';
import { createCourseClient, type operations } from '../src/index.js';
import { createLearningClient } from '../src/learning.js';

const campus = createCampusClient({ baseUrl: 'http://localhost:8787' });
const student = { params: { path: { school_id: 1, student_id: 2 } } };
const updateStudent = '/v1/teacher/schools/{school_id}/students/{student_id}';

export async function wrongBodiesDoNotCompile() {
  await campus.PUT(updateStudent, { ...student, body: { name: '张三' } });
  await campus.PUT(updateStudent, { ...student, body: { password: 'secret-1', password_confirmation: 'secret-1' } });
  // @ts-expect-error neither of the fields of which one is required
  await campus.PUT(updateStudent, { ...student, body: {} });
  // @ts-expect-error a confirmation alone
  await campus.PUT(updateStudent, { ...student, body: { password_confirmation: 'secret-1' } });
  // @ts-expect-error a number where the name is a string
  await campus.PUT(updateStudent, { ...student, body: { name: 42 } });
  // @ts-expect-error the old password in neither spelling
  await campus.PUT('/v1/student/password', { body: { password: 'secret-2' } });
  await campus.PUT('/v1/student/password', { body: { current_password: 'secret-1', new_password: 'secret-2' } });
  // @ts-expect-error identity is missing
  await campus.POST('/v1/login', { body: { username: 'a@b.cn', password: 'x' } });

  const all = createCourseClient({ baseUrl: 'http://localhost:8787' });
  await all.POST('/api/users/login', { body: { email: 'a@b.cn', password: 'x' } });
  // @ts-expect-error the combined client types each API's paths as that API does
  await all.PUT(updateStudent, { ...student, body: {} });

  const learning = createLearningClient({ baseUrl: 'http://localhost:8787' });
  const file = new Blob(['%PDF-1.4'], { type: 'application/pdf' });
  await learning.POST('/api/v1/upload', { body: { file, title: 'Notes' }, bodySerializer: formData });
  // @ts-expect-error a file's bytes are a Blob (or File), not its name
  await learning.POST('/api/v1/upload', { body: { file: 'notes.pdf', title: 'Notes' }, bodySerializer: formData });
}

/** The operations whose request body, in some content type, is typed `unknown`: there must be none. */
type UnknownBodies = {
  [K in keyof operations]: operations[K] extends { requestBody?: { content: infer C } } ? (unknown extends C[keyof C] ? K : never) : never;
}[keyof operations];
export const noUnknownBodies: [UnknownBodies] extends [never] ? true : UnknownBodies = true;
