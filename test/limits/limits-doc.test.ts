// docs/limits.md says the throttle numbers once, in a block generated from THROTTLES (`npm run limits-doc`):
// the block must be current, and no throttle figure may be written by hand elsewhere in it or the README.
import { describe, expect, it } from 'vitest';
import limitsDoc from '../../docs/limits.md?raw';
import readme from '../../README.md?raw';
import wranglerToml from '../../wrangler.toml?raw';
import { THROTTLES } from '../../src/platform/rate-limit';
import { END, handWrittenThrottleFigures, renderThrottles, START, withThrottles } from './limits-doc';

describe('docs/limits.md throttle numbers', () => {
  it('the table and its paragraph are what `npm run limits-doc` writes from THROTTLES', () => {
    expect(limitsDoc).toContain(START);
    expect(limitsDoc).toContain(END);
    expect(withThrottles(limitsDoc, renderThrottles(wranglerToml))).toBe(limitsDoc);
  });

  it('every throttle has its row with its numbers', () => {
    const block = limitsDoc.slice(limitsDoc.indexOf(START), limitsDoc.indexOf(END));
    for (const t of Object.values(THROTTLES))
      expect(block).toMatch(new RegExp(`\\| \`${t.binding}\` \\([^)]*\\) \\| ${t.limit} / ${t.period} s \\|`));
  });

  it('no throttle figure is written by hand outside the generated block', () => {
    expect(handWrittenThrottleFigures(limitsDoc)).toEqual([]);
    expect(handWrittenThrottleFigures(readme)).toEqual([]);
  });

  it('the hand-written check catches the figures the old prose had', () => {
    const old =
      'identifier: 10 sign-ins a minute on one identifier; looser (60 sign-ins, 20 registrations a minute); 20 uploads and 5 imports a minute; `X` (1007) | 20 / 60 s |';
    expect(handWrittenThrottleFigures(old)).toEqual([
      '10 sign-ins a minute',
      '60 sign-ins, 20 registrations a minute',
      '20 uploads and 5 imports a minute',
      '20 / 60 s',
    ]);
  });
});
