// Schemathesis's positive_data_acceptance: a request built only from values the document allows, sent by
// every role, is never refused as invalid input. A business rule may still refuse it (unknown id → 404,
// conflict → 409, wrong role → 403); a 400/422 means the document's schema is looser than the code.
import fc from 'fast-check';
import { beforeEach, describe, expect, it } from 'vitest';
import { ROLES } from '../../src/domain/accounts/roles';
import { validArb } from './arbitraries';
import { checkResponse } from './check';
import { operations, type Operation } from './documents';
import { send } from './send';
import { hash, mintTokens, RUNS, SEED, tokens } from './sessions';
import { paramValue, validator } from './validators';

interface ValidCase {
  url: string;
  body?: string;
  headers: Record<string, string>;
  role: string;
}

/**
 * 400s that are a business rule's answer to well-formed input, per operation, with the rule. Everything
 * else that answers 400/422 to a schema-valid request fails the test.
 */
const CONFIRMATION = {
  status: 422,
  match: /两次输入不一致/,
  why: 'password_confirmation must equal password (a cross-field rule JSON Schema cannot state)',
};
const RULE_REFUSALS: Record<string, { status: number; match: RegExp; why: string }[]> = {
  campusLogin: [
    { status: 422, match: /不是一个合法的邮箱/, why: 'identity 1 (teacher) signs in with an e-mail: the rule depends on another field' },
    { status: 422, match: /至少为 4 个字符/, why: 'identity 2 (student) signs in with a student username of at least 4 characters' },
  ],
  campusTeacherRegister: [CONFIRMATION, { status: 422, match: /已被注册|已存在/, why: "Laravel's unique rule answers 422" }],
  campusCreateSchool: [{ status: 422, match: /学校名称已存在/, why: "Laravel's unique rule answers 422" }],
  campusRenameSchool: [{ status: 422, match: /学校名称已存在/, why: "Laravel's unique rule answers 422" }],
  campusCreateStudent: [
    CONFIRMATION,
    { status: 400, match: /"code":510/, why: 'code 510: the school is not approved yet' },
    { status: 422, match: /已存在|已被注册/, why: "Laravel's unique rule answers 422" },
  ],
  campusUpdateStudent: [CONFIRMATION],
  campusResetStudentPassword: [CONFIRMATION],
  campusStudentChangePassword: [
    CONFIRMATION,
    { status: 422, match: /旧密码|原密码|密码不正确|密码错误/, why: 'the current password is wrong' },
  ],
  campusAdminApproveSchool: [{ status: 400, match: /"code":510/, why: 'code 510: the school is not pending (a state rule)' }],
  campusAdminRejectSchool: [{ status: 400, match: /"code":510/, why: 'code 510: the school is not pending (a state rule)' }],
  excourseLogin: [{ status: 400, match: /无法使用提供的认证信息登录/, why: "DRF's answer to wrong credentials is 400 non_field_errors" }],
  excourseRegister: [
    { status: 400, match: /已存在|验证码|学校/, why: 'taken username/phone, a wrong SMS code or an unknown school: DRF field errors' },
  ],
  excourseUpdateUser: [{ status: 400, match: /已存在|学校/, why: 'a taken username/phone or an unknown school: DRF field errors' }],
  personalCenterUpdateProgress: [
    {
      status: 400,
      match: /只能提供 duration 或 study_duration 之一/,
      why: 'duration and its alias study_duration are one value: not both (a cross-field rule)',
    },
  ],
  personalCenterCreateCourse: [
    { status: 422, match: /课程分类不存在/, why: 'an unknown category_id (a reference to no record) is 422 in this API' },
  ],
  personalCenterUpdateCourse: [
    { status: 422, match: /课程分类不存在/, why: 'an unknown category_id (a reference to no record) is 422 in this API' },
  ],
  learningListAudit: [{ status: 422, match: /from must not be after to/, why: 'from ≤ to (a cross-field rule)' }],
  progressRegister: [{ status: 400, match: /部门不存在/, why: 'an unknown departmentId' }],
  progressDisableUser: [{ status: 400, match: /不能禁用自己的账号/, why: 'no one disables their own account' }],
  progressCreateLessonTask: [{ status: 400, match: /"code":10002|已被禁用/, why: 'the assignee is not a teacher (10002) or is disabled' }],
  progressUpdateLessonTask: [{ status: 400, match: /"code":10002|已被禁用/, why: 'the assignee is not a teacher (10002) or is disabled' }],
};

