/**
 * The audit vocabulary: `<target>.<verb>`, stable once written (rows keep the name they were written
 * with, and readers filter on it). docs/audit.md lists what each one records.
 */
export const AUDIT_ACTIONS = [
  'user.create',
  'user.disable',
  'user.enable',
  'user.role_change',
  'user.password_reset',
  'user.update',
  'department.create',
  'import.users',
  'import.lesson_tasks',
  'import.departments',
  'school.approve',
  'school.reject',
  'job.pause',
  'job.resume',
  'cleanup.run',
] as const;

export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** Target types, the `target.type` of an entry. */
export type AuditTargetType = 'account' | 'department' | 'school' | 'job';
