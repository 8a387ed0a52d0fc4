import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { WORDS as EXCOURSE_WORDS } from '../../../src/apis/excourse/words';
import { smsCodes } from '../../../src/db/schema';
import type { AppError } from '../../../src/domain/errors';
import { consumeCode, randomCode, releaseCode, sendCode } from '../../../src/domain/verification/codes';
import { CODE_POLICY } from '../../../src/domain/verification/policy';
import type { SmsMessage, SmsServices } from '../../../src/domain/verification/sms';
import { say } from '../../../src/http/words';
import { startOfLocalDay } from '../../../src/platform/time-zone';
import { testDeps } from '../../helpers/deps';
import { uniquePhone } from '../../apis/campus/support';

/** 10:00 today in Asia/Shanghai (near the real time: sends by other tests purge rows a week old). */
const MORNING = startOfLocalDay(Date.now(), 'Asia/Shanghai') + 10 * 3600_000;

function fakeSms(opts: { allow?: boolean; fail?: boolean; testCode?: string | null; provider?: 'log' | 'webhook' } = {}) {
  const sent: SmsMessage[] = [];
  const limiterKeys: string[] = [];
  const services: SmsServices = {
    sender: {
      provider: opts.provider ?? 'log',
      async send(m) {
        if (opts.fail) throw new Error('gateway down');
        sent.push(m);
      },
    },
    limiter: {
      async allow(key) {
        limiterKeys.push(key);
        return opts.allow ?? true;
      },
    },
    testCode: opts.testCode ?? null,
  };
  return { services, sent, limiterKeys };
}

function setup(start = MORNING) {
  const deps = testDeps();
  deps.clock.set(start);
  const sms = fakeSms();
  const phone = uniquePhone();
  const send = (clientIp: string | null = null) => sendCode(deps, sms.services, { phone, purpose: 'register', clientIp });
  const consume = (code: string) => consumeCode(deps, { phone, purpose: 'register', code });
  const lastCode = () => sms.sent.at(-1)!.code;
  const rows = () => deps.db.select().from(smsCodes).where(eq(smsCodes.phone, phone)).all();
  return { deps, sms, phone, send, consume, lastCode, rows };
}

const wrong = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');

