// Upload names are never storage keys (issue 7): hostile file names go through every upload route; the R2 key
// follows the generated pattern, a name kept anywhere is clean or the request is refused with a 4xx, and the
// file is served with a Content-Disposition built from the key (no header injection).
import { env } from 'cloudflare:workers';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { uploadSessions } from '../../src/db/schema';
import { mp4, signedIn } from '../apis/learning/fixtures';
import { instructor, newCourse, png } from '../apis/personal-center/support';
import { sysadminToken } from '../apis/progress/support';
import { testDeps } from '../helpers/deps';
import { call, type CallResult } from '../helpers/http';

const HOSTILE_NAMES = [
  '../../etc/passwd',
  '..\\..\\windows\\win.ini',
  'a\u0000b.mp4',
  'invoice\u202Egnp.mp4',
  `${'n'.repeat(296)}.mp4`,
  '.',
  '..',
  'a"b\r\nX-Injected: 1.mp4',
];

/** Characters that must never come back in a stored name: controls, line breaks, bidi overrides. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is this pattern's job
const UNSAFE = /[\u0000-\u001f\u007f\u202a-\u202e\u2066-\u2069]/;

interface Part {
  name: string;
  filename?: string;
  type?: string;
  data: Uint8Array | string;
}

/**
 * A multipart body written by hand: the file name goes as RFC 6266 `filename*` (so NUL, CR/LF and
 * U+202E reach the server exactly), or raw in `filename="…"` to try a header injection.
 */
function multipart(parts: Part[], raw = false): { body: Uint8Array; contentType: string } {
  const boundary = `----hardening${Math.random().toString(36).slice(2)}`;
  const enc = new TextEncoder();
  const chunks: Uint8Array[] = [];
  for (const p of parts) {
    let disposition = `form-data; name="${p.name}"`;
    if (p.filename !== undefined)
      disposition += raw ? `; filename="${p.filename}"` : `; filename="upload"; filename*=UTF-8''${encodeURIComponent(p.filename)}`;
    chunks.push(
      enc.encode(`--${boundary}\r\nContent-Disposition: ${disposition}\r\nContent-Type: ${p.type ?? 'application/octet-stream'}\r\n\r\n`),
    );
    chunks.push(typeof p.data === 'string' ? enc.encode(p.data) : p.data);
    chunks.push(enc.encode('\r\n'));
  }
  chunks.push(enc.encode(`--${boundary}--\r\n`));
  const body = new Uint8Array(chunks.reduce((n, c) => n + c.byteLength, 0));
  let at = 0;
  for (const c of chunks) body.set(c, (at += c.byteLength) - c.byteLength);
  return { body, contentType: `multipart/form-data; boundary=${boundary}` };
}

const post = (path: string, token: string, form: { body: Uint8Array; contentType: string }) =>
  call('POST', path, { token, body: form.body, headers: { 'Content-Type': form.contentType } });

async function keys(prefix = ''): Promise<string[]> {
  const out: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await env.FILES.list({ prefix, cursor });
    out.push(...page.objects.map((o) => o.key));
    cursor = page.truncated ? page.cursor : undefined;
  } while (cursor);
  return out;
}

/** Every key ever written is one of the generated shapes, and none carries a piece of a hostile name. */
async function expectGeneratedKeys() {
  for (const key of await keys()) {
    expect(key).toMatch(/^(materials\/\d+\/\d{8}_\d{6}_[0-9a-f]{12}\.\w+|thumbnails\/\d+\.\w+|(avatars|covers)\/\d+\/[0-9a-f]{32}\.\w+)$/);
  }
}

function expectRefusedOrClean(res: CallResult, name: string, stored: () => string | null | undefined) {
  if (res.status >= 400) {
    expect(res.status, `${JSON.stringify(name)} ${res.text}`).toBeLessThan(500);
    expect(res.headers.get('content-type')).toContain('application/json');
    return;
  }
  const s = stored();
  if (s != null) expect(UNSAFE.test(s), `stored ${JSON.stringify(s)} for ${JSON.stringify(name)}`).toBe(false);
}

/** The served file's Content-Disposition names the key, not the upload. */
function expectSafeDisposition(res: Response | CallResult) {
  const cd = res.headers.get('content-disposition');
  expect(cd).toMatch(/^inline; filename="[\w.-]+"$/);
  expect(cd).not.toMatch(/passwd|win\.ini|injected|gnp|nnnn/i);
}

