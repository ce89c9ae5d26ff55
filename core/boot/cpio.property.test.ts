// Property: the initramfs's newc writer (no reader of ours parses cpio; the kernel does) emits what GNU
// cpio reads back exactly, for any names and sizes (every padding case).

import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, expect, it } from 'vitest';
import { writeCpio, type CpioEntry } from './cpio';

const dir = mkdtempSync(join(tmpdir(), 'sourcery-cpio-fuzz-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const name = fc.string({
  unit: fc.constantFrom(...'abcXYZ019._-+ é'.split('')),
  minLength: 1,
  maxLength: 60,
});
const files = fc.uniqueArray(fc.record({ name, data: fc.uint8Array({ maxLength: 3000 }) }), {
  selector: (f) => f.name,
  maxLength: 8,
});

let run = 0;
it('GNU cpio extracts every name and byte the writer was given', () => {
  fc.assert(
    fc.property(files, (given) => {
      const usable = given.filter((f) => f.name !== '.' && f.name !== '..');
      const entries: CpioEntry[] = [
        { path: 'lib', kind: 'dir' },
        ...usable.map((f): CpioEntry => ({ path: `lib/${f.name}`, kind: 'file', data: f.data })),
      ];
      const archive = join(dir, `a${(run += 1)}.cpio`);
      writeFileSync(archive, writeCpio(entries));
      const out = join(dir, `out${run}`);
      mkdirSync(out);
      execFileSync('cpio', ['-id', '--quiet', '-F', archive], { cwd: out });
      expect(readdirSync(join(out, 'lib')).sort()).toEqual(usable.map((f) => f.name).sort());
      for (const f of usable) expect(Buffer.compare(readFileSync(join(out, 'lib', f.name)), f.data)).toBe(0);
      rmSync(out, { recursive: true });
      rmSync(archive);
    }),
    { numRuns: 30, interruptAfterTimeLimit: 5_000 },
  );
});
