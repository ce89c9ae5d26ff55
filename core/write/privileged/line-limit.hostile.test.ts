// A peer that never ends its line is dropped at the limit, not buffered until a timeout (L9).

import { connect, type Socket } from 'node:net';
import { Readable } from 'node:stream';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { startThroughChannel, type Launch } from './channel';
import { lineSplitter, peerLineLimit } from './protocol';

describe('L9: line lengths are bounded', () => {
  it('splits any chunking of lines under the limit exactly, and stops once at a longer one', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.string({ maxLength: 10, unit: 'grapheme' }).map((s) => s.replace(/\n/g, '')),
          { maxLength: 20 },
        ),
        fc.array(fc.integer({ min: 1, max: 30 }), { minLength: 1, maxLength: 10 }),
        fc.integer({ min: 401, max: 600 }),
        (lines, cuts, long) => {
          const text = Buffer.from(`${lines.map((l) => `${l}\n`).join('')}${'x'.repeat(long)}\nafter\n`);
          const seen: string[] = [];
          let dropped = 0;
          const split = lineSplitter((l) => seen.push(l), {
            maxLength: 400,
            onTooLong: () => (dropped += 1),
          });
          for (let at = 0, i = 0; at < text.length; i += 1) {
            const size = cuts[i % cuts.length] ?? 1;
            split(text.subarray(at, at + size)); // UTF-8 characters cut between chunks too
            at += size;
          }
          expect(seen).toEqual(lines);
          expect(dropped).toBe(1);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('drops a stranger on the channel as soon as its line passes 1 MiB, not after the 10 s hello', async () => {
    let stranger: Socket | undefined;
    const launch: Launch = (_file, args) => {
      const address = args[args.indexOf('--channel') + 1] ?? '';
      const closed = new Promise<{ code: number | null }>((resolve) => {
        stranger = connect(address, () => stranger?.write('x'.repeat(peerLineLimit + 64 * 1024)));
        stranger.on('error', () => undefined);
        stranger.on('close', () => resolve({ code: 0 }));
      });
      return { stderr: Readable.from([]), closed };
    };
    const started = Date.now();
    const child = await startThroughChannel(launch, { file: 'none', args: [], env: {} });
    child.stdout.resume();
    await child.closed;
    expect(Date.now() - started).toBeLessThan(5000);
  });
});
