// Whether this host can fetch Debian kernels: a Debian (or derivative) release, apt, and a mirror for it.

import { execFile } from 'node:child_process';
import { appError, fail, ok, type Result } from '../../../contract';
import {
  isDebianLike,
  readHostRelease,
  readHostSources,
  releaseSources,
  type AptHostPaths,
  type AptSource,
} from './apt-sources';

export interface HostMirror {
  codename: string;
  /** Every deb source of the host; releaseSources() narrows them to its own release. */
  sources: AptSource[];
}

const hint = 'Pick a kernel file or a linux-image .deb for this architecture instead.';

const hasAptGet = (): Promise<boolean> =>
  new Promise((resolve) =>
    execFile('apt-get', ['--version'], { timeout: 10_000 }, (error) => resolve(!error)),
  );

/** The host's release and sources, or why this host cannot fetch kernels through apt. */
export async function findHostMirror(paths: AptHostPaths): Promise<Result<HostMirror>> {
  const release = await readHostRelease(paths.osRelease);
  if (!release || !isDebianLike(release) || !release.codename)
    return fail(
      appError(
        'E_TOOL_MISSING',
        `This computer is not Debian or a derivative (${release?.id ?? `no ${paths.osRelease}`}), so it has no apt mirror to fetch kernels from.`,
        { hint },
      ),
    );
  if (!(await hasAptGet()))
    return fail(
      appError('E_TOOL_MISSING', 'apt-get is not installed, so Debian kernels cannot be fetched here.', {
        hint,
      }),
    );
  const sources = await readHostSources(paths);
  if (releaseSources(sources, release.codename).length === 0)
    return fail(
      appError(
        'E_TOOL_MISSING',
        `No apt source in ${paths.etcApt}/sources.list or sources.list.d serves this computer’s release (${release.codename}, component main).`,
        { hint },
      ),
    );
  return ok({ codename: release.codename, sources });
}
