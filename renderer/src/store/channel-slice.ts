// Signed channels in the wizard: the channels followed and their roots, adding one (a channel file or
// address and key), picking a root, and fetching it with its kernels into the Boot step.

import type { StateCreator } from 'zustand';
import type { AppError, ChannelDTO, GoArch, Result, RootManifest } from '../../../contract';
import type { Store } from './index';

export interface ChannelForm {
  url: string;
  key: string;
}

/** A root of a channel: the channel's address and the archive's SHA-256. */
export interface PickedRoot {
  url: string;
  sha256: string;
}

export interface ChannelSlice {
  channels: ChannelDTO[];
  /** The list has been asked for once (the first screen waits for it before guiding a newcomer). */
  channelsLoaded: boolean;
  channelBusy: boolean;
  channelError: AppError | undefined;
  channelForm: ChannelForm;
  pickedRoot: PickedRoot | undefined;
  loadChannels(): Promise<void>;
  setChannelForm(change: Partial<ChannelForm>): void;
  /** Adds the channel a channel file names (its text, read by the page). */
  addChannelFile(text: string): Promise<void>;
  addChannelByAddress(): Promise<void>;
  removeChannel(url: string): Promise<void>;
  pickRoot(picked: PickedRoot): void;
  /** The root job for the picked root: fetched, then its kernels put in the Boot step and checked. */
  fetchPickedRoot(jobId: string): Promise<Result<RootManifest>>;
}

/** Keeps the list in the order added, replacing a channel read again. */
const withChannel = (channels: ChannelDTO[], channel: ChannelDTO): ChannelDTO[] =>
  channels.some((c) => c.url === channel.url)
    ? channels.map((c) => (c.url === channel.url ? channel : c))
    : [...channels, channel];

export const createChannelSlice: StateCreator<Store, [], [], ChannelSlice> = (set, get) => {
  /** After adding: the channel is shown, and its newest root is picked for the user. */
  const added = (result: Result<ChannelDTO>) => {
    if (!result.ok) return set({ channelBusy: false, channelError: result.error });
    const newest = result.value.roots[0];
    set((s) => ({
      channelBusy: false,
      channelError: undefined,
      channels: withChannel(s.channels, result.value),
      channelForm: { url: '', key: '' },
      rootSource: 'channel',
      ...(newest ? { pickedRoot: { url: result.value.url, sha256: newest.sha256 } } : {}),
    }));
  };
  return {
    channels: [],
    channelsLoaded: false,
    channelBusy: false,
    channelError: undefined,
    channelForm: { url: '', key: '' },
    pickedRoot: undefined,
    loadChannels: async () => {
      const { api } = get();
      if (!api) return;
      const result = await api.channelList({});
      if (!result.ok) return set({ channelsLoaded: true, channelError: result.error });
      set((s) => {
        const first = result.value.find((c) => c.roots.length > 0);
        const keep = s.pickedRoot && result.value.some((c) => c.url === s.pickedRoot?.url);
        return {
          channels: result.value,
          channelsLoaded: true,
          // Someone who follows a channel came back for it: show the catalogue.
          ...(result.value.length > 0 && s.rootSource === 'local' && !s.localPath
            ? { rootSource: 'channel' as const }
            : {}),
          ...(!keep && first ? { pickedRoot: { url: first.url, sha256: first.roots[0]!.sha256 } } : {}),
        };
      });
    },
    setChannelForm: (change) => set((s) => ({ channelForm: { ...s.channelForm, ...change } })),
    addChannelFile: async (text) => {
      const { api } = get();
      if (!api) return;
      set({ channelBusy: true, channelError: undefined });
      added(await api.channelAdd({ text }));
    },
    addChannelByAddress: async () => {
      const { api, channelForm } = get();
      if (!api) return;
      set({ channelBusy: true, channelError: undefined });
      added(await api.channelAdd({ url: channelForm.url.trim(), key: channelForm.key.trim() }));
    },
    removeChannel: async (url) => {
      const { api } = get();
      if (!api) return;
      const result = await api.channelRemove({ url });
      if (!result.ok) return set({ channelError: result.error });
      set((s) => ({
        channels: s.channels.filter((c) => c.url !== url),
        ...(s.pickedRoot?.url === url ? { pickedRoot: undefined } : {}),
      }));
    },
    pickRoot: (pickedRoot) => set({ pickedRoot }),
    fetchPickedRoot: async (jobId) => {
      const { api, pickedRoot } = get();
      if (!api || !pickedRoot) throw new Error('fetchPickedRoot without a picked root');
      const result = await api.channelFetch({ jobId, url: pickedRoot.url, sha256: pickedRoot.sha256 });
      if (!result.ok) return result;
      // Kernels come with the root: the Boot step is filled and each is checked by the engine.
      for (const [arch, path] of Object.entries(result.value.kernels) as [GoArch, string][]) {
        get().setKernelPath(arch, path);
        void get().checkKernel(arch);
      }
      return { ok: true, value: result.value.manifest };
    },
  };
};
