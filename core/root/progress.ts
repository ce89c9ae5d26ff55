// How root jobs report what they are doing: progress with a phase and step, and log lines.

import type { GoArch } from '../../contract';

export interface RootProgress {
  phase: 'downloading' | 'verifying' | 'extracting' | 'building';
  /** What is happening now ("cmd/go", "copying GOROOT", "root.tar.xz"). */
  step: string;
  arch?: GoArch;
  bytesDone: number;
  bytesTotal: number;
  /** Bytes per second, when bytes move. */
  speed: number;
  /** Seconds left, when known. */
  eta?: number;
}

export interface RootEvents {
  onProgress?: (progress: RootProgress) => void;
  onLog?: (level: 'info' | 'warn' | 'error', message: string) => void;
}

/** Root jobs measure speed with the one meter every job uses. */
export { etaOf, SpeedMeter } from '../speed-meter';
