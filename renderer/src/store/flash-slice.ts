// A flash job as the wizard sees it: start, progress per target, cancel, result and log.

import type { StateCreator } from 'zustand';
import type { AppError, FlashResult, JobProgress, LogLine } from '../../../contract';
import { bootRequestOf } from './boot-slice';
import type { Store } from './index';
import { newJobId } from './job-id';

export interface ImageTarget {
  path: string;
  /** Bytes. */
  size: number;
}

export interface FlashSlice {
  imageTarget: ImageTarget | undefined;
  flashJobId: string | undefined;
  /** Latest progress per target device, and under '' for the job as a whole. */
  flashProgress: Record<string, JobProgress>;
  flashResult: FlashResult | undefined;
  flashError: AppError | undefined;
  flashLog: LogLine[];
  setImageTarget(target: ImageTarget | undefined): void;
  startFlash(confirmedLarge: string[]): Promise<void>;
  cancelFlash(): Promise<void>;
  onFlashProgress(progress: JobProgress): void;
  onFlashLog(line: LogLine): void;
  flashMore(): void;
}

export const createFlashSlice: StateCreator<Store, [], [], FlashSlice> = (set, get) => ({
  imageTarget: undefined,
  flashJobId: undefined,
  flashProgress: {},
  flashResult: undefined,
  flashError: undefined,
  flashLog: [],
  setImageTarget: (imageTarget) => set({ imageTarget }),
  startFlash: async (confirmedLarge) => {
    const state = get();
    const { api, drives, selected, imageTarget, rootDir, includeLoop } = state;
    const boot = bootRequestOf(state);
    if (!api) return;
    const jobId = newJobId('flash');
    const targets = [
      ...selected.map((device) => {
        const drive = drives.find((d) => d.device === device);
        if (!drive) return { device };
        const { size, description, hardwareId } = drive;
        const fixedDisk = state.fixedTyped.includes(device);
        return {
          device,
          size,
          description,
          ...(hardwareId ? { hardwareId } : {}),
          ...(fixedDisk ? { fixedDisk } : {}),
        };
      }),
      ...(imageTarget ? [{ device: imageTarget.path, size: imageTarget.size }] : []),
    ];
    const onlyImage = selected.length === 0 && imageTarget !== undefined;
    set({
      flashJobId: jobId,
      flashProgress: {},
      flashResult: undefined,
      flashError: undefined,
      flashLog: [],
    });
    const result = await api.flashStart({
      jobId,
      tree: rootDir,
      targets,
      confirmedLarge,
      includeLoop,
      ...(boot ? { boot } : {}),
      ...(onlyImage ? { size: imageTarget.size } : {}),
    });
    // Remembered for next time when at least one stick came out right, before "All done" shows,
    // so a user who closes the app on that page finds the settings next time.
    if (result.ok && result.value.targets.some((t) => t.ok)) await get().rememberSettings();
    set(result.ok ? { flashResult: result.value, step: 'done' } : { flashError: result.error });
  },
  cancelFlash: async () => {
    const { api, flashJobId } = get();
    if (api && flashJobId) await api.flashCancel({ jobId: flashJobId });
  },
  onFlashProgress: (progress) => {
    if (progress.jobId !== get().flashJobId) return;
    set((s) => ({ flashProgress: { ...s.flashProgress, [progress.target ?? '']: progress } }));
  },
  onFlashLog: (line) => {
    if (line.jobId !== undefined && line.jobId !== get().flashJobId) return;
    set((s) => ({ flashLog: [...s.flashLog.slice(-499), line] }));
  },
  // Same root and settings; fresh sticks.
  flashMore: () =>
    set({
      selected: [],
      imageTarget: undefined,
      flashJobId: undefined,
      flashProgress: {},
      flashResult: undefined,
      flashError: undefined,
      step: 'drives',
    }),
});
