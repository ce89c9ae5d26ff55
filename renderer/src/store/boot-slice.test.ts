// The wizard's boot request: only the methods the engine's rule (contract/boot.ts) allows for its kernels.

import { expect, test } from 'vitest';
import { bootMethodNames, goArchs, methodAllowed, type GoArch } from '../../../contract';
import { bootRequestOf, type BootSlice } from './boot-slice';

const subsets: GoArch[][] = [['amd64'], ['arm64'], ['riscv64'], ['amd64', 'arm64'], [...goArchs]];

test('the wizard sends only the methods the rule allows for its checked kernels', () => {
  for (const archs of subsets) {
    const slice = {
      kernels: Object.fromEntries(archs.map((a) => [a, { path: `/k/${a}`, checking: false, kernel: {} }])),
      methods: [...bootMethodNames],
      append: '',
      rpiFirmware: '',
    } as unknown as BootSlice;
    expect(bootRequestOf(slice)?.methods).toEqual(bootMethodNames.filter((m) => methodAllowed(m, archs)));
  }
});
