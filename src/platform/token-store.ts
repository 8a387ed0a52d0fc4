/**
 * KV-backed revocations (see docs/storage.md):
 *   revoked:<jti>   a signed-out access token, kept until the token would have expired
 *   nbf:<accountId> tokens of this account issued before this time (ms) are refused (disable, password change)
 * KV needs a TTL of at least 60 s.
 */
const MIN_TTL_SECONDS = 60;

export interface TokenStore {
  revokeToken(jti: string, expiresAtSeconds: number, nowMs: number): Promise<void>;
  isRevoked(jti: string): Promise<boolean>;
  setNotBefore(accountId: number, atMs: number, ttlSeconds: number): Promise<void>;
  notBefore(accountId: number): Promise<number | null>;
}

export function kvTokenStore(kv: KVNamespace): TokenStore {
  return {
    async revokeToken(jti, expiresAtSeconds, nowMs) {
      const ttl = Math.max(MIN_TTL_SECONDS, Math.ceil(expiresAtSeconds - nowMs / 1000));
      await kv.put(`revoked:${jti}`, '1', { expirationTtl: ttl });
    },
    async isRevoked(jti) {
      return (await kv.get(`revoked:${jti}`)) !== null;
    },
    async setNotBefore(accountId, atMs, ttlSeconds) {
      await kv.put(`nbf:${accountId}`, String(atMs), { expirationTtl: Math.max(MIN_TTL_SECONDS, ttlSeconds) });
    },
    async notBefore(accountId) {
      const v = await kv.get(`nbf:${accountId}`);
      return v === null ? null : Number(v);
    },
  };
}
