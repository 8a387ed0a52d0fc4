// The total of GET /api/v1/materials is a stored count per type kept by triggers (issue 8:
// migrations/0005_material_counts.sql). Every way a row enters, leaves or changes the active set is
// driven here straight on the table, and the stored figures must equal a real count(*) after each step.
import { count, eq, inArray, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { materials, materialTypeCounts } from '../../../src/db/schema';
import { listMaterials } from '../../../src/domain/materials/materials';
import { testDeps } from '../../helpers/deps';
import { account } from '../courses/fixtures';

async function expectExact() {
  const db = testDeps().db;
  const stored = Object.fromEntries((await db.select().from(materialTypeCounts).all()).map((r) => [r.type, r.active]));
  const real = Object.fromEntries(
    (
      await db
        .select({ type: materials.type, n: count() })
        .from(materials)
        .where(eq(materials.status, 'active'))
        .groupBy(materials.type)
        .all()
    ).map((r) => [r.type, r.n]),
  );
  expect(stored).toEqual({ video: real.video ?? 0, pdf: real.pdf ?? 0 });
}

describe('stored count of active materials', () => {
  it('follows inserts, status and type changes, and deletes, one row or many at once', async () => {
    const deps = testDeps();
    const uploader = await account('teacher', deps);
    const now = Date.now();
    const row = (type: 'video' | 'pdf', status: 'processing' | 'active' | 'hidden', i: number) => ({
      title: `counted ${i}`,
      type,
      fileFormat: type === 'pdf' ? ('pdf' as const) : ('mp4' as const),
      contentType: type === 'pdf' ? 'application/pdf' : 'video/mp4',
      uploaderId: uploader.id,
      status,
      createdAt: now,
      updatedAt: now,
    });
    await expectExact();
    const ids = (
      await deps.db
        .insert(materials)
        .values([
          row('video', 'active', 1),
          row('pdf', 'active', 2),
          row('pdf', 'processing', 3),
          row('video', 'hidden', 4),
          row('pdf', 'active', 5),
        ])
        .returning({ id: materials.id })
    ).map((r) => r.id);
    await expectExact();
    await deps.db.update(materials).set({ status: 'active' }).where(eq(materials.id, ids[2]!)).run(); // processing -> active
    await expectExact();
    await deps.db.update(materials).set({ status: 'hidden' }).where(eq(materials.id, ids[0]!)).run(); // active -> hidden
    await expectExact();
    await deps.db.update(materials).set({ type: 'video', fileFormat: 'mp4' }).where(eq(materials.id, ids[1]!)).run(); // active, pdf -> video
    await expectExact();
    await deps.db.update(materials).set({ status: 'active' }).where(eq(materials.id, ids[1]!)).run(); // unchanged status: no move
    await expectExact();
    await deps.db
      .update(materials)
      .set({ status: sql`case when ${materials.status} = 'active' then 'hidden' else 'active' end` })
      .where(inArray(materials.id, ids))
      .run();
    await expectExact();
    await deps.db.delete(materials).where(inArray(materials.id, ids)).run();
    await expectExact();
  });

  it('is the total the list reports, with and without the type filter', async () => {
    const deps = testDeps();
    const real = async (type?: 'video' | 'pdf') =>
      (await deps.db
        .select({ n: count() })
        .from(materials)
        .where(type ? sql`${materials.status} = 'active' and ${materials.type} = ${type}` : eq(materials.status, 'active'))
        .get())!.n;
    const q = { page: 1, pageSize: 5, sortBy: 'created_at', sortOrder: 'desc' } as const;
    expect((await listMaterials(deps, q)).total).toBe(await real());
    expect((await listMaterials(deps, { ...q, type: 'pdf' })).total).toBe(await real('pdf'));
    expect((await listMaterials(deps, { ...q, type: 'video' })).total).toBe(await real('video'));
  });
});
