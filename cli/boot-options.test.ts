// The boot flags as the CLI reads them: the rpi method's --firmware and --rpi-models, and usage mistakes.

import { describe, expect, test } from 'vitest';
import { bootRequestFromArgs } from './boot-options';

describe('rpi: command-line flags', () => {
  const parse = (values: Parameters<typeof bootRequestFromArgs>[0]) =>
    bootRequestFromArgs(values, (p) => `/abs/${p}`);

  test('--boot rpi with --firmware and --rpi-models', () => {
    const { request } = parse({
      kernel: ['arm64=k.deb'],
      boot: 'uboot,rpi',
      firmware: ['rpi=fw.deb'],
      'rpi-models': 'pi3,5',
    });
    expect(request).toMatchObject({
      methods: ['uboot', 'rpi'],
      firmware: { rpi: '/abs/fw.deb' },
      rpiModels: ['3', '5'],
    });
  });

  test('usage mistakes', () => {
    expect(parse({ kernel: ['arm64=k.deb'], firmware: ['rpi=fw.deb'] }).usage).toMatch(/add rpi to --boot/);
    expect(parse({ kernel: ['arm64=k.deb'], boot: 'rpi', firmware: ['pi=fw.deb'] }).usage).toMatch(
      /--firmware takes rpi=FILE/,
    );
    expect(parse({ kernel: ['arm64=k.deb'], boot: 'rpi', 'rpi-models': '2,4' }).usage).toMatch(
      /--rpi-models takes a list of 3, 4, 5/,
    );
    expect(parse({ firmware: ['rpi=fw.deb'] }).usage).toMatch(/needs at least one --kernel/);
  });
});
