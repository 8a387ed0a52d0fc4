/**
 * PBKDF2-SHA256 through WebCrypto. Workers refuse more than 100,000 iterations, so that is both the
 * default and the ceiling; the count is stored with each hash so it can be raised later.
 * Format: pbkdf2_sha256$<iterations>$<salt base64>$<hash base64>.
 *
 * Production hashes at the default (src/config.ts refuses anything else there). Elsewhere
 * PASSWORD_HASH_ITERATIONS may lower the count for new hashes, never below PBKDF2_MIN_CONFIGURED_ITERATIONS:
 * the test suite does (vitest.config.ts, test/e2e/global-setup.ts), since tens of thousands of sign-ups and
 * sign-ins at ~11 ms of CPU each were most of its run time (docs/testing.md). Verification always uses
 * the count stored with the hash, so changing the setting never invalidates an existing password.
 */
export const PBKDF2_MAX_ITERATIONS = 100_000;
export const PBKDF2_DEFAULT_ITERATIONS = 100_000;
/** The lowest PASSWORD_HASH_ITERATIONS any deployment accepts (the tests' setting; production: only the default). */
export const PBKDF2_MIN_CONFIGURED_ITERATIONS = 1_000;
const SALT_BYTES = 16;
const HASH_BITS = 256;
const PREFIX = 'pbkdf2_sha256';

const encoder = new TextEncoder();

function toBase64(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s);
}

function fromBase64(text: string): Uint8Array {
  const bin = atob(text);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

async function derive(password: string, salt: Uint8Array, iterations: number): Promise<Uint8Array> {
  if (!Number.isInteger(iterations) || iterations < 1 || iterations > PBKDF2_MAX_ITERATIONS) {
    throw new RangeError(`PBKDF2 iterations must be between 1 and ${PBKDF2_MAX_ITERATIONS}`);
  }
  const key = await crypto.subtle.importKey('raw', encoder.encode(password), 'PBKDF2', false, ['deriveBits']);
  const bits = await crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations }, key, HASH_BITS);
  return new Uint8Array(bits);
}

export async function hashPassword(password: string, iterations = PBKDF2_DEFAULT_ITERATIONS): Promise<string> {
  const salt = crypto.getRandomValues(new Uint8Array(SALT_BYTES));
  const hash = await derive(password, salt, iterations);
  return `${PREFIX}$${iterations}$${toBase64(salt)}$${toBase64(hash)}`;
}

function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  const subtle = crypto.subtle as SubtleCrypto & { timingSafeEqual?: (x: ArrayBufferView, y: ArrayBufferView) => boolean };
  if (typeof subtle.timingSafeEqual === 'function') return subtle.timingSafeEqual(a, b);
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}

/** False for a wrong password and for a stored value this code cannot read (never throws on bad input). */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 4 || parts[0] !== PREFIX) return false;
  const iterations = Number(parts[1]);
  if (!Number.isInteger(iterations) || iterations < 1 || iterations > PBKDF2_MAX_ITERATIONS) return false;
  let salt: Uint8Array;
  let expected: Uint8Array;
  try {
    salt = fromBase64(parts[2]!);
    expected = fromBase64(parts[3]!);
  } catch {
    return false;
  }
  const actual = await derive(password, salt, iterations);
  return constantTimeEqual(actual, expected);
}

/**
 * A fixed hash of a random password, checked when no account matches so that a sign-in for an
 * unknown identifier costs the same time as one with a wrong password (no account enumeration).
 * `iterations` is the count new hashes use (config.passwordHashIterations), so both cost the same.
 */
const dummyHashes = new Map<number, Promise<string>>();
export function burnPasswordCheck(password: string, iterations = PBKDF2_DEFAULT_ITERATIONS): Promise<boolean> {
  let dummy = dummyHashes.get(iterations);
  if (!dummy) dummyHashes.set(iterations, (dummy = hashPassword(crypto.randomUUID(), iterations)));
  return dummy.then((h) => verifyPassword(password, h));
}
