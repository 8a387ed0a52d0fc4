import type { CodePurpose } from './policy';

/**
 * What the verification rules need from an SMS gateway. The composition side (src/sms.ts) builds it
 * from the Worker's settings and the words of the API that sends the code.
 */

/** What an SMS provider is asked to deliver. */
export interface SmsMessage {
  phone: string;
  code: string;
  purpose: CodePurpose;
  ttlSeconds: number;
}

export interface SmsSender {
  readonly provider: 'log' | 'webhook';
  send(message: SmsMessage): Promise<void>;
}

/** The send throttle in front of D1 (the Workers rate limiting binding); true when the call may proceed. */
export interface SendLimiter {
  allow(key: string): Promise<boolean>;
}

export interface SmsServices {
  sender: SmsSender;
  limiter: SendLimiter;
  /** A fixed code for automated tests: only with the log provider, never in production. */
  testCode: string | null;
}
