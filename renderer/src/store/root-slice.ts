// The sourcery root: where it comes from, the job that gets it, and the manifest it ends with.

import type { StateCreator } from 'zustand';
import type { AppError, GoArch, JobProgress, LogLine, Result, RootManifest } from '../../../contract';
import type { Store } from './index';
import { newJobId } from './job-id';

export type RootSource = 'channel' | 'build' | 'download' | 'local';

export interface BuildForm {
  archs: GoArch[];
  goroot: string;
  goVersion: string;
  /** Extra command repositories or folders, one per line. */
  sources: string;
  out: string;
}

export interface DownloadForm {
  url: string;
  sha256: string;
  out: string;
}

/** Where each architecture's compile check is, from the build's progress steps. */
export type CompileCheckState = Partial<Record<GoArch, 'checking' | 'checked'>>;

/** The compile check step core/root/build/check-sources.ts reports: "compile check for arm64: 117 commands". */
const compileStep = /^compile check for (amd64|arm64|riscv64)\b/;

/** The state after a progress step: the named arch is checking, any earlier one is checked. */
export function nextCompileState(state: CompileCheckState, step: string | undefined): CompileCheckState {
  const arch = compileStep.exec(step ?? '')?.[1] as GoArch | undefined;
  const next: CompileCheckState = {};
  for (const [key, value] of Object.entries(state))
    next[key as GoArch] = value === 'checking' ? 'checked' : value;
  if (arch) next[arch] = 'checking';
  return next;
}

export interface RootSlice {
  rootSource: RootSource;
  localPath: string;
  build: BuildForm;
  download: DownloadForm;
  manifest: RootManifest | undefined;
  rootError: AppError | undefined;
  rootJobId: string | undefined;
  rootProgress: JobProgress | undefined;
  rootLog: LogLine[];
  /** Per architecture, while a build runs. */
  compileChecks: CompileCheckState;
  /** The folder that becomes the stick's root, once a manifest says it is usable. */
  rootDir: string;
  setRootSource(source: RootSource): void;
  setLocalPath(path: string): void;
  setBuild(change: Partial<BuildForm>): void;
  setDownload(change: Partial<DownloadForm>): void;
  getRoot(): Promise<void>;
  cancelRoot(): Promise<void>;
  onRootProgress(progress: JobProgress): void;
  onRootLog(line: LogLine): void;
}

const folderName = (text: string): string =>
  text
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60) || 'root';

export const createRootSlice: StateCreator<Store, [], [], RootSlice> = (set, get) => ({
  rootSource: 'local',
  localPath: '',
  build: { archs: ['amd64', 'arm64', 'riscv64'], goroot: '', goVersion: '', sources: '', out: '' },
  download: { url: '', sha256: '', out: '' },
  manifest: undefined,
  rootError: undefined,
  rootJobId: undefined,
  rootProgress: undefined,
  rootLog: [],
  compileChecks: {},
  rootDir: '',
  setRootSource: (rootSource) => set({ rootSource, rootError: undefined }),
  setLocalPath: (localPath) => set({ localPath }),
  setBuild: (change) => set((s) => ({ build: { ...s.build, ...change } })),
  setDownload: (change) => set((s) => ({ download: { ...s.download, ...change } })),
  getRoot: async () => {
    const { api, info, rootSource, localPath, build, download } = get();
    if (!api || !info) return;
    const jobId = newJobId(rootSource);
    set({
      rootJobId: jobId,
      rootProgress: undefined,
      rootLog: [],
      compileChecks: {},
      rootError: undefined,
      manifest: undefined,
      rootDir: '',
    });
    let result: Result<RootManifest>;
    if (rootSource === 'local') {
      result = await api.rootOpen({ jobId, path: localPath.trim() });
    } else if (rootSource === 'build') {
      const sources = build.sources
        .split('\n')
        .map((line) => line.trim())
        .filter(Boolean);
      result = await api.rootBuild({
        jobId,
        archs: build.archs,
        out: build.out.trim() || `${info.rootsDir}/build-${build.archs.join('-')}`,
        ...(build.goroot.trim() ? { goroot: build.goroot.trim() } : {}),
        ...(build.goVersion.trim() ? { goVersion: build.goVersion.trim() } : {}),
        ...(sources.length > 0 ? { sources: sources.map((repo) => ({ repo })) } : {}),
      });
    } else if (rootSource === 'channel') {
      result = await get().fetchPickedRoot(jobId);
    } else {
      result = await api.rootFetch({
        jobId,
        url: download.url.trim(),
        out: download.out.trim() || `${info.rootsDir}/${folderName(download.url.split('/').pop() ?? '')}`,
        sha256: download.sha256.trim(),
      });
    }
    if (get().rootJobId !== jobId) return; // superseded by a newer request
    if (!result.ok) set({ rootError: result.error, rootJobId: undefined });
    else
      set({
        manifest: result.value,
        rootJobId: undefined,
        rootDir: result.value.problems.length === 0 ? result.value.dir : '',
      });
  },
  cancelRoot: async () => {
    const { api, rootJobId } = get();
    if (api && rootJobId) await api.rootCancel({ jobId: rootJobId });
  },
  onRootProgress: (progress) => {
    if (progress.jobId !== get().rootJobId) return;
    set((s) => ({ rootProgress: progress, compileChecks: nextCompileState(s.compileChecks, progress.step) }));
  },
  onRootLog: (line) => {
    if (line.jobId === get().rootJobId) set((s) => ({ rootLog: [...s.rootLog.slice(-499), line] }));
  },
});