describe('learning: POST /api/v1/upload (direct)', () => {
  it('stores under a generated key whatever the file is called, and keeps the name nowhere', async () => {
    const u = await signedIn('teacher');
    for (const raw of [false, true]) {
      for (const name of HOSTILE_NAMES) {
        if (raw && !/["\r\n]/.test(name)) continue; // raw only for the name that tries to break the part header
        const res = await post(
          '/api/v1/upload',
          u.access_token,
          multipart(
            [
              { name: 'title', data: 'Lecture' },
              { name: 'file', filename: name, data: mp4() },
            ],
            raw,
          ),
        );
        expect(res.status, `${JSON.stringify(name)} ${res.text}`).toBe(201);
        expect(res.body.title).toBe('Lecture');
        expect(res.text).not.toMatch(/passwd|win\.ini|X-Injected|gnp|nnnn/);
        const file = await call('GET', `/api/v1/materials/${res.body.id}/file`);
        expect(file.status).toBe(200);
        expectSafeDisposition(file);
      }
    }
    // Without a title the file name is not taken as one: the upload is refused.
    const untitled = await post('/api/v1/upload', u.access_token, multipart([{ name: 'file', filename: '../../etc/passwd', data: mp4() }]));
    expect(untitled.status).toBe(422);
    await expectGeneratedKeys();
  });
});

describe('learning: POST /api/v1/uploads (resumable)', () => {
  it('refuses a name with control or bidi characters, keeps the others only as data; the key is generated', async () => {
    const u = await signedIn('teacher');
    for (const name of HOSTILE_NAMES) {
      const res = await call('POST', '/api/v1/uploads', {
        token: u.access_token,
        json: { filename: name, size: 20 * 1024 * 1024, type: 'video', title: 'Resumable' },
      });
      expectRefusedOrClean(res, name, () => res.body.filename);
      if (res.status === 201) {
        const row = await testDeps().db.select().from(uploadSessions).where(eq(uploadSessions.id, res.body.upload_id)).get();
        expect(row!.fileKey).toMatch(/^materials\/\d+\/\d{8}_\d{6}_[0-9a-f]{12}\.(mp4|webm|pdf)$/);
        expect(UNSAFE.test(row!.filename)).toBe(false);
      }
    }
    for (const name of ['a\u0000b.mp4', 'invoice\u202Egnp.mp4', 'a"b\r\nX-Injected: 1.mp4', `${'n'.repeat(296)}.mp4`]) {
      const res = await call('POST', '/api/v1/uploads', {
        token: u.access_token,
        json: { filename: name, size: 20 * 1024 * 1024, type: 'video', title: 'Resumable' },
      });
      expect(res.status, JSON.stringify(name)).toBe(422);
    }
  });
});

describe('personal-center: avatar and course cover', () => {
  it('store under avatars/<id>/<random> and covers/<course>/<random> whatever the file is called', async () => {
    const t = await instructor();
    const course = await newCourse(t);
    for (const name of HOSTILE_NAMES) {
      const avatar = await post(
        '/api/user/avatar',
        t.token,
        multipart([{ name: 'avatar', filename: name, type: 'image/png', data: png() }]),
      );
      expectRefusedOrClean(avatar, name, () => null);
      const cover = await post(
        `/api/teacher/courses/${course.course_id}/cover`,
        t.token,
        multipart([{ name: 'cover', filename: name, type: 'image/png', data: png() }]),
      );
      expectRefusedOrClean(cover, name, () => null);
    }
    const avatars = await keys(`avatars/${t.id}/`);
    const covers = await keys(`covers/${course.course_id}/`);
    expect(avatars.length + covers.length).toBeGreaterThan(0);
    await expectGeneratedKeys();
    const served = await call('GET', `/api/user/avatars/${t.id}/${avatars[0]!.split('/').pop()}`);
    expect(served.status).toBe(200);
    expectSafeDisposition(served);
  });
});

describe('progress: spreadsheet imports', () => {
  it('read the file in memory: nothing is stored under any name, and the answer is in the envelope', async () => {
    const token = await sysadminToken();
    const before = await keys();
    for (const name of HOSTILE_NAMES) {
      const res = await post(
        '/api/import/lesson-tasks',
        token,
        multipart([{ name: 'file', filename: name, type: 'text/csv', data: '课程名称,微课名称,教师邮箱\n' }]),
      );
      expect(res.status, `${JSON.stringify(name)} ${res.text}`).toBeLessThan(500);
      expect(typeof res.body.code).toBe('number');
      expect(res.text).not.toMatch(/X-Injected|\u202E/);
    }
    expect(await keys()).toEqual(before);
  });
});
