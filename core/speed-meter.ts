// One speed meter for every job that moves bytes (downloads, extraction, writing, verifying), and its ETA.

/** Speed over the last `window` ms of samples, so a stall shows within seconds. */
export class SpeedMeter {
  readonly #samples: Array<{ at: number; bytes: number }> = [];
  constructor(readonly window = 3000) {}

  /** Records that `bytes` are done at `at` (ms). */
  add(bytes: number, at = Date.now()): void {
    this.#samples.push({ at, bytes });
    while (this.#samples.length > 2 && (this.#samples[0]?.at ?? at) < at - this.window) this.#samples.shift();
  }

  /** Bytes per second, 0 until two samples exist. */
  get speed(): number {
    const first = this.#samples[0];
    const last = this.#samples.at(-1);
    if (!first || !last || last.at === first.at) return 0;
    return ((last.bytes - first.bytes) * 1000) / (last.at - first.at);
  }

  /** `add`, then the speed. */
  sample(bytes: number, at = Date.now()): number {
    this.add(bytes, at);
    return this.speed;
  }
}

/** Seconds left at `speed`, or undefined when unknown. */
export const etaOf = (done: number, total: number, speed: number): number | undefined =>
  total > 0 && speed > 0 ? Math.max(0, (total - done) / speed) : undefined;
