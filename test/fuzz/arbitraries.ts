// fast-check arbitraries derived from JSON Schema: values that fit the schema (with its boundaries), and
// hostile values (wrong types, empty, huge, unicode, nulls, extra fields, `__proto__` keys).
import fc from 'fast-check';
import { resolve, type Doc, type Schema } from './documents';

const HUGE = 'x'.repeat(70_000);

/** Values of every JSON type that break most schemas. */
export const hostile: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(
    null,
    '',
    ' ',
    HUGE,
    '\u0000',
    '\u202egnp.exe',
    '𝔘𝔫𝔦𝔠𝔬𝔡𝔢 🎉',
    '../../etc/passwd',
    "' OR 1=1 --",
    -1,
    0,
    1e308,
    // biome-ignore lint/correctness/noPrecisionLoss: a number past 2^53 that a JSON parser reads as its neighbour, on purpose
    -9007199254740993,
    1.5,
    true,
    false,
    [],
    {},
    [null],
    { nested: { deep: [1, 'x'] } },
  ),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.integer(),
  fc.double({ noNaN: true }),
  fc.jsonValue({ maxDepth: 2 }),
);

function typesOf(s: Schema): string[] {
  if (Array.isArray(s.type)) return s.type;
  if (typeof s.type === 'string') return [s.type];
  if (s.properties) return ['object'];
  return [];
}

/**
 * fast-check's stringMatching never returns a sample for a class negated over all of Unicode, and the usernames'
 * pattern (src/http/params.ts usernamePattern) has one: values are drawn from the same characters written as ranges
 * (the same set over the BMP: test/fuzz/arbitraries.test.ts).
 */
export const VISIBLE_NON_ASCII = '[^\\x00-\\x9f\\s\\u200b-\\u200f\\u202a-\\u202e\\u2060-\\u206f]';
export const VISIBLE_NON_ASCII_RANGES =
  '[\\u00a1-\\u167f\\u1681-\\u1fff\\u2010-\\u2027\\u2030-\\u205e\\u2070-\\u2fff\\u3001-\\ufefe\\uff00-\\uffff]';
const generable = (pattern: string) => pattern.replaceAll(VISIBLE_NON_ASCII, VISIBLE_NON_ASCII_RANGES);

function stringArb(s: Schema): fc.Arbitrary<string> {
  const min = s.minLength ?? 0;
  const max = s.maxLength ?? Math.max(min, 40);
  // A pattern is the stricter rule where both are given (an e-mail's pattern is zod's rule).
  if (s.pattern && s.format)
    return fc.stringMatching(new RegExp(generable(s.pattern), 'u')).filter((v) => v.length >= min && v.length <= max);
  switch (s.format) {
    case 'email':
      return fc.emailAddress().filter((e) => e.length >= min && e.length <= max);
    case 'uuid':
      return fc.uuid();
    case 'date-time':
      return fc.date({ noInvalidDate: true, min: new Date(0), max: new Date(4102444800000) }).map((d) => d.toISOString());
    case 'date':
      return fc.date({ noInvalidDate: true, min: new Date(0), max: new Date(4102444800000) }).map((d) => d.toISOString().slice(0, 10));
    case 'uri':
    case 'url':
      return fc.webUrl();
  }
  if (s.pattern) return fc.stringMatching(new RegExp(generable(s.pattern), 'u')).filter((v) => v.length >= min && v.length <= max);
  const boundary = [min, max].filter((n) => n <= 5000).map((n) => 'a'.repeat(n));
  return fc.oneof(
    { weight: 3, arbitrary: fc.string({ minLength: min, maxLength: Math.min(max, 60) }) },
    { weight: 1, arbitrary: fc.string({ unit: 'grapheme', minLength: min, maxLength: Math.min(max, 30) }) },
    { weight: 1, arbitrary: fc.constantFrom(...boundary) },
  );
}

function numberArb(s: Schema, integer: boolean): fc.Arbitrary<number> {
  let min = s.minimum ?? (integer ? -1000 : -1e6);
  let max = s.maximum ?? (integer ? 1_000_000 : 1e6);
  if (typeof s.exclusiveMinimum === 'number') min = integer ? s.exclusiveMinimum + 1 : s.exclusiveMinimum + 1e-6;
  if (typeof s.exclusiveMaximum === 'number') max = integer ? s.exclusiveMaximum - 1 : s.exclusiveMaximum - 1e-6;
  const bounded = integer
    ? fc.integer({ min, max: Math.min(max, Number.MAX_SAFE_INTEGER) })
    : fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
  const small = integer ? fc.integer({ min: Math.max(min, -5), max: Math.min(max, Math.max(min, -5) + 20) }) : bounded;
  return fc.oneof({ weight: 2, arbitrary: small }, { weight: 2, arbitrary: bounded }, { weight: 1, arbitrary: fc.constantFrom(min, max) });
}

/**
 * A branch that only adds `required` (`anyOf: [{ required: [a] }, { required: [b] }]` next to `properties`),
 * naming its fields under `properties` with no rule of their own (src/http/content.ts requiredOneOf).
 */
const requiredOnly = (b: Schema) =>
  Object.keys(b).every(
    (k) =>
      k === 'required' ||
      (k === 'properties' && Object.values(b.properties as Record<string, object>).every((p) => Object.keys(p).length === 0)),
  );

/** For an object whose anyOf/oneOf (or allOf of those) only pick required keys: one pick per group. */
function requiredChoices(s: Schema): fc.Arbitrary<string[]> | null {
  if (!s.properties) return null;
  const groups = [s, ...(s.allOf ?? [])]
    .map((p: Schema) => p.anyOf ?? p.oneOf)
    .filter((g): g is Schema[] => Array.isArray(g) && g.every(requiredOnly));
  if (groups.length === 0) return null;
  return fc.tuple(...groups.map((g) => fc.constantFrom(...g.map((b) => b.required as string[])))).map((picks) => picks.flat());
}

