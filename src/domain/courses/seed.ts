import { sql } from 'drizzle-orm';
import { achievements, courseCategories } from '../../db/schema';
import { ACHIEVEMENTS } from '../achievements/definitions';
import type { Deps } from '../deps';
import { CATEGORIES } from './categories';

export { CATEGORIES };

/** D1 binds at most 100 parameters per statement. */
function chunks<T>(rows: readonly T[], columns: number): T[][] {
  const size = Math.floor(100 / columns);
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}

/** Every wanted row is stored as it is (another row in the table is left alone). */
function holds(stored: readonly { id: number }[], wanted: readonly { id: number }[]): boolean {
  const byId = new Map(stored.map((row) => [row.id, row as Record<string, unknown>]));
  return wanted.every((row) => Object.entries(row).every(([column, value]) => byId.get(row.id)?.[column] === value));
}

/**
 * Upserts the categories and achievement definitions; run once per database binding and isolate by
 * the bootstrap (src/composition-root.ts), before anything is served. A runtime seed rather than
 * migration data: definitions live in code, so a changed name or threshold reaches every database on
 * the next isolate without a hand-written migration.
 */
export async function ensureSeedData(deps: Deps): Promise<void> {
  const categoryRows = CATEGORIES.map((c, i) => ({ id: c.id, name: c.name, sortOrder: i + 1 }));
  const achievementRows = ACHIEVEMENTS.map((a, i) => ({
    id: a.id,
    achievementType: a.type,
    metric: a.metric,
    name: a.name,
    description: a.description,
    iconClass: a.iconClass,
    requiredValue: a.requiredValue,
    sortOrder: i + 1,
  }));
  // Read first: every isolate bootstraps, and on a seeded database (all but the first) nothing is written.
  const [storedCategories, storedAchievements] = await deps.db.batch([
    deps.db.select().from(courseCategories),
    deps.db.select().from(achievements),
  ]);
  if (holds(storedCategories, categoryRows) && holds(storedAchievements, achievementRows)) return;
  const categoryStatements = chunks(categoryRows, 3).map((rows) =>
    deps.db
      .insert(courseCategories)
      .values(rows)
      .onConflictDoUpdate({ target: courseCategories.id, set: { name: sql`excluded.name`, sortOrder: sql`excluded.sort_order` } }),
  );
  const achievementStatements = chunks(achievementRows, 8).map((rows) =>
    deps.db
      .insert(achievements)
      .values(rows)
      .onConflictDoUpdate({
        target: achievements.id,
        set: {
          achievementType: sql`excluded.achievement_type`,
          metric: sql`excluded.metric`,
          name: sql`excluded.name`,
          description: sql`excluded.description`,
          iconClass: sql`excluded.icon_class`,
          requiredValue: sql`excluded.required_value`,
          sortOrder: sql`excluded.sort_order`,
        },
      }),
  );
  const [first, ...rest] = [...categoryStatements, ...achievementStatements];
  await deps.db.batch([first!, ...rest]);
}
