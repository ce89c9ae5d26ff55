// Ejects (powers off) a stick after a successful write, where the OS lets us; never fails the job.

import { execa } from 'execa';
import { withOwnRights } from '../io/source-rights';

/** Tries the platform's ways in order; returns what happened, for the log. */
export async function ejectDrive(device: string): Promise<{ ejected: boolean; message: string }> {
  const attempts: Array<[string, string[]]> =
    process.platform === 'darwin'
      ? [['diskutil', ['eject', device]]]
      : process.platform === 'linux'
        ? [
            ['eject', [device]],
            ['udisksctl', ['power-off', '--no-user-interaction', '-b', device]],
          ]
        : [];
  const errors: string[] = [];
  for (const [tool, args] of attempts) {
    // Root's to do, in the privileged writer (source-rights.ts).
    const result = await withOwnRights(() => execa(tool, args, { reject: false }));
    if (!result.failed)
      return { ejected: true, message: `${device} ejected with ${tool}; it can be unplugged.` };
    errors.push(
      `${tool}: ${result.code === 'ENOENT' ? 'not installed' : String(result.stderr || result.shortMessage)}`,
    );
  }
  const why = errors.length ? errors.join('; ') : `ejecting is not supported on ${process.platform}`;
  return {
    ejected: false,
    message: `${device} was written and verified but not ejected (${why}); unplug it when its light stops.`,
  };
}
