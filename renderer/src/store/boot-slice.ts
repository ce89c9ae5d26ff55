// Boot choices: a checked kernel per architecture (typed, or fetched from Debian through the host's apt),
// boot methods and extra kernel arguments.

import type { StateCreator } from 'zustand';
import {
  defaultBootMethods,
  goArchs,
  methodAllowed,
  type AppError,
  type AptInfoDTO,
  type BootMethod,
  type FetchedKernelDTO,
  type GoArch,
  type KernelDTO,
  type RootManifest,
} from '../../../contract';
import type { Store } from './index';
import { newJobId } from './job-id';

export interface KernelChoice {
  path: string;
  checking: boolean;
  kernel?: KernelDTO;
  error?: AppError;
}

/** One architecture's "Fetch the newest Debian kernel": running, what came, or why not. */
export interface AptFetch {
  fetching: boolean;
  fetched?: FetchedKernelDTO;
  error?: AppError;
}

export interface BootSlice {
  kernels: Partial<Record<GoArch, KernelChoice>>;
  /** Whether the engine's host can fetch Debian kernels through apt; undefined until asked. */
  aptInfo?: AptInfoDTO;
  aptFetches: Partial<Record<GoArch, AptFetch>>;
  methods: BootMethod[];
  append: string;
  /** The raspi-firmware .deb for the rpi method (the Pi 3 and 4 need it). */
  rpiFirmware: string;
  setKernelPath(arch: GoArch, path: string): void;
  /** Checks the kernel entered for `arch`; `force` checks again even when the path has a verdict. */
  checkKernel(arch: GoArch, force?: boolean): Promise<void>;
  toggleMethod(method: BootMethod): void;
  setAppend(append: string): void;
  setRpiFirmware(path: string): void;
  /** Asks the engine once whether it can fetch Debian kernels (the Boot step shows the action then). */
  loadAptInfo(): Promise<void>;
  /** Fetches the newest Debian kernel for `arch` and fills (and checks) that architecture's field. */
  fetchDebianKernel(arch: GoArch): Promise<void>;
}

export const createBootSlice: StateCreator<Store, [], [], BootSlice> = (set, get) => ({
  kernels: {},
  aptFetches: {},
  methods: [...defaultBootMethods],
  append: '',
  rpiFirmware: '',
  // A changed path forgets the old verdict: only a checked kernel may go on the stick.
  setKernelPath: (arch, path) =>
    set((s) => ({ kernels: { ...s.kernels, [arch]: { path, checking: false } } })),
  checkKernel: async (arch, force = false) => {
    const { api, kernels } = get();
    const choice = kernels[arch];
    const path = choice?.path.trim();
    if (!api || !path) return;
    // Already checked or being checked (a blur right after Enter): checking again would briefly
    // disable Next and swallow the click that caused the blur.
    if (choice && (choice.checking || (!force && (choice.kernel || choice.error)))) return;
    set((s) => ({ kernels: { ...s.kernels, [arch]: { path, checking: true } } }));
    const result = await api.kernelInspect({ arch, path });
    if (get().kernels[arch]?.path.trim() !== path) return; // edited meanwhile
    set((s) => ({
      kernels: {
        ...s.kernels,
        [arch]: result.ok
          ? { path, checking: false, kernel: result.value }
          : { path, checking: false, error: result.error },
      },
    }));
  },
  toggleMethod: (method) =>
    set((s) => ({
      methods: s.methods.includes(method) ? s.methods.filter((m) => m !== method) : [...s.methods, method],
    })),
  setAppend: (append) => set({ append }),
  setRpiFirmware: (rpiFirmware) => set({ rpiFirmware }),
  loadAptInfo: async () => {
    const { api, aptInfo } = get();
    if (!api || aptInfo) return;
    const result = await api.bootAptInfo({});
    set({ aptInfo: result.ok ? result.value : { available: false, error: result.error } });
  },
  fetchDebianKernel: async (arch) => {
    const { api, aptFetches } = get();
    if (!api || aptFetches[arch]?.fetching) return;
    const put = (fetch: AptFetch) => set((s) => ({ aptFetches: { ...s.aptFetches, [arch]: fetch } }));
    put({ fetching: true });
    const result = await api.bootFetchKernel({ jobId: newJobId('debian-kernel'), arch });
    if (!result.ok) return put({ fetching: false, error: result.error });
    put({ fetching: false, fetched: result.value });
    get().setKernelPath(arch, result.value.path);
    await get().checkKernel(arch, true);
  },
});

/** The architectures the Boot step asks kernels for: the root's, or every one when it names none. */
export function bootArchsOf(s: { manifest: RootManifest | undefined }): readonly GoArch[] {
  return s.manifest && s.manifest.archs.length > 0 ? s.manifest.archs : goArchs;
}

/** The boot part of a flash request, or undefined when the stick is to hold files only. */
export function bootRequestOf(s: BootSlice):
  | {
      kernels: Partial<Record<GoArch, string>>;
      methods: BootMethod[];
      append?: string;
      firmware?: { rpi: string };
    }
  | undefined {
  const kernels = Object.fromEntries(
    Object.entries(s.kernels).flatMap(([arch, choice]) =>
      choice?.kernel ? [[arch, choice.path.trim()]] : [],
    ),
  ) as Partial<Record<GoArch, string>>;
  if (Object.keys(kernels).length === 0) return undefined;
  // Only methods the given kernels can serve: the engine's rule (contract/boot.ts).
  const archs = Object.keys(kernels) as GoArch[];
  const methods = s.methods.filter((m) => methodAllowed(m, archs));
  const firmware =
    methods.includes('rpi') && s.rpiFirmware.trim() ? { rpi: s.rpiFirmware.trim() } : undefined;
  return {
    kernels,
    methods,
    ...(s.append.trim() ? { append: s.append.trim() } : {}),
    ...(firmware ? { firmware } : {}),
  };
}
