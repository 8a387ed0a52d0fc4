/** A school's review state, as the campus document numbers it. */
export const SCHOOL_STATUS = { pending: 1, approved: 2, rejected: 3 } as const;
export type SchoolStatus = (typeof SCHOOL_STATUS)[keyof typeof SCHOOL_STATUS];

export const SCHOOL_STATUS_TEXT: Record<SchoolStatus, string> = { 1: '待审核', 2: '正常', 3: '已驳回' };

export const schoolStatusText = (status: number): string => SCHOOL_STATUS_TEXT[status as SchoolStatus] ?? '未知';
