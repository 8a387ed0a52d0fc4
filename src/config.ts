import { AppError } from './domain/errors';
import type { Bindings } from './env';

export interface AppConfig {
  environment: string;
  timezone: string;
  allowedOrigins: string[];
  jwtSecret: Uint8Array;
  issuer: string;
  admin: { email: string; password: string } | null;
  /** The learning document's ACCESS_TOKEN_EXPIRE_MINUTES (default 30). */
  learningAccessTokenMinutes: number;
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

type ConfigSource = Pick<
  Bindings,
  | 'ENVIRONMENT'
  | 'APP_TIMEZONE'
  | 'ALLOWED_ORIGINS'
  | 'JWT_SECRET'
  | 'ADMIN_EMAIL'
  | 'ADMIN_PASSWORD'
  | 'ACCESS_TOKEN_EXPIRE_MINUTES'
  | 'MAX_VIDEO_BYTES'
  | 'MAX_PDF_BYTES'
  | 'UPLOAD_PART_SIZE_BYTES'
>;

function wholeNumber(name: string, value: string | undefined, fallback: number, [min, max]: [number, number]): number {
  const n = Number(value?.trim() || fallback);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new AppError('unavailable', 'MISCONFIGURED', `${name} must be a whole number from ${min} to ${max}`);
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
 * with 503 rather than letting the Worker sign guessable tokens.
 */
export function loadConfig(env: ConfigSource): AppConfig {
  const secret = new TextEncoder().encode(env.JWT_SECRET ?? '');
  if (secret.byteLength < MIN_SECRET_BYTES) {
    throw new AppError('unavailable', 'MISCONFIGURED', `JWT_SECRET must be at least ${MIN_SECRET_BYTES} bytes; the service refuses to start without it`);
  }
  const timezone = env.APP_TIMEZONE?.trim() || 'Asia/Shanghai';
  if (!validTimezone(timezone)) {
    throw new AppError('unavailable', 'MISCONFIGURED', `APP_TIMEZONE ${timezone} is not a known time zone`);
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
    uploads: {
      maxVideoBytes: wholeNumber('MAX_VIDEO_BYTES', env.MAX_VIDEO_BYTES, 500 * MiB, [1, 5 * 1024 * MiB]),
      maxPdfBytes: wholeNumber('MAX_PDF_BYTES', env.MAX_PDF_BYTES, 50 * MiB, [1, 5 * 1024 * MiB]),
      partSizeBytes: wholeNumber('UPLOAD_PART_SIZE_BYTES', env.UPLOAD_PART_SIZE_BYTES, 10 * MiB, PART_SIZE_RANGE),
    },
  };
}

const cache = new WeakMap<object, AppConfig>();

/** Config parsed once per bindings object (one per isolate in production). */
export function configFor(env: ConfigSource & object): AppConfig {
  let config = cache.get(env);
  if (!config) {
    config = loadConfig(env);
    cache.set(env, config);
  }
  return config;
}
