// What the engine told us about itself, and the bridge's health.

import type { StateCreator } from 'zustand';
import type { AppError, AppInfo, SourceryApi } from '../../../contract';
import type { Store } from './index';

export interface AppSlice {
  api: SourceryApi | undefined;
  info: AppInfo | undefined;
  fatal: AppError | undefined;
  connect(api: SourceryApi | undefined): Promise<void>;
}

export const createAppSlice: StateCreator<Store, [], [], AppSlice> = (set, get) => ({
  api: undefined,
  info: undefined,
  fatal: undefined,
  connect: async (api) => {
    if (!api) {
      set({
        fatal: {
          code: 'E_INTERNAL',
          title: 'No engine to talk to',
          detail: 'This page was opened without the Sourcery Flasher engine behind it.',
          hint: 'Start it with `npm start` or `sourcery-flash serve` and open the address it prints.',
        },
      });
      return;
    }
    set({ api });
    // Job events are wanted for the whole session, so subscribe once here rather than per step.
    api.onJobProgress((progress) => {
      get().onFlashProgress(progress);
      get().onRootProgress(progress);
    });
    api.onWorkshopTally((event) => get().onWorkshopTally(event));
    api.onJobLog((line) => {
      get().onFlashLog(line);
      get().onRootLog(line);
      get().onEmulatorLog(line);
    });
    const result = await api.appInfo({});
    set(result.ok ? { info: result.value } : { fatal: result.error });
    if (result.ok) await get().loadSettings();
  },
});
