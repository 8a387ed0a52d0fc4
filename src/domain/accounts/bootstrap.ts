import { accounts } from '../../db/schema';
import { hashPassword } from '../../platform/passwords';
import type { Deps } from '../deps';
import { findAccount } from './accounts';

/**
 * Creates the sysadmin named by ADMIN_EMAIL / ADMIN_PASSWORD when no account has that e-mail.
 * Idempotent and safe under concurrency (ON CONFLICT DO NOTHING on the e-mail index). An existing
 * account with that e-mail is never promoted: whoever registered it first may not be the operator.
 */
export async function ensureSysadmin(deps: Deps): Promise<'created' | 'exists' | 'skipped' | 'conflict'> {
  const admin = deps.config.admin;
  if (!admin) return 'skipped';
  const existing = await findAccount(deps, { email: admin.email });
  if (existing) {
    if (existing.role !== 'sysadmin') {
      deps.log.warn('ADMIN_EMAIL belongs to an account that is not a sysadmin; it was left unchanged', { account_id: existing.id });
      return 'conflict';
    }
    return 'exists';
  }
  const now = deps.clock.now();
  const row = await deps.db
    .insert(accounts)
    .values({
      email: admin.email,
      name: 'Administrator',
      passwordHash: await hashPassword(admin.password, deps.config.passwordHashIterations),
      role: 'sysadmin',
      isActive: true,
      createdAt: now,
      updatedAt: now,
    })
    .onConflictDoNothing()
    .returning({ id: accounts.id })
    .get();
  if (row) deps.log.info('sysadmin account created', { account_id: row.id });
  return row ? 'created' : 'exists';
}
