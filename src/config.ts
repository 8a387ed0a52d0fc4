import { AppError } from './domain/errors';
import { readSmsSettings } from './sms';
import { jsonLogger, type Logger } from './platform/logger';
import { PBKDF2_DEFAULT_ITERATIONS, PBKDF2_MAX_ITERATIONS, PBKDF2_MIN_CONFIGURED_ITERATIONS } from './platform/passwords';
import { rateLimitsOn, THROTTLES } from './platform/rate-limit';

export interface AppConfig {
  environment: string;
  timezone: string;
  allowedOrigins: string[];
  jwtSecret: Uint8Array;
  issuer: string;
  admin: { email: string; password: string } | null;
  /** The learning document's ACCESS_TOKEN_EXPIRE_MINUTES (default 30). */
  learningAccessTokenMinutes: number;
  /**
   * PBKDF2 iterations for new password hashes (PASSWORD_HASH_ITERATIONS, default 100,000). Production
   * accepts only 100,000; elsewhere at least PBKDF2_MIN_CONFIGURED_ITERATIONS (the test suite's setting).
   */
  passwordHashIterations: number;
  uploads: UploadLimits;
}

export interface UploadLimits {
  maxVideoBytes: number;
  maxPdfBytes: number;
  /** R2 multipart part size: every part but the last has exactly this size (R2 needs at least 5 MiB). */
  partSizeBytes: number;
}

const MiB = 1024 * 1024;
/** R2 refuses multipart parts under 5 MiB; a Worker request body above ~100 MB never arrives. */
const PART_SIZE_RANGE: [number, number] = [5 * MiB, 95 * MiB];

const MIN_SECRET_BYTES = 32;
export const TOKEN_ISSUER = 'course-edge-api';

/** What the config reads; every item may be absent at run time (a binding, var or secret nobody set). */
type ConfigSource = Partial<Env>;

/**
 * A configuration the Worker will not serve with: every request answers 503 (kind `unavailable`, code
 * MISCONFIGURED) in its API's envelope, and `configFor` logs `problems`, which name what to fix.
 */
export class Misconfigured extends AppError {
  constructor(
    readonly problems: string[],
    message = problems.join('; '),
  ) {
    // The refusal is the answer itself (outside production it names the problem, for the developer
    // whose own machine it is): an API that words MISCONFIGURED from `detail` shows it.
    super('unavailable', 'MISCONFIGURED', message, { params: { detail: message } });
  }
}

/**
 * What production (ENVIRONMENT = "production", `[env.production]` in wrangler.toml) cannot run without.
 * Outside production each may be absent: no rate limiting binding means no throttle, no ADMIN_* means no
 * bootstrapped sysadmin, the SMS provider defaults to "log".
 */
export const PRODUCTION_BINDINGS = [
  'DB',
  'FILES',
  'TOKENS',
  ...Object.values(THROTTLES).map((t) => t.binding),
] as const satisfies readonly (keyof Env)[];

/**
 * The secrets production requires, as `[env.production.secrets] required` lists them (a test checks
 * both agree). ADMIN_EMAIL / ADMIN_PASSWORD are required: without them no sysadmin exists, and nobody can
 * become one (self-registration never grants more than teacher), so no administrative route is usable.
 */
export const PRODUCTION_SECRETS = [
  'JWT_SECRET',
  'ADMIN_EMAIL',
  'ADMIN_PASSWORD',
  'SMS_WEBHOOK_URL',
  'SMS_WEBHOOK_SECRET',
] as const satisfies readonly (keyof Env)[];

/** The shortest ADMIN_PASSWORD production accepts: what every API's registration asks of anyone. */
export const MIN_ADMIN_PASSWORD = 8;

/** What clients read when production refuses to serve; which item is missing goes to the log only. */
export const PRODUCTION_REFUSAL = 'Service unavailable: this deployment is missing required configuration';

export const isProduction = (env: Pick<ConfigSource, 'ENVIRONMENT'>): boolean => env.ENVIRONMENT?.trim() === 'production';

const LOCAL_HOST = /^(localhost|.*\.localhost|127(\.\d{1,3}){3}|0\.0\.0\.0|\[::1?\])$/i;

/**
 * Everything that keeps a production deployment from serving, one readable line each (empty: it may
 * serve). Checked once per bindings object, before any request is handled.
 */
