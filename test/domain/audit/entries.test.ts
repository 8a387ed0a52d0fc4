import { describe, expect, it } from 'vitest';
import { auditDetailJson } from '../../../src/domain/audit/entries';

describe('audit detail', () => {
  it('drops credential-like keys at any depth and keeps the rest', () => {
    const detail = {
      role: 'teacher',
      password: 'p1',
      new_password: 'p2',
      passwordHash: 'h',
      access_token: 't',
      sms_code: '123456',
      nested: { refreshToken: 'r', secret: 's', kept: 1, list: [{ salt: 'x', ok: true }] },
    };
    const json = auditDetailJson(detail)!;
    expect(JSON.parse(json)).toEqual({ role: 'teacher', nested: { kept: 1, list: [{ ok: true }] } });
    expect(json).not.toMatch(/p1|p2|"h"|"t"|123456|"r"|"s"|"x"/);
  });

  it('no detail is stored as null', () => {
    expect(auditDetailJson(undefined)).toBeNull();
  });
});
