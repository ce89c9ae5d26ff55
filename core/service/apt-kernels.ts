// Handlers for Debian kernels through the host's apt: whether this host can, and fetching one as a job.

import { join } from 'node:path';
import { ok, type GoArch, type Handlers, type Result } from '../../contract';
import { findHostMirror } from '../boot/packages/apt-host';
import { fetchAptKernel, type AptKernel } from '../boot/packages/apt-kernel';
import { hostAptPaths, type AptHostPaths } from '../boot/packages/apt-sources';
import type { ServiceContext } from './context';

/** `host` is the machine's /etc/apt and os-release; tests pass a fake host pointing at a local mirror. */
export const aptKernelHandlers = (
  context: ServiceContext,
  host: AptHostPaths = hostAptPaths(),
): Pick<Handlers, 'bootAptInfo' | 'bootFetchKernel'> => {
  // One apt run per architecture at a time: they share that architecture's private state and its lock.
  const running = new Map<GoArch, Promise<unknown>>();
  return {
    bootAptInfo: async () => {
      const mirror = await findHostMirror(host);
      return ok(
        mirror.ok
          ? { available: true, release: mirror.value.codename }
          : { available: false, error: mirror.error },
      );
    },
    bootFetchKernel: async ({ jobId, arch }) => {
      const progress = (step: string, phase: 'downloading' | 'done' | 'failed') =>
        context.emit('jobProgress', { jobId, phase, bytesDone: 0, bytesTotal: 0, speed: 0, step });
      const log = (message: string) =>
        context.emit('jobLog', { jobId, level: 'info', message, time: new Date().toISOString() });
      const before = running.get(arch) ?? Promise.resolve();
      const work = before.then(() => {
        progress(`Debian kernel for ${arch}`, 'downloading');
        return fetchAptKernel(arch, {
          cacheRoot: join(context.dataDir, 'debian-kernels'),
          host,
          log: (line) => {
            log(line);
            progress(line, 'downloading');
          },
          ...(context.signal ? { signal: context.signal } : {}),
        });
      });
      running.set(
        arch,
        work.catch(() => undefined),
      );
      const got: Result<AptKernel> = await work;
      progress(got.ok ? got.value.package : got.error.title, got.ok ? 'done' : 'failed');
      return got;
    },
  };
};
