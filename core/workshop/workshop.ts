// Workshop mode: watch for sticks inserted after the start and flash, verify and eject each, several at once.

import type { DriveDTO, FlashTargetResult, JobProgress, LogLine } from '../../contract/dto';
import { formatBytes } from '../../contract/units';
import { listDrives } from '../drives/list';
import { watchDrives } from '../drives/watch';
import type { IoThreads } from '../io/io-threads';
import { whyNotFlashed, type SizeRange } from './admit-drive';
import type { WorkshopImage } from './compose-once';
import { flashSticks } from './flash-stick';
import { countSticks, type StickRecord, type Tally } from './tally';

export interface WorkshopOptions {
  jobId: string;
  image: WorkshopImage;
  range: SizeRange;
  includeLoop: boolean;
  eject: boolean;
  /** Drives present at the start that the user named: flashed once, right away. */
  chosen?: string[];
  /** Of those, the fixed disks the user asked for by name. */
  fixedDisks?: string[];
  /** Between drive polls, ms (default 1000). */
  interval?: number;
}

export interface WorkshopIo {
  /** Aborting stops watching and cancels sticks in progress (their first MiB is zeroed). */
  signal: AbortSignal;
  /** Once the drives present at the start are known: from now on, new sticks are flashed. */
  onReady?: (present: DriveDTO[]) => void;
  onStick?: (stick: StickRecord, tally: Tally) => void;
  onProgress?: (progress: JobProgress) => void;
  onLog?: (line: LogLine) => void;
  /** The drive list to watch; default this machine's (lsblk). */
  listDrives?: () => Promise<DriveDTO[]>;
  /** The threads that read, hash and verify when sticks are written here (io-threads.ts). */
  threads: IoThreads;
}

export interface WorkshopSummary {
  sticks: StickRecord[];
  tally: Tally;
}

const describe = (d: DriveDTO): string => `${d.device} (${d.description}, ${formatBytes(d.size)})`;

export async function runWorkshop(options: WorkshopOptions, io: WorkshopIo): Promise<WorkshopSummary> {
  const sticks: StickRecord[] = [];
  const active = new Map<string, Promise<void>>();
  const log = (level: LogLine['level'], message: string): void =>
    io.onLog?.({ jobId: options.jobId, level, message, time: new Date().toISOString() });
  // A copy: the record changes later, and listeners may keep what they were given.
  const changed = (stick: StickRecord): void => io.onStick?.({ ...stick }, countSticks(sticks));

  /** Records how a stick ended, once; a cancelled or unverified stick never counts as done. */
  const settle = (stick: StickRecord, drive: DriveDTO, result: FlashTargetResult, started: number): void => {
    if (stick.status !== 'flashing') return;
    stick.seconds = (Date.now() - started) / 1000;
    if (!result.ok && result.firstMiBZeroed !== undefined) stick.firstMiBZeroed = result.firstMiBZeroed;
    if (result.ok && result.verified) stick.status = 'done';
    else if (result.ok) Object.assign(stick, { status: 'failed', reason: 'not verified' });
    else {
      stick.status = result.error.code === 'E_CANCELLED' ? 'cancelled' : 'failed';
      stick.error = result.error;
      stick.reason = `${result.error.title}: ${result.error.detail}`;
    }
    const zeroed = stick.firstMiBZeroed ? '; its first MiB was zeroed' : '';
    log(
      stick.status === 'done' ? 'info' : 'error',
      `${describe(drive)}: ${stick.status} in ${stick.seconds.toFixed(1)} s${stick.reason ? `: ${stick.reason}` : ''}${zeroed}`,
    );
    active.delete(drive.device);
    changed(stick);
  };

  /** Sticks found in one poll share one pass: the source is read once for all of them. */
  const flash = (drives: DriveDTO[]): void => {
    const batch = drives.map((drive) => {
      const stick: StickRecord = { ...pick(drive), status: 'flashing' };
      sticks.push(stick);
      changed(stick);
      log('info', `${describe(drive)}: writing`);
      return { drive, stick };
    });
    const started = Date.now();
    const consent = { includeLoop: options.includeLoop, fixedDisks: options.fixedDisks ?? [] };
    const run = flashSticks(options.jobId, options.image, drives, options.eject, consent, {
      signal: io.signal,
      threads: io.threads,
      onProgress: (progress) => {
        io.onProgress?.(progress);
        // "done" for a target means written, verified and ejected: count it before its batch ends.
        const entry =
          progress.phase === 'done' ? batch.find((b) => b.drive.device === progress.target) : undefined;
        if (entry) settle(entry.stick, entry.drive, { ...doneResult, device: entry.drive.device }, started);
      },
    }).then((results) => {
      batch.forEach(({ drive, stick }, i) => {
        const result = results[i];
        if (result?.eject && result.ok) log('info', result.eject);
        if (result) settle(stick, drive, result, started);
      });
    });
    for (const { drive } of batch) active.set(drive.device, run);
  };

  const skip = (drive: DriveDTO, reason: string): void => {
    const stick: StickRecord = { ...pick(drive), status: 'skipped', reason };
    sticks.push(stick);
    log('warn', `${describe(drive)}: left alone: ${reason}`);
    changed(stick);
  };

  let started = false;
  // The drive watcher never holds the process by itself; a workshop runs until it is stopped.
  const keepAlive = setInterval(() => undefined, 60_000);
  const list = io.listDrives ?? (() => listDrives({ includeLoop: true, heldPaths: options.image.heldPaths }));
  await watchDrives({
    list,
    interval: options.interval ?? 1000,
    signal: io.signal,
    onError: (thrown) => log('warn', `Listing drives failed once (${String(thrown)}); trying again.`),
    onChange: (changes) => {
      if (!started) {
        // The first poll: what is plugged in now is never touched, unless named.
        started = true;
        io.onReady?.(changes.drives);
        const chosen = changes.drives.filter((d) => options.chosen?.includes(d.device));
        if (chosen.length > 0) flash(chosen);
        return;
      }
      const taken: DriveDTO[] = [];
      for (const drive of changes.attached) {
        if (active.has(drive.device)) continue;
        const reason = whyNotFlashed(drive, options.range, options.includeLoop);
        if (reason) skip(drive, reason);
        else taken.push(drive);
      }
      if (taken.length > 0) flash(taken);
      for (const drive of changes.detached) {
        if (active.has(drive.device)) log('warn', `${describe(drive)}: removed while being written`);
        else if (sticks.some((s) => s.device === drive.device)) log('info', `${drive.device}: removed`);
      }
    },
  });
  clearInterval(keepAlive);
  // Stopped: sticks in progress were cancelled by the same signal; wait for them to settle.
  await Promise.all([...active.values()]);
  return { sticks, tally: countSticks(sticks) };
}

const pick = (d: DriveDTO) => ({ device: d.device, description: d.description, size: d.size });
const doneResult: FlashTargetResult = { device: '', ok: true, verified: true, bytesWritten: 0, direct: true };
