// The invoke map: each request's schema (checked on the serving side) and its result type.

import { z } from 'zod';
import type { AppInfo, DriveDTO, JobProgress, LogLine, FlashResult } from './dto';
import type { Result } from './errors';
import type { EventName, InvokeName } from './names';

export const invokeRequests = {
  appInfo: z.object({}).strict(),
  drivesList: z.object({ includeLoop: z.boolean().optional() }).strict(),
  flashStart: z
    .object({
      /** Chosen by the caller, so it can cancel and match progress events. */
      jobId: z.string().min(1).max(100),
      /** The folder whose contents become the stick's root. */
      tree: z.string().min(1),
      /** Devices as listed when chosen (re-checked before writing), or image file paths. */
      targets: z
        .array(
          z.object({
            device: z.string().min(1),
            size: z.number().optional(),
            description: z.string().optional(),
          }),
        )
        .min(1),
      /** Image size in bytes; default: the smallest chosen drive. */
      size: z.number().int().positive().optional(),
      /** Devices over 128 GB that the user confirmed by name. */
      confirmedLarge: z.array(z.string()).optional(),
      eject: z.boolean().optional(),
      includeLoop: z.boolean().optional(),
    })
    .strict(),
  flashCancel: z.object({ jobId: z.string().min(1) }).strict(),
  drivesEject: z.object({ device: z.string().min(1) }).strict(),
} as const satisfies Record<InvokeName, z.ZodType>;

export interface InvokeResults {
  appInfo: AppInfo;
  drivesList: DriveDTO[];
  flashStart: FlashResult;
  flashCancel: { cancelled: boolean };
  drivesEject: { ejected: boolean; message: string };
}

export interface EventPayloads {
  drivesChanged: DriveDTO[];
  jobProgress: JobProgress;
  jobLog: LogLine;
}

export type InvokeRequest<K extends InvokeName> = z.infer<(typeof invokeRequests)[K]>;

/** What the engine side implements; main and `serve` register one object of this type. */
export type Handlers = {
  [K in InvokeName]: (request: InvokeRequest<K>) => Promise<Result<InvokeResults[K]>>;
};

/** Pushes an event to every connected renderer. */
export type Emit = <K extends EventName>(name: K, payload: EventPayloads[K]) => void;

/** What the renderer sees as `window.sourcery`, over IPC or the loopback bridge. */
export type SourceryApi = Handlers & {
  [K in EventName as `on${Capitalize<K>}`]: (listener: (payload: EventPayloads[K]) => void) => () => void;
};

// Compile-time guard: the result map names exactly the invoke names.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
export const contractIsComplete: Same<keyof InvokeResults, InvokeName> &
  Same<keyof EventPayloads, EventName> = true;
