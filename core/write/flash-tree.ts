// Compose a folder into a stick and flash it to every target: the one entry the CLI and the UI share.

import { realpath, stat } from 'node:fs/promises';
import type { DriveDTO, FlashResult } from '../../contract/dto';
import { appError, fail, ok, type Result } from '../../contract/errors';
import { prepareBoot, type BootRequest } from '../boot/prepare';
import { listDrives } from '../drives/list';
import { compose, type ExtraFile } from '../image/compose';
import { startIoThreads } from '../image/io-threads';
import { planBytes } from '../image/plan';
import { runFlashJob, type ChosenTarget, type FlashIo, type FlashJob } from './flash-job';
import { runPrivileged, type PrivilegedOptions } from './privileged/run-privileged';

export interface FlashTreeRequest {
  jobId: string;
  tree: string;
  targets: ChosenTarget[];
  /** Image size; default the smallest chosen device. Needed when every target is an image file. */
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
  /** Said when a password prompt may appear (a device target, not root). */
  onElevating?: () => void;
  /** Tests: how to start the privileged writer. */
  privileged?: Pick<PrivilegedOptions, 'elevation' | 'child'>;
}

const mib = 1024 * 1024;
const isDevice = (path: string): Promise<boolean> =>
  stat(path).then(
    (s) => s.isBlockDevice() || s.isCharacterDevice(),
    () => false,
  );

/** The image size: as asked, else the smallest chosen drive, rounded down to whole MiB. */
async function targetSize(request: FlashTreeRequest, devices: string[]): Promise<Result<number>> {
  if (request.size !== undefined) return ok(Math.floor(request.size / mib) * mib);
  if (devices.length === 0)
    return fail(
      appError('E_BAD_REQUEST', 'Every target is an image file, so the image size must be given (--size).'),
    );
  const drives: DriveDTO[] = await listDrives({ includeLoop: true });
  const sizes = devices.map(
    (d) => request.targets.find((t) => t.device === d)?.size ?? drives.find((x) => x.device === d)?.size ?? 0,
  );
  return ok(Math.floor(Math.min(...sizes) / mib) * mib);
}

export async function flashTree(
  request: FlashTreeRequest,
  io: FlashTreeIo = {},
): Promise<Result<FlashResult>> {
  const tree = await realpath(request.tree).catch(() => undefined);
  if (!tree) return fail(appError('E_IO', `${request.tree} does not exist.`));
  const devices: string[] = [];
  for (const t of request.targets) if (await isDevice(t.device)) devices.push(t.device);
  const size = await targetSize(request, devices);
  if (!size.ok) return size;

  io.onProgress?.({ jobId: request.jobId, phase: 'composing', bytesDone: 0, bytesTotal: 0, speed: 0 });
  // Boot files are built and checked before anything is written.
  const boot = request.boot ? await prepareBoot(request.boot) : undefined;
  if (boot && !boot.ok) return boot;
  const extraFiles = [...(request.extraFiles ?? []), ...(boot?.ok ? boot.value.extraFiles : [])];
  startIoThreads(); // the threads that read the tree for the writers start while it is scanned
  const composed = await compose({
    tree,
    size: size.value,
    extraFiles,
    ...(boot?.ok ? { diskSignature: boot.value.diskSignature } : {}),
    ...(io.signal ? { signal: io.signal } : {}),
  });
  if (!composed.ok) return composed;
  if (boot?.ok) boot.value.install(composed.value);
  const plan = composed.value.plan;
  const heldPaths = [tree, ...extraFiles.flatMap((f) => (f.source ? [f.source] : []))];
  const job = (targets: ChosenTarget[]): FlashJob => ({
    jobId: request.jobId,
    plan,
    targets,
    heldPaths,
    includeLoop: request.includeLoop ?? false,
    confirmedLarge: request.confirmedLarge ?? [],
    eject: request.eject ?? false,
    verify: request.verify ?? true,
  });
  const result = { jobId: request.jobId, planBytes: planBytes(plan) };
  // Image files are written with the user's own rights, here; only devices go to the privileged
  // writer, which refuses anything else. A mixed job is two passes, run side by side.
  const files = request.targets.filter((t) => !devices.includes(t.device));
  const onDevices = request.targets.filter((t) => devices.includes(t.device));
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
  const ordered = request.targets
    .map((t) => all.find((r) => r.device === t.device))
    .filter((r) => r !== undefined);
  return ok({ ...result, targets: ordered });
}
