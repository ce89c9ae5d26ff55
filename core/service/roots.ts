// Handlers for sourcery roots: inspect, build, download, open; progress and logs go out as events.

import { ok, type Handlers, type InvokeRequest, type RootManifest } from '../../contract';
import { fail, appError, toAppError, type Result } from '../errors';
import { buildRoot } from '../root/build/build-root';
import { parseGitSource } from '../root/build/git-source';
import { checkSource, uRoot, type SourceSpec } from '../root/build/sources';
import { fetchRoot } from '../root/fetch-root';
import { inspectRoot } from '../root/inspect';
import { useLocalRoot } from '../root/local-root';
import type { RootEvents, RootProgress } from '../root/progress';
import { channelHandlers, type ChannelHandlerName } from './channels';
import type { ServiceContext } from './context';
import { rootReadGrants } from './grants';
import { bridgePathPolicy, noGrants, type RootPathPolicy } from './root-paths';

type RootHandlers = Pick<
  Handlers,
  'rootInspect' | 'rootBuild' | 'rootFetch' | 'rootOpen' | 'rootCancel' | ChannelHandlerName
>;

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

/** Sources checked against the grammar (F3), and local folders against the bridge's rule (F7). */
async function bridgeSources(
  policy: RootPathPolicy,
  sources: InvokeRequest<'rootBuild'>['sources'],
): Promise<SourceSpec[]> {
  const checked: SourceSpec[] = [];
  for (const spec of sources ?? [uRoot]) {
    checkSource(spec);
    const source = parseGitSource(spec.repo, true);
    checked.push(source.kind === 'local' ? { ...spec, repo: await policy.localSource(spec.repo) } : spec);
  }
  return checked;
}

/** Runs `check` first; a refused path is the request's answer, and nothing else runs. */
async function checked<T>(
  what: string,
  check: () => Promise<T>,
  run: (value: T) => Promise<Result<RootManifest>>,
) {
  let value: T;
  try {
    value = await check();
  } catch (thrown) {
    return fail<RootManifest>(toAppError(thrown, what));
  }
  return run(value);
}

/**
 * The root handlers; every path a request names passes `policy` first (root-paths.ts): the bridge's
 * rule unless a caller passes another (issue 19's dialog-picked paths come in through its grants).
 */
export const rootHandlers = (
  context: ServiceContext,
  policy: RootPathPolicy = bridgePathPolicy(
    context.dataDir,
    context.grants ? rootReadGrants(context.grants) : noGrants,
  ),
): RootHandlers => {
  const running = new Map<string, AbortController>();
  const job = async <T = RootManifest>(
    jobId: string,
    work: (signal: AbortSignal, events: RootEvents) => Promise<Result<T>>,
  ): Promise<Result<T>> => {
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
    // A channel's root is fetched as a root job: the same progress events, and rootCancel stops it.
    ...channelHandlers(context, policy, job),
    rootInspect: ({ dir }) =>
      checked(
        `Inspecting ${dir}`,
        () => policy.readable(dir),
        (real) => inspectRoot(real),
      ),
    rootBuild: (request) =>
      checked(
        `Building a root in ${request.out}`,
        async () => ({
          out: await policy.out(request.out),
          sources: await bridgeSources(policy, request.sources),
          ...(request.goroot ? { goroot: await policy.goroot(request.goroot) } : {}),
        }),
        (paths) =>
          job(request.jobId, (signal, events) =>
            buildRoot({
              ...events,
              ...paths,
              signal,
              archs: request.archs,
              ...(request.goVersion ? { goVersion: request.goVersion } : {}),
            }),
          ),
      ),
    rootFetch: (request) =>
      checked(
        `Fetching a root into ${request.out}`,
        () => policy.out(request.out),
        (out) =>
          job(request.jobId, (signal, events) =>
            fetchRoot({
              ...events,
              signal,
              url: request.url,
              out,
              ...(request.sha256 ? { sha256: request.sha256 } : {}),
            }),
          ),
      ),
    rootOpen: (request) =>
      checked(
        `Opening the root at ${request.path}`,
        async () => ({
          path: await policy.readable(request.path),
          ...(request.out ? { out: await policy.out(request.out) } : {}),
        }),
        (paths) => job(request.jobId, (signal, events) => useLocalRoot({ ...events, ...paths, signal })),
      ),
    rootCancel: async ({ jobId }) => {
      const controller = running.get(jobId);
      controller?.abort();
      return ok({ cancelled: controller !== undefined });
    },
  };
};
