/**
 * KV-backed revocations (see docs/storage.md):
 *   revoked:<jti>   a signed-out access token, kept until the token would have expired
 *   nbf:<accountId> tokens of this account issued before this time (ms) are refused (disable, password change);
 *                   `<ms> <sid>` spares one session: the one that changed its own password
 * KV needs a TTL of at least 60 s.
 */
const MIN_TTL_SECONDS = 60;

export interface TokenStore {
  revokeToken(jti: string, expiresAtSeconds: number, nowMs: number): Promise<void>;
  isRevoked(jti: string): Promise<boolean>;
  setNotBefore(accountId: number, atMs: number, ttlSeconds: number, spareSid?: string): Promise<void>;
  notBefore(accountId: number): Promise<CutOff | null>;
  /** Both checks of an access token in one KV read (a bulk get): whether the token is revoked, and the account's cut-off. */
  revocationState(jti: string, accountId: number): Promise<{ revoked: boolean; notBefore: CutOff | null }>;
}

/** Tokens issued before `at` are refused, except those of the session `spareSid`. */
export interface CutOff {
  at: number;
  spareSid: string | null;
}

/**
 * KV itself failed (as opposed to answering "not revoked"). Callers must fail closed: a revocation
 * check that cannot be made refuses the request, a revocation that cannot be stored is reported.
 */
export class TokenStoreUnavailable extends Error {
  constructor(op: string, cause: unknown) {
    super(`token store ${op} failed: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'TokenStoreUnavailable';
  }
}

async function kvCall<T>(op: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (e) {
    throw new TokenStoreUnavailable(op, e);
  }
}

function cutOff(accountId: number, v: string | null): CutOff | null {
  if (v === null) return null;
  const [time, spareSid = null, ...rest] = v.split(' ');
  // An unreadable cut-off would compare false with every token and let revoked ones through.
  const at = Number(time);
  if (!time || !Number.isFinite(at) || rest.length)
    throw new TokenStoreUnavailable('get', new Error(`unreadable value under nbf:${accountId}`));
  return { at, spareSid };
}

export function kvTokenStore(kv: KVNamespace): TokenStore {
  return {
    async revokeToken(jti, expiresAtSeconds, nowMs) {
      const ttl = Math.max(MIN_TTL_SECONDS, Math.ceil(expiresAtSeconds - nowMs / 1000));
      await kvCall('put', () => kv.put(`revoked:${jti}`, '1', { expirationTtl: ttl }));
    },
    async isRevoked(jti) {
      return (await kvCall('get', () => kv.get(`revoked:${jti}`))) !== null;
    },
    async setNotBefore(accountId, atMs, ttlSeconds, spareSid) {
      const value = spareSid ? `${atMs} ${spareSid}` : String(atMs);
      await kvCall('put', () => kv.put(`nbf:${accountId}`, value, { expirationTtl: Math.max(MIN_TTL_SECONDS, ttlSeconds) }));
    },
    async notBefore(accountId) {
      return cutOff(accountId, await kvCall('get', () => kv.get(`nbf:${accountId}`)));
    },
    async revocationState(jti, accountId) {
      const values = await kvCall('get', () => kv.get([`revoked:${jti}`, `nbf:${accountId}`]));
      return {
        revoked: (values.get(`revoked:${jti}`) ?? null) !== null,
        notBefore: cutOff(accountId, values.get(`nbf:${accountId}`) ?? null),
      };
    },
  };
}
