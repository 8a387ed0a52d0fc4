// Regressions found by test/fuzz/openapi-fuzz.test.ts.
import { describe, expect, it } from 'vitest';
import { call } from '../../helpers/http';
import { validator } from '../../fuzz/validators';
import { operations } from '../../fuzz/documents';

describe('excourse: responses the fuzzer found undocumented', () => {
  it('a body that is not JSON answers 400 { detail } and the document declares that shape for 400', async () => {
    for (const [method, path] of [
      ['POST', '/users/login/'],
      ['POST', '/users/register/'],
      ['POST', '/vertifications/'],
    ] as const) {
      const res = await call(method, path, { body: '{"a":', headers: { 'Content-Type': 'application/json' } });
      expect(res.status).toBe(400);
      expect(res.body.detail).toMatch(/^JSON 解析错误/);
      const op = operations().find((o) => o.api === 'excourse' && o.method === method && o.path === path)!;
      const v = validator('excourse', op.responses['400']!.content!['application/json']!.schema!);
      expect(v(res.body), `${method} ${path}`).toBe(true);
      expect(v({ username: ['该字段是必填项。'] })).toBe(true);
    }
  });
});

describe('excourse/campus: username patterns in the documents', () => {
  it('are plain regex sources (no `/u` suffix nothing matches) and accept the names the API accepts', () => {
    const send = operations().find((o) => o.id === 'excourseSendCode')!;
    const v = validator('excourse', send.jsonBody!.schema);
    expect(v({ username: '郝高阳', phone: '13833916349' }), JSON.stringify(v.errors)).toBe(true);
    expect(v({ username: 'a b', phone: '13833916349' })).toBe(false);
    for (const [api, name] of [
      ['excourse', 'ExcourseSendCodeRequest'],
      ['campus', 'CampusNewStudentRequest'],
    ] as const) {
      const doc = operations().find((o) => o.api === api)!.doc;
      expect(JSON.stringify(doc.components!.schemas![name])).not.toMatch(/\$\/u"/);
    }
  });

  it('mean the same to a validator that compiles them without the `u` flag (Spectral, some generators)', () => {
    for (const [api, name] of [
      ['excourse', 'ExcourseSendCodeRequest'],
      ['campus', 'CampusNewStudentRequest'],
    ] as const) {
      const doc = operations().find((o) => o.api === api)!.doc;
      const { pattern } = (doc.components!.schemas![name] as { properties: { username: { pattern: string } } }).properties.username;
      for (const flags of ['', 'u']) {
        const re = new RegExp(pattern, flags);
        for (const ok of ['张三丰', 'ana.li', 'zoë_07', '𠮷野家']) expect(re.test(ok), `${api} /${flags} ${ok}`).toBe(true);
        for (const bad of ['a b', 'a\u3000b', 'a/b', 'a\u202eb', 'p{L}'])
          expect(re.test(bad), `${api} /${flags} ${JSON.stringify(bad)}`).toBe(false);
      }
    }
  });
});
