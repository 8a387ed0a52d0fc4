/**
 * The seeded course categories: data, not words. Their names are catalogue rows (D1's
 * `course_categories`, upserted by seed.ts) that the personal center lists as it lists a course's
 * title, the same for every API that would show them; an API never rewords them (docs/architecture.md,
 * "Words"). Ids are fixed: the personal center's document uses category 5 in its example course.
 */
export const CATEGORIES: readonly { id: number; name: string }[] = [
  { id: 1, name: '编程基础' },
  { id: 2, name: '后端开发' },
  { id: 3, name: '数据库' },
  { id: 4, name: '人工智能' },
  { id: 5, name: '前端开发' },
  { id: 6, name: '移动开发' },
  { id: 7, name: '数据科学' },
  { id: 8, name: '云计算与运维' },
  { id: 9, name: '网络安全' },
  { id: 10, name: '设计创意' },
];
