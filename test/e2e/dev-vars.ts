import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..', '..');

/** A value from the local secrets `npm start` runs with (.dev.vars, created from .dev.vars.example). */
export function devVar(key: string): string {
  const file = existsSync(join(ROOT, '.dev.vars')) ? '.dev.vars' : '.dev.vars.example';
  const match = new RegExp(`^${key}\\s*=\\s*"?([^"\\n]*)"?\\s*$`, 'm').exec(readFileSync(join(ROOT, file), 'utf8'));
  if (!match) throw new Error(`${key} not found in ${file}`);
  return match[1]!;
}
