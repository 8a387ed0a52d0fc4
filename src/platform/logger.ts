/**
 * Structured JSON logs, one object per line. Callers pass only what is safe to keep: never headers,
 * bodies, tokens or passwords.
 */
export type LogFields = Record<string, string | number | boolean | null | undefined>;

export interface Logger {
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
}

function emit(level: 'info' | 'warn' | 'error', msg: string, base: LogFields, fields?: LogFields) {
  const line = JSON.stringify({ ts: new Date().toISOString(), level, msg, ...base, ...fields });
  if (level === 'error') console.error(line);
  else if (level === 'warn') console.warn(line);
  else console.log(line);
}

export function jsonLogger(base: LogFields = {}): Logger {
  return {
    info: (msg, fields) => emit('info', msg, base, fields),
    warn: (msg, fields) => emit('warn', msg, base, fields),
    error: (msg, fields) => emit('error', msg, base, fields),
  };
}
