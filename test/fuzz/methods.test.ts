// Schemathesis's "unsupported method" check: every documented path answers a method it does not declare
// with 405, an `Allow` header naming the declared methods, and a JSON body in the API's envelope.
import { describe, expect, it } from 'vitest';
import { documents } from './documents';
import { send } from './send';

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];
const template = (path: string) => new RegExp(`^${path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{[^}]+\}/g, '[^/]+')}$`);

describe('unsupported methods on every documented path', () => {
  for (const [api, doc] of Object.entries(documents)) {
    it(api, async () => {
      const failures: string[] = [];
      let checked = 0;
      for (const [path, item] of Object.entries(doc.paths)) {
        const declared = METHODS.filter((m) => item[m.toLowerCase()]);
        const url = path.replace(/\{[^}]+\}/g, '1');
        // `/users/register/` is also `/users/{pk}/`: a method another template declares for this URL is not unsupported.
        const elsewhere = (m: string) =>
          Object.entries(doc.paths).some(([other, o]) => other !== path && o[m.toLowerCase()] && template(other).test(url));
        for (const method of METHODS.filter((m) => !declared.includes(m) && !elsewhere(m))) {
          checked++;
          const res = await send(method, url, {});
          const allow = (res.headers.get('allow') ?? '').split(/,\s*/).filter(Boolean);
          const ok =
            res.status === 405 &&
            declared.every((m) => allow.includes(m)) &&
            (res.headers.get('content-type') ?? '').includes('application/json');
          if (!ok) failures.push(`${method} ${url} -> ${res.status} Allow: ${allow.join(',')} ${res.text.slice(0, 120)}`);
        }
      }
      expect(failures).toEqual([]);
      expect(checked).toBeGreaterThan(Object.keys(doc.paths).length);
    });
  }
});
