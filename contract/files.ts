// Choosing paths: the wizard's path fields, what each accepts, and the requests behind Browse, drop and memory.

import { z } from 'zod';
import { bootMethodNames, goArchs } from './dto';

import { pathFields, type PathField } from './names';

export { pathFields, type PathField };

/** Root archives the engine extracts (core/root). */
export const archiveSuffixes = ['.tar', '.tar.gz', '.tgz', '.tar.xz', '.txz', '.tar.zst', '.tzst'] as const;

const kernelName = /^(vmlinu[xz]|bzimage|zimage|image|kernel|linux)([-._].*)?$/i;

const lower = (name: string) => name.toLowerCase();
export const isArchiveName = (name: string): boolean =>
  archiveSuffixes.some((suffix) => lower(name).endsWith(suffix));
export const isDebName = (name: string): boolean => lower(name).endsWith('.deb');
export const isImageName = (name: string): boolean => lower(name).endsWith('.img');
/** A kernel's usual names (vmlinuz-6.1.0-13-amd64, Image, bzImage, *.efi), or a linux-image .deb. */
export const isKernelName = (name: string): boolean =>
  isDebName(name) || kernelName.test(name) || lower(name).endsWith('.efi');

/** Whether `field` takes an item of this name and kind (what Browse lists and a drop may fill). */
export function fieldAccepts(field: PathField, name: string, kind: 'folder' | 'file'): boolean {
  if (field === 'root') return kind === 'folder' || isArchiveName(name);
  if (kind === 'folder') return false;
  return field === 'kernel' ? isKernelName(name) : isImageName(name);
}

/** The field a dropped item fits: folders and archives are roots, kernels and .debs kernels, .img images. */
export function fieldForItem(name: string, kind: 'folder' | 'file'): PathField | undefined {
  return pathFields.find((field) => fieldAccepts(field, name, kind));
}

/** The architecture a kernel's name mentions (linux-image-6.1.0-13-arm64.deb), if any. */
export function archInName(name: string): (typeof goArchs)[number] | undefined {
  const n = lower(name);
  if (/amd64|x86_64|x86-64/.test(n)) return 'amd64';
  if (/arm64|aarch64/.test(n)) return 'arm64';
  if (/riscv64/.test(n)) return 'riscv64';
  return undefined;
}

const path = z.string().min(1).max(4096);
const field = z.enum(pathFields);

/** What the wizard remembers between runs (the data folder's settings.json). */
export const settingsSchema = z
  .object({
    root: path.optional(),
    kernels: z.partialRecord(z.enum(goArchs), path).optional(),
    methods: z.array(z.enum(bootMethodNames)).max(bootMethodNames.length).optional(),
    append: z.string().max(2000).optional(),
    image: z.object({ path, size: z.number().int().positive() }).strict().optional(),
  })
  .strict();
export type Settings = z.infer<typeof settingsSchema>;

export const filesRequests = {
  /** Lists a folder for the browser shell's folder browser: home when `dir` is left out. */
  filesBrowse: z.object({ field, dir: path.optional() }).strict(),
  /** The user chose this item in the folder browser (for `image`: a listed folder plus a new name). */
  filesChoose: z.object({ field, path }).strict(),
  /**
   * Electron only: the native open (or, for `image`, save) dialog, answered by main. A root is a
   * folder or an archive, and most systems' dialogs show one or the other: `want` says which.
   */
  filesDialog: z.object({ field, want: z.enum(['folder', 'file']).optional() }).strict(),
  /** Electron only: a dropped file's real path, which the preload reads from the File itself. */
  filesDropped: z.object({ field, path }).strict(),
  settingsGet: z.object({}).strict(),
  settingsSave: settingsSchema,
};

export interface FolderEntry {
  name: string;
  path: string;
  kind: 'folder' | 'file';
  /** Whether the field takes this item itself (a folder may only be a way through). */
  accepted: boolean;
  size?: number;
}

export interface FolderListing {
  field: PathField;
  dir: string;
  /** The folder above, unless `dir` is the top. */
  parent?: string;
  home: string;
  entries: FolderEntry[];
  /** More entries than shown (the first 2,000 are). */
  truncated: boolean;
}

/** A path chosen for a field, and how: in main's dialog, dropped, or in the engine's folder browser. */
export interface ChosenPath {
  field: PathField;
  /** Empty when the dialog was cancelled. */
  path: string;
  kind: 'folder' | 'file';
}

export interface FilesResults {
  filesBrowse: FolderListing;
  filesChoose: ChosenPath;
  filesDialog: ChosenPath;
  filesDropped: ChosenPath;
  settingsGet: Settings;
  settingsSave: Settings;
}
