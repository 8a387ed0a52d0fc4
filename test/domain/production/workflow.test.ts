import { describe, expect, it } from 'vitest';
import { createDepartment } from '../../../src/domain/production/departments';
import { createLessonTask, updateLessonTask, type LessonTask } from '../../../src/domain/production/lesson-tasks';
import { createProgressUser } from '../../../src/domain/production/users';
import { testDeps } from '../../helpers/deps';
import { uniqueEmail } from '../../helpers/http';
import { principal, rootPrincipal } from './support';

async function setup() {
  const deps = testDeps();
  const root = await rootPrincipal();
  const department = await createDepartment(deps, root, { name: `部门-${crypto.randomUUID()}` });
  const teacher = await createProgressUser(deps, null, {
    username: '老师',
    email: uniqueEmail('wf'),
    password: 'password-1',
    departmentId: department.id,
    role: 'teacher',
  });
  const task = await createLessonTask(deps, root, { courseName: '课程', microLessonName: '微课', userId: teacher.account.id });
  return { deps, teacher: principal(teacher.account.id, 'teacher'), task };
}

const stamps = (t: LessonTask) => [
  t.scriptCreateTime,
  t.scriptReviewTime,
  t.scriptConfirmTime,
  t.videoCreateTime,
  t.videoConfirmTime,
  t.finishTime,
];

describe('progress workflow: entering a stage stamps its time', () => {
  it('walks 0 → 5 one stage at a time, stamping each stage once and finishTime at 5', async () => {
    const { deps, teacher, task } = await setup();
    expect(task.progressStatus).toBe(0);
    expect(stamps(task)).toEqual([null, null, null, null, null, null]);
    const times: number[] = [];
    let current = task;
    for (const status of [1, 2, 3, 4, 5] as const) {
      deps.clock.advance(60_000);
      times.push(deps.clock.now());
      current = await updateLessonTask(deps, teacher, task.id, { progressStatus: status });
      expect(current.progressStatus).toBe(status);
      expect(current.updatedAt).toBe(deps.clock.now());
    }
    expect(stamps(current)).toEqual([...times, times[4]]);
  });

  it('staying in a stage keeps its first stamp (advise edits do not restamp), but updatedAt moves', async () => {
    const { deps, teacher, task } = await setup();
    const first = await updateLessonTask(deps, teacher, task.id, { progressStatus: 1 });
    deps.clock.advance(5000);
    const again = await updateLessonTask(deps, teacher, task.id, { progressStatus: 1, advise: '改了说明' });
    expect(again.scriptCreateTime).toBe(first.scriptCreateTime);
    expect(again.updatedAt).toBe(first.updatedAt + 5000);
    expect(again.advise).toBe('改了说明');
    deps.clock.advance(5000);
    const adviseOnly = await updateLessonTask(deps, teacher, task.id, { advise: '只改说明' });
    expect(stamps(adviseOnly)).toEqual(stamps(again));
    expect(adviseOnly.progressStatus).toBe(1);
  });

  it('jumping stages stamps only the stage entered; reaching 5 directly stamps finishTime', async () => {
    const { deps, teacher, task } = await setup();
    const jumped = await updateLessonTask(deps, teacher, task.id, { progressStatus: 3 });
    expect(stamps(jumped)).toEqual([null, null, deps.clock.now(), null, null, null]);
    deps.clock.advance(1000);
    const done = await updateLessonTask(deps, teacher, task.id, { progressStatus: 5 });
    expect(stamps(done)).toEqual([null, null, jumped.scriptConfirmTime, null, deps.clock.now(), deps.clock.now()]);
  });

  it('going back re-stamps the stage entered again and leaving 5 clears finishTime', async () => {
    const { deps, teacher, task } = await setup();
    await updateLessonTask(deps, teacher, task.id, { progressStatus: 2 });
    deps.clock.advance(1000);
    const finished = await updateLessonTask(deps, teacher, task.id, { progressStatus: 5 });
    expect(finished.finishTime).toBe(deps.clock.now());
    deps.clock.advance(1000);
    const back = await updateLessonTask(deps, teacher, task.id, { progressStatus: 2 });
    expect(back.scriptReviewTime).toBe(deps.clock.now());
    expect(back.finishTime).toBeNull();
    expect(back.videoConfirmTime).toBe(finished.videoConfirmTime); // the history of stage 5 stays
    deps.clock.advance(1000);
    const zero = await updateLessonTask(deps, teacher, task.id, { progressStatus: 0 });
    expect(zero.progressStatus).toBe(0);
    expect(stamps(zero).slice(0, 5)).toEqual(stamps(back).slice(0, 5));
  });

  it('parallel changes to the same status stamp it once (the stamp is decided inside the UPDATE)', async () => {
    const { deps, teacher, task } = await setup();
    const results = await Promise.all(
      Array.from({ length: 5 }, (_, i) => {
        const d = { ...deps, clock: { now: () => deps.clock.now() + i * 1000 } };
        return updateLessonTask(d, teacher, task.id, { progressStatus: 4 });
      }),
    );
    const stampsSeen = new Set(results.map((r) => r.videoCreateTime));
    // Every answer reports the one stamp the first writer set.
    expect(stampsSeen.size).toBe(1);
    expect(results.map((r) => r.updatedAt).sort()).toHaveLength(5);
  });
});
