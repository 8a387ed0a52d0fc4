import { sql } from 'drizzle-orm';
import type { Deps } from './deps';
import { AppError } from './errors';

export const SERVICE_VERSION = '1.0.0';

/** Runs a trivial query; any failure is reported as the database being unreachable. */
export async function checkDatabase(deps: Deps): Promise<void> {
  try {
    await deps.db.get(sql`select 1 as ok`);
  } catch (e) {
    deps.log.error('database health check failed', { error: e instanceof Error ? e.message : String(e) });
    throw new AppError('unavailable', 'DATABASE_ERROR', 'Database connection failed', { params: { what: 'health_check' } });
  }
}
