// Flashes the sticks one poll found with the workshop's plan, in one pass: in this process when root, else the privileged writer.

import type { DriveDTO, FlashTargetResult, JobProgress, LogLine } from '../../contract/dto';
import { appError, ok, type AppError } from '../../contract/errors';
import { runFlashJob, type FlashJob } from '../write/flash-job';
import { runPrivileged } from '../write/privileged/run-privileged';
import type { IoThreads } from '../io/io-threads';
import type { WorkshopImage } from './compose-once';

/** What the user allowed beyond removable sticks. */
export interface StickConsent {
  includeLoop: boolean;
  /** Fixed disks named at the start (--fixed-disk). */
  fixedDisks: string[];
}

export interface StickIo {
  signal: AbortSignal;
  onProgress?: (progress: JobProgress) => void;
  onLog?: (line: LogLine) => void;
  /** The threads that read, hash and verify when the job runs here (as root), owned by the caller. */
  threads: IoThreads;
}

/** One result per drive, in order; a target's "done" progress event comes as soon as that stick is. */
export async function flashSticks(
  jobId: string,
  image: WorkshopImage,
  drives: DriveDTO[],
  eject: boolean,
  consent: StickConsent,
  io: StickIo,
): Promise<FlashTargetResult[]> {
  const job: FlashJob = {
    jobId,
    plan: image.plan,
    targets: drives.map((d) => ({
      device: d.device,
      size: d.size,
      description: d.description,
      ...(d.hardwareId !== undefined ? { hardwareId: d.hardwareId } : {}),
      ...(consent.fixedDisks.includes(d.device) ? { fixedDisk: true } : {}),
    })),
    heldPaths: image.heldPaths,
    includeLoop: consent.includeLoop,
    // The size range (--max-size) is the confirmation for large inserted sticks; a named drive over
    // 128 GB passed prepareWorkshop only with --large.
    confirmedLarge: drives.map((d) => d.device),
    eject,
    verify: true,
  };
  // Root needs no second process; anyone else gets the same engine through the privileged writer.
  const ran = process.getuid?.() === 0 ? ok(await runFlashJob(job, io)) : await runPrivileged(job, io);
  return drives.map((drive, i) => {
    if (!ran.ok) return failed(drive, ran.error);
    return (
      ran.value[i] ?? failed(drive, appError('E_INTERNAL', `${drive.device}: the writer returned no result.`))
    );
  });
}

const failed = (drive: DriveDTO, error: AppError): FlashTargetResult => ({
  device: drive.device,
  ok: false,
  error,
  bytesWritten: 0,
  verified: false,
  direct: false,
});
