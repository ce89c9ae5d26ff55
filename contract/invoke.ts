// The invoke map: each request's schema (checked on the serving side) and its result type.

import { z } from 'zod';
import type { AppInfo, DriveDTO, JobProgress, LogLine } from './dto';
import type { Result } from './errors';
import type { EventName, InvokeName } from './names';

export const invokeRequests = {
  appInfo: z.object({}).strict(),
  drivesList: z.object({ includeLoop: z.boolean().optional() }).strict(),
} as const satisfies Record<InvokeName, z.ZodType>;

export interface InvokeResults {
  appInfo: AppInfo;
  drivesList: DriveDTO[];
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
