// Tests: loop devices over sparse files in a test's folder, all detached when the test is done.

import { execFileSync } from 'node:child_process';
import { truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface LoopDevice {
  device: string;
  /** The file behind it: what a test reads to see what landed on the "stick". */
  backing: string;
}

export class LoopDevices {
  readonly #attached: string[] = [];

  constructor(readonly dir: () => string) {}

  /** A fresh loop device over a sparse file of `size` bytes. */
  make(name: string, size: number): LoopDevice {
    const backing = join(this.dir(), `${name}.backing`);
    writeFileSync(backing, '');
    truncateSync(backing, size);
    const device = execFileSync('losetup', ['--find', '--show', backing], { encoding: 'utf8' }).trim();
    this.#attached.push(device);
    return { device, backing };
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
