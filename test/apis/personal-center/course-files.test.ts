import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { materials } from '../../../src/db/schema';
import { testDeps } from '../../helpers/deps';
import { call } from '../../helpers/http';
import {
  api,
  courseRow,
  enrolled,
  expectError,
  expectOk,
  expectUnauthenticated,
  fetchRaw,
  fileForm,
  gif,
  instructor,
  ISO_MS,
  jpeg,
  keysUnder,
  learner,
  MiB,
  mp4,
  newCourse,
  objectExists,
  pdf,
  png,
  publishedCourse,
  type PcUser,
  webp,
} from './support';

const uploadCover = (token: string | undefined, courseId: number, form: FormData | string, headers?: Record<string, string>) =>
  call('POST', `/api/teacher/courses/${courseId}/cover`, { token, body: form, headers });
const keyOf = (url: string) => url.replace(/^\/api\/courses\/(\d+)\/cover\//, 'covers/$1/');

/** A material uploaded through the learning API by `owner` (its token works there too). */
async function material(owner: PcUser, kind: 'mp4' | 'pdf' = 'mp4', title = '第一讲'): Promise<number> {
  const form = new FormData();
  form.append('title', title);
  form.append('file', new Blob([kind === 'mp4' ? mp4() : pdf(4096)]), `lecture.${kind}`);
  const res = await call('POST', '/api/v1/upload', { token: owner.token, body: form });
  expect(res.status, res.text).toBe(201);
  return res.body.id;
}

describe('POST /api/teacher/courses/{courseId}/cover', () => {
  it('streams a png/jpeg/webp cover to covers/<courseId>/ and points cover_img at a path the Worker serves', async () => {
    const t = await instructor();
    const course = await newCourse(t);
    const image = jpeg(4096);
    const data = expectOk(
      await uploadCover(t.token, course.course_id, fileForm('cover', image, {}, 'cover.png', 'image/png')),
      '封面上传成功',
    );
    expect(data.cover_img).toMatch(new RegExp(`^/api/courses/${course.course_id}/cover/[0-9a-f]{32}\\.jpg$`));
    expect(await keysUnder(`covers/${course.course_id}/`)).toEqual([keyOf(data.cover_img)]);
    const served = await fetchRaw(data.cover_img);
    expect(served.status).toBe(200);
    expect(served.headers.get('Content-Type')).toBe('image/jpeg');
    expect(served.headers.get('Cache-Control')).toBe('public, max-age=31536000, immutable');
    expect(served.headers.get('ETag')).toBeTruthy();
    expect(new Uint8Array(await served.arrayBuffer())).toEqual(image);
    const [mine] = expectOk(await api('GET', '/api/teacher/courses', t.token));
    expect(mine.cover_img).toBe(data.cover_img);
    for (const bytes of [png(), webp()]) expectOk(await uploadCover(t.token, course.course_id, fileForm('cover', bytes)));
  });

  it('deletes the replaced cover object, and a cover_img string given later replaces (and deletes) the upload', async () => {
    const t = await instructor();
    const course = await newCourse(t);
    const first = expectOk(await uploadCover(t.token, course.course_id, fileForm('cover', png()))).cover_img;
    const second = expectOk(await uploadCover(t.token, course.course_id, fileForm('cover', webp()))).cover_img;
    expect(await objectExists(keyOf(first))).toBe(false);
    expect(await keysUnder(`covers/${course.course_id}/`)).toEqual([keyOf(second)]);
    const updated = expectOk(
      await api('PUT', `/api/teacher/courses/${course.course_id}`, t.token, { json: { cover_img: '/uploads/courses/vue3-2025.jpg' } }),
    );
    expect(updated.course.cover_img).toBe('/uploads/courses/vue3-2025.jpg');
    expect(await keysUnder(`covers/${course.course_id}/`)).toEqual([]);
    expect((await courseRow(course.course_id))?.coverKey).toBeNull();
  });

  it('deleting a course nobody enrolled in removes its cover object', async () => {
    const t = await instructor();
    const course = await newCourse(t);
    expectOk(await uploadCover(t.token, course.course_id, fileForm('cover', png())));
    expectOk(await api('DELETE', `/api/teacher/courses/${course.course_id}`, t.token));
    expect(await keysUnder(`covers/${course.course_id}/`)).toEqual([]);
  });

  it('refuses gif and other types with 415, more than 5 MB with 413, and stores nothing', async () => {
    const t = await instructor();
    const course = await newCourse(t);
    expectError(await uploadCover(t.token, course.course_id, fileForm('cover', gif())), 415, '封面仅支持 PNG、JPEG、WebP 图片');
    expectError(await uploadCover(t.token, course.course_id, fileForm('cover', pdf())), 415);
    expectError(await uploadCover(t.token, course.course_id, fileForm('cover', png(5 * MiB + 1))), 413, '封面不能超过 5MB');
    expectError(await uploadCover(t.token, course.course_id, fileForm('avatar', png())), 400, '请选择要上传的封面（字段 cover）');
    expectError(await uploadCover(t.token, course.course_id, '{}', { 'Content-Type': 'application/json' }), 415);
    expect(await keysUnder(`covers/${course.course_id}/`)).toEqual([]);
    expect((await courseRow(course.course_id))?.coverImg).toBeNull();
  });

  it('is the owner’s only: another teacher gets 403 and nothing is stored; a learner 403; unknown course 404', async () => {
    const t = await instructor();
    const course = await newCourse(t);
    expectError(await uploadCover((await instructor()).token, course.course_id, fileForm('cover', png())), 403, '无权访问该课程');
    expectError(await uploadCover((await learner()).token, course.course_id, fileForm('cover', png())), 403, '仅教师账号可以访问');
    expect(await keysUnder(`covers/${course.course_id}/`)).toEqual([]);
    expect((await courseRow(course.course_id))?.coverImg).toBeNull();
    expectError(await uploadCover(t.token, 999999, fileForm('cover', png())), 404);
    expect(await keysUnder('covers/999999/')).toEqual([]);
    await expectUnauthenticated(t, (token) => uploadCover(token, course.course_id, fileForm('cover', png())));
  });

  it('serves only names this service writes', async () => {
    expectError(await call('GET', `/api/courses/1/cover/${'b'.repeat(32)}.png`), 404, '文件不存在');
    expectError(await call('GET', '/api/courses/1/cover/other.png'), 404);
  });
});

describe('course materials', () => {
  it('attaches my learning-API materials; the course page and my learners’ course list show them', async () => {
    const t = await instructor();
    const course = await publishedCourse(t);
    const video = await material(t, 'mp4', '第一讲 视频');
    const notes = await material(t, 'pdf', '讲义');
    const attached = expectOk(
      await api('POST', `/api/teacher/courses/${course.course_id}/materials`, t.token, { json: { material_id: video } }),
    );
    expect(attached).toEqual({
      message: '资料已关联到课程',
      material: {
        material_id: video,
        title: '第一讲 视频',
        type: 'video',
        file_size: 4096,
        file_path: `/api/v1/materials/${video}/file`,
        thumbnail_path: `/api/v1/materials/${video}/thumbnail`,
        added_time: expect.stringMatching(ISO_MS),
      },
    });
    expectOk(await api('POST', `/api/teacher/courses/${course.course_id}/materials`, t.token, { json: { material_id: notes } }));
    // Attaching again keeps one link.
    expectOk(await api('POST', `/api/teacher/courses/${course.course_id}/materials`, t.token, { json: { material_id: video } }));

    const detail = expectOk(await call('GET', `/api/courses/${course.course_id}`));
    expect(detail.materials.map((m: any) => [m.material_id, m.type])).toEqual([
      [video, 'video'],
      [notes, 'pdf'],
    ]);
    const file = await fetchRaw(detail.materials[0].file_path);
    expect(file.status).toBe(200);
    expect(file.headers.get('Content-Type')).toBe('video/mp4');
    await file.arrayBuffer();

    const s = await learner();
    await enrolled(s, course.course_id);
    const [mine] = expectOk(await api('GET', '/api/student/courses', s.token));
    expect(mine.materials.map((m: any) => m.material_id)).toEqual([video, notes]);

    expect(expectOk(await api('DELETE', `/api/teacher/courses/${course.course_id}/materials/${video}`, t.token)).message).toBe(
      '资料已从课程移除',
    );
    expect(expectOk(await call('GET', `/api/courses/${course.course_id}`)).materials.map((m: any) => m.material_id)).toEqual([notes]);
    expectError(await api('DELETE', `/api/teacher/courses/${course.course_id}/materials/${video}`, t.token), 404, '该课程未关联此资料');
  });

  it('hides a material from the course while it is hidden in the learning API', async () => {
    const t = await instructor();
    const course = await publishedCourse(t);
    const video = await material(t);
    expectOk(await api('POST', `/api/teacher/courses/${course.course_id}/materials`, t.token, { json: { material_id: video } }));
    await testDeps().db.update(materials).set({ status: 'hidden' }).where(eq(materials.id, video)).run();
    expect(expectOk(await call('GET', `/api/courses/${course.course_id}`)).materials).toEqual([]);
  });

  it('refuses another teacher’s material (403), an unknown one (404), one not ready (422), and another teacher’s course (403)', async () => {
    const t = await instructor();
    const other = await instructor();
    const course = await newCourse(t);
    const theirs = await material(other);
    expectError(
      await api('POST', `/api/teacher/courses/${course.course_id}/materials`, t.token, { json: { material_id: theirs } }),
      403,
      '只能关联自己上传的资料',
    );
    expectError(
      await api('POST', `/api/teacher/courses/${course.course_id}/materials`, t.token, { json: { material_id: 99999999 } }),
      404,
      '资料不存在',
    );
    const mine = await material(t);
    await testDeps().db.update(materials).set({ status: 'processing' }).where(eq(materials.id, mine)).run();
    expectError(
      await api('POST', `/api/teacher/courses/${course.course_id}/materials`, t.token, { json: { material_id: mine } }),
      422,
      '资料尚未上传完成或已被删除',
    );
    await testDeps().db.update(materials).set({ status: 'active' }).where(eq(materials.id, mine)).run();
    expectError(
      await api('POST', `/api/teacher/courses/${course.course_id}/materials`, other.token, { json: { material_id: theirs } }),
      403,
      '无权访问该课程',
    );
    expectOk(await api('POST', `/api/teacher/courses/${course.course_id}/materials`, t.token, { json: { material_id: mine } }));
    expectError(await api('DELETE', `/api/teacher/courses/${course.course_id}/materials/${mine}`, other.token), 403, '无权访问该课程');
    expect(expectOk(await api('GET', `/api/courses/${course.course_id}`, t.token)).materials.map((m: any) => m.material_id)).toEqual([
      mine,
    ]);
    expectError(
      await api('POST', `/api/teacher/courses/${course.course_id}/materials`, t.token, { json: { material_id: '1' } }),
      400,
      /material_id/,
    );
    // A course_id in the body is ignored: the path's course is the one the material is attached to.
    const theirCourse = await newCourse(other);
    expectOk(
      await api('POST', `/api/teacher/courses/${course.course_id}/materials`, t.token, {
        json: { material_id: mine, course_id: theirCourse.course_id },
      }),
    );
    expect(expectOk(await api('GET', `/api/courses/${theirCourse.course_id}`, other.token)).materials).toEqual([]);
  });
});
