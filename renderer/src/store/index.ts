// The renderer's one store, built from slices.

import { create } from 'zustand';
import { useShallow } from 'zustand/react/shallow';
import { createAppSlice, type AppSlice } from './app-slice';
import { createBootSlice, type BootSlice } from './boot-slice';
import { createChannelSlice, type ChannelSlice } from './channel-slice';
import { createDrivesSlice, type DrivesSlice } from './drives-slice';
import { createEmulatorSlice, type EmulatorSlice } from './emulator-slice';
import { createFilesSlice, type FilesSlice } from './files-slice';
import { createFlashSlice, type FlashSlice } from './flash-slice';
import { createRootSlice, type RootSlice } from './root-slice';
import { createWizardSlice, type WizardSlice } from './wizard-slice';
import { createWorkshopSlice, type WorkshopSlice } from './workshop-slice';

export type Store = AppSlice &
  WizardSlice &
  DrivesSlice &
  RootSlice &
  ChannelSlice &
  BootSlice &
  FlashSlice &
  WorkshopSlice &
  EmulatorSlice &
  FilesSlice;

export const useStore = create<Store>()((...a) => ({
  ...createAppSlice(...a),
  ...createWizardSlice(...a),
  ...createDrivesSlice(...a),
  ...createRootSlice(...a),
  ...createChannelSlice(...a),
  ...createBootSlice(...a),
  ...createFlashSlice(...a),
  ...createWorkshopSlice(...a),
  ...createEmulatorSlice(...a),
  ...createFilesSlice(...a),
}));

/**
 * Subscribes a component to the named fields only, compared one by one, so an event that changes
 * other fields (a flash's progress, a log line) does not render it again.
 */
export function useFields<K extends keyof Store>(...keys: K[]): Pick<Store, K> {
  return useStore(useShallow((s) => Object.fromEntries(keys.map((key) => [key, s[key]])) as Pick<Store, K>));
}
