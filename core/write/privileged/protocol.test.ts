// The writer's result lines carry FlashTargetResult as a discriminated union: a failure always says why.

import { expect, it } from 'vitest';
import { toParent } from './protocol';

const error = {
  code: 'E_VERIFY_MISMATCH',
  title: 'Verify failed',
  detail: 'byte 4096',
  hint: 'Try another stick.',
};
const base = { device: '/dev/sdz', bytesWritten: 4096, direct: true };
const parses = (result: object) => toParent.safeParse({ type: 'result', results: [result] }).success;

it('takes a written target and a failed one with its error', () => {
  expect(parses({ ...base, ok: true, verified: true, eject: 'ejected' })).toBe(true);
  expect(parses({ ...base, ok: true, verified: false })).toBe(true);
  expect(parses({ ...base, ok: false, error, verified: false, firstMiBZeroed: true })).toBe(true);
});

it('refuses a failed target without an error, or one that claims to be verified', () => {
  expect(parses({ ...base, ok: false, verified: false })).toBe(false);
  expect(parses({ ...base, ok: false, error, verified: true })).toBe(false);
  expect(parses({ ...base, ok: 'yes', verified: true })).toBe(false);
});
