// Turns raw byte counts into JobProgress events: sliding-window speed, ETA, 4-10 events a second.

import type { JobPhase, JobProgress } from '../../contract/dto';
import { SpeedMeter } from '../speed-meter';

interface TargetState {
  phase: JobPhase;
  done: number;
  total: number;
  meter: SpeedMeter;
}

export interface ReporterOptions {
  /** Least time between two emissions of the same target, ms. Default 200 (5 a second). */
  interval?: number;
  now?: () => number;
}

/** Collects updates per target and emits them, throttled, plus one overall event per tick. */
export class ProgressReporter {
  readonly #targets = new Map<string, TargetState>();
  readonly #dirty = new Set<string>();
  readonly #interval: number;
  readonly #now: () => number;
  #timer: NodeJS.Timeout | undefined;

  constructor(
    readonly jobId: string,
    readonly emit: (progress: JobProgress) => void,
    options: ReporterOptions = {},
  ) {
    this.#interval = options.interval ?? 200;
    this.#now = options.now ?? Date.now;
  }

  /** Records a target's state; a new phase is emitted at once, bytes at the next tick. */
  update(target: string, phase: JobPhase, done: number, total: number): void {
    let state = this.#targets.get(target);
    const newPhase = state?.phase !== phase;
    if (!state || newPhase) {
      state = { phase, done, total, meter: new SpeedMeter() };
      this.#targets.set(target, state);
    }
    Object.assign(state, { done, total });
    state.meter.add(done, this.#now());
    this.#dirty.add(target);
    if (newPhase) this.flush();
    else this.#timer ??= setTimeout(() => this.flush(), this.#interval);
  }

  /** Emits every pending target and the overall line now. */
  flush(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    for (const target of this.#dirty) {
      const state = this.#targets.get(target);
      if (state) this.emit(this.#event(target, state));
    }
    this.#dirty.clear();
    this.emit(this.overall());
  }

  /** The job as a whole: summed bytes and speeds; the phase of the target furthest behind. */
  overall(): JobProgress {
    const states = [...this.#targets.values()];
    const order: JobPhase[] = [
      'preparing',
      'composing',
      'writing',
      'verifying',
      'finishing',
      'done',
      'failed',
    ];
    const active = states.filter((s) => s.phase !== 'failed');
    const phase = active.length
      ? (active.map((s) => s.phase).sort((a, b) => order.indexOf(a) - order.indexOf(b))[0] ?? 'preparing')
      : 'failed';
    const inPhase = active.filter((s) => s.phase === phase);
    const sum = (pick: (s: TargetState) => number): number => inPhase.reduce((n, s) => n + pick(s), 0);
    return withEta({
      jobId: this.jobId,
      phase,
      bytesDone: sum((s) => s.done),
      bytesTotal: sum((s) => s.total),
      speed: sum((s) => s.meter.speed),
    });
  }

  #event(target: string, state: TargetState): JobProgress {
    return withEta({
      jobId: this.jobId,
      target,
      phase: state.phase,
      bytesDone: state.done,
      bytesTotal: state.total,
      speed: state.meter.speed,
    });
  }
}

function withEta(progress: JobProgress): JobProgress {
  if (progress.speed > 0 && progress.bytesTotal > progress.bytesDone)
    progress.eta = (progress.bytesTotal - progress.bytesDone) / progress.speed;
  return progress;
}
