import { afterEach, describe, expect, it, vi } from 'vitest';
import { call } from '../../helpers/http';
import { approvedSchool, codeRows, WITH_TEST_CODE, excourseTeacher, sendCode, TEST_CODE, uniqueName, uniquePhone } from '../campus/support';

const PATH = '/vertifications/';

afterEach(() => vi.restoreAllMocks());

describe('POST /vertifications/', () => {
  it('200 {"message": "发送成功"} and one code row for the phone', async () => {
    const phone = uniquePhone();
    const res = await sendCode(phone, uniqueName('新'));
    expect(res.status, res.text).toBe(200);
    expect(res.body).toEqual({ message: '发送成功' });
    const rows = await codeRows(phone);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ purpose: 'register', delivery: 'sent', attempts: 0, consumedAt: null });
    expect(rows[0]!.expiresAt - rows[0]!.createdAt).toBe(5 * 60_000);
  });

  it('the username is optional', async () => {
    expect((await sendCode(uniquePhone())).status).toBe(200);
  });

  it('with the log provider the code goes to the Worker log, and it registers', async () => {
    const lines: string[] = [];
    vi.spyOn(console, 'log').mockImplementation((line: unknown) => void lines.push(String(line)));
    const phone = uniquePhone();
    const res = await call('POST', PATH, { json: { phone } });
    expect(res.status, res.text).toBe(200);
    const entry = lines.map((l) => JSON.parse(l)).find((e) => e.phone === phone && e.code);
    expect(entry).toMatchObject({ level: 'info', purpose: 'register', ttl_seconds: 300 });
    expect(entry.code).toMatch(/^\d{6}$/);
    vi.restoreAllMocks();

    const { schoolId } = await approvedSchool();
    const reg = await call('POST', '/users/register/', {
      json: { username: uniqueName('日志'), password: 'secret-12', school_id: schoolId, phone, sms_code: entry.code },
    });
    expect(reg.status, reg.text).toBe(201);
  });

  it('a second code within 60 s: 429 with Retry-After, and nothing more is stored', async () => {
    const phone = uniquePhone();
    expect((await sendCode(phone)).status).toBe(200);
    const res = await sendCode(phone);
    expect(res.status, res.text).toBe(429);
    const retry = Number(res.headers.get('Retry-After'));
    expect(retry).toBeGreaterThanOrEqual(1);
    expect(retry).toBeLessThanOrEqual(60);
    expect(Object.keys(res.body)).toEqual(['detail']);
    expect(res.body.detail).toContain('请求超过了限速');
    expect(await codeRows(phone)).toHaveLength(1);
  });

  it('400 on a phone that is not an 11-digit mainland number, or missing', async () => {
    for (const phone of ['1383391634', '138339163490', '23833916349', '1383391634a', 13833916349]) {
      const res = await call('POST', PATH, { json: { phone } });
      expect(res.status, String(phone)).toBe(400);
      expect(Object.keys(res.body)).toEqual(['phone']);
    }
    const missing = await call('POST', PATH, { json: {} });
    expect(missing.status).toBe(400);
    expect(missing.body).toEqual({ phone: ['该字段是必填项。'] });
  });

  it('400 for a phone or username already registered (no SMS spent)', async () => {
    const { schoolId } = await approvedSchool();
    const t = await excourseTeacher(schoolId);
    const byPhone = await sendCode(t.phone);
    expect(byPhone.status).toBe(400);
    expect(byPhone.body).toEqual({ phone: ['该手机号已被注册。'] });
    const phone = uniquePhone();
    const byName = await sendCode(phone, t.username);
    expect(byName.status).toBe(400);
    expect(Object.keys(byName.body)).toEqual(['username']);
    expect(await codeRows(phone)).toHaveLength(0);
  });

  it('unknown fields are ignored; 400 for a body that is not an object; 400 detail for malformed JSON', async () => {
    const phone = uniquePhone();
    const extra = await call('POST', PATH, { json: { phone, code: '000000', captcha: 'x' }, env: WITH_TEST_CODE });
    expect(extra.status).toBe(200);
    // The code sent along is not stored: the code the SMS carried is the one that registers.
    const { schoolId } = await approvedSchool();
    const reg = await call('POST', '/users/register/', {
      json: { username: uniqueName('忽略'), password: 'secret-12', school_id: schoolId, phone, sms_code: TEST_CODE },
    });
    expect(reg.status, reg.text).toBe(201);
    const list = await call('POST', PATH, { json: [uniquePhone()] });
    expect(list.status).toBe(400);
    expect(list.body).toHaveProperty('non_field_errors');
    const broken = await call('POST', PATH, { body: '{"phone": ', headers: { 'Content-Type': 'application/json' } });
    expect(broken.status).toBe(400);
    expect(broken.body.detail).toMatch(/^JSON 解析错误/);
  });

  const WEBHOOK = {
    SMS_PROVIDER: 'webhook',
    SMS_WEBHOOK_URL: 'https://sms-gateway.example.test/send',
    SMS_WEBHOOK_SECRET: 'a-long-webhook-secret',
  };

  it('webhook provider: the code is POSTed to the gateway with the bearer secret, and it registers', async () => {
    const outbound: Request[] = [];
    vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
      outbound.push(new Request(input as RequestInfo, init));
      return new Response('{"ok":true}', { status: 200 });
    });
    const phone = uniquePhone();
    const res = await call('POST', PATH, { json: { phone }, env: WEBHOOK });
    expect(res.status, res.text).toBe(200);
    expect(outbound).toHaveLength(1);
    expect(outbound[0]!.url).toBe(WEBHOOK.SMS_WEBHOOK_URL);
    expect(outbound[0]!.headers.get('Authorization')).toBe('Bearer a-long-webhook-secret');
    const sent = await outbound[0]!.json<{ phone: string; code: string }>();
    expect(sent.phone).toBe(phone);
    vi.restoreAllMocks();
    const { schoolId } = await approvedSchool();
    const reg = await call('POST', '/users/register/', {
      json: { username: uniqueName('网关'), password: 'secret-12', school_id: schoolId, phone, sms_code: sent.code },
    });
    expect(reg.status, reg.text).toBe(201);
  });

  it('503 when the SMS provider is misconfigured or refuses; a failed send does not count', async () => {
    const phone = uniquePhone();
    const misconfigured = await call('POST', PATH, { json: { phone }, env: { SMS_PROVIDER: 'webhook' } });
    expect(misconfigured.status).toBe(503);
    expect(misconfigured.body).toEqual({ detail: '短信服务暂不可用。' });
    expect(await codeRows(phone)).toHaveLength(0);

    vi.spyOn(globalThis, 'fetch').mockImplementation(async () => new Response('gateway error', { status: 502 }));
    const refused = await call('POST', PATH, { json: { phone }, env: WEBHOOK });
    expect(refused.status, refused.text).toBe(503);
    expect(refused.body).toEqual({ detail: '短信发送失败，请稍后重试。' });
    expect((await codeRows(phone)).map((r) => r.delivery)).toEqual(['failed']);
  });

  it('wrong method: 405 with Allow; no trailing slash: 404, both as {detail}', async () => {
    const get = await call('GET', PATH);
    expect(get.status).toBe(405);
    expect(get.headers.get('Allow')).toContain('POST');
    expect(get.body).toEqual({ detail: '方法 “GET” 不被允许。' });
    // Without the trailing slash no route matches (the shared 405 index ignores trailing slashes).
    const noSlash = await call('POST', '/vertifications', { json: { phone: uniquePhone() } });
    expect([404, 405]).toContain(noSlash.status);
    expect(Object.keys(noSlash.body)).toEqual(['detail']);
    expect(await call('GET', '/users/nobody/x/y/')).toMatchObject({ status: 404, body: { detail: '未找到。' } });
  });
});
