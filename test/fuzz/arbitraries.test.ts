import { describe, expect, it } from 'vitest';
import { usernamePattern } from '../../src/http/params';
import { VISIBLE_NON_ASCII, VISIBLE_NON_ASCII_RANGES } from './arbitraries';

describe('the fuzzers draw usernames from the characters the pattern accepts', () => {
  it('the negated class is in usernamePattern as the fuzzers replace it', () => {
    expect(usernamePattern('.@-').source).toContain(VISIBLE_NON_ASCII);
  });

  it('the ranges and the negated class accept the same characters of the BMP', () => {
    const negated = new RegExp(`^${VISIBLE_NON_ASCII}$`);
    const ranges = new RegExp(`^${VISIBLE_NON_ASCII_RANGES}$`);
    const differ: string[] = [];
    for (let c = 0; c <= 0xffff; c++) {
      const ch = String.fromCharCode(c);
      if (negated.test(ch) !== ranges.test(ch)) differ.push(c.toString(16));
    }
    expect(differ).toEqual([]);
  });
});
