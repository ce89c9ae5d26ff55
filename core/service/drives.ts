// Handlers for the drive list and ejecting; a watcher pushes `drivesChanged` once anyone has asked.

import { appError, fail, ok, type Handlers } from '../../contract';
import { listDrives } from '../drives/list';
import { watchDrives } from '../drives/watch';
import { ejectDrive } from '../write/eject';
import type { ServiceContext } from './context';

export const driveHandlers = (context: ServiceContext): Pick<Handlers, 'drivesList' | 'drivesEject'> => {
  let watching: { includeLoop: boolean; controller: AbortController } | undefined;
  // The first list request starts the 1 s poll (with that request's loop choice); hotplug then
  // reaches every window through `drivesChanged` without the renderer polling.
  const watch = (includeLoop: boolean): void => {
    if (watching?.includeLoop === includeLoop) return;
    watching?.controller.abort();
    const controller = new AbortController();
    context.signal?.addEventListener('abort', () => controller.abort(), { once: true });
    watching = { includeLoop, controller };
    void watchDrives({
      list: () => listDrives({ includeLoop }),
      onChange: (changes) => context.emit('drivesChanged', changes.drives),
      signal: controller.signal,
    });
  };
  return {
    drivesList: async (request) => {
      const includeLoop = request.includeLoop ?? false;
      watch(includeLoop);
      return ok(await listDrives({ includeLoop }));
    },
    drivesEject: async ({ device }) => {
      // Only a listed, non-system drive may be ejected: the renderer is not trusted with paths.
      const drive = (await listDrives({ includeLoop: true })).find((d) => d.device === device);
      if (!drive) return fail(appError('E_DRIVE_GONE', `${device} is not connected.`));
      if (drive.system)
        return fail(appError('E_DRIVE_SYSTEM', `${device} is a system drive; it is not ejected.`));
      return ok(await ejectDrive(device));
    },
  };
};