/** A fifth of the mixed fuzz's cases (20 in CI): valid requests do real work (password hashing, writes). */
const POSITIVE_RUNS = Math.max(20, Math.round(RUNS / 5));

const asText = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));

function validCaseArb(op: Operation): fc.Arbitrary<ValidCase | null> {
  const params = op.params.map((p) =>
    fc.tuple(
      fc.constant(p),
      p.required || p.in === 'path'
        ? validArb(op.doc, p.schema).map((v) => v as unknown)
        : fc.option(validArb(op.doc, p.schema), { nil: undefined, freq: 2 }),
    ),
  );
  const body = op.jsonBody ? validArb(op.doc, op.jsonBody.schema) : fc.constant(undefined);
  return fc.record({ params: fc.tuple(...params), body, role: fc.constantFrom(...ROLES) }).map(({ params: values, body: value, role }) => {
    let path = op.path;
    const query = new URLSearchParams();
    const headers: Record<string, string> = {};
    for (const [p, raw] of values) {
      if (raw === undefined) continue;
      const text = asText(raw);
      // Generated values can still miss a rule (a format, a pattern): only values ajv accepts are used.
      if (!validator(op.api, p.schema)(paramValue(p.schema, text))) return null;
      if (p.in === 'path') {
        if (['', '.', '..'].includes(text)) return null; // another URL
        path = path.replace(`{${p.name}}`, encodeURIComponent(text));
      } else if (p.in === 'query') query.set(p.name, text);
      else if (p.in === 'header') {
        if (!/^[\x20-\x7e]*$/.test(text) || text !== text.trim()) return null; // not sendable as a header value
        headers[p.name] = text;
      }
    }
    if (op.jsonBody && !validator(op.api, op.jsonBody.schema)(value)) return null;
    if (op.jsonBody) headers['Content-Type'] = 'application/json';
    const qs = query.toString();
    return { url: path + (qs ? `?${qs}` : ''), body: op.jsonBody ? JSON.stringify(value) : undefined, headers, role };
  });
}

const ops = operations().filter((op) => !op.binaryBody);
const summary = { operations: 0, cases: 0, statuses: {} as Record<string, number> };

describe('valid data is accepted by every operation', () => {
  beforeEach(mintTokens);

  for (const op of ops) {
    it(`${op.api} ${op.method} ${op.path} (${op.id})`, { timeout: 120_000 }, async () => {
      const cases = fc
        .sample(validCaseArb(op), { numRuns: POSITIVE_RUNS * 10, seed: SEED + hash(`valid ${op.id}`) })
        .filter((c): c is ValidCase => c !== null)
        .slice(0, POSITIVE_RUNS);
      const failures = new Map<string, string>();
      for (const c of cases) {
        const res = await send(op.method, c.url, { body: c.body, headers: c.headers, token: tokens[c.role] });
        summary.statuses[res.status] = (summary.statuses[res.status] ?? 0) + 1;
        const refusal =
          (res.status === 400 || res.status === 422) &&
          !RULE_REFUSALS[op.id]?.some((r) => r.status === res.status && r.match.test(res.text));
        const problems = [
          ...checkResponse(op, { method: op.method, url: c.url, role: c.role, body: c.body, invalid: null }, res),
          ...(refusal ? [`valid request refused with ${res.status}`] : []),
        ];
        for (const p of problems) {
          const key = p.replace(/: .*/, '');
          if (!failures.has(key))
            failures.set(
              key,
              `${p}\n    ${c.role} ${op.method} ${c.url}${c.body !== undefined ? ` body=${c.body.slice(0, 300)}` : ''}\n    -> ${res.status} ${res.text.slice(0, 300)}`,
            );
        }
      }
      summary.operations++;
      summary.cases += cases.length;
      // Most generated values fit: an operation whose values mostly miss the schema would test nothing.
      expect(cases.length).toBe(POSITIVE_RUNS);
      expect([...failures.values()]).toEqual([]);
    });
  }

  it('covered every operation with a JSON or no body', () => {
    console.log(
      `positive fuzz: ${summary.operations} operations, ${summary.cases} valid cases, statuses ${JSON.stringify(summary.statuses)}`,
    );
    expect(summary.operations).toBe(ops.length);
  });
});
