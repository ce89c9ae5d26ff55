// One flash job: check and re-resolve targets, unmount, write, verify, eject; each target on its own.

import { stat } from 'node:fs/promises';
import type { DriveDTO, FlashTargetResult, JobProgress, LogLine } from '../../contract/dto';
import { appError, type AppError } from '../../contract/errors';
import { admitTarget, type ChosenTarget } from '../drives/admit-target';
import { listDrives } from '../drives/list';
import type { IoThreads } from '../io/io-threads';
import { planBytes, type Plan } from '../io/plan';
import { ejectDrive } from './eject';
import { writePlan } from './fan-out';
import { ProgressReporter } from './progress';
import { unmountTarget } from './unmount';
import { verifyTarget } from './verify';
import { zeroHead } from './zero-head';

export type { ChosenTarget } from '../drives/admit-target';

export interface FlashJob {
  jobId: string;
  plan: Plan;
  targets: ChosenTarget[];
  /** Files being composed: their drive is a system drive, and no image file may be among them. */
  heldPaths: string[];
  includeLoop?: boolean;
  /** Devices whose size (> 128 GB) the user confirmed. */
  confirmedLarge?: string[];
  verify?: boolean;
  eject?: boolean;
  direct?: boolean;
}

/** How one target ended; the contract's shape, so it crosses processes as is. */
export type TargetResult = FlashTargetResult;

export interface FlashHooks {
  /** Tests: runs between writing and verifying (to corrupt a target, say). */
  beforeVerify?: (device: string) => Promise<void>;
  /** A fresh drive list; defaults to this machine's. */
  listDrives?: (includeLoop: boolean) => Promise<DriveDTO[]>;
}

export interface FlashIo {
  /** Set by the privileged writer for itself: it writes devices, never files (which root could not be trusted with). */
  devicesOnly?: boolean;
  signal?: AbortSignal;
  onProgress?: (progress: JobProgress) => void;
  onLog?: (line: LogLine) => void;
  hooks?: FlashHooks;
  /** The threads that read, hash and verify (io-threads.ts), owned by the caller. */
  threads: IoThreads;
}

const isBlockDevice = (path: string): Promise<boolean> =>
  stat(path).then(
    (s) => s.isBlockDevice() || s.isCharacterDevice(),
    () => false,
  );

/** Checks one target by the one rule (core/drives/admit-target.ts), then unmounts a device's volumes. */
async function admit(
  job: FlashJob,
  target: ChosenTarget,
  fresh: () => Promise<DriveDTO[]>,
  devicesOnly = false,
): Promise<AppError | undefined> {
  const admitted = await admitTarget(target, {
    neededBytes: job.plan.size,
    heldPaths: job.heldPaths,
    includeLoop: job.includeLoop ?? false,
    confirmedLarge: job.confirmedLarge ?? [],
    devicesOnly,
    fresh,
  });
  if (!admitted.ok) return admitted.error;
  if (!admitted.device) return undefined;
  const unmounted = await unmountTarget(target.device, true);
  return unmounted.ok ? undefined : unmounted.error;
}

export async function runFlashJob(job: FlashJob, io: FlashIo): Promise<TargetResult[]> {
  const log = (level: LogLine['level'], message: string): void =>
    io.onLog?.({ jobId: job.jobId, level, message, time: new Date().toISOString() });
  const reporter = new ProgressReporter(job.jobId, (p) => io.onProgress?.(p));
  const includeLoop = job.includeLoop ?? false;
  let cached: Promise<DriveDTO[]> | undefined;
  const fresh = (): Promise<DriveDTO[]> =>
    (cached ??=
      io.hooks?.listDrives?.(includeLoop) ?? listDrives({ includeLoop: true, heldPaths: job.heldPaths }));

  const results = new Map<string, TargetResult>();
  const admitted: string[] = [];
  for (const target of job.targets) {
    reporter.update(target.device, 'preparing', 0, planBytes(job.plan));
    const refused = await admit(job, target, fresh, io.devicesOnly);
    if (refused) {
      results.set(target.device, {
        device: target.device,
        ok: false,
        error: refused,
        bytesWritten: 0,
        verified: false,
        direct: false,
      });
      reporter.update(target.device, 'failed', 0, planBytes(job.plan));
      log('error', `${target.device}: ${refused.title}: ${refused.detail}`);
    } else admitted.push(target.device);
  }

  if (admitted.length > 0) {
    log('info', `Writing ${admitted.length} target(s): ${admitted.join(', ')}`);
    const written = await writePlan({
      plan: job.plan,
      targets: admitted,
      direct: job.direct ?? true,
      ...(io.signal ? { signal: io.signal } : {}),
      threads: io.threads,
      onWritten: (device, done, total) => reporter.update(device, 'writing', done, total),
    });
    const verify = job.verify ?? true;
    await Promise.all(
      written.targets.map(async (outcome) => {
        const { bytesWritten, direct } = outcome;
        const failure = (error: AppError, firstMiBZeroed?: boolean): TargetResult => ({
          device: outcome.path,
          ok: false,
          error,
          bytesWritten,
          verified: false,
          direct,
          ...(firstMiBZeroed !== undefined ? { firstMiBZeroed } : {}),
        });
        let result: TargetResult = outcome.error
          ? failure(outcome.error, outcome.firstMiBZeroed)
          : { device: outcome.path, ok: true, bytesWritten, verified: false, direct };
        if (result.ok && verify) {
          await io.hooks?.beforeVerify?.(outcome.path);
          const checked = await verifyTarget({
            plan: job.plan,
            path: outcome.path,
            hashes: written.hashes,
            direct: job.direct ?? true,
            ...(io.signal ? { signal: io.signal } : {}),
            threads: io.threads,
            onVerified: (done, total) => reporter.update(outcome.path, 'verifying', done, total),
          });
          // Cancelled while verifying: written but unchecked, so it must not look finished either.
          if (!checked.error) result = { ...result, verified: true };
          else if (checked.error.code !== 'E_CANCELLED') result = failure(checked.error);
          else result = failure(checked.error, await zeroHead(outcome.path));
        }
        if (result.ok && job.eject && (await isBlockDevice(outcome.path))) {
          reporter.update(outcome.path, 'finishing', 0, 0);
          result = { ...result, eject: (await ejectDrive(outcome.path)).message };
        }
        results.set(outcome.path, result);
        reporter.update(
          outcome.path,
          result.ok ? 'done' : 'failed',
          result.ok ? outcome.bytesWritten : 0,
          outcome.bytesWritten,
        );
        if (!result.ok) {
          const zeroed = result.firstMiBZeroed
            ? ' Its first MiB was zeroed, so it will not look like a valid stick.'
            : '';
          log('error', `${outcome.path}: ${result.error.title}: ${result.error.detail}${zeroed}`);
        } else log('info', `${outcome.path}: written${result.verified ? ' and verified' : ''}.`);
      }),
    );
  }
  reporter.flush();
  return job.targets.map(
    (t) =>
      results.get(t.device) ?? {
        device: t.device,
        ok: false,
        error: appError('E_INTERNAL', `${t.device}: the writer returned no result.`),
        bytesWritten: 0,
        verified: false,
        direct: false,
      },
  );
}
