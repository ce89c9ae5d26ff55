// "Try it in an emulator": boots an image just written in QEMU and shows its serial console.

import type { StateCreator } from 'zustand';
import type { AppError, BootTestDTO, GoArch, LogLine } from '../../../contract';
import type { Store } from './index';
import { newJobId } from './job-id';

export interface EmulatorSlice {
  emulatorJobId: string | undefined;
  emulatorConsole: string[];
  emulatorResult: BootTestDTO | undefined;
  emulatorError: AppError | undefined;
  tryInEmulator(image: string, arch: GoArch): Promise<void>;
  stopEmulator(): Promise<void>;
  onEmulatorLog(line: LogLine): void;
}

export const createEmulatorSlice: StateCreator<Store, [], [], EmulatorSlice> = (set, get) => ({
  emulatorJobId: undefined,
  emulatorConsole: [],
  emulatorResult: undefined,
  emulatorError: undefined,
  tryInEmulator: async (image, arch) => {
    const api = get().api;
    if (!api) return;
    const jobId = newJobId('boot-test');
    set({ emulatorJobId: jobId, emulatorConsole: [], emulatorResult: undefined, emulatorError: undefined });
    const result = await api.bootTest({ jobId, image, arch });
    set({
      emulatorJobId: undefined,
      ...(result.ok ? { emulatorResult: result.value } : { emulatorError: result.error }),
    });
  },
  stopEmulator: async () => {
    const { api, emulatorJobId } = get();
    if (api && emulatorJobId) await api.bootTestCancel({ jobId: emulatorJobId });
  },
  onEmulatorLog: (line) => {
    if (line.jobId === get().emulatorJobId)
      set((s) => ({ emulatorConsole: [...s.emulatorConsole.slice(-999), line.message] }));
  },
});
