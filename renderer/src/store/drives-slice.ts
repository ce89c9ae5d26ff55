// The live drive list, which drives the user picked, and whether system drives are shown.

import type { StateCreator } from 'zustand';
import { isFixedDisk, type AppError, type DriveDTO } from '../../../contract';
import type { Store } from './index';

export interface DrivesSlice {
  drives: DriveDTO[];
  drivesError: AppError | undefined;
  selected: string[];
  showSystem: boolean;
  /** Loop devices (file-backed disks) are listed only when asked for. */
  includeLoop: boolean;
  /** Fixed (internal) disks are shown only when asked for... */
  showFixed: boolean;
  /** ...and one may be chosen only once its device name was typed: these were. */
  fixedTyped: string[];
  loadDrives(): Promise<void>;
  setDrives(drives: DriveDTO[]): void;
  toggleDrive(device: string): void;
  setShowSystem(show: boolean): void;
  setIncludeLoop(include: boolean): void;
  setShowFixed(show: boolean): void;
  /** The user typed `typed` for the fixed disk `device`: it may be chosen when the name matches. */
  typeFixedName(device: string, typed: string): void;
}

/** What a user types to choose a fixed disk: its name without /dev/ (sdb, nvme1n1, PhysicalDrive2). */
export const typedNameOf = (device: string): string => device.split(/[\\/]/).pop() ?? device;

export const createDrivesSlice: StateCreator<Store, [], [], DrivesSlice> = (set, get) => ({
  drives: [],
  drivesError: undefined,
  selected: [],
  showSystem: false,
  includeLoop: false,
  showFixed: false,
  fixedTyped: [],
  loadDrives: async () => {
    const { api, includeLoop } = get();
    if (!api) return;
    const result = await api.drivesList({ includeLoop });
    if (result.ok) get().setDrives(result.value);
    else set({ drivesError: result.error });
  },
  // A drive that disappears is also dropped from the selection, so it can never be written by mistake.
  setDrives: (drives) =>
    set((s) => ({
      drives,
      drivesError: undefined,
      selected: s.selected.filter((device) => drives.some((d) => d.device === device && !d.system)),
    })),
  // A fixed disk is chosen only after its name was typed; anything else toggles freely.
  toggleDrive: (device) =>
    set((s) => {
      const drive = s.drives.find((d) => d.device === device);
      const mayChoose = !drive || !isFixedDisk(drive) || s.fixedTyped.includes(device);
      if (s.selected.includes(device)) return { selected: s.selected.filter((d) => d !== device) };
      return mayChoose ? { selected: [...s.selected, device] } : {};
    }),
  setShowFixed: (showFixed) =>
    set((s) => {
      if (showFixed) return { showFixed };
      const fixed = new Set(s.drives.filter(isFixedDisk).map((d) => d.device));
      return { showFixed, fixedTyped: [], selected: s.selected.filter((d) => !fixed.has(d)) };
    }),
  typeFixedName: (device, typed) =>
    set((s) => {
      const matches = typed.trim() === typedNameOf(device) || typed.trim() === device;
      const others = s.fixedTyped.filter((d) => d !== device);
      return matches
        ? { fixedTyped: [...others, device] }
        : { fixedTyped: others, selected: s.selected.filter((d) => d !== device) };
    }),
  setShowSystem: (showSystem) => set({ showSystem }),
  setIncludeLoop: (includeLoop) => {
    set({ includeLoop });
    void get().loadDrives();
  },
});
