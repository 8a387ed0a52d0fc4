// Schema-driven fuzzing of every operation in the committed OpenAPI documents (issue 7): hostile and
// fitting parameters and bodies, callers of every role and none, each response checked against the document.
import fc from 'fast-check';
import { beforeEach, describe, expect, it } from 'vitest';
import { ROLES } from '../../src/domain/accounts/roles';
import { bodyTextArb, paramTextArb } from './arbitraries';
import { checkHeaders, checkResponse, type Case } from './check';
import { operations, type Operation } from './documents';
import { send } from './send';
import { hash, mintTokens, RUNS, SEED, tokens } from './sessions';
import { paramValue, validator } from './validators';

const headerSafe = (s: string) => s.replace(/[^\x20-\x7e]/g, '').trim();

function caseArb(op: Operation): fc.Arbitrary<Case> {
  const params = op.params.map((p) =>
    fc.tuple(
      fc.constant(p),
      p.in === 'path'
        ? paramTextArb(op.doc, p.schema)
        : fc.option(paramTextArb(op.doc, p.schema, p.in === 'header'), { nil: undefined, freq: p.required ? 20 : 2 }),
    ),
  );
  const body = op.jsonBody ? fc.option(bodyTextArb(op.doc, op.jsonBody.schema), { nil: undefined, freq: 15 }) : fc.constant(undefined);
  return fc
    .record({ params: fc.tuple(...params), body, role: fc.constantFrom('none', ...ROLES) })
    .map(({ params: values, body: text, role }) => {
      let path = op.path;
      const query = new URLSearchParams();
      const headers: Record<string, string> = {};
      let invalid: string | null = null;
      for (const [p, raw] of values) {
        // An empty, `.` or `..` segment makes another URL (Schemathesis excludes them too).
        const value =
          raw === undefined
            ? undefined
            : p.in === 'header'
              ? headerSafe(raw)
              : p.in === 'path' && ['', '.', '..'].includes(raw)
                ? 'x'
                : raw;
        if (p.in === 'path') path = path.replace(`{${p.name}}`, encodeURIComponent(value ?? ''));
        else if (value !== undefined && p.in === 'query') query.set(p.name, value);
        else if (value !== undefined && p.in === 'header') headers[p.name] = value;
        // Path and query parameters are held to "invalid → 4xx" (every API refuses a bad page; docs/reliability.md).
        if ((p.in === 'path' || p.in === 'query') && value !== undefined && !invalid) {
          if (!validator(op.api, p.schema)(paramValue(p.schema, value))) invalid = `${p.in} ${p.name}=${value.slice(0, 40)}`;
        }
      }
      if (op.jsonBody && !invalid) {
        if (text === undefined) {
          // src/http/router.ts refuses a missing required JSON body (Hono alone would validate it as `{}`).
          if (op.jsonBody.required) invalid = 'no body';
        } else {
          let parsed: unknown;
          try {
            parsed = JSON.parse(text);
            // JSON.parse keeps a `__proto__` key as an own property, so ajv sees it like any extra field.
            if (!validator(op.api, op.jsonBody.schema)(parsed)) invalid = `body ${text.slice(0, 60)}`;
          } catch {
            invalid = `malformed JSON ${text.slice(0, 20)}`;
          }
        }
      }
      const qs = query.toString();
      return { method: op.method, url: path + (qs ? `?${qs}` : ''), role, body: text, invalid, headers };
    });
}

const ops = operations();
const summary = { operations: 0, cases: 0, invalid: 0, statuses: {} as Record<string, number> };

