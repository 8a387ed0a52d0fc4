import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { ms } from './columns';

/**
 * Failed sign-ins per normalised account identifier (`email:…`, `phone:…`, `username:…`), for the
 * lockout every API's sign-in shares. Counted in D1 because KV cannot count atomically.
 */
export const loginFailures = sqliteTable(
  'login_failures',
  {
    identifier: text('identifier').primaryKey(),
    failures: integer('failures').notNull(),
    windowStartedAt: ms('window_started_at').notNull(),
    lockedUntil: ms('locked_until'),
  },
  (t) => [index('login_failures_window_idx').on(t.windowStartedAt)],
);

/** Administrative actions (disable a user, approve a school, imports, cleanup, job pause/resume). */
export const auditLog = sqliteTable(
  'audit_log',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    at: ms('at').notNull(),
    actorId: integer('actor_id'),
    actorRole: text('actor_role'),
    action: text('action').notNull(),
    targetType: text('target_type'),
    targetId: text('target_id'),
    /** JSON object with what the action changed; never secrets. */
    detail: text('detail'),
    requestId: text('request_id'),
  },
  (t) => [
    index('audit_log_at_idx').on(t.at),
    index('audit_log_actor_at_idx').on(t.actorId, t.at),
    index('audit_log_action_at_idx').on(t.action, t.at),
  ],
);
