import { z } from '@hono/zod-openapi';

/** Canonical decimal digits: no sign, space, exponent, fraction, hex or leading zero; at most 16 digits. */
export const DIGITS = /^(0|[1-9]\d{0,15})$/;

export interface IntTextOptions {
  min: number;
  max?: number;
  /** The message for text that is not an integer written in digits. */
  notInteger: string;
  tooSmall?: string;
  tooLarge?: string;
}

/**
 * An integer path or query parameter read from its text. `z.coerce.number()` takes ` 1`, `0x10`, `1e3` and
 * `1.0` as numbers, which the document's `type: integer` does not allow; this takes digits only and still
 * declares `type: integer` with its bounds (the metadata is needed: a transform has no JSON Schema type).
 */
export function intText({ min, max = Number.MAX_SAFE_INTEGER, notInteger, tooSmall = notInteger, tooLarge = notInteger }: IntTextOptions) {
  return z
    .string({ error: notInteger })
    .regex(DIGITS, { error: notInteger })
    .transform(Number)
    .pipe(z.number().int().min(min, { error: tooSmall }).max(max, { error: tooLarge }))
    .openapi({ type: 'integer', minimum: min, maximum: max });
}

/**
 * The e-mail rule in code and document alike: zod's local part (`format: email` alone admits `a^b@c.px`,
 * which zod refuses) and RFC 1035 domain labels (zod alone admits `a@b-.cn`, which `format: email` refuses).
 * Use it as `z.email({ pattern: EMAIL })` with `.openapi({ pattern: EMAIL_PATTERN })`.
 */
export const EMAIL =
  /^(?:[A-Za-z0-9_'+-]+\.)*[A-Za-z0-9_'+-]*[A-Za-z0-9_+-]@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$/;
export const EMAIL_PATTERN = EMAIL.source;

/**
 * The JSON Schema `pattern` for a string that is trimmed before its minimum length is checked
 * (`z.string().trim().min(n)`): `minLength` alone would let `" "` through the document.
 */
export const nonBlankPattern = (min: number) => (min <= 1 ? '\\S' : `^\\s*\\S[\\s\\S]{${min - 2},}\\S\\s*$`);

/**
 * A username: ASCII letters, digits and the given marks, or any character beyond ASCII that is neither a space
 * nor an invisible control (C1, zero-width, bidi). Not `\p{L}\p{N}`: that needs the `u` flag, and validators and
 * generators that compile a document's patterns without it read `\p{L}` as the text "p{L}" and refuse 张三.
 * This one means the same with the flag and without, in the code and in the document.
 */
export const usernamePattern = (marks: string) =>
  new RegExp(`^(?:[A-Za-z0-9_${marks}]|[^\\x00-\\x9f\\s\\u200b-\\u200f\\u202a-\\u202e\\u2060-\\u206f])+$`);

/**
 * A file name kept only as data (never a key): at least one visible character, and no control characters,
 * line breaks or bidi overrides (U+202A-U+202E, U+2066-U+2069), which would reach logs, JSON and UIs.
 */
export const SAFE_NAME =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is this pattern's job
  /^[^\u0000-\u001f\u007f\u202a-\u202e\u2066-\u2069]*[^\u0000-\u001f\u007f\u202a-\u202e\u2066-\u2069\s][^\u0000-\u001f\u007f\u202a-\u202e\u2066-\u2069]*$/;