describe('fuzzing every operation from the OpenAPI documents', () => {
  beforeEach(mintTokens);

  it('finds operations in every document', () => {
    expect(ops.length).toBeGreaterThan(100);
    expect(new Set(ops.map((o) => o.api)).size).toBe(5);
  });

  for (const op of ops) {
    it(`${op.api} ${op.method} ${op.path} (${op.id})`, { timeout: 120_000 }, async () => {
      const cases = fc.sample(caseArb(op), { numRuns: RUNS, seed: SEED + hash(op.id) });
      const failures = new Map<string, string>();
      for (const c of cases) {
        const headers: Record<string, string> = { ...c.headers };
        if (c.body !== undefined) headers['Content-Type'] = 'application/json';
        const res = await send(c.method, c.url, { body: c.body, headers, token: c.role === 'none' ? undefined : tokens[c.role] });
        summary.statuses[res.status] = (summary.statuses[res.status] ?? 0) + 1;
        if (c.invalid) summary.invalid++;
        for (const p of checkResponse(op, c, res)) {
          const key = p.replace(/: .*/, '');
          if (!failures.has(key))
            failures.set(
              key,
              `${p}\n    ${c.role} ${c.method} ${c.url}${c.body !== undefined ? ` body=${c.body.slice(0, 200)}` : ''}\n    -> ${res.status} ${res.text.slice(0, 300)}`,
            );
        }
      }
      summary.operations++;
      summary.cases += cases.length;
      expect([...failures.values()]).toEqual([]);
    });
  }

  it('covered every operation', () => {
    console.log(
      `fuzz: ${summary.operations} operations, ${summary.cases} cases (${summary.invalid} schema-invalid), statuses ${JSON.stringify(summary.statuses)}`,
    );
    expect(summary.operations).toBe(ops.length);
  });
});

describe('the fuzzer checks', () => {
  const op = ops.find((o) => o.id === 'learningGetMaterial')!;
  const ok = { method: 'GET', url: '/x', role: 'student', invalid: null };
  const res = (status: number, body: unknown, type = 'application/json') => ({
    status,
    headers: new Headers({ 'content-type': type }),
    body,
    text: JSON.stringify(body),
  });

  it('flag server errors, undeclared statuses, bodies off the schema, missing auth and accepted invalid data', () => {
    expect(op.protected || op.responses['404']).toBeTruthy();
    expect(checkResponse(op, ok, res(500, {}))).toContain('server error 500');
    expect(checkResponse(op, ok, res(418, {}))).toContain('undeclared status 418');
    expect(checkResponse(op, ok, res(404, { nope: 1 }))[0]).toMatch(/^status 404 body does not match the schema/);
    expect(checkResponse(op, ok, res(404, { error: { code: 'NOT_FOUND', message: 'x', details: {} } }, 'text/html'))[0]).toMatch(
      /content type text\/html not declared/,
    );
    expect(checkResponse(op, { ...ok, invalid: 'path material_id=abc' }, res(200, {})).join()).toMatch(/invalid request .* answered 200/);
    const protectedOp = ops.find((o) => o.protected)!;
    expect(checkResponse(protectedOp, { ...ok, role: 'none' }, res(200, {})).join()).toMatch(/no token but 200/);
    expect(checkResponse(op, ok, res(404, { error: { code: 'NOT_FOUND', message: 'x', details: {} } }))).toEqual([]);
  });

  it('flag a required response header that is missing and one that does not fit its schema', () => {
    const headers = { ETag: { required: true, schema: { type: 'string' } }, 'Retry-After': { schema: { type: 'integer', minimum: 1 } } };
    const withHeaders = (h: Record<string, string>) => ({ status: 200, headers: new Headers(h), body: null, text: '' });
    expect(checkHeaders(op, withHeaders({}), headers)).toEqual(['status 200: required header ETag missing']);
    expect(checkHeaders(op, withHeaders({ ETag: '"a"', 'Retry-After': 'soon' }), headers)[0]).toMatch(
      /header Retry-After=soon does not match/,
    );
    expect(checkHeaders(op, withHeaders({ ETag: '"a"', 'Retry-After': '0' }), headers)).toHaveLength(1);
    expect(checkHeaders(op, withHeaders({ ETag: '"a"', 'Retry-After': '30' }), headers)).toEqual([]);
  });
});
