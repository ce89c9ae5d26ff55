// The boot-method rule that the engine (core/boot/prepare.ts) and the wizard (boot-slice.ts) both apply.

import { expect, test } from 'vitest';
import { bootMethodNames, goArchs, isGoArch, methodAllowed, type GoArch } from './boot';

const archSubsets: GoArch[][] = [[], ['amd64'], ['arm64'], ['riscv64'], ['amd64', 'arm64'], [...goArchs]];

test('BIOS needs amd64, U-Boot arm64 or riscv64, the Pi arm64, UEFI any kernel', () => {
  const table = archSubsets.map((archs) => bootMethodNames.filter((m) => methodAllowed(m, archs)));
  expect(table).toEqual([
    ['uefi'],
    ['bios', 'uefi'],
    ['uefi', 'uboot', 'rpi'],
    ['uefi', 'uboot'],
    ['bios', 'uefi', 'uboot', 'rpi'],
    ['bios', 'uefi', 'uboot', 'rpi'],
  ]);
  expect(goArchs.every(isGoArch)).toBe(true);
  expect(isGoArch('mips')).toBe(false);
});
