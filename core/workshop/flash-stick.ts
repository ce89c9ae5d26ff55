// Flashes one inserted stick with the workshop's plan: in this process when root, else the privileged writer.

import type { DriveDTO, FlashTargetResult, JobProgress, LogLine } from '../../contract/dto';
import { appError } from '../../contract/errors';
import { runFlashJob, type FlashJob } from '../write/flash-job';
import { runPrivileged } from '../write/privileged/run-privileged';
import type { WorkshopImage } from './compose-once';

export interface StickIo {
  signal: AbortSignal;
  onProgress?: (progress: JobProgress) => void;
  onLog?: (line: LogLine) => void;
}

export async function flashStick(
  jobId: string,
  image: WorkshopImage,
  drive: DriveDTO,
  eject: boolean,
  io: StickIo,
): Promise<FlashTargetResult> {
  const job: FlashJob = {
    jobId,
    plan: image.plan,
    targets: [{ device: drive.device, size: drive.size, description: drive.description }],
    heldPaths: image.heldPaths,
    includeLoop: true,
    // The size range (--max-size) is the confirmation for large drives in a workshop.
    confirmedLarge: [drive.device],
    eject,
    verify: true,
  };
  // Root needs no second process; anyone else gets the same engine through the privileged writer.
  if (process.getuid?.() === 0) {
    const [result] = await runFlashJob(job, io);
    if (result) return result;
  } else {
    const ran = await runPrivileged(job, io);
    if (ran.ok && ran.value[0]) return ran.value[0];
    if (!ran.ok)
      return {
        device: drive.device,
        ok: false,
        error: ran.error,
        bytesWritten: 0,
        verified: false,
        direct: false,
      };
  }
  const error = appError('E_INTERNAL', `${drive.device}: the writer returned no result.`);
  return { device: drive.device, ok: false, error, bytesWritten: 0, verified: false, direct: false };
}
