// A flash job as the wizard sees it: start, progress per target, cancel, result and log.

import type { StateCreator } from 'zustand';
import type { AppError, FlashResult, JobProgress, LogLine } from '../../../contract';
import { bootRequestOf } from './boot-slice';
import type { Store } from './index';

export interface ImageTarget {
  path: string;
  /** Bytes. */
  size: number;
}

export interface FlashSlice {
  imageTarget: ImageTarget | undefined;
  jobId: string | undefined;
  /** Latest progress per target device, and under '' for the job as a whole. */
  progress: Record<string, JobProgress>;
  flashResult: FlashResult | undefined;
  flashError: AppError | undefined;
  log: LogLine[];
  setImageTarget(target: ImageTarget | undefined): void;
  startFlash(confirmedLarge: string[]): Promise<void>;
  cancelFlash(): Promise<void>;
  onProgress(progress: JobProgress): void;
  onLog(line: LogLine): void;
  flashMore(): void;
}

const newJobId = (): string => `flash-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;

export const createFlashSlice: StateCreator<Store, [], [], FlashSlice> = (set, get) => ({
  imageTarget: undefined,
  jobId: undefined,
  progress: {},
  flashResult: undefined,
  flashError: undefined,
  log: [],
  setImageTarget: (imageTarget) => set({ imageTarget }),
  startFlash: async (confirmedLarge) => {
    const state = get();
    const { api, drives, selected, imageTarget, rootDir, includeLoop } = state;
    const boot = bootRequestOf(state);
    if (!api) return;
    const jobId = newJobId();
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
    set({ jobId, progress: {}, flashResult: undefined, flashError: undefined, log: [] });
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
    const { api, jobId } = get();
    if (api && jobId) await api.flashCancel({ jobId });
  },
  onProgress: (progress) => {
    if (progress.jobId !== get().jobId) return;
    set((s) => ({ progress: { ...s.progress, [progress.target ?? '']: progress } }));
  },
  onLog: (line) => {
    if (line.jobId !== undefined && line.jobId !== get().jobId) return;
    set((s) => ({ log: [...s.log.slice(-499), line] }));
  },
  // Same root and settings; fresh sticks.
  flashMore: () =>
    set({
      selected: [],
      imageTarget: undefined,
      jobId: undefined,
      progress: {},
      flashResult: undefined,
      flashError: undefined,
      step: 'drives',
    }),
});