/** Values the schema accepts (best effort: a generated value may still miss a rule ajv then reports). */
export function validArb(doc: Doc, schema: Schema, depth = 0): fc.Arbitrary<unknown> {
  const s = resolve(doc, schema);
  if (!s || depth > 6) return fc.constant(null);
  if ('const' in s) return fc.constant(s.const);
  const choices = requiredChoices(s);
  if (choices)
    return choices.chain((extra) =>
      validArb(doc, { ...s, anyOf: undefined, oneOf: undefined, allOf: undefined, required: [...(s.required ?? []), ...extra] }, depth + 1),
    );
  if (s.enum) return fc.constantFrom(...s.enum);
  const branches = s.anyOf ?? s.oneOf;
  if (branches) return fc.oneof(...branches.map((b: Schema) => validArb(doc, b, depth + 1)));
  if (s.allOf) {
    const parts = s.allOf.map((p: Schema) => resolve(doc, p));
    const merged = {
      ...s,
      allOf: undefined,
      type: 'object',
      properties: Object.assign({}, ...parts.map((p: Schema) => p.properties ?? {}), s.properties),
      required: parts.flatMap((p: Schema) => p.required ?? []).concat(s.required ?? []),
    };
    return validArb(doc, merged, depth + 1);
  }
  const types = typesOf(s);
  if (types.length === 0) return fc.jsonValue({ maxDepth: 2 });
  return fc.oneof(
    ...types.map((t): fc.Arbitrary<unknown> => {
      switch (t) {
        case 'null':
          return fc.constant(null);
        case 'boolean':
          return fc.boolean();
        case 'integer':
          return numberArb(s, true);
        case 'number':
          return numberArb(s, false);
        case 'string':
          return stringArb(s);
        case 'array':
          return fc.array(validArb(doc, s.items ?? {}, depth + 1), { minLength: s.minItems ?? 0, maxLength: Math.min(s.maxItems ?? 4, 4) });
        case 'object': {
          const props: Record<string, Schema> = s.properties ?? {};
          const model = Object.fromEntries(Object.entries(props).map(([k, v]) => [k, validArb(doc, v, depth + 1)]));
          return fc.record(model, { requiredKeys: (s.required ?? []).filter((k: string) => k in props) });
        }
        default:
          return fc.constant(null);
      }
    }),
  );
}

/** A value for the schema, or a hostile replacement of it or of one of its properties. */
export function mutatedArb(doc: Doc, schema: Schema): fc.Arbitrary<unknown> {
  const s = resolve(doc, schema);
  const valid = validArb(doc, s);
  const props = Object.keys(s?.properties ?? {});
  const edits: fc.Arbitrary<unknown>[] = [hostile];
  if (props.length) {
    edits.push(
      // One property replaced by a hostile value.
      fc.tuple(valid, fc.constantFrom(...props), hostile).map(([v, k, h]) => ({ ...(v as object), [k]: h })),
      // One required property removed.
      fc.tuple(valid, fc.constantFrom(...props)).map(([v, k]) => {
        const copy = { ...(v as Record<string, unknown>) };
        delete copy[k];
        return copy;
      }),
      // Fields that would grant something, and an unknown one.
      fc
        .tuple(valid, fc.constantFrom('role', 'is_admin', 'is_superuser', 'status', 'owner_id', 'user_id', 'id', 'zz_unknown'), hostile)
        .map(([v, k, h]) => ({ ...(v as object), [k]: h })),
    );
  }
  return fc.oneof({ weight: 1, arbitrary: valid }, { weight: 2, arbitrary: fc.oneof(...edits) });
}

/** The request body as text: JSON, sometimes with a `__proto__` key or malformed. */
export function bodyTextArb(doc: Doc, schema: Schema): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 8, arbitrary: mutatedArb(doc, schema).map((v) => JSON.stringify(v) ?? 'null') },
    {
      weight: 1,
      arbitrary: validArb(doc, schema).map((v) => {
        const text = JSON.stringify(v) ?? 'null';
        return text.startsWith('{') && text.length > 2 ? `{"__proto__":{"role":"sysadmin","is_admin":true},${text.slice(1)}` : text;
      }),
    },
    { weight: 1, arbitrary: fc.constantFrom('', '{', '{"a":', 'not json', '[1,2', '\u0000', '{"__proto__":{"role":"sysadmin"}}') },
  );
}

/** A path/query/header parameter as text: a fitting value or a hostile one. */
export function paramTextArb(doc: Doc, schema: Schema, header = false): fc.Arbitrary<string> {
  const hostileText = header
    ? fc.oneof(
        fc.string({ maxLength: 40 }).map((s) => s.replace(/[^\x20-\x7e]/g, '')),
        fc.constantFrom('bytes=0-', 'bytes=-1', 'bytes=99999999999-', 'bytes=5-1', '"etag"', '*', 'bytes=0-1,2-3'),
      )
    : fc.oneof(
        hostile.map((v) => (typeof v === 'string' ? v : (JSON.stringify(v) ?? ''))),
        fc.constantFrom('0', '-1', '1.5', '1e3', '0x10', '99999999999999999999', ' 1', '1 ', 'NaN', 'Infinity', 'null', '%', '..'),
      );
  return fc.oneof(
    { weight: 2, arbitrary: validArb(doc, schema).map((v) => (typeof v === 'string' ? v : (JSON.stringify(v) ?? ''))) },
    { weight: 1, arbitrary: hostileText },
  );
}
