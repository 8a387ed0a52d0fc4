import { integer } from 'drizzle-orm/sqlite-core';

/** Timestamps are integer milliseconds UTC everywhere; each API formats them its own way. */
export const ms = (name: string) => integer(name, { mode: 'number' });
