// Packs this checkout with `npm pack` and installs the tarball into an empty prefix, as a user would.

import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const checkout = join(import.meta.dirname, '..', '..');

export interface InstalledPackage {
  /** The installed package folder (prefix/lib/node_modules/sourcery-flasher). */
  dir: string;
  /** The `sourcery-flash` command npm linked into prefix/bin. */
  command: string;
}

/** Needs out/ built first (`npm run build`): the package ships the build, not the sources. */
export function installPacked(work: string): InstalledPackage {
  const prefix = join(work, 'prefix');
  const packed = execFileSync('npm', ['pack', '--silent', '--pack-destination', work], {
    cwd: checkout,
    encoding: 'utf8',
  }).trim();
  execFileSync(
    'npm',
    [
      'install',
      '--global',
      '--prefix',
      prefix,
      '--no-audit',
      '--no-fund',
      '--allow-scripts=drivelist',
      join(work, packed),
    ],
    { cwd: work, stdio: ['ignore', 'ignore', 'inherit'] },
  );
  return {
    dir: join(prefix, 'lib', 'node_modules', 'sourcery-flasher'),
    command: join(prefix, 'bin', 'sourcery-flash'),
  };
}
