import { describe, expect, it } from 'vitest';
import { contactView, maskEmail, maskHandle, maskPhone, seesContactOf } from '../../../src/domain/accounts/privacy';
import { ROLES } from '../../../src/domain/accounts/roles';

describe('maskPhone', () => {
  it('an 11-digit mobile: first 3, four asterisks, last 4', () => {
    expect(maskPhone('13833916349')).toBe('138****6349');
    expect(maskPhone('11111195337')).toBe('111****5337');
  });

  it('longer numbers keep the same shape (four asterisks: the length is not told)', () => {
    expect(maskPhone('+8613833916349')).toBe('+86****6349');
  });

  it('a short phone never shows itself: at least four characters stay hidden, the first 3 only on 11+', () => {
    expect(maskPhone('1383391634')).toBe('****1634');
    expect(maskPhone('12345678')).toBe('****5678');
    expect(maskPhone('1234567')).toBe('****567');
    expect(maskPhone('123456')).toBe('****56');
    expect(maskPhone('12345')).toBe('****5');
    for (const p of ['1234', '12', '1']) expect(maskPhone(p), p).toBe('****');
  });

  it('a missing value stays missing: null is null, "" is ""', () => {
    expect(maskPhone(null)).toBeNull();
    expect(maskPhone(undefined)).toBeUndefined();
    expect(maskPhone('')).toBe('');
  });
});

describe('maskEmail', () => {
  it('the first character of the local part, three asterisks, the domain', () => {
    expect(maskEmail('teacher@example.com')).toBe('t***@example.com');
    expect(maskEmail('Zhang.San+tag@school.edu.cn')).toBe('Z***@school.edu.cn');
  });

  it('a short local part: two characters keep one; one character keeps none (it would be shown whole)', () => {
    expect(maskEmail('ab@example.com')).toBe('a***@example.com');
    expect(maskEmail('a@example.com')).toBe('***@example.com');
  });

  it('the last @ splits local part and domain; text without @ is masked like a handle', () => {
    expect(maskEmail('"a@b"@example.com')).toBe('"***@example.com');
    expect(maskEmail('not-an-email')).toBe('n***');
  });

  it('characters, not UTF-16 units: a non-BMP first character is kept whole', () => {
    expect(maskEmail('😀smile@example.com')).toBe('😀***@example.com');
  });

  it('a missing value stays missing: null is null, "" is ""', () => {
    expect(maskEmail(null)).toBeNull();
    expect(maskEmail(undefined)).toBeUndefined();
    expect(maskEmail('')).toBe('');
  });

  it('the masked address is still a string of the e-mail kind: local part, @, the same domain', () => {
    // RFC 5322 atext includes `*`, so `t***@example.com` is a syntactically valid address (JSON Schema `format: email`).
    expect(maskEmail('teacher@example.com')).toMatch(/^[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]+@example\.com$/);
  });
});

describe('maskHandle (WeChat id)', () => {
  it('first character and three asterisks; one character or none shows none', () => {
    expect(maskHandle('wx_teacher01')).toBe('w***');
    expect(maskHandle('w')).toBe('***');
    expect(maskHandle('')).toBe('');
    expect(maskHandle(null)).toBeNull();
  });
});

describe('who sees contact details in full', () => {
  it('the account itself, whatever its role', () => {
    for (const role of ROLES) expect(seesContactOf({ accountId: 7, role }, 7), role).toBe(true);
  });

  it('administrators (admin, sysadmin) for any account; liaisons, teachers and students only for their own', () => {
    expect(seesContactOf({ accountId: 1, role: 'admin' }, 7)).toBe(true);
    expect(seesContactOf({ accountId: 1, role: 'sysadmin' }, 7)).toBe(true);
    for (const role of ['liaison', 'teacher', 'student'] as const) expect(seesContactOf({ accountId: 1, role }, 7), role).toBe(false);
  });

  it('nobody signed in sees nothing in full', () => {
    expect(seesContactOf(null, 7)).toBe(false);
    expect(seesContactOf(undefined, 7)).toBe(false);
  });

  it('contactView applies the decision to each field', () => {
    const full = contactView({ accountId: 7, role: 'teacher' }, 7);
    expect([full.full, full.phone('13833916349'), full.email('t@x.cn'), full.handle('wx1')]).toEqual([
      true,
      '13833916349',
      't@x.cn',
      'wx1',
    ]);
    const masked = contactView({ accountId: 8, role: 'liaison' }, 7);
    expect([masked.full, masked.phone('13833916349'), masked.email('teacher@x.cn'), masked.handle('wx1'), masked.email(null)]).toEqual([
      false,
      '138****6349',
      't***@x.cn',
      'w***',
      null,
    ]);
  });
});
