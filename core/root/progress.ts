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

/** Speed over a sliding window of recent samples, and the ETA that follows from it. */
export class SpeedMeter {
  private samples: { time: number; bytes: number }[] = [];

  constructor(private readonly windowMs = 3000) {}

  sample(bytes: number, now = Date.now()): number {
    this.samples.push({ time: now, bytes });
    while (this.samples.length > 2 && now - (this.samples[0]?.time ?? now) > this.windowMs)
      this.samples.shift();
    const first = this.samples[0] ?? { time: now, bytes };
    const seconds = (now - first.time) / 1000;
    return seconds > 0 ? (bytes - first.bytes) / seconds : 0;
  }
}

/** Seconds left at `speed`, or undefined when unknown. */
export const etaOf = (done: number, total: number, speed: number): number | undefined =>
  total > 0 && speed > 0 ? Math.max(0, (total - done) / speed) : undefined;
