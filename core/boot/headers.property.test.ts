// Property: the header parsers fed from packages (kernel heads, module ELF, the EFI stub's PE) answer
// every mutated input with a value or an AppError, never a throw.

import { existsSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { inspectKernelHead } from './kernel';
import { readModInfo } from './packages/modinfo';
import { fakeBzImage, fakeImage, fakeModule } from './testing/fixtures';
import { assembleUki, ukiSections } from './uki';

const stubPath = '/usr/lib/systemd/boot/efi/linuxx64.efi.stub';

/** `base` with up to 12 bytes set, biased to the first `hot` bytes where the headers are. */
const mutated = (base: Uint8Array, hot: number) =>
  fc
    .array(fc.record({ at: fc.nat(), inHead: fc.boolean(), value: fc.integer({ min: 0, max: 255 }) }), {
      maxLength: 12,
    })
    .chain((edits) =>
      fc.nat({ max: base.length }).map((cut) => {
        const copy = new Uint8Array(base);
        for (const { at, inHead, value } of edits)
          copy[at % (inHead ? Math.min(hot, copy.length) : copy.length)] = value;
        return cut % 4 === 0 ? copy.subarray(0, cut) : copy;
      }),
    );

describe('header parsers against damaged input', () => {
  it('inspectKernelHead: a KernelInfo or an AppError', () => {
    const bases = [fakeBzImage(8192), fakeImage('arm64', 8192, 6000), fakeImage('riscv64', 8192)];
    fc.assert(
      fc.property(
        fc.nat({ max: bases.length - 1 }).chain((i) => mutated(bases[i] ?? new Uint8Array(), 1024)),
        fc.nat(),
        (head, size) => {
          const result = inspectKernelHead(head, size, 'k');
          if (!result.ok) expect(result.error.code).toBe('E_KERNEL_INVALID');
        },
      ),
      { numRuns: 300 },
    );
  });

  it('readModInfo: the module info or undefined', () => {
    fc.assert(
      fc.property(mutated(fakeModule('vfat', ['fat']), 512), (elf) => {
        const info = readModInfo(elf);
        if (info) expect(Array.isArray(info.depends)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it.runIf(existsSync(stubPath))('assembleUki: a unified image or E_BOOT_PAYLOAD', () => {
    const stub = new Uint8Array(readFileSync(stubPath));
    const sections = ukiSections(new Uint8Array(100), 'quiet', undefined);
    const pe = new DataView(stub.buffer).getUint32(0x3c, true);
    // Also whole header fields set to hostile values: e_lfanew, section count, optional header size,
    // alignments, SizeOfHeaders.
    const fields = [0x3c, pe + 6, pe + 20, pe + 24 + 32, pe + 24 + 36, pe + 24 + 60];
    const withFields = fc
      .tuple(
        mutated(stub, 1024),
        fc.array(
          fc.record({
            field: fc.constantFrom(...fields),
            value: fc.oneof(
              fc.constantFrom(0, 1, 3, stub.length - 24, stub.length, 0xffff, 0xffffffff),
              fc.nat(),
            ),
          }),
          { maxLength: 3 },
        ),
      )
      .map(([bytes, sets]) => {
        const copy = new Uint8Array(bytes);
        const view = new DataView(copy.buffer);
        for (const { field, value } of sets)
          if (field + 4 <= copy.length) view.setUint32(field, value >>> 0, true);
        return copy;
      });
    fc.assert(
      fc.property(withFields, (bytes) => {
        const result = assembleUki(bytes, sections, 'stub');
        if (!result.ok) expect(result.error.code).toBe('E_BOOT_PAYLOAD');
      }),
      { numRuns: 300 },
    );
  });
});
