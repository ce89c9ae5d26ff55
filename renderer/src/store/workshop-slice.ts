// Workshop mode: compose once, then every stick plugged in is flashed, verified and ejected.

import type { StateCreator } from 'zustand';
import type {
  AppError,
  WorkshopStarted,
  WorkshopStick,
  WorkshopTally,
  WorkshopTallyEvent,
} from '../../../contract';
import { bootRequestOf } from './boot-slice';
import type { Store } from './index';
import { newJobId } from './job-id';

export interface WorkshopSlice {
  workshopMode: boolean;
  /** Accepted stick sizes, as typed ("4G", "64G"). */
  workshopMin: string;
  workshopMax: string;
  workshopJobId: string | undefined;
  workshopStarted: WorkshopStarted | undefined;
  workshopTally: WorkshopTally | undefined;
  /** Latest state per stick, newest first. */
  workshopSticks: WorkshopStick[];
  workshopError: AppError | undefined;
  workshopStopping: boolean;
  setWorkshopMode(on: boolean): void;
  setWorkshopRange(change: { min?: string; max?: string }): void;
  startWorkshop(min: number | undefined, max: number | undefined): Promise<void>;
  stopWorkshop(): Promise<void>;
  onWorkshopTally(event: WorkshopTallyEvent): void;
}

export const createWorkshopSlice: StateCreator<Store, [], [], WorkshopSlice> = (set, get) => ({
  workshopMode: false,
  workshopMin: '4G',
  workshopMax: '64G',
  workshopJobId: undefined,
  workshopStarted: undefined,
  workshopTally: undefined,
  workshopSticks: [],
  workshopError: undefined,
  workshopStopping: false,
  setWorkshopMode: (workshopMode) => set({ workshopMode }),
  setWorkshopRange: ({ min, max }) =>
    set((s) => ({ workshopMin: min ?? s.workshopMin, workshopMax: max ?? s.workshopMax })),
  startWorkshop: async (minSize, maxSize) => {
    const state = get();
    if (!state.api) return;
    const jobId = newJobId('workshop');
    set({
      workshopJobId: jobId,
      workshopStarted: undefined,
      workshopTally: undefined,
      workshopSticks: [],
      workshopError: undefined,
    });
    const result = await state.api.workshopStart({
      jobId,
      tree: state.rootDir,
      boot: bootRequestOf(state) ?? { kernels: {} },
      includeLoop: state.includeLoop,
      // Drives already plugged in are left alone unless the user ticked them.
      drives: state.selected,
      fixedDisks: state.selected.filter((d) => state.fixedTyped.includes(d)),
      ...(minSize ? { minSize } : {}),
      ...(maxSize ? { maxSize } : {}),
    });
    set(
      result.ok
        ? { workshopStarted: result.value }
        : { workshopError: result.error, workshopJobId: undefined },
    );
  },
  stopWorkshop: async () => {
    const { api, workshopJobId } = get();
    if (!api || !workshopJobId) return;
    set({ workshopStopping: true });
    const result = await api.workshopStop({ jobId: workshopJobId });
    set({
      workshopStopping: false,
      workshopJobId: undefined,
      ...(result.ok
        ? { workshopTally: result.value.tally, workshopSticks: [...result.value.sticks].reverse() }
        : { workshopError: result.error }),
    });
  },
  onWorkshopTally: ({ jobId, stick, tally }) => {
    if (jobId !== get().workshopJobId) return;
    set((s) => ({
      workshopTally: tally,
      workshopSticks: [stick, ...s.workshopSticks.filter((x) => x.device !== stick.device)],
    }));
  },
});
