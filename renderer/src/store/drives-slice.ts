// The live drive list, which drives the user picked, and whether system drives are shown.

import type { StateCreator } from 'zustand';
import type { AppError, DriveDTO } from '../../../contract';
import type { Store } from './index';

export interface DrivesSlice {
  drives: DriveDTO[];
  drivesError: AppError | undefined;
  selected: string[];
  showSystem: boolean;
  /** Loop devices (file-backed disks) are listed only when asked for. */
  includeLoop: boolean;
  loadDrives(): Promise<void>;
  setDrives(drives: DriveDTO[]): void;
  toggleDrive(device: string): void;
  setShowSystem(show: boolean): void;
  setIncludeLoop(include: boolean): void;
}

export const createDrivesSlice: StateCreator<Store, [], [], DrivesSlice> = (set, get) => ({
  drives: [],
  drivesError: undefined,
  selected: [],
  showSystem: false,
  includeLoop: false,
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
  toggleDrive: (device) =>
    set((s) => ({
      selected: s.selected.includes(device)
        ? s.selected.filter((d) => d !== device)
        : [...s.selected, device],
    })),
  setShowSystem: (showSystem) => set({ showSystem }),
  setIncludeLoop: (includeLoop) => {
    set({ includeLoop });
    void get().loadDrives();
  },
});
