import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROUTES, seedWorld, warmCountingD1, type World } from './workload';

/**
 * Tables that grow with use. A full scan of one of them is a failure; scanning a small fixed table
 * (categories, achievements, job states) is fine, and so is `departments`: an organisation has tens of them
 * and GET /api/departments returns all of them by contract (no paging), and so is a scan that walks an index
 * (`SCAN t USING INDEX …`, `USING COVERING INDEX`) because it reads rows in the list's order and stops at the page.
 */
const GROWING = [
  'accounts',
  'materials',
  'material_likes',
  'upload_sessions',
  'courses',
  'course_enrollments',
  'course_progress_events',
  'course_ratings',
  'course_favorites',
  'course_materials',
  'earned_achievements',
  'community_groups',
  'community_members',
  'lesson_tasks',
  'progress_profiles',
  'schools',
  'school_members',
  'excourse_profiles',
  'refresh_tokens',
  'audit_log',
];

interface PlanRow {
  id: number;
  parent: number;
  detail: string;
}

/**
 * An unfiltered list in primary-key order walks the table's own b-tree (its rowid index) and stops
 * at the page: SQLite reports it as a plain `SCAN t`. Accepted only without any WHERE and without a
 * sort of its own; with a filter the same walk may read the whole table to fill one page.
 */
function primaryKeyWalk(table: string, sql: string, plan: PlanRow[]): boolean {
  return (
    !/\bwhere\b/i.test(sql) &&
    /\blimit\b/i.test(sql) &&
    new RegExp(`order by "${table}"\\."id" (asc|desc)`, 'i').test(sql) &&
    !plan.some((r) => r.detail.startsWith('USE TEMP B-TREE'))
  );
}

/** The `SCAN` lines of a plan that read a growing table without an index. */
function fullScans(plan: PlanRow[], sql = ''): string[] {
  return plan
    .map((r) => r.detail)
    .filter((d) => {
      const m = /^SCAN (\w+)(?: AS \w+)?(.*)$/.exec(d);
      if (!m) return false;
      const [, table, rest] = m;
      if (!GROWING.includes(table!) || /USING (COVERING )?INDEX|USING INTEGER PRIMARY KEY/.test(rest!)) return false;
      return !primaryKeyWalk(table!, sql, plan);
    });
}

let world: World;
beforeAll(async () => {
  // No ANALYZE: statistics of a few dozen test rows would make every scan look cheap. Without them the
  // planner assumes large tables, which is the case these plans must hold for.
  world = await seedWorld();
});

describe('every list is served by an index', () => {
  for (const route of ROUTES.filter((r) => r.list)) {
    it(`${route.name}`, async () => {
      const db = await warmCountingD1();
      const res = await route.send(world, db);
      expect(res.status, res.text).toBeLessThan(300);
      expect(db.queries.length).toBeGreaterThan(0);
      const problems: string[] = [];
      for (const q of db.queries) {
        const { results } = await env.DB.prepare(`EXPLAIN QUERY PLAN ${q.sql}`)
          .bind(...q.params)
          .all<PlanRow>();
        for (const scan of fullScans(results, q.sql))
          problems.push(`${scan}\n    in: ${q.sql}\n    plan: ${results.map((r) => r.detail).join(' / ')}`);
      }
      expect(problems, problems.join('\n')).toEqual([]);
    });
  }

  it('recognises a full scan', async () => {
    const { results } = await env.DB.prepare('EXPLAIN QUERY PLAN SELECT * FROM materials WHERE description = ?').bind('x').all<PlanRow>();
    expect(fullScans(results)).toEqual(['SCAN materials']);
    const filtered = 'SELECT * FROM "schools" WHERE "schools"."name" = ? ORDER BY "schools"."id" DESC LIMIT ?';
    const plan = await env.DB.prepare(`EXPLAIN QUERY PLAN ${filtered}`).bind('x', 10).all<PlanRow>();
    expect(fullScans(plan.results, filtered)).toEqual(['SCAN schools']);
    const walk = 'SELECT * FROM "schools" ORDER BY "schools"."id" DESC LIMIT ?';
    const walked = await env.DB.prepare(`EXPLAIN QUERY PLAN ${walk}`).bind(10).all<PlanRow>();
    expect(fullScans(walked.results, walk)).toEqual([]);
  });
});
