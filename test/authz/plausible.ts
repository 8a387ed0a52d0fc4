// One deterministic, schema-valid value per parameter and body: what a real client would send, so an
// allowed caller gets past validation and a refused one is refused for who it is, not for what it sent.
import { resolve, type Doc, type Schema } from '../fuzz/documents';

let seq = 0;
/** Unique per call: names, e-mails and phones that must not collide with earlier rows. */
export const unique = () => `${Date.now().toString(36)}${(++seq).toString(36)}`;
export const PASSWORD = 'password-123';

function stringFor(name: string, s: Schema): string {
  if (s.enum) return s.enum[0];
  if (s.format === 'email') return `authz.${unique()}@example.test`;
  if (s.format === 'uri' || s.format === 'url') return 'https://example.test/a.png';
  if (s.format === 'date-time') return new Date().toISOString();
  if (s.format === 'date') return new Date().toISOString().slice(0, 10);
  const digits = String(Date.now() * 100 + (++seq % 100)).slice(-9);
  const candidates = /password/i.test(name) ? [PASSWORD] : [`authz_${unique()}`, `13${digits}`, '123456', '/authz.png', 'Authz test'];
  const min = s.minLength ?? 0;
  const max = s.maxLength ?? Infinity;
  const re = s.pattern ? new RegExp(s.pattern, 'u') : null;
  const fit = candidates.find((c) => c.length >= min && c.length <= max && (!re || re.test(c)));
  return fit ?? 'x'.repeat(Math.max(min, 1));
}

export function plausible(doc: Doc, schema: Schema, name = '', depth = 0): unknown {
  const s = resolve(doc, schema);
  if (!s || depth > 6) return null;
  if ('const' in s) return s.const;
  if (s.example !== undefined && typeof s.example !== 'object' && !/name|email|phone|username/i.test(name)) return s.example;
  if (s.enum) return s.enum.find((v: unknown) => v !== null) ?? s.enum[0];
  const branch = s.anyOf ?? s.oneOf;
  // An object whose anyOf only lists alternative required fields: the first alternative's.
  if (branch && s.properties)
    return plausible(
      doc,
      { ...s, anyOf: undefined, oneOf: undefined, required: [...(s.required ?? []), ...(branch[0].required ?? [])] },
      name,
      depth + 1,
    );
  if (branch) return plausible(doc, branch.find((b: Schema) => resolve(doc, b)?.type !== 'null') ?? branch[0], name, depth + 1);
  const type = Array.isArray(s.type) ? s.type.find((t: string) => t !== 'null') : (s.type ?? (s.properties ? 'object' : 'string'));
  switch (type) {
    case 'integer':
    case 'number':
      return typeof s.exclusiveMinimum === 'number' ? s.exclusiveMinimum + 1 : (s.minimum ?? 1);
    case 'boolean':
      return false;
    case 'array':
      return s.minItems ? [plausible(doc, s.items ?? {}, name, depth + 1)] : [];
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const key of s.required ?? []) out[key] = plausible(doc, s.properties?.[key] ?? {}, key, depth + 1);
      for (const key of Object.keys(out)) if (/confirmation$/.test(key)) out[key] = out[key.replace(/_confirmation$/, '')] ?? PASSWORD;
      return out;
    }
    default:
      return stringFor(name, s);
  }
}
