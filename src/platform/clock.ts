/** Injected time source so domain code and tests agree on "now" (milliseconds UTC). */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };
