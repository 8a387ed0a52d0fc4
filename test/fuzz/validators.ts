// ajv validators for the declared schemas (ajv compiles with `new Function`, which workerd allows in tests).
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { documents, type Schema } from './documents';

const ajv = new Ajv({ strict: false, allErrors: false, validateFormats: true });
addFormats(ajv);
for (const [name, doc] of Object.entries(documents))
  ajv.addSchema({ $id: `https://fuzz.test/${name}.json`, components: doc.components ?? {} });

const cache = new Map<string, ValidateFunction>();

/** A validator for a schema taken from document `api`, its local $refs pointing into that document. */
export function validator(api: string, schema: Schema): ValidateFunction {
  const text = JSON.stringify(schema).replaceAll('"#/components/', `"https://fuzz.test/${api}.json#/components/`);
  let v = cache.get(text);
  if (!v) {
    v = ajv.compile({ allOf: [JSON.parse(text)] });
    cache.set(text, v);
  }
  return v;
}

export const errorsText = (v: ValidateFunction) => ajv.errorsText(v.errors, { separator: '; ' });

/**
 * A path or query parameter's text as the document types it: an integer parameter is a number only when
 * written in canonical digits (Schemathesis serialises integers that way), otherwise the text stays a string
 * and fails `type: integer`.
 */
export function paramValue(schema: Schema, text: string): unknown {
  const types: unknown[] = Array.isArray(schema.type) ? schema.type : [schema.type];
  if ((types.includes('integer') || types.includes('number')) && /^-?(0|[1-9]\d*)$/.test(text)) return Number(text);
  if (types.includes('boolean') && (text === 'true' || text === 'false')) return text === 'true';
  return text;
}
