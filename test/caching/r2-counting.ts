import { env } from 'cloudflare:workers';

/** The real FILES bucket, recording every call (method and key) made through it. */
export function countingBucket(): { bucket: R2Bucket; calls: string[]; reset(): void } {
  const real = env.FILES;
  const calls: string[] = [];
  const bucket = new Proxy(real, {
    get(target, prop) {
      const value = Reflect.get(target, prop);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        calls.push(`${String(prop)}:${typeof args[0] === 'string' ? args[0] : ''}`);
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return { bucket, calls, reset: () => void (calls.length = 0) };
}
