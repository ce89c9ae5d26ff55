// Data that crosses process boundaries: plain, serialisable shapes only.

export interface AppInfo {
  name: string;
  version: string;
  platform: string;
  arch: string;
  /** Where the UI runs: inside Electron, or in a browser against `serve`. */
  shell: 'electron' | 'browser';
  /** Which engine parts have landed, so the wizard can say what is not there yet. */
  capabilities: Record<'compose' | 'boot' | 'roots' | 'write', boolean>;
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
}

export type JobPhase = 'preparing' | 'composing' | 'writing' | 'verifying' | 'finishing' | 'done' | 'failed';

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
}

export interface LogLine {
  jobId?: string;
  level: 'info' | 'warn' | 'error';
  message: string;
  time: string;
}
