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
}

const MIN_SECRET_BYTES = 32;
export const TOKEN_ISSUER = 'course-edge-api';

type ConfigSource = Pick<Bindings, 'ENVIRONMENT' | 'APP_TIMEZONE' | 'ALLOWED_ORIGINS' | 'JWT_SECRET' | 'ADMIN_EMAIL' | 'ADMIN_PASSWORD' | 'ACCESS_TOKEN_EXPIRE_MINUTES'>;

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
  const minutes = Number(env.ACCESS_TOKEN_EXPIRE_MINUTES?.trim() || 30);
  if (!Number.isInteger(minutes) || minutes < 1 || minutes > MAX_ACCESS_TOKEN_MINUTES) {
    throw new AppError('unavailable', 'MISCONFIGURED', `ACCESS_TOKEN_EXPIRE_MINUTES must be a whole number from 1 to ${MAX_ACCESS_TOKEN_MINUTES}`);
  }
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
