// Handlers that start and cancel flash jobs; progress and log lines go out as events.

import { appError, fail, ok, type Handlers } from '../../contract';
import type { FlashStartTarget } from '../../contract/invoke';
import type { AppError } from '../../contract/errors';
import { listDrives } from '../drives/list';
import { toAppError } from '../errors';
import { classifyTarget } from '../io/platform-io';
import { flashTree } from '../write/flash-tree';
import type { HandlerContext } from './context';

export const flashHandlers = (context: HandlerContext): Pick<Handlers, 'flashStart' | 'flashCancel'> => {
  const running = new Map<string, AbortController>();
  return {
    flashStart: async (request) => {
      if (running.has(request.jobId))
        return fail(appError('E_BAD_REQUEST', `Job ${request.jobId} is already running.`));
      // The renderer is not trusted with paths: each target must be exactly a listed drive, or an
      // image file (`.img`) by the image rule; the engine checks both again right before writing.
      const refused = await refuseUntrustedTargets(request.targets, request.includeLoop ?? false);
      if (refused) return fail(refused);
      const controller = new AbortController();
      running.set(request.jobId, controller);
      try {
        return await flashTree(request, {
          signal: controller.signal,
          threads: context.threads,
          onProgress: (progress) => context.emit('jobProgress', progress),
          onLog: (line) => context.emit('jobLog', line),
          onElevating: () =>
            context.emit('jobLog', {
              jobId: request.jobId,
              level: 'info',
              message: 'Asking for permission to write the drives...',
              time: new Date().toISOString(),
            }),
        });
      } catch (thrown) {
        return fail(toAppError(thrown, `Flash job ${request.jobId} failed.`));
      } finally {
        running.delete(request.jobId);
      }
    },
    flashCancel: async ({ jobId }) => {
      const controller = running.get(jobId);
      controller?.abort();
      return ok({ cancelled: controller !== undefined });
    },
  };
};

/** Why a target from the renderer or the bridge is not a listed drive or an `.img` image path, if it is not. */
async function refuseUntrustedTargets(
  targets: FlashStartTarget[],
  includeLoop: boolean,
): Promise<AppError | undefined> {
  let listed: string[] | undefined;
  for (const target of targets) {
    const classified = await classifyTarget(target.device);
    if (classified.kind === 'device' || classified.deviceArea) {
      listed ??= (await listDrives({ includeLoop })).map((d) => d.device);
      if (!listed.includes(target.device))
        return appError('E_DRIVE_GONE', `${target.device} is not a drive this machine lists.`, {
          hint: 'Choose the drive again from the list.',
        });
    } else if (!/\.img$/i.test(classified.path))
      return appError(
        'E_IO',
        `${target.device} is neither a listed drive nor an image file ending in .img.`,
        {
          hint: 'Name the image file with .img at the end (/home/me/sourcery.img), or choose a drive.',
        },
      );
  }
  return undefined;
}
