import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { smsText } from '../../../src/apis/excourse/words';
import { bindingLimiter, logSender, readSmsSettings, smsServicesFor, webhookSender } from '../../../src/sms';
import type { LogFields, Logger } from '../../../src/platform/logger';

function recordingLog() {
  const lines: { level: string; msg: string; fields?: LogFields }[] = [];
  const log: Logger = {
    info: (msg, fields) => lines.push({ level: 'info', msg, fields }),
    warn: (msg, fields) => lines.push({ level: 'warn', msg, fields }),
    error: (msg, fields) => lines.push({ level: 'error', msg, fields }),
  };
  return { log, lines };
}

const MESSAGE = { phone: '13800138000', code: '654321', purpose: 'register' as const, ttlSeconds: 300 };
const WEBHOOK = { SMS_PROVIDER: 'webhook', SMS_WEBHOOK_URL: 'https://sms.example.test/send', SMS_WEBHOOK_SECRET: 'a-long-webhook-secret' };

describe('SMS settings', () => {
  it('defaults to the log provider without a test code', () => {
    expect(readSmsSettings({})).toEqual({ provider: 'log', testCode: null, webhook: null });
    expect(readSmsSettings({ SMS_PROVIDER: ' LOG ' }).provider).toBe('log');
  });

  it('the wrangler.toml default is the log provider', () => {
    expect(env.SMS_PROVIDER).toBe('log');
  });

  it('honours SMS_TEST_CODE only with the log provider and outside production', () => {
    const { log, lines } = recordingLog();
    expect(readSmsSettings({ SMS_TEST_CODE: '123456' }).testCode).toBe('123456');
    expect(readSmsSettings({ SMS_TEST_CODE: '123456', ENVIRONMENT: 'production' }, log).testCode).toBeNull();
    expect(readSmsSettings({ ...WEBHOOK, SMS_TEST_CODE: '123456' }, log).testCode).toBeNull();
    expect(lines.filter((l) => l.level === 'warn')).toHaveLength(2);
  });

  it('refuses an unknown provider, a malformed test code and an incomplete webhook', () => {
    expect(() => readSmsSettings({ SMS_PROVIDER: 'carrier-pigeon' })).toThrow(
      expect.objectContaining({ kind: 'unavailable', code: 'SMS_MISCONFIGURED' }),
    );
    expect(() => readSmsSettings({ SMS_TEST_CODE: '12345' })).toThrow(expect.objectContaining({ code: 'SMS_MISCONFIGURED' }));
    expect(() => readSmsSettings({ SMS_PROVIDER: 'webhook' })).toThrow(expect.objectContaining({ code: 'SMS_MISCONFIGURED' }));
    expect(() => readSmsSettings({ ...WEBHOOK, SMS_WEBHOOK_URL: 'http://sms.example.test/send' })).toThrow(/https/);
    expect(() => readSmsSettings({ ...WEBHOOK, SMS_WEBHOOK_SECRET: 'short' })).toThrow(/SMS_WEBHOOK_SECRET/);
    expect(readSmsSettings({ ...WEBHOOK, SMS_WEBHOOK_URL: 'http://localhost:8787/sms' }).webhook?.url).toBe('http://localhost:8787/sms');
    expect(readSmsSettings(WEBHOOK)).toEqual({
      provider: 'webhook',
      testCode: null,
      webhook: { url: 'https://sms.example.test/send', secret: 'a-long-webhook-secret' },
    });
  });

  it('builds the webhook sender when configured', () => {
    expect(smsServicesFor(WEBHOOK, recordingLog().log, smsText).sender.provider).toBe('webhook');
    expect(smsServicesFor({}, recordingLog().log, smsText).sender.provider).toBe('log');
  });
});

describe('log provider', () => {
  it('writes the code to the log instead of sending it', async () => {
    const { log, lines } = recordingLog();
    await logSender(log).send(MESSAGE);
    expect(lines).toEqual([
      {
        level: 'info',
        msg: expect.stringContaining('SMS_PROVIDER=log'),
        fields: { phone: MESSAGE.phone, purpose: 'register', code: '654321', ttl_seconds: 300 },
      },
    ]);
  });
});

describe('webhook provider', () => {
  it('POSTs JSON with the bearer secret', async () => {
    const calls: { url: string; init: RequestInit }[] = [];
    const fetchFn = (async (url: string, init: RequestInit) => {
      calls.push({ url, init });
      return new Response('{"ok":true}', { status: 200 });
    }) as unknown as typeof fetch;
    await webhookSender(
      { url: 'https://sms.example.test/send', secret: 'a-long-webhook-secret' },
      smsText,
      recordingLog().log,
      fetchFn,
    ).send(MESSAGE);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.url).toBe('https://sms.example.test/send');
    expect(calls[0]!.init.method).toBe('POST');
    const headers = new Headers(calls[0]!.init.headers);
    expect(headers.get('Authorization')).toBe('Bearer a-long-webhook-secret');
    expect(headers.get('Content-Type')).toBe('application/json');
    const body = JSON.parse(calls[0]!.init.body as string);
    expect(body).toMatchObject({ phone: MESSAGE.phone, code: '654321', purpose: 'register', ttl_seconds: 300 });
    expect(body.text).toContain('654321');
    // The text is the words of the API that sends the code (excourse).
    expect(body.text).toBe('您的验证码是 654321，5 分钟内有效。如非本人操作，请忽略本短信。');
  });

  it('a refusal or an unreachable gateway is SMS_DELIVERY_FAILED, logged without the secret', async () => {
    const { log, lines } = recordingLog();
    const refusing = (async () => new Response('nope', { status: 502 })) as unknown as typeof fetch;
    await expect(
      webhookSender({ url: 'https://x.test/', secret: 'a-long-webhook-secret' }, smsText, log, refusing).send(MESSAGE),
    ).rejects.toMatchObject({
      kind: 'unavailable',
      code: 'SMS_DELIVERY_FAILED',
    });
    const unreachable = (async () => {
      throw new TypeError('connection refused');
    }) as unknown as typeof fetch;
    await expect(
      webhookSender({ url: 'https://x.test/', secret: 'a-long-webhook-secret' }, smsText, log, unreachable).send(MESSAGE),
    ).rejects.toMatchObject({
      code: 'SMS_DELIVERY_FAILED',
    });
    expect(lines.map((l) => l.level)).toEqual(['error', 'error']);
    expect(JSON.stringify(lines)).not.toContain('a-long-webhook-secret');
    expect(JSON.stringify(lines)).not.toContain('654321');
  });
});

describe('rate limiting binding', () => {
  it('the SMS_RATE_LIMITER binding allows one call per key per period', async () => {
    const limiter = bindingLimiter(env.SMS_RATE_LIMITER, recordingLog().log);
    const key = `test:${crypto.randomUUID()}`;
    expect(await limiter.allow(key)).toBe(true);
    expect(await limiter.allow(key)).toBe(false);
    expect(await limiter.allow(`${key}:other`)).toBe(true);
  });

  it('without the binding every call passes and a warning is logged', async () => {
    const { log, lines } = recordingLog();
    expect(await bindingLimiter(undefined, log).allow('k')).toBe(true);
    expect(lines[0]!.level).toBe('warn');
  });
});
