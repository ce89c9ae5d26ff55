// Launch codes work once and only while fresh; secrets compare by digest whatever is given.

import { describe, expect, it } from 'vitest';
import { createLaunchCodes, secretMatches } from './secrets';

describe('launch codes and secret comparison', () => {
  it('redeems a code once, refuses it after its lifetime, and refuses anything else', () => {
    let now = 1000;
    const codes = createLaunchCodes(() => now);
    const once = codes.issue(60_000);
    const late = codes.issue(60_000);
    expect(codes.redeem(once)).toBe(true);
    expect(codes.redeem(once)).toBe(false);
    now += 60_001;
    expect(codes.redeem(late)).toBe(false);
    for (const given of [undefined, null, 42, {}, '', 'é'.repeat(22), late.toUpperCase()])
      expect(codes.redeem(given)).toBe(false);
  });

  it('compares strings of any length and encoding without throwing', () => {
    expect(secretMatches('abc', 'abc')).toBe(true);
    for (const given of ['abd', 'é'.repeat(3), '\u0000', 'x'.repeat(10_000), 7, null])
      expect(secretMatches(given, 'abc')).toBe(false);
  });
});
