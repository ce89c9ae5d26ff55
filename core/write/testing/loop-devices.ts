// Tests: loop devices over sparse files, each detached again when its test (or spec file) is done.

import { execFileSync } from 'node:child_process';
import { truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface LoopDevice {
  device: string;
  /** The file behind it: what a test reads to see what landed on the "stick". */
  backing: string;
  /** Detaches it now (a test that tracks its own devices). */
  detach(): void;
}

/** Why loop devices cannot be used here, or false when they can. */
export const canUseLoop = (): string | false => {
  if (process.getuid?.() !== 0) return 'loop devices need root';
  try {
    execFileSync('losetup', ['--version'], { stdio: 'ignore' });
    return false;
  } catch {
    return 'losetup is not installed';
  }
};

/** A sparse file of `size` bytes at `backing`, attached as a loop device. */
export function attachLoop(backing: string, size: number): LoopDevice {
  writeFileSync(backing, '');
  truncateSync(backing, size);
  const device = execFileSync('losetup', ['--find', '--show', backing], { encoding: 'utf8' }).trim();
  return { device, backing, detach: () => execFileSync('losetup', ['-d', device]) };
}

export class LoopDevices {
  readonly #attached: string[] = [];

  constructor(readonly dir: () => string) {}

  /** A fresh loop device over a sparse file of `size` bytes in the test's folder. */
  make(name: string, size: number): LoopDevice {
    const loop = attachLoop(join(this.dir(), `${name}.backing`), size);
    this.#attached.push(loop.device);
    return loop;
  }

  /** Another loop device (a partition view, say) to detach with the rest. */
  adopt(device: string): void {
    this.#attached.push(device);
  }

  /** Forgets a device the test detached itself. */
  forget(device: string): void {
    this.#attached.splice(this.#attached.indexOf(device), 1);
  }

  /** Newest first, since a partition view keeps the device under it busy; one failure stops no other. */
  detachAll(): void {
    for (const device of this.#attached.splice(0).reverse()) {
      try {
        execFileSync('losetup', ['-d', device], { stdio: 'ignore' });
      } catch {
        // Already gone (a test detached it) or still busy: the kernel clears it once released.
      }
    }
  }
}
