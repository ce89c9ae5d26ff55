// Real block devices for e2e tests: loop devices over files, detached again afterwards.

import { execFileSync } from 'node:child_process';
import { closeSync, openSync, ftruncateSync } from 'node:fs';

export interface LoopDevice {
  device: string;
  file: string;
  detach(): void;
}

export const canUseLoop = (): string | false => {
  if (process.getuid?.() !== 0) return 'loop devices need root';
  try {
    execFileSync('losetup', ['--version'], { stdio: 'ignore' });
    return false;
  } catch {
    return 'losetup is not installed';
  }
};

/** A sparse file of `size` bytes attached as a loop device. */
export function attachLoop(file: string, size: number): LoopDevice {
  const fd = openSync(file, 'w');
  ftruncateSync(fd, size);
  closeSync(fd);
  const device = execFileSync('losetup', ['--find', '--show', file], { encoding: 'utf8' }).trim();
  return {
    device,
    file,
    detach: () => execFileSync('losetup', ['-d', device]),
  };
}
