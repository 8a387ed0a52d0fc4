/**
 * The throttles on the rate limiting bindings (wrangler.toml [[ratelimits]], enforced by miniflare),
 * turned on per request: every API's sign-in per identifier and per address, self-registration per
 * address, uploads and imports per account, SMS sends per address and per phone. Over a limit each
 * API answers 429 in its own envelope with Retry-After (the period of the window, 60 s).
 */
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { departments, loginFailures } from '../../src/db/schema';
import { accountLockKey } from '../../src/domain/auth/login-throttle';
import { THROTTLES } from '../../src/platform/rate-limit';
import { pdf, uploadForm } from '../apis/learning/fixtures';
import { fileForm, png } from '../apis/personal-center/support';
import { testDeps } from '../helpers/deps';
import { call, type CallResult } from '../helpers/http';
import {
  APIS,
  everywhereAccount,
  expect429,
  expectSignedIn,
  freshWindow,
  limited,
  nobody,
  ON,
  secondSmsCodeRefused,
  signIn,
  times,
  uniqueEmail,
  uniqueIp,
  uniquePhone,
  uniqueUsername,
  type ApiName,
} from './support';

const T = { timeout: 120_000 };
const nth = (n: number) =>
  `${n}${n % 10 === 1 && n % 100 !== 11 ? 'st' : n % 10 === 2 && n % 100 !== 12 ? 'nd' : n % 10 === 3 && n % 100 !== 13 ? 'rd' : 'th'}`;
const { signInIdentifier, signInIp, registrationIp, smsIp, upload, import: imports } = THROTTLES;

describe('sign-in per identifier', () => {
  for (const api of APIS) {
    it(
      `${api}: the ${nth(signInIdentifier.limit + 1)} sign-in within a minute on one identifier is 429 with Retry-After: 60, from any address`,
      T,
      async () => {
        const a = await everywhereAccount();
        await freshWindow();
        // Right passwords: the throttle counts every attempt; the lockout (wrong passwords only) stays out of it.
        for (let i = 0; i < signInIdentifier.limit; i++) expectSignedIn(api, await signIn(api, a, a.password, uniqueIp()));
        expect429(api, await signIn(api, a, a.password, uniqueIp()));
        expect(
          await testDeps()
            .db.select()
            .from(loginFailures)
            .where(eq(loginFailures.identifier, accountLockKey(a.id)))
            .all(),
        ).toEqual([]);
        // Another identifier from the same address is not affected.
        const other = await everywhereAccount();
        expectSignedIn(api, await signIn(api, other, other.password, uniqueIp()));
      },
    );
  }

  it('an e-mail counts however it is spelled (case, surrounding spaces), and across the APIs that take it', T, async () => {
    const a = await everywhereAccount();
    await freshWindow();
    const spellings = [a.email, a.email.toUpperCase(), `  ${a.email} `];
    for (let i = 0; i < signInIdentifier.limit; i++) {
      const api: ApiName = i % 2 ? 'progress' : 'learning';
      const res = await limited('POST', api === 'learning' ? '/api/v1/auth/login' : '/api/users/login', uniqueIp(), {
        json: { email: spellings[i % 3], password: a.password },
      });
      // Whether a spelling signs in is each API's rule (learning does not trim); every attempt counts.
      expect(res.status, res.text).not.toBe(429);
    }
    expect429('campus', await signIn('campus', { ...a, email: a.email.toUpperCase() }, a.password, uniqueIp()));
    // Excourse takes an e-mail in its username field: the same count.
    expect429('excourse', await limited('POST', '/users/login/', uniqueIp(), { json: { username: a.email, password: a.password } }));
  });
});

describe('sign-in per address', () => {
  it(
    `the ${nth(signInIp.limit + 1)} sign-in from one address within a minute is 429 on every API, whatever the identifiers`,
    T,
    async () => {
      const ip = uniqueIp();
      await freshWindow(30_000);
      // Identifiers nobody has, spread over the five APIs: none is over its own limit.
      await times(signInIp.limit, async (i) => {
        const api = APIS[i % APIS.length]!;
        const res = await signIn(api, nobody(), 'wrong-password', ip);
        expect(res.status, `${api}: ${res.text}`).not.toBe(429);
      });
      const a = await everywhereAccount();
      for (const api of APIS) expect429(api, await signIn(api, a, a.password, ip));
      // The right password from another address still works.
      expectSignedIn('learning', await signIn('learning', a, a.password, uniqueIp()));
    },
  );

  it('IPv6 clients count per /64: rotating the interface part of the address does not help', T, async () => {
    const prefix = `2001:db8:${Math.floor(Math.random() * 0xffff).toString(16)}:${Math.floor(Math.random() * 0xffff).toString(16)}`;
    await freshWindow(30_000);
    await times(signInIp.limit, async (i) => {
      const res = await signIn('learning', nobody(), 'wrong-password', `${prefix}:${i.toString(16)}::1`);
      expect(res.status, res.text).toBe(401);
    });
    expect429('learning', await signIn('learning', nobody(), 'wrong-password', `${prefix}:ffff:1:2:3`));
  });
});

