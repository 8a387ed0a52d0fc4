import { and, desc, eq, gte, isNull, ne, sql } from 'drizzle-orm';
import { smsCodes } from '../../db/schema';
import { startOfLocalDay, startOfNextLocalDay } from '../../platform/time-zone';
import type { Deps } from '../deps';
import { AppError, fieldIssue, type Params } from '../errors';
import { CODE_POLICY, type CodePolicy, type CodePurpose } from './policy';
import type { SmsServices } from './sms';

const encoder = new TextEncoder();

/** HMAC of the code under the server secret: a copy of the table does not reveal live codes. */
async function codeHash(secret: Uint8Array, purpose: CodePurpose, phone: string, code: string): Promise<string> {
  const key = await crypto.subtle.importKey('raw', secret, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const mac = new Uint8Array(await crypto.subtle.sign('HMAC', key, encoder.encode(`${purpose}:${phone}:${code}`)));
  return Array.from(mac, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Six uniformly distributed digits (rejection sampling: no modulo bias). */
export function randomCode(): string {
  const limit = Math.floor(0x1_0000_0000 / 1_000_000) * 1_000_000;
  const buf = new Uint32Array(1);
  do crypto.getRandomValues(buf);
  while (buf[0]! >= limit);
  return String(buf[0]! % 1_000_000).padStart(6, '0');
}

/** A refused send (SMS_RESEND_TOO_SOON, SMS_DAILY_LIMIT, SMS_IP_LIMIT), with the wait. */
const throttled = (code: string, message: string, retryAfterMs: number) =>
  new AppError('rate_limited', code, message, { retryAfterSeconds: Math.max(1, Math.ceil(retryAfterMs / 1000)) });

export interface SendRequest {
  phone: string;
  purpose: CodePurpose;
  clientIp: string | null;
}

/** Why a reservation was refused, and when to come back (read after the atomic insert declined). */
async function refusal(deps: Deps, req: SendRequest, now: number, policy: CodePolicy): Promise<AppError> {
  const notFailed = ne(smsCodes.delivery, 'failed');
  const last = await deps.db
    .select({ createdAt: smsCodes.createdAt })
    .from(smsCodes)
    .where(and(eq(smsCodes.phone, req.phone), notFailed))
    .orderBy(desc(smsCodes.createdAt))
    .limit(1)
    .get();
  if (last && last.createdAt > now - policy.resendIntervalMs) {
    return throttled(
      'SMS_RESEND_TOO_SOON',
      'A code was sent to this phone less than a minute ago',
      last.createdAt + policy.resendIntervalMs - now,
    );
  }
  const dayStart = startOfLocalDay(now, deps.config.timezone);
  const today = await deps.db
    .select({ n: sql<number>`count(*)` })
    .from(smsCodes)
    .where(and(eq(smsCodes.phone, req.phone), notFailed, gte(smsCodes.createdAt, dayStart)))
    .get();
  if ((today?.n ?? 0) >= policy.dailyCap) {
    return throttled('SMS_DAILY_LIMIT', "The phone has had today's codes", startOfNextLocalDay(now, deps.config.timezone) - now);
  }
  if (req.clientIp !== null) {
    const oldest = await deps.db
      .select({ createdAt: smsCodes.createdAt })
      .from(smsCodes)
      .where(and(eq(smsCodes.clientIp, req.clientIp), notFailed, sql`${smsCodes.createdAt} > ${now - 3600_000}`))
      .orderBy(smsCodes.createdAt)
      .limit(1)
      .get();
    if (oldest) return throttled('SMS_IP_LIMIT', "The client has had this hour's codes", oldest.createdAt + 3600_000 - now);
  }
  // A parallel send won between the insert and these reads: it is at most a minute old.
  return throttled('SMS_RESEND_TOO_SOON', 'A code was sent to this phone less than a minute ago', policy.resendIntervalMs);
}

/**
 * Reserves and sends a code. The reservation is one INSERT … SELECT … WHERE: nothing sent to the
 * phone in the last minute, fewer than the daily cap today, and the client under its hourly cap.
 * SQLite runs it as one write, so parallel requests cannot both pass. The rate limiting binding
 * answers first, so floods are refused before they reach D1.
 */
export async function sendCode(
  deps: Deps,
  sms: SmsServices,
  req: SendRequest,
  policy: CodePolicy = CODE_POLICY,
): Promise<{ expiresAt: number }> {
  if (!(await sms.limiter.allow(`${req.purpose}:${req.phone}`))) {
    throw throttled('SMS_RESEND_TOO_SOON', 'Codes for this phone are sent too often', policy.resendIntervalMs);
  }
  const now = deps.clock.now();
  const code = sms.testCode ?? randomCode();
  // The per-IP cap is against SMS pumping, which costs money only when messages really go out: the
  // log provider (local development, automated tests behind one loopback address) is not capped.
  const cappedIp = sms.sender.provider === 'log' ? null : req.clientIp;
  const hash = await codeHash(deps.config.jwtSecret, req.purpose, req.phone, code);
  const expiresAt = now + policy.codeTtlMs;
  const dayStart = startOfLocalDay(now, deps.config.timezone);
  const reserved = await deps.db.get<{ id: number } | undefined>(sql`
    INSERT INTO sms_codes (phone, purpose, code_hash, attempts, client_ip, delivery, created_at, expires_at)
    SELECT ${req.phone}, ${req.purpose}, ${hash}, 0, ${req.clientIp}, 'pending', ${now}, ${expiresAt}
    WHERE NOT EXISTS (
        SELECT 1 FROM sms_codes WHERE phone = ${req.phone} AND delivery <> 'failed' AND created_at > ${now - policy.resendIntervalMs})
      AND (SELECT count(*) FROM sms_codes WHERE phone = ${req.phone} AND delivery <> 'failed' AND created_at >= ${dayStart}) < ${policy.dailyCap}
      AND (${cappedIp} IS NULL OR (
        SELECT count(*) FROM sms_codes WHERE client_ip = ${cappedIp} AND delivery <> 'failed' AND created_at > ${now - 3600_000}) < ${policy.ipHourlyCap})
    RETURNING id`);
  if (!reserved) throw await refusal(deps, { ...req, clientIp: cappedIp }, now, policy);

  try {
    await sms.sender.send({ phone: req.phone, code, purpose: req.purpose, ttlSeconds: Math.round(policy.codeTtlMs / 1000) });
  } catch (e) {
    // A failed delivery neither counts against the phone nor can be verified.
    await deps.db.update(smsCodes).set({ delivery: 'failed' }).where(eq(smsCodes.id, reserved.id)).run();
    throw e;
  }
  await deps.db.update(smsCodes).set({ delivery: 'sent' }).where(eq(smsCodes.id, reserved.id)).run();
  await purgeOldCodes(deps, now - policy.retentionMs);
  return { expiresAt };
}

/** Bounded clean-up on each send, so the table holds about `retentionMs` of sends without a cron job. */
async function purgeOldCodes(deps: Deps, before: number): Promise<void> {
  await deps.db.run(sql`DELETE FROM sms_codes WHERE id IN (SELECT id FROM sms_codes WHERE created_at < ${before} LIMIT 100)`);
}

/** The code cannot be used (SMS_CODE_MISSING, _USED, _LOCKED, _EXPIRED, or _WRONG with the tries `left`): an issue of the field `sms_code`. */
const codeError = (code: string, message: string, params?: Params) =>
  new AppError('validation', code, message, { fields: [fieldIssue('sms_code', code, message, params)], ...(params ? { params } : {}) });

export interface ConsumedCode {
  id: number;
  consumedAt: number;
}

/**
 * Checks a code and spends it, in one conditional UPDATE on the newest delivered code of the phone:
 * a wrong code adds one attempt, a right one sets `consumed_at`; only while unused, unexpired and
 * under the attempt limit. SQLite serialises writes, so parallel tries are counted exactly and a
 * code is spent at most once.
 */
export async function consumeCode(
  deps: Deps,
  input: { phone: string; purpose: CodePurpose; code: string },
  policy: CodePolicy = CODE_POLICY,
): Promise<ConsumedCode> {
  const now = deps.clock.now();
  const hash = await codeHash(deps.config.jwtSecret, input.purpose, input.phone, input.code);
  const newest = sql`(SELECT id FROM sms_codes WHERE phone = ${input.phone} AND purpose = ${input.purpose} AND delivery = 'sent' ORDER BY id DESC LIMIT 1)`;
  const row = await deps.db
    .update(smsCodes)
    .set({
      attempts: sql`attempts + (code_hash <> ${hash})`,
      consumedAt: sql`CASE WHEN code_hash = ${hash} THEN ${now} ELSE NULL END`,
    })
    .where(
      and(
        sql`${smsCodes.id} = ${newest}`,
        isNull(smsCodes.consumedAt),
        sql`${smsCodes.attempts} < ${policy.maxWrongAttempts}`,
        sql`${smsCodes.expiresAt} > ${now}`,
      ),
    )
    .returning({ id: smsCodes.id, attempts: smsCodes.attempts, consumedAt: smsCodes.consumedAt })
    .get();
  if (row?.consumedAt != null) return { id: row.id, consumedAt: row.consumedAt };
  if (row) {
    const left = policy.maxWrongAttempts - row.attempts;
    if (left <= 0) throw codeError('SMS_CODE_LOCKED', 'Too many wrong tries: request a new code');
    throw codeError('SMS_CODE_WRONG', `Wrong code; ${left} tries left`, { left });
  }
  throw (await unusableCode(deps, input, now, policy)) ?? codeError('SMS_CODE_EXPIRED', 'The code has expired');
}

/**
 * Why the phone's newest code cannot be used whatever digits are sent (never requested, used,
 * locked, expired), read without touching it; null while it can still be tried. It says nothing
 * about the digits a client sent, so reporting it alongside other field errors is no oracle.
 */
export async function unusableCode(
  deps: Deps,
  input: { phone: string; purpose: CodePurpose },
  now: number = deps.clock.now(),
  policy: CodePolicy = CODE_POLICY,
): Promise<AppError | null> {
  const latest = await deps.db
    .select()
    .from(smsCodes)
    .where(and(eq(smsCodes.phone, input.phone), eq(smsCodes.purpose, input.purpose), eq(smsCodes.delivery, 'sent')))
    .orderBy(desc(smsCodes.id))
    .limit(1)
    .get();
  if (!latest) return codeError('SMS_CODE_MISSING', 'No code was sent to this phone');
  if (latest.consumedAt !== null) return codeError('SMS_CODE_USED', 'The code is used');
  if (latest.attempts >= policy.maxWrongAttempts) return codeError('SMS_CODE_LOCKED', 'Too many wrong tries: request a new code');
  if (latest.expiresAt <= now) return codeError('SMS_CODE_EXPIRED', 'The code has expired');
  return null;
}

/** Gives a spent code back when the request that spent it failed for another reason (no partial writes). */
export async function releaseCode(deps: Deps, consumed: ConsumedCode): Promise<void> {
  await deps.db
    .update(smsCodes)
    .set({ consumedAt: null })
    .where(and(eq(smsCodes.id, consumed.id), eq(smsCodes.consumedAt, consumed.consumedAt)))
    .run();
}