describe('codes', () => {
  it('randomCode gives six digits', () => {
    const codes = new Set(Array.from({ length: 200 }, randomCode));
    for (const c of codes) expect(c).toMatch(/^\d{6}$/);
    expect(codes.size).toBeGreaterThan(150);
  });

  it('sends a code to the provider, stores only its HMAC, and the code is accepted once', async () => {
    const t = setup();
    const { expiresAt } = await t.send();
    expect(expiresAt).toBe(MORNING + CODE_POLICY.codeTtlMs);
    expect(t.sms.sent).toHaveLength(1);
    expect(t.sms.sent[0]).toMatchObject({ phone: t.phone, purpose: 'register', ttlSeconds: 300 });
    expect(t.sms.limiterKeys).toEqual([`register:${t.phone}`]);
    const [row] = await t.rows();
    expect(row!.delivery).toBe('sent');
    expect(row!.codeHash).toMatch(/^[0-9a-f]{64}$/);
    expect(row!.codeHash).not.toContain(t.lastCode());

    const consumed = await t.consume(t.lastCode());
    expect(consumed.consumedAt).toBe(MORNING);
    await expect(t.consume(t.lastCode())).rejects.toMatchObject({ code: 'SMS_CODE_USED', details: { fields: [{ field: 'sms_code' }] } });
  });

  it('uses the fixed test code when one is configured', async () => {
    const deps = testDeps();
    const sms = fakeSms({ testCode: '123456' });
    const phone = uniquePhone();
    await sendCode(deps, sms.services, { phone, purpose: 'register', clientIp: null });
    expect(sms.sent[0]!.code).toBe('123456');
    await expect(consumeCode(deps, { phone, purpose: 'register', code: '123456' })).resolves.toMatchObject({ id: expect.any(Number) });
  });

  it('expires after exactly five minutes (injected clock)', async () => {
    const t = setup();
    await t.send();
    const code = t.lastCode();
    t.deps.clock.advance(CODE_POLICY.codeTtlMs);
    await expect(t.consume(code)).rejects.toMatchObject({ code: 'SMS_CODE_EXPIRED' });
    // The attempt on an expired code is not counted and the code stays unused.
    const [row] = await t.rows();
    expect(row).toMatchObject({ attempts: 0, consumedAt: null });

    const u = setup();
    await u.send();
    u.deps.clock.advance(CODE_POLICY.codeTtlMs - 1);
    await expect(u.consume(u.lastCode())).resolves.toMatchObject({ consumedAt: MORNING + CODE_POLICY.codeTtlMs - 1 });
  });

  it('locks after five wrong tries: even the right code is refused then', async () => {
    const t = setup();
    await t.send();
    const code = t.lastCode();
    for (let i = 1; i <= 4; i++) {
      const err = (await t.consume(wrong(code)).catch((e: unknown) => e)) as AppError;
      expect(err).toMatchObject({
        code: 'SMS_CODE_WRONG',
        details: { params: { left: 5 - i }, fields: [{ field: 'sms_code', code: 'SMS_CODE_WRONG' }] },
      });
      // The excourse API, which sends the codes, words it (src/apis/excourse/words.ts).
      expect(say(EXCOURSE_WORDS, err.code, err.params)).toBe(`验证码错误，还可尝试 ${5 - i} 次`);
    }
    await expect(t.consume(wrong(code))).rejects.toMatchObject({ code: 'SMS_CODE_LOCKED' });
    await expect(t.consume(code)).rejects.toMatchObject({ code: 'SMS_CODE_LOCKED' });
    const [row] = await t.rows();
    expect(row).toMatchObject({ attempts: 5, consumedAt: null });
  });

  it('the right code on the fifth try still works (four wrong ones before it)', async () => {
    const t = setup();
    await t.send();
    for (let i = 0; i < 4; i++) await expect(t.consume(wrong(t.lastCode()))).rejects.toMatchObject({ code: 'SMS_CODE_WRONG' });
    await expect(t.consume(t.lastCode())).resolves.toMatchObject({ consumedAt: MORNING });
  });

  it('counts parallel wrong attempts exactly: twelve at once, five counted, the rest refused as locked', async () => {
    const t = setup();
    await t.send();
    const bad = wrong(t.lastCode());
    const results = await Promise.allSettled(Array.from({ length: 12 }, () => t.consume(bad)));
    const codes = results.map((r) => (r.status === 'rejected' ? (r.reason as { code: string }).code : 'OK'));
    expect(codes.filter((c) => c === 'SMS_CODE_WRONG')).toHaveLength(4);
    expect(codes.filter((c) => c === 'SMS_CODE_LOCKED')).toHaveLength(8);
    const [row] = await t.rows();
    expect(row!.attempts).toBe(5);
    await expect(t.consume(t.lastCode())).rejects.toMatchObject({ code: 'SMS_CODE_LOCKED' });
  });

  it('spends a code at most once under parallel use', async () => {
    const t = setup();
    await t.send();
    const results = await Promise.allSettled(Array.from({ length: 8 }, () => t.consume(t.lastCode())));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results.filter((r) => r.status === 'rejected')) expect((r as PromiseRejectedResult).reason.code).toBe('SMS_CODE_USED');
  });

  it('only the newest code counts: an older one is refused', async () => {
    const t = setup();
    await t.send();
    const first = t.lastCode();
    t.deps.clock.advance(CODE_POLICY.resendIntervalMs);
    await t.send();
    const second = t.lastCode();
    if (first !== second) await expect(t.consume(first)).rejects.toMatchObject({ code: 'SMS_CODE_WRONG' });
    await expect(t.consume(second)).resolves.toBeTruthy();
  });

  it('refuses a phone that never got a code', async () => {
    const t = setup();
    await expect(t.consume('123456')).rejects.toMatchObject({ code: 'SMS_CODE_MISSING' });
  });

  it('releaseCode gives a spent code back, once', async () => {
    const t = setup();
    await t.send();
    const spent = await t.consume(t.lastCode());
    await releaseCode(t.deps, spent);
    const again = await t.consume(t.lastCode());
    expect(again.id).toBe(spent.id);
  });
});

