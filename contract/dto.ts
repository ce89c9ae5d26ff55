// Data that crosses process boundaries: plain, serialisable shapes only.

import type { GoArch } from './boot';
import type { AppError } from './errors';

/** The boot vocabulary (architectures, methods, Pi models) lives in boot.ts; the DTOs below use it. */
export * from './boot';

export interface AppInfo {
  name: string;
  version: string;
  platform: string;
  arch: string;
  /** Where the UI runs: inside Electron, or in a browser against `serve`. */
  shell: 'electron' | 'browser';
  /** Which engine parts have landed, so the wizard can say what is not there yet. */
  capabilities: Record<'compose' | 'boot' | 'roots' | 'write', boolean>;
  /** Where built and downloaded roots go unless the user picks another folder. */
  rootsDir: string;
}

export interface DriveDTO {
  /** The device path (`/dev/sdb`, `\\.\PhysicalDrive2`) or an image file's path. */
  device: string;
  description: string;
  size: number;
  removable: boolean;
  readOnly: boolean;
  system: boolean;
  /** Why the drive counts as a system drive, when it does. */
  systemReasons: string[];
  mountpoints: string[];
  kind: 'usb' | 'card' | 'disk' | 'loop' | 'virtual' | 'file';
  /** The disk's WWN or serial number, where the system gives one: the re-check before writing compares it. */
  hardwareId?: string;
}

/**
 * A fixed disk: neither removable nor hot-pluggable, and not a loop device. Such a disk is written
 * only when the user asks for it by name (`--fixed-disk`; in the app, a checkbox and the typed name).
 */
export const isFixedDisk = (drive: Pick<DriveDTO, 'removable' | 'kind'>): boolean =>
  !drive.removable && drive.kind !== 'loop';

export type JobPhase =
  | 'preparing'
  | 'composing'
  | 'writing'
  | 'verifying'
  | 'finishing'
  | 'done'
  | 'failed'
  // sourcery roots (core/root)
  | 'building'
  | 'downloading'
  | 'extracting';

export interface JobProgress {
  jobId: string;
  /** A target's device path, or undefined for the job as a whole. */
  target?: string;
  phase: JobPhase;
  bytesDone: number;
  bytesTotal: number;
  /** Bytes per second over a sliding window. */
  speed: number;
  /** Seconds left, when known. */
  eta?: number;
  /** What is happening now, for jobs made of steps ("programs for arm64", a download's URL). */
  step?: string;
}

export interface LogLine {
  jobId?: string;
  level: 'info' | 'warn' | 'error';
  message: string;
  time: string;
}

/** Something that keeps a folder from being a usable sourcery root. */
export interface RootProblem {
  /** Path inside the root ("/linux_arm64/bin/init"), or "/" for the root as a whole. */
  path: string;
  problem: string;
}

/** What a sourcery root holds, for the wizard and `root inspect`. */
export interface RootManifest {
  dir: string;
  files: number;
  directories: number;
  bytes: number;
  /** Architectures with a complete, matching /linux_<arch>/bin. */
  archs: GoArch[];
  /** From /go/VERSION ("go1.19.8"), or null when missing. */
  goVersion: string | null;
  /** Command stubs per architecture. */
  commands: Partial<Record<GoArch, number>>;
  /** SHA-256 over every path, size and content, sorted: equal hashes mean equal trees. */
  treeHash: string;
  problems: RootProblem[];
  /** Commands the build's compile check left out (no stub on that architecture); built roots only. */
  leftOut?: CommandLeftOut[];
  /** Bytes of the warm Go build cache kept per architecture (/linux_<arch>/gocache). */
  warmCache?: Partial<Record<GoArch, number>>;
  /** Seconds the compile check took per architecture; built roots only. */
  compileSeconds?: Partial<Record<GoArch, number>>;
}

/** A command that did not compile for one architecture, with the first line of the reason. */
export interface CommandLeftOut {
  arch: GoArch;
  /** The stub name it would have had ("ls"). */
  command: string;
  /** Its folder in the root ("/src/github.com/u-root/u-root/cmds/core/ls"). */
  dir: string;
  reason: string;
}

/** How one target of a flash job ended: written (and verified, unless the job said not to), or failed and why. */
export type FlashTargetResult = FlashTargetWritten | FlashTargetFailed;

interface FlashTargetBase {
  device: string;
  bytesWritten: number;
  /** False when the file system refused direct I/O for this image file. */
  direct: boolean;
}

export interface FlashTargetWritten extends FlashTargetBase {
  ok: true;
  verified: boolean;
  /** What ejecting said, when asked to eject. */
  eject?: string;
  error?: never;
  firstMiBZeroed?: never;
}

export interface FlashTargetFailed extends FlashTargetBase {
  ok: false;
  error: AppError;
  verified: false;
  /** Whether the first MiB now holds zeros, so it never looks like a valid stick. */
  firstMiBZeroed?: boolean;
  eject?: never;
}

/** A finished flash job: every target, each on its own. */
export interface FlashResult {
  jobId: string;
  /** Bytes of the image the plan covers (what was written per target). */
  planBytes: number;
  targets: FlashTargetResult[];
}

/** A kernel checked for one architecture, as the Boot step shows it. */
export interface KernelDTO {
  arch: GoArch;
  /** The kernel file (inside the package, for a .deb). */
  path: string;
  format: 'bzImage' | 'arm64-image' | 'riscv-image' | 'efi-zboot';
  size: number;
  /** Carries an EFI stub. */
  efi: boolean;
  version?: string;
  /** Whether it can read FAT by itself, needs modules from an initramfs, or nobody knows. */
  vfat: 'builtin' | 'module' | 'absent' | 'unknown';
  /** Modules the initramfs will load. */
  modules: number;
}

/** One stick a workshop saw: flashed (or being flashed), or left alone and why. */
export interface WorkshopStick {
  device: string;
  description: string;
  size: number;
  status: 'skipped' | 'flashing' | 'done' | 'failed' | 'cancelled';
  /** Why skipped, or what failed. */
  reason?: string;
  error?: AppError;
  /** On failure or cancel: the first MiB reads as zeros, so the stick never looks valid. */
  firstMiBZeroed?: boolean;
  seconds?: number;
}

/** The workshop's running count; `done` means written and verified, nothing less. */
export interface WorkshopTally {
  done: number;
  failed: number;
  cancelled: number;
  inProgress: number;
  skipped: number;
}

/** Pushed on every change of a workshop: the stick that changed and the new count. */
export interface WorkshopTallyEvent {
  jobId: string;
  stick: WorkshopStick;
  tally: WorkshopTally;
}

/** A workshop that started watching: the image every stick gets, and the drives it will not touch. */
export interface WorkshopStarted {
  jobId: string;
  /** Image size: the smallest stick taken. */
  size: number;
  planBytes: number;
  /** Drives present at the start, left alone. */
  untouched: string[];
}

export interface WorkshopSummary {
  jobId: string;
  tally: WorkshopTally;
  sticks: WorkshopStick[];
}

/** A boot test that saw its line; console lines came as jobLog events. */
export interface BootTestDTO {
  seconds: number;
  matched: string;
  command: string[];
}
