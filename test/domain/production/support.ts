/** Helpers for the production domain tests (not a test file itself). */
import type { Principal } from '../../../src/domain/auth/principal';
import { findAccount } from '../../../src/domain/accounts/accounts';
import { ensureSysadmin } from '../../../src/domain/accounts/bootstrap';
import { testDeps } from '../../helpers/deps';

export const principal = (accountId: number, role: Principal['role']): Principal => ({
  accountId,
  role,
  jti: crypto.randomUUID(),
  exp: 0,
  sid: 'test',
});

/** The bootstrapped sysadmin (created on first use), as a principal. */
export async function rootPrincipal(): Promise<Principal> {
  const deps = testDeps();
  await ensureSysadmin(deps);
  const account = await findAccount(deps, { email: deps.config.admin!.email });
  return principal(account!.id, 'sysadmin');
}
