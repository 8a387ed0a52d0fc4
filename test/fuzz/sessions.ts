// One account and a fresh session per role for the fuzz files.
import { createAccount, findAccountById, type Account } from '../../src/domain/accounts/accounts';
import { ROLES, type Role } from '../../src/domain/accounts/roles';
import { startSession } from '../../src/domain/auth/sessions';
import { testDeps } from '../helpers/deps';
import { uniqueEmail } from '../helpers/http';

export const tokens: Record<string, string> = {};
export const accounts: Partial<Record<Role, Account>> = {};

/**
 * A fresh session per role, called before each operation: fuzzed logouts, disables and password changes
 * end earlier ones, and an account a fuzzed admin call disabled is replaced.
 */
export async function mintTokens() {
  for (const role of ROLES) {
    let account = accounts[role] && (await findAccountById(testDeps(), accounts[role]!.id));
    if (!account?.isActive) {
      account = await createAccount(
        testDeps(),
        { email: uniqueEmail(`fuzz-${role}`), name: `Fuzz ${role}`, password: 'password-123', role },
        { selfRegistration: false },
      );
      accounts[role] = account;
    }
    tokens[role] = (await startSession(testDeps(), account, { accessTtlSeconds: 3600, refreshTtlSeconds: null })).accessToken;
  }
}

/** Cases per operation: 100 in CI, `npm run fuzz` sets VITE_FUZZ_RUNS=1000 (vite passes only VITE_* vars into workerd). */
const viteEnv = (import.meta as unknown as { env: Record<string, string | undefined> }).env;
export const RUNS = Number(viteEnv.VITE_FUZZ_RUNS ?? 100);
export const SEED = Number(viteEnv.VITE_FUZZ_SEED ?? 20261122);

export function hash(s: string): number {
  let h = 0;
  for (const ch of s) h = (h * 31 + ch.charCodeAt(0)) | 0;
  return Math.abs(h);
}
