// Choosing paths: Browse (main's dialog, or the engine's folder browser), drops, and what was chosen last time.

import type { StateCreator } from 'zustand';
import {
  archInName,
  fieldForItem,
  type AppError,
  type GoArch,
  type PathField,
  type Settings,
} from '../../../contract';
import { bootArchsOf } from './boot-slice';
import type { Store } from './index';

/** A path field on screen: which field, and for kernels which architecture. */
export interface FieldTarget {
  field: PathField;
  arch?: GoArch;
  /** A root is a folder or an archive; a native dialog shows one kind at a time. */
  want?: 'folder' | 'file';
}

/** Something dropped that a browser could not give a path for. */
export interface DropNotice {
  name: string;
  target?: FieldTarget;
}

export interface FilesSlice {
  /** The folder browser, when open (browser shell). */
  browsing: FieldTarget | undefined;
  dropNotice: DropNotice | undefined;
  filesError: AppError | undefined;
  settings: Settings | undefined;
  browse(target: FieldTarget): Promise<void>;
  closeBrowser(): void;
  fillPath(target: FieldTarget, path: string): void;
  dropItem(item: { name: string; kind: 'folder' | 'file'; file?: File }): Promise<void>;
  dismissDrop(): void;
  loadSettings(): Promise<void>;
  rememberSettings(): Promise<void>;
  /** "Flash more with the same settings" after a restart: the last root, kernels and methods. */
  reuseLastSettings(): Promise<void>;
}

const defaultImageSize = 2 * 1024 ** 3;

export const createFilesSlice: StateCreator<Store, [], [], FilesSlice> = (set, get) => ({
  browsing: undefined,
  dropNotice: undefined,
  filesError: undefined,
  settings: undefined,
  browse: async (target) => {
    const { api, info } = get();
    if (!api) return;
    set({ filesError: undefined, dropNotice: undefined });
    if (info?.shell !== 'electron') return set({ browsing: target });
    const picked = await api.filesDialog({
      field: target.field,
      ...(target.want ? { want: target.want } : {}),
    });
    if (!picked.ok) return set({ filesError: picked.error });
    if (picked.value.path) get().fillPath(target, picked.value.path);
  },
  closeBrowser: () => set({ browsing: undefined }),
  fillPath: (target, path) => {
    const s = get();
    if (target.field === 'root') {
      s.setRootSource('local');
      s.setLocalPath(path);
    } else if (target.field === 'kernel') {
      const arch = target.arch ?? kernelArchFor(s, path);
      s.setKernelPath(arch, path);
      void s.checkKernel(arch, true);
    } else s.setImageTarget({ path, size: s.imageTarget?.size ?? defaultImageSize });
    set({ dropNotice: undefined });
  },
  dropItem: async ({ name, kind, file }) => {
    const { api, info } = get();
    const field = fieldForItem(name, kind);
    const target: FieldTarget | undefined = field
      ? { field, ...(field === 'kernel' ? { arch: kernelArchFor(get(), name) } : {}) }
      : undefined;
    if (!target || !api) return set({ dropNotice: { name } });
    if (info?.shell === 'electron' && file) {
      const dropped = await api.filesDropped({ field: target.field, file });
      if (dropped.ok) return get().fillPath(target, dropped.value.path);
      return set({ filesError: dropped.error });
    }
    set({ dropNotice: { name, target } });
  },
  dismissDrop: () => set({ dropNotice: undefined }),
  loadSettings: async () => {
    const api = get().api;
    const result = await api?.settingsGet({});
    if (!result?.ok) return;
    const settings = result.value;
    set({ settings });
    // Offered, not opened: the root waits for "Open root", each kernel is checked again now.
    const s = get();
    if (settings.root && !s.localPath) s.setLocalPath(settings.root);
    if (settings.methods) set({ methods: settings.methods });
    if (settings.append !== undefined) set({ append: settings.append });
    for (const [arch, path] of Object.entries(settings.kernels ?? {}) as [GoArch, string][]) {
      if (get().kernels[arch]?.path) continue;
      s.setKernelPath(arch, path);
      void s.checkKernel(arch);
    }
  },
  rememberSettings: async () => {
    const s = get();
    const kernels = Object.fromEntries(
      Object.entries(s.kernels).flatMap(([arch, choice]) =>
        choice?.kernel ? [[arch, choice.path.trim()]] : [],
      ),
    );
    const settings: Settings = {
      ...(s.rootDir ? { root: s.rootDir } : {}),
      kernels,
      methods: s.methods,
      append: s.append,
      ...(s.imageTarget ? { image: s.imageTarget } : {}),
    };
    const saved = await s.api?.settingsSave(settings);
    if (saved?.ok) set({ settings: saved.value });
  },
  reuseLastSettings: async () => {
    const { settings } = get();
    if (!settings?.root) return;
    get().setRootSource('local');
    get().setLocalPath(settings.root);
    await get().getRoot();
    if (!get().rootDir) return; // the root's own error shows on the Root step
    if (settings.image) get().setImageTarget(settings.image);
    const checks = Object.keys(get().kernels).map((arch) => get().checkKernel(arch as GoArch));
    await Promise.all(checks);
    set({ step: 'drives' });
  },
});

/** The architecture a kernel is for: named in its file name, else the first of the root's without one. */
function kernelArchFor(s: Store, name: string): GoArch {
  const named = archInName(name);
  if (named) return named;
  const archs = bootArchsOf(s);
  return archs.find((arch) => !s.kernels[arch]?.path) ?? archs[0] ?? 'amd64';
}
