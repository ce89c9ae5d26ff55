// Handlers for "Try it in an emulator": boot an image in QEMU, console lines as jobLog events.

import { appError, fail, ok, type Handlers } from '../../contract';
import { bootTest } from '../qemu/boot-test';
import type { ServiceContext } from './context';

export const bootTestHandlers = (context: ServiceContext): Pick<Handlers, 'bootTest' | 'bootTestCancel'> => {
  const running = new Map<string, AbortController>();
  return {
    bootTest: async ({ jobId, image, arch, firmware, timeoutSeconds }) => {
      if (running.has(jobId))
        return fail(appError('E_BAD_REQUEST', `Boot test ${jobId} is already running.`));
      const controller = new AbortController();
      context.signal?.addEventListener('abort', () => controller.abort(), { once: true });
      running.set(jobId, controller);
      try {
        const result = await bootTest(
          {
            image,
            arch,
            ...(firmware ? { firmware } : {}),
            ...(timeoutSeconds ? { timeoutSeconds } : {}),
            allowDevices: false,
          },
          {
            signal: controller.signal,
            onLine: (message) =>
              context.emit('jobLog', { jobId, level: 'info', message, time: new Date().toISOString() }),
          },
        );
        if (!result.ok) return result;
        // The console already went out line by line, as jobLog events.
        const { seconds, matched, command } = result.value;
        return ok({ seconds, matched, command });
      } finally {
        running.delete(jobId);
      }
    },
    bootTestCancel: async ({ jobId }) => {
      const controller = running.get(jobId);
      controller?.abort();
      return ok({ cancelled: controller !== undefined });
    },
  };
};