describe('send throttle', () => {
  it('one send per phone per 60 s, with the exact Retry-After', async () => {
    const t = setup();
    await t.send();
    t.deps.clock.advance(20_000);
    await expect(t.send()).rejects.toMatchObject({ kind: 'rate_limited', code: 'SMS_RESEND_TOO_SOON', details: { retryAfterSeconds: 40 } });
    t.deps.clock.advance(39_999);
    await expect(t.send()).rejects.toMatchObject({ details: { retryAfterSeconds: 1 } });
    t.deps.clock.advance(1);
    await t.send();
    expect(t.sms.sent).toHaveLength(2);
    expect(await t.rows()).toHaveLength(2);
  });

  it('parallel sends to one phone: exactly one goes out', async () => {
    const t = setup();
    const results = await Promise.allSettled(Array.from({ length: 6 }, () => t.send()));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(t.sms.sent).toHaveLength(1);
    expect(await t.rows()).toHaveLength(1);
  });

  it('caps sends per phone per local day; the next local day starts afresh', async () => {
    const t = setup();
    for (let i = 0; i < CODE_POLICY.dailyCap; i++) {
      await t.send();
      t.deps.clock.advance(CODE_POLICY.resendIntervalMs);
    }
    const err = await t.send().catch((e) => e);
    expect(err).toMatchObject({ kind: 'rate_limited', code: 'SMS_DAILY_LIMIT' });
    const nextMidnight = MORNING + 14 * 3600_000;
    expect(err.details.retryAfterSeconds).toBe(Math.ceil((nextMidnight - t.deps.clock.now()) / 1000));
    t.deps.clock.set(nextMidnight);
    await t.send();
    expect(t.sms.sent).toHaveLength(CODE_POLICY.dailyCap + 1);
  });

  it('caps sends per client IP per hour across phones when messages really go out', async () => {
    const deps = testDeps();
    deps.clock.set(MORNING);
    const sms = fakeSms({ provider: 'webhook' });
    const ip = `203.0.113.${Math.floor(Math.random() * 250)}-${crypto.randomUUID()}`;
    for (let i = 0; i < CODE_POLICY.ipHourlyCap; i++)
      await sendCode(deps, sms.services, { phone: uniquePhone(), purpose: 'register', clientIp: ip });
    deps.clock.advance(10 * 60_000);
    const err = await sendCode(deps, sms.services, { phone: uniquePhone(), purpose: 'register', clientIp: ip }).catch((e) => e);
    expect(err).toMatchObject({ code: 'SMS_IP_LIMIT', details: { retryAfterSeconds: 50 * 60 } });
    deps.clock.advance(50 * 60_000);
    await sendCode(deps, sms.services, { phone: uniquePhone(), purpose: 'register', clientIp: ip });
  });

  it('does not cap the log provider per IP (nothing is paid for; local tests share one loopback address)', async () => {
    const deps = testDeps();
    deps.clock.set(MORNING);
    const sms = fakeSms({ provider: 'log' });
    const ip = `198.51.100.${Math.floor(Math.random() * 250)}-${crypto.randomUUID()}`;
    for (let i = 0; i <= CODE_POLICY.ipHourlyCap; i++)
      await sendCode(deps, sms.services, { phone: uniquePhone(), purpose: 'register', clientIp: ip });
    expect(sms.sent).toHaveLength(CODE_POLICY.ipHourlyCap + 1);
    const rows = await deps.db.select().from(smsCodes).where(eq(smsCodes.clientIp, ip)).all();
    expect(rows).toHaveLength(CODE_POLICY.ipHourlyCap + 1);
  });

  it('the rate limiting binding answers first: a refusal writes nothing', async () => {
    const deps = testDeps();
    const sms = fakeSms({ allow: false });
    const phone = uniquePhone();
    await expect(sendCode(deps, sms.services, { phone, purpose: 'register', clientIp: null })).rejects.toMatchObject({
      kind: 'rate_limited',
      details: { retryAfterSeconds: 60 },
    });
    expect(sms.sent).toHaveLength(0);
    expect(await deps.db.select().from(smsCodes).where(eq(smsCodes.phone, phone)).all()).toHaveLength(0);
  });

  it('a failed delivery is marked failed, cannot be verified, and does not hold back a retry', async () => {
    const deps = testDeps();
    deps.clock.set(MORNING);
    const phone = uniquePhone();
    const failing = fakeSms({ fail: true, testCode: '111111' });
    await expect(sendCode(deps, failing.services, { phone, purpose: 'register', clientIp: null })).rejects.toThrow('gateway down');
    const [row] = await deps.db.select().from(smsCodes).where(eq(smsCodes.phone, phone)).all();
    expect(row!.delivery).toBe('failed');
    await expect(consumeCode(deps, { phone, purpose: 'register', code: '111111' })).rejects.toMatchObject({ code: 'SMS_CODE_MISSING' });
    const working = fakeSms();
    await sendCode(deps, working.services, { phone, purpose: 'register', clientIp: null });
    expect(working.sent).toHaveLength(1);
  });

  it('purges rows past retention while sending', async () => {
    const deps = testDeps();
    const old = uniquePhone();
    deps.clock.set(MORNING - CODE_POLICY.retentionMs - 60_000);
    await sendCode(deps, fakeSms().services, { phone: old, purpose: 'register', clientIp: null });
    deps.clock.set(MORNING);
    await sendCode(deps, fakeSms().services, { phone: uniquePhone(), purpose: 'register', clientIp: null });
    expect(await deps.db.select().from(smsCodes).where(eq(smsCodes.phone, old)).all()).toHaveLength(0);
  });
});