export function productionProblems(env: ConfigSource): string[] {
  const problems: string[] = [];
  for (const name of PRODUCTION_BINDINGS) {
    if (!env[name]) problems.push(`binding ${name} is missing (declare it under [env.production] in wrangler.toml)`);
  }
  for (const name of PRODUCTION_SECRETS) {
    if (!env[name]?.trim()) problems.push(`secret ${name} is not set (wrangler secret put ${name} --env production)`);
  }
  if (env.JWT_SECRET?.trim() && new TextEncoder().encode(env.JWT_SECRET).byteLength < MIN_SECRET_BYTES) {
    problems.push(`secret JWT_SECRET is shorter than ${MIN_SECRET_BYTES} bytes`);
  }
  if (env.ADMIN_PASSWORD?.trim() && env.ADMIN_PASSWORD.length < MIN_ADMIN_PASSWORD) {
    problems.push(`secret ADMIN_PASSWORD is shorter than ${MIN_ADMIN_PASSWORD} characters`);
  }
  const sms = env.SMS_PROVIDER?.trim().toLowerCase() || 'log';
  if (sms !== 'webhook') {
    problems.push(`SMS_PROVIDER is "${sms}": production sends codes through "webhook" (SMS_WEBHOOK_URL, SMS_WEBHOOK_SECRET)`);
  } else if (env.SMS_WEBHOOK_URL?.trim() && env.SMS_WEBHOOK_SECRET?.trim()) {
    try {
      readSmsSettings(env);
    } catch (e) {
      problems.push(e instanceof Error ? e.message : String(e));
    }
  }
  const origins = parseOrigins(env.ALLOWED_ORIGINS);
  if (origins.length === 0) problems.push('ALLOWED_ORIGINS is empty: no browser frontend could call the API');
  const local = origins.filter((o) => o !== '*' && (!URL.canParse(o) || LOCAL_HOST.test(new URL(o).hostname)));
  if (local.length > 0)
    problems.push(`ALLOWED_ORIGINS names local or malformed origins (${local.join(', ')}); list the frontends' https origins`);
  if (!rateLimitsOn(env)) problems.push('RATE_LIMITS is "off": production keeps the throttles on');
  const iterations = env.PASSWORD_HASH_ITERATIONS?.trim();
  if (iterations && Number(iterations) !== PBKDF2_DEFAULT_ITERATIONS) {
    problems.push(
      `PASSWORD_HASH_ITERATIONS is "${iterations}": production hashes passwords at ${PBKDF2_DEFAULT_ITERATIONS} PBKDF2 iterations (a lower count is for the test suite)`,
    );
  }
  return problems;
}

function wholeNumber(name: string, value: string | undefined, fallback: number, [min, max]: [number, number]): number {
  const n = Number(value?.trim() || fallback);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new Misconfigured([`${name} must be a whole number from ${min} to ${max}`]);
  }
  return n;
}

/** ALLOWED_ORIGINS is a comma-separated list; `*` allows any origin. */
export function parseOrigins(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((o) => o.trim())
    .filter(Boolean);
}

const MAX_ACCESS_TOKEN_MINUTES = 24 * 60;

function validTimezone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/**
 * Reads and checks the Worker's vars and secrets. A missing or short JWT_SECRET stops every request
 * with 503 rather than letting the Worker sign guessable tokens; in production so does anything
 * `productionProblems` finds (a missing binding or secret, the log SMS provider, local CORS origins,
 * throttles off, a password hash cost below 100,000 iterations).
 */
export function loadConfig(env: ConfigSource): AppConfig {
  if (isProduction(env)) {
    const problems = productionProblems(env);
    if (problems.length > 0) throw new Misconfigured(problems, PRODUCTION_REFUSAL);
  }
  const secret = new TextEncoder().encode(env.JWT_SECRET ?? '');
  if (secret.byteLength < MIN_SECRET_BYTES) {
    throw new Misconfigured([`JWT_SECRET must be at least ${MIN_SECRET_BYTES} bytes; the service refuses to start without it`]);
  }
  const timezone = env.APP_TIMEZONE?.trim() || 'Asia/Shanghai';
  if (!validTimezone(timezone)) {
    throw new Misconfigured([`APP_TIMEZONE ${timezone} is not a known time zone`]);
  }
  const minutes = wholeNumber('ACCESS_TOKEN_EXPIRE_MINUTES', env.ACCESS_TOKEN_EXPIRE_MINUTES, 30, [1, MAX_ACCESS_TOKEN_MINUTES]);
  const email = env.ADMIN_EMAIL?.trim();
  const password = env.ADMIN_PASSWORD ?? '';
  return {
    environment: env.ENVIRONMENT?.trim() || 'development',
    timezone,
    allowedOrigins: parseOrigins(env.ALLOWED_ORIGINS),
    jwtSecret: secret,
    issuer: TOKEN_ISSUER,
    admin: email && password ? { email, password } : null,
    learningAccessTokenMinutes: minutes,
    passwordHashIterations: wholeNumber('PASSWORD_HASH_ITERATIONS', env.PASSWORD_HASH_ITERATIONS, PBKDF2_DEFAULT_ITERATIONS, [
      PBKDF2_MIN_CONFIGURED_ITERATIONS,
      PBKDF2_MAX_ITERATIONS,
    ]),
    uploads: {
      maxVideoBytes: wholeNumber('MAX_VIDEO_BYTES', env.MAX_VIDEO_BYTES, 500 * MiB, [1, 5 * 1024 * MiB]),
      maxPdfBytes: wholeNumber('MAX_PDF_BYTES', env.MAX_PDF_BYTES, 50 * MiB, [1, 5 * 1024 * MiB]),
      partSizeBytes: wholeNumber('UPLOAD_PART_SIZE_BYTES', env.UPLOAD_PART_SIZE_BYTES, 10 * MiB, PART_SIZE_RANGE),
    },
  };
}

const cache = new WeakMap<object, AppConfig>();

/**
 * Config parsed once per bindings object (one per isolate in production). A configuration it refuses is
 * not cached: every request (and cron run) is refused again, and each refusal is logged with what to fix.
 */
export function configFor(env: ConfigSource & object, log: Logger = jsonLogger()): AppConfig {
  let config = cache.get(env);
  if (!config) {
    try {
      config = loadConfig(env);
    } catch (e) {
      if (e instanceof Misconfigured) {
        log.error('configuration refused: the Worker answers 503 to every request until it is fixed', {
          environment: env.ENVIRONMENT?.trim() || 'development',
          problems: e.problems.join('; '),
        });
      }
      throw e;
    }
    cache.set(env, config);
  }
  return config;
}
