// The sourcery root the user chose: where it comes from and the folder it ends up in.

import type { StateCreator } from 'zustand';
import type { Store } from './index';

export type RootSource = 'build' | 'download' | 'local';

export interface RootSlice {
  rootSource: RootSource;
  /** The folder that becomes the stick's root, once known. */
  rootDir: string;
  setRootSource(source: RootSource): void;
  setRootDir(dir: string): void;
}

export const createRootSlice: StateCreator<Store, [], [], RootSlice> = (set) => ({
  rootSource: 'local',
  rootDir: '',
  setRootSource: (rootSource) => set({ rootSource }),
  setRootDir: (rootDir) => set({ rootDir }),
});
