// Property: for any kernel arguments, the boot files either are refused or hold exactly the lines we
// write, with the whole command line inside one token (boot.scr), one APPEND line, one .cmdline section.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { GoArch } from '../../contract/boot';
import { kernelCmdline } from './cmdline';
import { checkKernelArguments } from './kernel-arguments';
import type { BootMethod } from '../../contract/boot';
import { syslinuxConfig } from './syslinux/cfg';
import { ubootScriptText } from './uboot-script';
import { ukiSections } from './uki';

/** Words as a Bourne-style shell (U-Boot's hush) splits a line; undefined if it would expand anything. */
function hushWords(line: string): string[] | undefined {
  const words: string[] = [];
  let word: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i] as string;
    if (c === "'") {
      const end = line.indexOf("'", i + 1);
      if (end === -1) return undefined;
      word = (word ?? '') + line.slice(i + 1, end);
      i = end;
    } else if (c === ' ') {
      if (word !== undefined) words.push(word);
      word = undefined;
    } else if ('"$\\`;#|&<>(){}\n'.includes(c))
      return undefined; // syntax outside single quotes
    else word = (word ?? '') + c;
  }
  if (word !== undefined) words.push(word);
  return words;
}

const tricky = fc.constantFrom(...'\n\r\t\0\u2028\u0085\x7f"\'$\\`;#= {}()|&<>é'.split(''));
const argument = fc.oneof(
  fc.string({ unit: fc.oneof(fc.constantFrom(...'abc=. -_/'.split('')), tricky), maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ maxLength: 40 }),
);
const methodSets = fc.subarray<BootMethod>(['bios', 'uefi', 'uboot'], { minLength: 1 });

const expectedSyslinux = (cmdline: string) => [
  'DEFAULT sourcery',
  'PROMPT 0',
  'TIMEOUT 0',
  'LABEL sourcery',
  '  KERNEL /boot/amd64/vmlinuz',
  `  APPEND ${cmdline}`,
  '',
];

describe('L6: the boot-script encoders never emit a line the user did not write', () => {
  it('refused, or every boot file holds the command line whole and nothing else', () => {
    fc.assert(
      fc.property(
        argument,
        methodSets,
        fc.constantFrom<GoArch>('amd64', 'arm64', 'riscv64'),
        (append, methods, arch) => {
          const checked = checkKernelArguments(append, methods);
          if (!checked.ok) {
            expect(checked.error.code).toBe('E_KERNEL_ARGS');
            expect(checked.error.hint.length).toBeGreaterThan(0);
            return;
          }
          const cmdline = kernelCmdline({
            arch,
            partUuid: '1234abcd-01',
            initramfs: false,
            ...(checked.value ? { append: checked.value } : {}),
          });
          expect(cmdline.endsWith(checked.value ?? 'quiet')).toBe(true);
          if (methods.includes('bios'))
            expect(syslinuxConfig(cmdline, false).split('\n')).toEqual(expectedSyslinux(cmdline));
          if (methods.includes('uefi')) {
            const section = ukiSections(new Uint8Array(1), cmdline, undefined).find(
              (s) => s.name === '.cmdline',
            );
            expect(Buffer.from(section?.data ?? []).toString('latin1')).toBe(cmdline);
          }
          if (methods.includes('uboot') && arch !== 'amd64') {
            const script = ubootScriptText([{ arch, cmdline, initramfs: false }]).split('\n');
            const reference = ubootScriptText([{ arch, cmdline: 'X', initramfs: false }]).split('\n');
            expect(script.length).toBe(reference.length);
            script.forEach((line, i) => {
              if (!line.startsWith('  setenv bootargs ')) return expect(line).toBe(reference[i]);
              expect(hushWords(line)).toEqual(['setenv', 'bootargs', cmdline]);
            });
          }
        },
      ),
      { numRuns: 300, interruptAfterTimeLimit: 15_000 },
    );
  });
});
