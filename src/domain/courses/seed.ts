import { sql } from 'drizzle-orm';
import { achievements, courseCategories } from '../../db/schema';
import { databaseKey } from '../../db/client';
import { ACHIEVEMENTS } from '../achievements/definitions';
import type { Deps } from '../deps';
import { CATEGORIES } from './categories';

export { CATEGORIES };

const seeded = new WeakMap<object, Promise<void>>();

/**
 * Upserts the categories and achievement definitions, once per database binding and isolate.
 * A runtime seed rather than migration data: definitions live in code, so a changed name or
 * threshold reaches every database on the next isolate without a hand-written migration.
 */
export function ensureSeedData(deps: Deps): Promise<void> {
  // The D1 binding behind the request's session (a new session and drizzle object are made per request).
  const key = databaseKey(deps.db);
  let done = seeded.get(key);
  if (!done) {
    done = seed(deps).catch((e) => {
      seeded.delete(key);
      throw e;
    });
    seeded.set(key, done);
  }
  return done;
}

/** D1 binds at most 100 parameters per statement. */
function chunks<T>(rows: readonly T[], columns: number): T[][] {
  const size = Math.floor(100 / columns);
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}

async function seed(deps: Deps): Promise<void> {
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
