// Handlers that start and cancel flash jobs; progress and log lines go out as events.

import { appError, fail, ok, type Handlers } from '../../contract';
import { toAppError } from '../errors';
import { flashTree } from '../write/flash-tree';
import type { ServiceContext } from './context';

export const flashHandlers = (context: ServiceContext): Pick<Handlers, 'flashStart' | 'flashCancel'> => {
  const running = new Map<string, AbortController>();
  return {
    flashStart: async (request) => {
      if (running.has(request.jobId))
        return fail(appError('E_BAD_REQUEST', `Job ${request.jobId} is already running.`));
      // The renderer is not trusted with paths: a target that is not a listed device can only be a
      // `.img` file (re-checked against the drive list and the held paths in the engine).
      const notImage = request.targets.find(
        (t) => !t.device.startsWith('/dev/') && !/\.img$/i.test(t.device),
      );
      if (notImage)
        return fail(
          appError(
            'E_BAD_REQUEST',
            `${notImage.device} is neither a drive nor an image file ending in .img.`,
          ),
        );
      const controller = new AbortController();
      running.set(request.jobId, controller);
      try {
        return await flashTree(request, {
          signal: controller.signal,
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
