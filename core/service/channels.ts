// Handlers for signed channels: add (a channel file's text, or address and key), list (offline copies
// too), remove, and fetch a root with its kernels as a root job. The key used is always the pinned one.

import { join } from 'node:path';
import type {
  ChannelDTO,
  ChannelFetched,
  ChannelRootDTO,
  GoArch,
  Handlers,
  RootManifest,
} from '../../contract';
import { fetchFromChannel } from '../channel/fetch';
import type { ChannelRoot } from '../channel/manifest';
import {
  forgetChannel,
  openChannel,
  parseChannelLink,
  readPins,
  type ChannelLink,
  type OpenedChannel,
} from '../channel/subscription';
import { appError, fail, ok, toAppError, type Result } from '../errors';
import type { RootEvents } from '../root/progress';
import type { ServiceContext } from './context';
import type { RootPathPolicy } from './root-paths';

export type ChannelHandlerName = 'channelAdd' | 'channelList' | 'channelRemove' | 'channelFetch';

type Job = <T = RootManifest>(
  jobId: string,
  work: (signal: AbortSignal, events: RootEvents) => Promise<Result<T>>,
) => Promise<Result<T>>;

/** How long a listed channel may take to answer before its kept copy is shown instead. */
const listTimeoutMs = 8000;

const rootDTO = (root: ChannelRoot): ChannelRootDTO => ({
  name: root.name,
  date: root.date,
  archs: root.archs,
  goVersion: root.goVersion,
  size: root.size,
  sha256: root.sha256,
  ...(root.files === undefined ? {} : { files: root.files }),
  kernels: Object.fromEntries(
    Object.entries(root.kernels ?? {}).map(([arch, k]) => [
      arch,
      { file: k.file, size: k.size, ...(k.version ? { version: k.version } : {}) },
    ]),
  ),
});

const channelDTO = (opened: OpenedChannel): ChannelDTO => ({
  url: opened.link.url,
  ...((opened.link.name ?? opened.channel.name) ? { name: opened.link.name ?? opened.channel.name } : {}),
  keyId: opened.link.keyId,
  signedAt: new Date(opened.timestamp * 1000).toISOString(),
  offline: opened.offline,
  // Newest first, as the catalogue shows them.
  roots: opened.channel.roots.map(rootDTO).sort((a, b) => (a.date < b.date ? 1 : a.date > b.date ? -1 : 0)),
});

const unknownChannel = (url: string) =>
  appError('E_BAD_REQUEST', `${url.slice(0, 300)} is not a channel you follow.`, {
    hint: 'Add the channel first (its channel file, or its address and key).',
  });

export function channelHandlers(
  context: ServiceContext,
  policy: RootPathPolicy,
  job: Job,
): Pick<Handlers, ChannelHandlerName> {
  const { dataDir } = context;
  const open = async (link: ChannelLink, signal?: AbortSignal): Promise<Result<ChannelDTO>> => {
    try {
      const opened = await openChannel(link, { dataDir, ...(signal ? { signal } : {}) });
      return opened.ok ? ok(channelDTO(opened.value)) : opened;
    } catch (thrown) {
      return fail(toAppError(thrown, `Reading the channel ${link.url}`));
    }
  };
  return {
    channelAdd: async (request) => {
      if ('text' in request) {
        const link = parseChannelLink(request.text);
        return link.ok ? open(link.value, context.signal) : link;
      }
      return open(request, context.signal);
    },
    channelList: async () => {
      const pins = Object.values(await readPins(dataDir));
      const listed = await Promise.all(
        pins.map(async (pin): Promise<ChannelDTO> => {
          const timeout = AbortSignal.timeout(listTimeoutMs);
          const signal = context.signal ? AbortSignal.any([context.signal, timeout]) : timeout;
          const opened = await open(
            { url: pin.url, key: pin.key, ...(pin.name ? { name: pin.name } : {}) },
            signal,
          );
          if (opened.ok) return opened.value;
          return {
            url: pin.url,
            ...(pin.name ? { name: pin.name } : {}),
            keyId: pin.keyId,
            offline: true,
            roots: [],
            error: opened.error,
          };
        }),
      );
      return ok(listed);
    },
    channelRemove: async ({ url }) => {
      if (!(url in (await readPins(dataDir)))) return fail(unknownChannel(url));
      await forgetChannel(url, dataDir);
      return ok({ removed: true });
    },
    channelFetch: async (request) => {
      const pin = (await readPins(dataDir))[request.url];
      if (!pin) return fail(unknownChannel(request.url));
      let out: string;
      try {
        out = await policy.out(join(dataDir, 'roots', `channel-${request.sha256.slice(0, 16)}`));
      } catch (thrown) {
        return fail(toAppError(thrown, 'Choosing where the channel’s root goes'));
      }
      return job<ChannelFetched>(request.jobId, async (signal, events) => {
        const fetched = await fetchFromChannel({
          ...events,
          signal,
          link: { url: pin.url, key: pin.key, ...(pin.name ? { name: pin.name } : {}) },
          dataDir,
          sha256: request.sha256,
          archs: (request.archs ?? []) as GoArch[],
          out,
        });
        if (!fetched.ok) return fetched;
        return ok({
          manifest: fetched.value.manifest,
          entry: rootDTO(fetched.value.entry),
          kernels: fetched.value.kernels,
        });
      });
    },
  };
}
