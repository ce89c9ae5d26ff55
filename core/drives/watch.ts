// Polls the drive list (about once a second) into attach, detach and change events.

import { setTimeout as sleep } from 'node:timers/promises';
import type { DriveDTO } from '../../contract/dto';

export interface DriveChanges {
  attached: DriveDTO[];
  detached: DriveDTO[];
  changed: DriveDTO[];
  /** The whole list after the change. */
  drives: DriveDTO[];
}

/** What differs between two lists, by device path; `changed` means size, description, mounts or flags. */
export function diffDrives(before: DriveDTO[], after: DriveDTO[]): DriveChanges {
  const old = new Map(before.map((d) => [d.device, d]));
  const now = new Map(after.map((d) => [d.device, d]));
  return {
    attached: after.filter((d) => !old.has(d.device)),
    detached: before.filter((d) => !now.has(d.device)),
    changed: after.filter(
      (d) => old.has(d.device) && JSON.stringify(old.get(d.device)) !== JSON.stringify(d),
    ),
    drives: after,
  };
}

export interface WatchOptions {
  list: () => Promise<DriveDTO[]>;
  onChange: (changes: DriveChanges) => void;
  /** Pause between polls, ms. Default 1000. */
  interval?: number;
  signal: AbortSignal;
  /** A failed poll is skipped (lsblk timing out under load); this hears about it. */
  onError?: (thrown: unknown) => void;
}

/** Polls until `signal` aborts; the first poll reports every drive as attached. */
export async function watchDrives(options: WatchOptions): Promise<void> {
  let previous: DriveDTO[] = [];
  while (!options.signal.aborted) {
    try {
      const current = await options.list();
      const changes = diffDrives(previous, current);
      if (changes.attached.length + changes.detached.length + changes.changed.length > 0)
        options.onChange(changes);
      previous = current;
    } catch (thrown) {
      options.onError?.(thrown);
    }
    // timers/promises removes its abort listener each round; a hand-made one would pile up.
    // Unref'd: a watcher alone never keeps the process running.
    await sleep(options.interval ?? 1000, undefined, { signal: options.signal, ref: false }).catch(
      () => undefined,
    );
  }
}
