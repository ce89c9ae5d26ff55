// Random and mutated requests at the dispatch gate: it always answers, and only valid payloads reach a handler.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dispatch } from './dispatch';
import { everyCallValid, recordingHandlers, type RecordedCall } from './testing/bridge-client';
import { requestArbitrary, validExamples } from './testing/payloads';
import { invokeNames } from '../../contract';

describe('dispatch under random requests', () => {
  it('each valid example reaches its handler (the generator can reach handlers at all)', async () => {
    const calls: RecordedCall[] = [];
    for (const name of invokeNames) await dispatch(recordingHandlers(calls), name, validExamples[name]);
    expect(calls.map((call) => call.name)).toEqual([...invokeNames]);
  });

  it('never throws, always returns a Result, and hands handlers schema-valid payloads only', async () => {
    const calls: RecordedCall[] = [];
    const handlers = recordingHandlers(calls);
    await fc.assert(
      fc.asyncProperty(requestArbitrary, async ([name, payload]) => {
        const result = await dispatch(handlers, name, payload, { report: () => {} });
        expect(typeof result.ok).toBe('boolean');
        if (!result.ok) expect(JSON.stringify(result.error)).not.toMatch(/\n\s+at /);
        expect(everyCallValid(calls)).toBe(true);
      }),
      { numRuns: 300, interruptAfterTimeLimit: 20_000 },
    );
    expect(calls.length).toBeGreaterThan(0);
  });
});
