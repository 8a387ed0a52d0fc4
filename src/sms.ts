import { AppError } from './domain/errors';
import type { SmsMessage, SmsSender, SendLimiter, SmsServices } from './domain/verification/sms';
import type { Logger } from './platform/logger';
import { rateLimitsOn } from './platform/rate-limit';

/**
 * The SMS gateway, wired from the Worker's settings (the composition side, like config.ts): the
 * domain's verification rules take the SmsServices built here and never read a binding themselves.
 */

type SmsSource = Partial<
  Pick<
    Env,
    'ENVIRONMENT' | 'SMS_PROVIDER' | 'SMS_TEST_CODE' | 'SMS_WEBHOOK_URL' | 'SMS_WEBHOOK_SECRET' | 'SMS_RATE_LIMITER' | 'RATE_LIMITS'
  >
>;

export interface SmsSettings {
  provider: 'log' | 'webhook';
  testCode: string | null;
  webhook: { url: string; secret: string } | null;
}

const misconfigured = (message: string) => new AppError('unavailable', 'SMS_MISCONFIGURED', message);
const MIN_WEBHOOK_SECRET = 16;
const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Reads the SMS vars. A bad setting fails the send (503) rather than every request: the rest of the
 * Worker does not depend on SMS.
 */
export function readSmsSettings(env: SmsSource, log?: Logger): SmsSettings {
  const provider = (env.SMS_PROVIDER?.trim() || 'log').toLowerCase();
  if (provider !== 'log' && provider !== 'webhook') throw misconfigured(`SMS_PROVIDER must be "log" or "webhook", not "${provider}"`);
  const rawTestCode = env.SMS_TEST_CODE?.trim() || null;
  if (rawTestCode !== null && !/^\d{6}$/.test(rawTestCode)) throw misconfigured('SMS_TEST_CODE must be six digits');
  const production = env.ENVIRONMENT?.trim() === 'production';
  const testCode = provider === 'log' && !production ? rawTestCode : null;
  if (rawTestCode !== null && testCode === null) log?.warn('SMS_TEST_CODE ignored: it applies only to the log provider outside production');
  if (provider === 'log') return { provider, testCode, webhook: null };

  const url = env.SMS_WEBHOOK_URL?.trim() ?? '';
  const secret = env.SMS_WEBHOOK_SECRET ?? '';
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw misconfigured('SMS_WEBHOOK_URL must be an absolute URL when SMS_PROVIDER is "webhook"');
  }
  if (parsed.protocol !== 'https:' && !(parsed.protocol === 'http:' && LOCAL_HOSTS.has(parsed.hostname))) {
    throw misconfigured('SMS_WEBHOOK_URL must use https (plain http only for localhost)');
  }
  if (secret.length < MIN_WEBHOOK_SECRET) throw misconfigured(`SMS_WEBHOOK_SECRET must be at least ${MIN_WEBHOOK_SECRET} characters`);
  return { provider, testCode: null, webhook: { url: parsed.toString(), secret } };
}

/** The text of the SMS a phone receives: the words of the API that sends the code. */
export type SmsText = (message: SmsMessage) => string;

/** Local development: the code is written to the Worker log instead of being sent. */
export function logSender(log: Logger, production = false): SmsSender {
  return {
    provider: 'log',
    async send(m) {
      // Production logs are kept and shared: a code there would be a secret in the logs (issue 7).
      // Nothing reaches the phone, so the send fails (503; the reservation is marked failed and does
      // not count against the phone) instead of answering as if a code were on its way.
      if (production) {
        log.error('sms code not sent: SMS_PROVIDER=log in production (set "webhook")', { purpose: m.purpose });
        throw misconfigured('No SMS gateway is configured: codes cannot be sent');
      }
      log.info('sms code (SMS_PROVIDER=log, not sent)', { phone: m.phone, purpose: m.purpose, code: m.code, ttl_seconds: m.ttlSeconds });
    },
  };
}

const WEBHOOK_TIMEOUT_MS = 10_000;

/**
 * Production: POSTs `{ phone, code, purpose, ttl_seconds, text }` to the gateway with
 * `Authorization: Bearer <SMS_WEBHOOK_SECRET>`. Any non-2xx answer or network failure is a failed send.
 */
export function webhookSender(
  config: { url: string; secret: string },
  text: SmsText,
  log: Logger,
  fetchFn: typeof fetch = fetch,
): SmsSender {
  return {
    provider: 'webhook',
    async send(m) {
      let res: Response;
      try {
        res = await fetchFn(config.url, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${config.secret}` },
          body: JSON.stringify({ phone: m.phone, code: m.code, purpose: m.purpose, ttl_seconds: m.ttlSeconds, text: text(m) }),
          signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
        });
      } catch (e) {
        log.error('sms webhook unreachable', { error: e instanceof Error ? e.message : String(e) });
        throw new AppError('unavailable', 'SMS_DELIVERY_FAILED', 'The SMS could not be sent');
      }
      // Drain the body so the connection is released; its content is the gateway's business.
      await res.body?.cancel();
      if (!res.ok) {
        log.error('sms webhook refused the message', { status: res.status });
        throw new AppError('unavailable', 'SMS_DELIVERY_FAILED', 'The SMS could not be sent');
      }
    },
  };
}

/** The `SMS_RATE_LIMITER` binding; without one (misdeployed) every call passes and D1 still throttles. */
export function bindingLimiter(binding: RateLimit | undefined, log: Logger): SendLimiter {
  if (!binding) {
    return {
      async allow() {
        log.warn('SMS_RATE_LIMITER binding missing: only the D1 throttle applies');
        return true;
      },
    };
  }
  return { allow: async (key) => (await binding.limit({ key })).success };
}

/** `RATE_LIMITS=off`: the binding is not asked; the resend interval and daily cap in D1 still apply. */
const unthrottled: SendLimiter = { allow: async () => true };

/** The SMS services for one request: the configured provider sending `text`, behind the send throttle. */
export function smsServicesFor(env: SmsSource, log: Logger, text: SmsText): SmsServices {
  const settings = readSmsSettings(env, log);
  const sender = settings.webhook ? webhookSender(settings.webhook, text, log) : logSender(log, env.ENVIRONMENT?.trim() === 'production');
  const limiter = rateLimitsOn(env) ? bindingLimiter(env.SMS_RATE_LIMITER, log) : unthrottled;
  return { sender, limiter, testCode: settings.testCode };
}
