// Handlers for workshop mode: start watching for sticks, stop; every change goes out as workshopTally.

import { appError, fail, ok, type Handlers } from '../../contract';
import type { DriveDTO, WorkshopSummary } from '../../contract/dto';
import { planBytes } from '../io/plan';
import { prepareWorkshop } from '../workshop/prepare-workshop';
import { runWorkshop } from '../workshop/workshop';
import type { HandlerContext } from './context';

export const workshopHandlers = (
  context: HandlerContext,
): Pick<Handlers, 'workshopStart' | 'workshopStop'> => {
  const running = new Map<string, { controller: AbortController; finished: Promise<WorkshopSummary> }>();
  return {
    workshopStart: async (request) => {
      const { jobId } = request;
      if (running.has(jobId)) return fail(appError('E_BAD_REQUEST', `Workshop ${jobId} is already running.`));
      const controller = new AbortController();
      context.signal?.addEventListener('abort', () => controller.abort(), { once: true });
      const prepared = await prepareWorkshop({ ...request, signal: controller.signal });
      if (!prepared.ok) return prepared;
      const { image, range, chosen } = prepared.value;
      let ready: (present: DriveDTO[]) => void = () => undefined;
      const present = new Promise<DriveDTO[]>((resolve) => (ready = resolve));
      const finished = runWorkshop(
        {
          jobId,
          image,
          range,
          includeLoop: request.includeLoop ?? false,
          eject: request.eject ?? true,
          chosen: chosen.map((d) => d.device),
          fixedDisks: request.fixedDisks ?? [],
        },
        {
          signal: controller.signal,
          threads: context.threads,
          onReady: ready,
          onStick: (stick, tally) => context.emit('workshopTally', { jobId, stick, tally }),
          onProgress: (progress) => context.emit('jobProgress', progress),
          onLog: (line) => context.emit('jobLog', line),
        },
      ).then((summary) => ({ jobId, ...summary }));
      running.set(jobId, { controller, finished });
      // Stopped before the first drive poll: nothing was present, nothing was touched.
      const atStart = await Promise.race([present, finished.then(() => [])]);
      const untouched = atStart.map((d) => d.device).filter((d) => !chosen.some((c) => c.device === d));
      return ok({ jobId, size: image.plan.size, planBytes: planBytes(image.plan), untouched });
    },
    workshopStop: async ({ jobId }) => {
      const workshop = running.get(jobId);
      if (!workshop) return fail(appError('E_BAD_REQUEST', `No workshop ${jobId} is running.`));
      workshop.controller.abort();
      const summary = await workshop.finished;
      running.delete(jobId);
      return ok(summary);
    },
  };
};
