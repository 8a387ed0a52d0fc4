/**
 * Achievement definitions. The code is the source of truth: the `achievements` table mirrors this
 * list (upserted by ensureSeedData) so that awards can be decided in SQL inside the same
 * transaction as the write that crosses a threshold. Names and descriptions are data, not words:
 * catalogue rows the personal center lists as they are stored (docs/architecture.md, "Words").
 */
export type AchievementType = 'learning' | 'social' | 'other';

/** What an achievement counts; each write names the metrics it can move (see awards.ts). */
export type Metric =
  | 'courses_enrolled'
  | 'courses_completed'
  | 'study_hours'
  | 'streak_days'
  | 'teams_joined'
  | 'rooms_joined'
  | 'teams_created'
  | 'ratings_given';

export interface AchievementDefinition {
  id: number;
  type: AchievementType;
  metric: Metric;
  name: string;
  description: string;
  iconClass: string;
  requiredValue: number;
}

export const ACHIEVEMENTS: readonly AchievementDefinition[] = [
  {
    id: 1,
    type: 'learning',
    metric: 'courses_enrolled',
    name: '启程',
    description: '报名第一门课程',
    iconClass: 'fa-solid fa-flag',
    requiredValue: 1,
  },
  {
    id: 2,
    type: 'learning',
    metric: 'courses_completed',
    name: '初次完成',
    description: '完成第一门课程',
    iconClass: 'fa-solid fa-circle-check',
    requiredValue: 1,
  },
  {
    id: 3,
    type: 'learning',
    metric: 'courses_completed',
    name: '学有所成',
    description: '完成 5 门课程',
    iconClass: 'fa-solid fa-graduation-cap',
    requiredValue: 5,
  },
  {
    id: 4,
    type: 'learning',
    metric: 'courses_completed',
    name: '博学多才',
    description: '完成 10 门课程',
    iconClass: 'fa-solid fa-book-open-reader',
    requiredValue: 10,
  },
  {
    id: 5,
    type: 'learning',
    metric: 'study_hours',
    name: '勤学苦练',
    description: '累计学习 10 小时',
    iconClass: 'fa-solid fa-clock',
    requiredValue: 10,
  },
  {
    id: 6,
    type: 'learning',
    metric: 'study_hours',
    name: '学习达人',
    description: '累计学习 50 小时',
    iconClass: 'fa-solid fa-hourglass-half',
    requiredValue: 50,
  },
  {
    id: 7,
    type: 'learning',
    metric: 'streak_days',
    name: '坚持不懈',
    description: '连续学习 7 天',
    iconClass: 'fa-solid fa-fire',
    requiredValue: 7,
  },
  {
    id: 8,
    type: 'learning',
    metric: 'streak_days',
    name: '持之以恒',
    description: '连续学习 30 天',
    iconClass: 'fa-solid fa-calendar-check',
    requiredValue: 30,
  },
  {
    id: 9,
    type: 'social',
    metric: 'teams_joined',
    name: '团队新人',
    description: '加入第一个学习团队',
    iconClass: 'fa-solid fa-users',
    requiredValue: 1,
  },
  {
    id: 10,
    type: 'social',
    metric: 'rooms_joined',
    name: '自习伙伴',
    description: '加入第一个自习室',
    iconClass: 'fa-solid fa-door-open',
    requiredValue: 1,
  },
  {
    id: 11,
    type: 'social',
    metric: 'teams_created',
    name: '团队领袖',
    description: '创建一个学习团队',
    iconClass: 'fa-solid fa-crown',
    requiredValue: 1,
  },
  {
    id: 12,
    type: 'social',
    metric: 'teams_joined',
    name: '社交达人',
    description: '同时加入 3 个学习团队',
    iconClass: 'fa-solid fa-people-group',
    requiredValue: 3,
  },
  {
    id: 13,
    type: 'social',
    metric: 'ratings_given',
    name: '热心评价',
    description: '第一次评价课程',
    iconClass: 'fa-solid fa-star',
    requiredValue: 1,
  },
];
