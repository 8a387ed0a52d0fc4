import { describe, expect, it } from 'vitest';
import { ACHIEVEMENTS } from '../../../src/domain/achievements/definitions';
import { api, enrolled, expectError, expectOk, expectUnauthenticated, instructor, ISO_MS, learner, publishedCourse } from './support';

describe('GET /api/student/achievements', () => {
  it('returns every definition in the documented shape, grouped into learning and social', async () => {
    const s = await learner();
    const data = expectOk(await api('GET', '/api/student/achievements', s.token));
    expect(Object.keys(data).sort()).toEqual(['achievements', 'all_achievements', 'stats']);
    expect(Object.keys(data.achievements).sort()).toEqual(['learning', 'other', 'social']);
    expect(data.all_achievements).toHaveLength(ACHIEVEMENTS.length);
    expect(data.achievements.learning.length + data.achievements.social.length + data.achievements.other.length).toBe(ACHIEVEMENTS.length);
    expect(data.achievements.learning.every((a: any) => a.achievement_type === 'learning')).toBe(true);
    expect(data.achievements.social.every((a: any) => a.achievement_type === 'social')).toBe(true);
    expect(data.achievements.social.map((a: any) => a.name)).toEqual(expect.arrayContaining(['团队新人', '自习伙伴']));
    expect(data.all_achievements[0]).toEqual({
      achievement_id: 1,
      name: '启程',
      description: '报名第一门课程',
      icon_class: 'fa-solid fa-flag',
      achievement_type: 'learning',
      required_value: 1,
      earned_time: null,
      is_earned: 0,
    });
    expect(data.stats).toEqual({ earned_count: 0, total_count: ACHIEVEMENTS.length, completion_rate: '0.0' });
  });

  it('shows what was earned, when, and the completion rate as a percentage string', async () => {
    const t = await instructor();
    const course = await publishedCourse(t);
    const s = await learner();
    await enrolled(s, course.course_id);
    const res = expectOk(
      await api('PUT', `/api/student/courses/${course.course_id}/progress`, s.token, { json: { progress: 100, duration: 36000 } }),
    );
    expect(res.new_achievements.map((a: any) => a.name).sort()).toEqual(['初次完成', '勤学苦练'].sort());
    const data = expectOk(await api('GET', '/api/student/achievements', s.token));
    const earned = data.all_achievements.filter((a: any) => a.is_earned === 1);
    expect(earned.map((a: any) => a.achievement_id).sort((x: number, y: number) => x - y)).toEqual([1, 2, 5]);
    for (const a of earned) expect(a.earned_time).toMatch(ISO_MS);
    expect(data.stats).toEqual({
      earned_count: 3,
      total_count: ACHIEVEMENTS.length,
      completion_rate: ((3 / ACHIEVEMENTS.length) * 100).toFixed(1),
    });
  });

  it('is for learners only', async () => {
    const s = await learner();
    await expectUnauthenticated(s, (token) => api('GET', '/api/student/achievements', token));
    expectError(await api('GET', '/api/student/achievements', (await instructor()).token), 403, '仅学生账号可以访问');
  });
});
