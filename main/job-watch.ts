// What the taskbar and the system's notifications say about the jobs main forwards (pure, tested without Electron).

import { jobFraction, type JobProgress } from '../contract';

export interface Notice {
  title: string;
  body: string;
}

export interface TaskbarUpdate {
  /** 0..1 for the taskbar or dock, -1 to clear it; undefined leaves it. */
  bar?: number;
  notice?: Notice;
}

interface JobState {
  targets: Map<string, JobProgress['phase']>;
  warnedFailure: boolean;
}

/** Follows jobProgress events; a job with targets is a flash, and says when each stick ends. */
export class JobWatch {
  private readonly jobs = new Map<string, JobState>();

  update(progress: JobProgress): TaskbarUpdate {
    const job = this.jobs.get(progress.jobId) ?? { targets: new Map(), warnedFailure: false };
    this.jobs.set(progress.jobId, job);
    if (progress.target !== undefined) {
      job.targets.set(progress.target, progress.phase);
      const running = [...job.targets.values()].some((phase) => phase !== 'done' && phase !== 'failed');
      if (progress.phase === 'failed' && !job.warnedFailure && running) {
        job.warnedFailure = true;
        return {
          notice: { title: 'A stick failed', body: `${progress.target} failed; the others carry on.` },
        };
      }
      return {};
    }
    if (progress.phase !== 'done' && progress.phase !== 'failed') {
      const fraction = jobFraction(progress, job.targets.size > 0);
      return fraction === undefined ? {} : { bar: fraction };
    }
    this.jobs.delete(progress.jobId);
    if (job.targets.size === 0) return { bar: -1 };
    const phases = [...job.targets.values()];
    const failed = phases.filter((phase) => phase === 'failed').length;
    const sticks = (n: number) => `${n} ${n === 1 ? 'stick' : 'sticks'}`;
    return {
      bar: -1,
      notice:
        failed === 0
          ? { title: 'Every stick is ready', body: `${sticks(phases.length)} written and verified.` }
          : {
              title: failed === phases.length ? 'Flashing failed' : `${sticks(failed)} failed`,
              body: `${phases.length - failed} of ${sticks(phases.length)} written and verified; the window says why.`,
            },
    };
  }
}
