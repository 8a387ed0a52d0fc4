/** A school's review state, as the campus document numbers it. */
export const SCHOOL_STATUS = { pending: 1, approved: 2, rejected: 3 } as const;
export type SchoolStatus = (typeof SCHOOL_STATUS)[keyof typeof SCHOOL_STATUS];
