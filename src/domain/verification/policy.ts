/** The SMS code rules of the issue: 6 digits, 5 minutes, single use, 5 wrong tries, one send a minute. */
export interface CodePolicy {
  codeTtlMs: number;
  maxWrongAttempts: number;
  resendIntervalMs: number;
  /** Sends per phone per local day (APP_TIMEZONE). */
  dailyCap: number;
  /** Sends per client IP per rolling hour, against one client pumping SMS to many phones. */
  ipHourlyCap: number;
  /** Rows older than this are purged while sending (the send log needs only today's rows). */
  retentionMs: number;
}

export const CODE_POLICY: CodePolicy = {
  codeTtlMs: 5 * 60_000,
  maxWrongAttempts: 5,
  resendIntervalMs: 60_000,
  dailyCap: 10,
  ipHourlyCap: 20,
  retentionMs: 7 * 24 * 3600_000,
};

export type CodePurpose = 'register';

/** Mainland China mobile number: 11 digits starting 13-19. */
export const MAINLAND_MOBILE = /^1[3-9]\d{9}$/;
