import { sql, type SQL } from 'drizzle-orm';
import { lessonTasks } from '../../db/schema';

/** progressStatus: 0 not started, 1 script making, 2 script review, 3 script confirmed, 4 video making, 5 video confirmed. */
export const PROGRESS_STATUSES = [0, 1, 2, 3, 4, 5] as const;
export type ProgressStatus = (typeof PROGRESS_STATUSES)[number];
export const FINAL_STATUS = 5;

/** The column stamped when a task enters each stage (0 has none). */
export const STAGE_COLUMNS = {
  1: lessonTasks.scriptCreateTime,
  2: lessonTasks.scriptReviewTime,
  3: lessonTasks.scriptConfirmTime,
  4: lessonTasks.videoCreateTime,
  5: lessonTasks.videoConfirmTime,
} as const;

const STAGE_KEYS = {
  1: 'scriptCreateTime',
  2: 'scriptReviewTime',
  3: 'scriptConfirmTime',
  4: 'videoCreateTime',
  5: 'videoConfirmTime',
} as const;

/**
 * The SET clause of a status change, computed by SQLite from the row as it is at the moment of the
 * update (every SET expression reads the old row), so two parallel changes cannot stamp from a stale
 * read. Entering a stage stamps its time; staying in it keeps the first stamp; jumping over stages
 * stamps only the one entered (the document's example has a confirmed script with no review time).
 * `finish_time` is set on reaching 5 and cleared on leaving it.
 */
export function statusChange(to: ProgressStatus, now: number): Record<string, SQL | number> {
  const set: Record<string, SQL | number> = { progressStatus: to };
  if (to !== 0) {
    const column = STAGE_COLUMNS[to];
    set[STAGE_KEYS[to]] = sql`case when ${lessonTasks.progressStatus} = ${to} then ${column} else ${now} end`;
  }
  set.finishTime =
    to === FINAL_STATUS ? sql`case when ${lessonTasks.progressStatus} = ${to} then ${lessonTasks.finishTime} else ${now} end` : sql`null`;
  return set;
}
