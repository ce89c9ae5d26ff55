// Checks that QEMU and the firmware for a machine are installed; if not, says what to install.

import { access, constants } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import { appError, fail, ok, type Result } from '../../contract/errors';
import type { Machine } from './machines';

const exists = (path: string, mode = constants.R_OK): Promise<boolean> =>
  access(path, mode).then(
    () => true,
    () => false,
  );

/** The program's full path on `searchPath` (default $PATH), or E_QEMU with the apt-get line. */
export async function findQemu(
  machine: Machine,
  searchPath = process.env.PATH ?? '',
): Promise<Result<string>> {
  const install = `sudo apt-get install ${machine.packages.join(' ')}`;
  let program: string | undefined;
  for (const dir of searchPath.split(delimiter).filter(Boolean)) {
    if (await exists(join(dir, machine.program), constants.X_OK)) {
      program = join(dir, machine.program);
      break;
    }
  }
  if (!program)
    return fail(
      appError('E_QEMU', `${machine.program} is not installed, so the image cannot be booted here.`, {
        hint: `Install QEMU: \`${install}\` (on other systems, your package manager's QEMU), then try again.`,
      }),
    );
  for (const file of machine.files)
    if (!(await exists(file)))
      return fail(
        appError('E_QEMU', `The firmware file ${file} is missing.`, {
          hint: `Install it: \`${install}\`, then try again.`,
        }),
      );
  return ok(program);
}