describe('self-registration per address', () => {
  let departmentId: number;
  beforeAll(async () => {
    const now = Date.now();
    departmentId = (
      await testDeps()
        .db.insert(departments)
        .values({ name: `限流部门 ${now} ${Math.random()}`, createdAt: now, updatedAt: now })
        .returning()
        .get()
    ).id;
  });

  const REGISTER: Record<ApiName, () => readonly [string, unknown]> = {
    learning: () => ['/api/v1/auth/register', { email: uniqueEmail(), name: 'Learner', password: 'password-123' }],
    'personal-center': () => [
      '/api/auth/register',
      { user_name: '学生', phone: uniquePhone(), email: uniqueEmail(), password: '123456', role: 'learner' },
    ],
    progress: () => ['/api/users', { username: 'teacher', email: uniqueEmail(), password: 'password-123', departmentId }],
    // No approved school and no code: refused (400), but counted like any registration.
    excourse: () => [
      '/users/register/',
      { username: uniqueUsername(), password: 'password-123', school_id: 999_999_999, phone: uniquePhone(), sms_code: '000000' },
    ],
    campus: () => ['/v1/teacher/register', { name: 'Teacher', username: uniqueEmail(), password: 'password-123' }],
  };
  const register = (api: ApiName, ip: string, token?: string) => {
    const [path, json] = REGISTER[api]();
    return limited('POST', path, ip, { json, token });
  };

  it(`the ${nth(registrationIp.limit + 1)} registration from one address within a minute is 429 on every API`, T, async () => {
    const ip = uniqueIp();
    await freshWindow(25_000);
    await times(registrationIp.limit, async (i) => {
      const api = APIS[i % APIS.length]!;
      const res = await register(api, ip);
      expect(res.status, `${api}: ${res.text}`).toBe(api === 'learning' ? 201 : api === 'excourse' ? 400 : 200);
    });
    for (const api of APIS) expect429(api, await register(api, ip));
    // Another address registers; and a progress administrator creating an account is not self-registration.
    expect((await register('learning', uniqueIp())).status).toBe(201);
    const admin = await everywhereAccount('sysadmin');
    const res = await register('progress', ip, admin.token);
    expect(res.status, res.text).toBe(200);
  });
});

describe('uploads per account', () => {
  it(
    `the ${nth(upload.limit + 1)} upload of one account within a minute is 429: learning direct and resumable, avatar, course cover`,
    T,
    async () => {
      const teacher = await everywhereAccount('teacher');
      const course = await call('POST', '/api/teacher/courses', {
        token: teacher.token,
        json: { course_name: '限流课程', course_desc: 'x', category_id: 5, difficulty_level: 'beginner', course_duration: 60 },
      });
      expect(course.status, course.text).toBe(200);
      const courseId = course.body.data.course.course_id as number;
      const ip = uniqueIp();
      const UPLOADS: [ApiName, () => Promise<CallResult>, number][] = [
        [
          'learning',
          () => limited('POST', '/api/v1/upload', ip, { token: teacher.token, body: uploadForm({ file: pdf(1024), title: 'Throttled' }) }),
          201,
        ],
        [
          'learning',
          () =>
            limited('POST', '/api/v1/uploads', ip, {
              token: teacher.token,
              json: { filename: 'big.mp4', size: 50 * 1024 * 1024, type: 'video', title: 'Big' },
            }),
          201,
        ],
        ['personal-center', () => limited('POST', '/api/user/avatar', ip, { token: teacher.token, body: fileForm('avatar', png()) }), 200],
        [
          'personal-center',
          () => limited('POST', `/api/teacher/courses/${courseId}/cover`, ip, { token: teacher.token, body: fileForm('cover', png()) }),
          200,
        ],
      ];
      await freshWindow(25_000);
      await times(upload.limit, async (i) => {
        const [api, send, ok] = UPLOADS[i % UPLOADS.length]!;
        const res = await send();
        expect(res.status, `${api}: ${res.text}`).toBe(ok);
      });
      for (const [api, send] of UPLOADS) expect429(api, await send());
      // Per account: another uploader is not held back.
      const other = await everywhereAccount('student');
      const res = await limited('POST', '/api/v1/upload', ip, { token: other.token, body: uploadForm({ file: pdf(1024) }) });
      expect(res.status, res.text).toBe(201);
    },
  );
});

describe('imports per account', () => {
  it(`the ${nth(imports.limit + 1)} import of one administrator within a minute is 429 on every import route`, T, async () => {
    const admin = await everywhereAccount('admin');
    const csv = () => `部门名称,部门描述\n导入限流 ${Date.now()} ${Math.random()},x\n`;
    const form = () => fileForm('file', new TextEncoder().encode(csv()), {}, 'departments.csv', 'text/csv');
    await freshWindow(30_000);
    await times(imports.limit, async () => {
      const res = await limited('POST', '/api/import/departments', uniqueIp(), { token: admin.token, body: form() });
      expect(res.status, res.text).toBe(200);
    });
    for (const path of ['/api/import/departments', '/api/import/users', '/api/import/lesson-tasks']) {
      expect429('progress', await limited('POST', path, uniqueIp(), { token: admin.token, body: form() }));
    }
    const other = await everywhereAccount('admin');
    expect((await limited('POST', '/api/import/departments', uniqueIp(), { token: other.token, body: form() })).status).toBe(200);
  });
});

describe('SMS codes (excourse POST /vertifications/)', () => {
  it(`the ${nth(smsIp.limit + 1)} code requested from one address within a minute is 429, whatever the phones`, T, async () => {
    const ip = uniqueIp();
    await freshWindow(30_000);
    await times(smsIp.limit, async () => {
      const res = await limited('POST', '/vertifications/', ip, { json: { phone: uniquePhone() } });
      expect(res.status, res.text).toBe(200);
    });
    expect429('excourse', await limited('POST', '/vertifications/', ip, { json: { phone: uniquePhone() } }));
    expect((await limited('POST', '/vertifications/', uniqueIp(), { json: { phone: uniquePhone() } })).status).toBe(200);
  });

  it('a second code for one phone within a minute is 429 with Retry-After, from any address', T, async () => {
    await secondSmsCodeRefused(ON);
  });
});
