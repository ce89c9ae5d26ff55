// Chooses how to start the writer with the rights to open devices: not at all when already root.

import { execa } from 'execa';
import { appError, type AppError } from '../../../contract/errors';

export type Elevation = 'none' | 'pkexec' | 'sudo' | 'osascript' | 'uac';

const onPath = async (tool: string): Promise<boolean> =>
  !(await execa('sh', ['-c', `command -v ${tool}`], { reject: false })).failed;

/**
 * Whether this process may already open disks: root, or on Windows an elevated process ("Run as
 * administrator"), told by `fltmc`, which lists file-system filters only for administrators.
 */
export async function alreadyElevated(platform: NodeJS.Platform = process.platform): Promise<boolean> {
  if (platform === 'win32') return !(await execa('fltmc', [], { reject: false })).failed;
  return process.getuid?.() === 0;
}

/** The ways to try, best first; empty means there is none (the error says what to do). */
export async function elevationsAvailable(): Promise<Elevation[] | AppError> {
  if (await alreadyElevated()) return ['none'];
  if (process.platform === 'darwin') return ['osascript'];
  if (process.platform === 'win32') return ['uac'];
  const ways: Elevation[] = [];
  if (await onPath('pkexec')) ways.push('pkexec');
  if (await onPath('sudo')) ways.push('sudo');
  if (ways.length > 0) return ways;
  return appError(
    'E_ELEVATION',
    'Neither pkexec nor sudo is installed, so the drive cannot be opened for writing.',
    {
      hint: "Install polkit (`sudo apt install pkexec` or your distribution's polkit package), or run as root.",
    },
  );
}

/** pkexec's own failures, before our child ever ran, turned into advice. */
export function pkexecFailure(exitCode: number | null, stderr: string): AppError | undefined {
  if (/no authentication agent/i.test(stderr))
    return appError('E_ELEVATION', 'pkexec found no polkit authentication agent to ask for your password.', {
      hint:
        'Start a polkit agent for your desktop (for example `lxpolkit &`, or `/usr/lib/polkit-gnome/polkit-gnome-authentication-agent-1 &`), ' +
        'or run `sudo sourcery-flash flash ...` from a terminal.',
      cause: stderr.trim(),
    });
  if (/error getting authority|could not connect/i.test(stderr))
    return appError(
      'E_ELEVATION',
      'pkexec could not reach polkit (its service or the system D-Bus is not running).',
      {
        hint: 'Start polkit (`systemctl start polkit`), or run `sudo sourcery-flash flash ...` from a terminal.',
        cause: stderr.trim(),
      },
    );
  if (exitCode === 126 || /not authorized|dismissed/i.test(stderr))
    return appError(
      'E_ELEVATION',
      'The password prompt was dismissed or the password was refused; nothing was written.',
      {
        cause: stderr.trim(),
      },
    );
  return undefined;
}
