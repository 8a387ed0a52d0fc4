import type { Params } from '../domain/errors';

/**
 * An API's words: the text its clients read for a code the domain (or the HTTP layer) raises, fixed
 * or built from the code's parameters. Each API keeps its own (`src/apis/<api>/words.ts`); see
 * docs/architecture.md, "Words".
 */
export type Wording = string | ((params: Params) => string);
export type Words = Readonly<Record<string, Wording>>;

/** The API's text for a code, or undefined when it has none (never a prototype key such as `constructor`). */
export function say(words: Words, code: string | undefined, params: Params = {}): string | undefined {
  if (code === undefined || !Object.hasOwn(words, code)) return undefined;
  const wording = words[code]!;
  return typeof wording === 'function' ? wording(params) : wording;
}

/** A parameter read as text (a list joined with `sep`). */
export function text(value: Params[string] | undefined, sep = ','): string {
  if (value === undefined) return '';
  return typeof value === 'object' ? value.join(sep) : String(value);
}

/** A list parameter. */
export const list = (value: Params[string] | undefined): readonly string[] =>
  value === undefined ? [] : typeof value === 'object' ? value : [String(value)];
