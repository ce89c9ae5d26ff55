// Handlers for sourcery roots: inspect, build, download, open; progress and logs go out as events.

import { ok, type Handlers, type RootManifest } from '../../contract';
import { fail, appError, type Result } from '../errors';
import { buildRoot } from '../root/build/build-root';
import { uRoot } from '../root/build/sources';
import { fetchRoot } from '../root/fetch-root';
import { inspectRoot } from '../root/inspect';
import { useLocalRoot } from '../root/local-root';
import type { RootEvents, RootProgress } from '../root/progress';
import type { ServiceContext } from './context';

type RootHandlers = Pick<Handlers, 'rootInspect' | 'rootBuild' | 'rootFetch' | 'rootOpen' | 'rootCancel'>;

/** Turns a root job's callbacks into jobProgress and jobLog events for `jobId`. */
function eventsFor(context: ServiceContext, jobId: string): RootEvents {
  return {
    onProgress: (p: RootProgress) =>
      context.emit('jobProgress', {
        jobId,
        phase: p.phase,
        step: p.arch && !p.step.includes(p.arch) ? `${p.step} (${p.arch})` : p.step,
        bytesDone: p.bytesDone,
        bytesTotal: p.bytesTotal,
        speed: p.speed,
        ...(p.eta === undefined ? {} : { eta: p.eta }),
      }),
    onLog: (level, message) =>
      context.emit('jobLog', { jobId, level, message, time: new Date().toISOString() }),
  };
}

export const rootHandlers = (context: ServiceContext): RootHandlers => {
  const running = new Map<string, AbortController>();
  const job = async (
    jobId: string,
    work: (signal: AbortSignal, events: RootEvents) => Promise<Result<RootManifest>>,
  ): Promise<Result<RootManifest>> => {
    if (running.has(jobId)) return fail(appError('E_BAD_REQUEST', `Job ${jobId} is already running.`));
    const controller = new AbortController();
    running.set(jobId, controller);
    try {
      const result = await work(controller.signal, eventsFor(context, jobId));
      context.emit('jobProgress', {
        jobId,
        phase: result.ok ? 'done' : 'failed',
        bytesDone: 0,
        bytesTotal: 0,
        speed: 0,
      });
      return result;
    } finally {
      running.delete(jobId);
    }
  };
  return {
    rootInspect: ({ dir }) => inspectRoot(dir),
    rootBuild: (request) =>
      job(request.jobId, (signal, events) =>
        buildRoot({
          ...events,
          signal,
          out: request.out,
          archs: request.archs,
          sources: request.sources ?? [uRoot],
          ...(request.goroot ? { goroot: request.goroot } : {}),
          ...(request.goVersion ? { goVersion: request.goVersion } : {}),
        }),
      ),
    rootFetch: (request) =>
      job(request.jobId, (signal, events) =>
        fetchRoot({
          ...events,
          signal,
          url: request.url,
          out: request.out,
          ...(request.sha256 ? { sha256: request.sha256 } : {}),
          ...(request.channel ? { channel: true } : {}),
          ...(request.archs ? { archs: request.archs } : {}),
        }),
      ),
    rootOpen: (request) =>
      job(request.jobId, (signal, events) =>
        useLocalRoot({ ...events, signal, path: request.path, ...(request.out ? { out: request.out } : {}) }),
      ),
    rootCancel: async ({ jobId }) => {
      const controller = running.get(jobId);
      controller?.abort();
      return ok({ cancelled: controller !== undefined });
    },
  };
};
