// ajv validators for the declared schemas (ajv compiles with `new Function`, which workerd allows in tests).
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { documents, type Schema } from './documents';

const ajv = new Ajv({ strict: false, allErrors: false, validateFormats: true });
addFormats(ajv);
for (const [name, doc] of Object.entries(documents)) ajv.addSchema({ $id: `https://fuzz.test/${name}.json`, components: doc.components ?? {} });

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
