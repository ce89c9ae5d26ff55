// Compose a folder into a stick and flash it to every target: the one entry the CLI and the UI share.

import { realpath } from 'node:fs/promises';
import type { DriveDTO, FlashResult } from '../../contract/dto';
import { appError, fail, ok, type Result } from '../../contract/errors';
import type { BootRequest } from '../boot/prepare';
import { imageTargetRefusal } from '../drives/admit-target';
import { listDrives } from '../drives/list';
import type { ExtraFile } from '../image/compose';
import { planBytes } from '../io/plan';
import { composeStick, wholeMiB } from '../stick/compose-stick';
import { runFlashJob, type ChosenTarget, type FlashIo, type FlashJob } from './flash-job';
import { classifyTarget } from '../io/platform-io';
import { runPrivileged, type PrivilegedOptions } from './privileged/run-privileged';

export interface FlashTreeRequest {
  jobId: string;
  tree: string;
  targets: ChosenTarget[];
  /** Image size; default the smallest chosen drive or existing image file. Needed for a new image file. */
  size?: number;
  extraFiles?: ExtraFile[];
  /** Kernels and boot methods: makes the stick bootable (core/boot). */
  boot?: BootRequest;
  confirmedLarge?: string[];
  eject?: boolean;
  includeLoop?: boolean;
  verify?: boolean;
}

export interface FlashTreeIo extends Omit<FlashIo, 'hooks'> {
  /** Told the size taken from a target when none was asked for (the smallest drive or existing image). */
  onImageSize?: (bytes: number, from: string) => void;
  /** Said when a password prompt may appear (a device target, not root). */
  onElevating?: () => void;
  /** Tests: how to start the privileged writer. */
  privileged?: Pick<PrivilegedOptions, 'elevation' | 'child'>;
}

/** A chosen target with its path resolved (`..`, udev links) and what it names. */
interface Judged {
  asked: ChosenTarget;
  target: ChosenTarget;
  device: boolean;
  /** An existing image file's size (0 for a new file or a device). */
  fileSize: number;
}

/**
 * Resolves every target first: a device stays a device, anything else must pass the image rule
 * (a new file, or an image Sourcery Flasher made) before a byte is composed.
 */
async function judgeTargets(targets: ChosenTarget[], heldPaths: string[]): Promise<Result<Judged[]>> {
  const judged: Judged[] = [];
  for (const asked of targets) {
    const classified = await classifyTarget(asked.device);
    const target = { ...asked, device: classified.path };
    if (classified.kind === 'device') {
      judged.push({ asked, target, device: true, fileSize: 0 });
      continue;
    }
    const refused = await imageTargetRefusal(classified, heldPaths);
    if (refused) return fail(refused);
    judged.push({ asked, target, device: false, fileSize: classified.size });
  }
  return ok(judged);
}

/** The image size in bytes and, when not asked for, which target it was taken from. */
interface ImageSize {
  bytes: number;
  from?: string;
}

/**
 * The image size: as asked; else the smallest chosen drive or existing image file, rounded down to
 * whole MiB. A new image file has no size of its own: beside a drive it takes the drive's (it stands
 * for that stick); alone, `size` must be given.
 */
async function targetSize(request: FlashTreeRequest, judged: Judged[]): Promise<Result<ImageSize>> {
  if (request.size !== undefined) return ok({ bytes: wholeMiB(request.size) });
  const isFresh = (j: Judged) => !j.device && j.fileSize === 0;
  const fresh = judged.find(isFresh);
  if (fresh && !judged.some((j) => j.device))
    return fail(
      appError('E_BAD_REQUEST', `${fresh.asked.device} is a new image file, so its size must be given.`, {
        hint: 'Give the size of the stick it stands for: --size 8G (in the app: the size field).',
      }),
    );
  const drives: DriveDTO[] = judged.some((j) => j.device) ? await listDrives({ includeLoop: true }) : [];
  const sized = judged
    .filter((j) => !isFresh(j))
    .map((j) => ({
      name: j.asked.device,
      bytes: j.device
        ? (j.asked.size ?? drives.find((x) => x.device === j.target.device)?.size ?? 0)
        : j.fileSize,
    }));
  const smallest = sized.reduce((a, b) => (b.bytes < a.bytes ? b : a));
  return ok({ bytes: wholeMiB(smallest.bytes), from: smallest.name });
}

export async function flashTree(request: FlashTreeRequest, io: FlashTreeIo): Promise<Result<FlashResult>> {
  const tree = await realpath(request.tree).catch(() => undefined);
  if (!tree) return fail(appError('E_IO', `${request.tree} does not exist.`));
  const judged = await judgeTargets(request.targets, [tree]);
  if (!judged.ok) return judged;
  const size = await targetSize(request, judged.value);
  if (!size.ok) return size;
  if (size.value.from !== undefined) {
    const message = `No size was given: the image takes the size of ${size.value.from}, ${size.value.bytes} bytes.`;
    io.onImageSize?.(size.value.bytes, size.value.from);
    io.onLog?.({ jobId: request.jobId, level: 'info', message, time: new Date().toISOString() });
  }

  io.onProgress?.({ jobId: request.jobId, phase: 'composing', bytesDone: 0, bytesTotal: 0, speed: 0 });
  const stick = await composeStick({
    tree,
    size: size.value.bytes,
    ...(request.boot ? { boot: request.boot } : {}),
    ...(request.extraFiles ? { extraFiles: request.extraFiles } : {}),
    ...(io.signal ? { signal: io.signal } : {}),
  });
  if (!stick.ok) return stick;
  const { plan } = stick.value.composition;
  const { heldPaths } = stick.value;
  const job = (targets: ChosenTarget[]): FlashJob => ({
    jobId: request.jobId,
    plan,
    targets,
    heldPaths,
    includeLoop: request.includeLoop ?? false,
    // Confirmations name the drives as the caller did; the job names them resolved.
    confirmedLarge: (request.confirmedLarge ?? []).map(
      (name) => judged.value.find((j) => j.asked.device === name)?.target.device ?? name,
    ),
    eject: request.eject ?? false,
    verify: request.verify ?? true,
  });
  const result = { jobId: request.jobId, planBytes: planBytes(plan) };
  // Image files are written with the user's own rights, here; only devices go to the privileged
  // writer, which refuses anything else. A mixed job is two passes, run side by side.
  const files = judged.value.filter((j) => !j.device).map((j) => j.target);
  const onDevices = judged.value.filter((j) => j.device).map((j) => j.target);
  const forFiles: FlashIo =
    onDevices.length === 0 ? io : { ...io, onProgress: (p) => p.target !== undefined && io.onProgress?.(p) }; // one overall line
  const [fileResults, deviceResults] = await Promise.all([
    files.length ? runFlashJob(job(files), forFiles) : Promise.resolve([]),
    onDevices.length
      ? (io.onElevating?.(), runPrivileged(job(onDevices), { ...io, ...io.privileged }))
      : ok([]),
  ]);
  if (!deviceResults.ok) return deviceResults;
  const all = [...fileResults, ...deviceResults.value];
  // Results keep the names the caller used, so its progress and its targets still match.
  const ordered = judged.value
    .map((j) => {
      const found = all.find((r) => r.device === j.target.device);
      return found && { ...found, device: j.asked.device };
    })
    .filter((r) => r !== undefined);
  return ok({ ...result, targets: ordered });
}
