// The invoke map: each request's schema (checked on the serving side) and its result type.

import { z } from 'zod';
import type { AppInfo, DriveDTO, JobProgress, KernelDTO, LogLine, FlashResult, RootManifest } from './dto';
import type { BootTestDTO, WorkshopStarted, WorkshopSummary, WorkshopTallyEvent } from './dto';
import { bootMethodNames, emulatorFirmwareNames, goArchs, rpiModelNames } from './dto';
import { aptKernelRequests, type AptKernelResults } from './apt-kernels';
import { channelRequests, type ChannelResults } from './channels';
import { filesRequests, type ChosenPath, type FilesResults, type PathField } from './files';
import type { Result } from './errors';
import type { EventName, InvokeName } from './names';

/** Kernels and boot methods, shared by flashStart and workshopStart. */
const bootRequest = z
  .object({
    kernels: z.partialRecord(z.enum(goArchs), z.string().min(1)),
    methods: z.array(z.enum(bootMethodNames)).min(1).optional(),
    append: z.string().max(2000).optional(),
    /** rpi: the Raspberry Pi models to serve (default all). */
    rpiModels: z.array(z.enum(rpiModelNames)).min(1).max(rpiModelNames.length).optional(),
    /** Boot firmware packages: rpi = Debian's raspi-firmware .deb (the Pi 3 and 4 need it). */
    firmware: z
      .object({ rpi: z.string().min(1).max(4096) })
      .strict()
      .optional(),
  })
  .strict()
  .optional();

/** A path on the engine's machine; the root handlers check where it points (core/service/root-paths.ts). */
const localPath = z.string().min(1).max(4096);
/** Root sources and refs never start with "-", so git can never read them as options (F3). */
const notOption = /^[^-]/;
const plainRef = /^[A-Za-z0-9_][A-Za-z0-9._/+-]{0,199}$/;

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
            /** The drive's WWN or serial as listed when chosen; a drive that has another now is not written. */
            hardwareId: z.string().optional(),
            /** The user asked for this fixed (internal) disk by name; without it a fixed disk is refused. */
            fixedDisk: z.boolean().optional(),
          }),
        )
        .min(1),
      /** Image size in bytes; default: the smallest chosen drive. */
      size: z.number().int().positive().optional(),
      /** Devices over 128 GB that the user confirmed by name. */
      confirmedLarge: z.array(z.string()).optional(),
      eject: z.boolean().optional(),
      includeLoop: z.boolean().optional(),
      /** Makes the stick bootable: a kernel file or .deb per architecture, methods, extra arguments. */
      boot: bootRequest,
    })
    .strict(),
  flashCancel: z.object({ jobId: z.string().min(1) }).strict(),
  drivesEject: z.object({ device: z.string().min(1) }).strict(),
  rootInspect: z.object({ dir: localPath }).strict(),
  /** Builds a root from source (core/root/build); progress comes as jobProgress/jobLog events. */
  rootBuild: z
    .object({
      jobId: z.string().min(1).max(100),
      out: localPath,
      archs: z.array(z.enum(goArchs)).min(1),
      /** A local GOROOT to copy; default: the host's. */
      goroot: localPath.optional(),
      /** Instead: clone Go at this version and build it with make.bash. */
      goVersion: z
        .string()
        .regex(/^(go)?\d+\.\d+(\.\d+)?$/)
        .optional(),
      /** Command sources; default: u-root's core commands at a pinned tag. */
      sources: z
        .array(
          z
            .object({
              /** https://, ssh://, user@host:path, or a local folder (checked again in core/root/build). */
              repo: z.string().min(1).max(2048).regex(notOption, 'must not start with "-"'),
              ref: z.string().regex(plainRef, 'must be a plain tag or branch name').optional(),
              commands: z.array(z.string().max(500).regex(notOption)).max(100).optional(),
            })
            .strict(),
        )
        .max(32)
        .optional(),
    })
    .strict(),
  /** Downloads a root archive by URL + SHA-256 and extracts it safely (signed channels: channelFetch). */
  rootFetch: z
    .object({
      jobId: z.string().min(1).max(100),
      url: z
        .string()
        .url()
        .max(4096)
        .regex(/^https?:\/\//i, 'must be an http(s) URL'),
      sha256: z.string().regex(/^[0-9a-fA-F]{64}$/),
      out: localPath,
    })
    .strict(),
  /** A root the user picked: a folder, or an archive extracted into `out` (or a cache folder). */
  rootOpen: z
    .object({ jobId: z.string().min(1).max(100), path: localPath, out: localPath.optional() })
    .strict(),
  rootCancel: z.object({ jobId: z.string().min(1) }).strict(),
  /** Checks a kernel file or linux-image .deb for one architecture (core/boot). */
  kernelInspect: z.object({ arch: z.enum(goArchs), path: z.string().min(1) }).strict(),
  /**
   * Workshop mode: compose once, then flash, verify and eject every stick inserted after the start
   * (core/workshop). Resolves once it is watching; workshopTally events follow until workshopStop.
   */
  workshopStart: z
    .object({
      jobId: z.string().min(1).max(100),
      tree: z.string().min(1),
      boot: bootRequest,
      /** Image size; default minSize, else what the tree needs plus 10%. */
      size: z.number().int().positive().optional(),
      minSize: z.number().int().positive().optional(),
      /** Default 64 GiB. */
      maxSize: z.number().int().positive().optional(),
      includeLoop: z.boolean().optional(),
      /** Default true. */
      eject: z.boolean().optional(),
      /** Drives present at the start that the user chose: flashed too, under the same rule as flashStart. */
      drives: z.array(z.string().min(1)).optional(),
      /** Chosen drives over 128 GB that the user confirmed by name. */
      confirmedLarge: z.array(z.string()).optional(),
      /** Chosen fixed (internal) disks the user asked for by name. */
      fixedDisks: z.array(z.string()).optional(),
    })
    .strict(),
  /** Stops watching, cancels sticks in progress (first MiB zeroed), resolves with the final tally. */
  workshopStop: z.object({ jobId: z.string().min(1) }).strict(),
  /** Boots an image in QEMU (core/qemu); console lines come as jobLog events with this jobId. */
  bootTest: z
    .object({
      jobId: z.string().min(1).max(100),
      image: z.string().min(1),
      arch: z.enum(goArchs),
      firmware: z.enum(emulatorFirmwareNames).optional(),
      timeoutSeconds: z.number().int().positive().max(3600).optional(),
    })
    .strict(),
  bootTestCancel: z.object({ jobId: z.string().min(1) }).strict(),
  /** Browse, drop and the wizard's memory (contract/files.ts). */
  ...filesRequests,
  /** Signed channels (contract/channels.ts). */
  ...channelRequests,
  /** Debian kernels through the host's apt (contract/apt-kernels.ts). */
  ...aptKernelRequests,
} as const satisfies Record<InvokeName, z.ZodType>;

export interface InvokeResults extends FilesResults, ChannelResults, AptKernelResults {
  appInfo: AppInfo;
  drivesList: DriveDTO[];
  flashStart: FlashResult;
  flashCancel: { cancelled: boolean };
  drivesEject: { ejected: boolean; message: string };
  rootInspect: RootManifest;
  rootBuild: RootManifest;
  rootFetch: RootManifest;
  rootOpen: RootManifest;
  rootCancel: { cancelled: boolean };
  kernelInspect: KernelDTO;
  workshopStart: WorkshopStarted;
  workshopStop: WorkshopSummary;
  bootTest: BootTestDTO;
  bootTestCancel: { cancelled: boolean };
}

export interface EventPayloads {
  drivesChanged: DriveDTO[];
  jobProgress: JobProgress;
  jobLog: LogLine;
  workshopTally: WorkshopTallyEvent;
}

export type InvokeRequest<K extends InvokeName> = z.infer<(typeof invokeRequests)[K]>;
/** One target of a flashStart request: a listed drive or an image file path. */
export type FlashStartTarget = InvokeRequest<'flashStart'>['targets'][number];

/** What the engine side implements; main and `serve` register one object of this type. */
export type Handlers = {
  [K in InvokeName]: (request: InvokeRequest<K>) => Promise<Result<InvokeResults[K]>>;
};

/** Pushes an event to every connected renderer. */
export type Emit = <K extends EventName>(name: K, payload: EventPayloads[K]) => void;

/**
 * What the renderer sees as `window.sourcery`, over IPC or the loopback bridge. In Electron,
 * `filesDropped` takes the dropped File itself: the preload reads its path, so a page cannot name one.
 */
export type SourceryApi = Omit<Handlers, 'filesDropped'> & {
  filesDropped(request: { field: PathField; file: object }): Promise<Result<ChosenPath>>;
} & {
  [K in EventName as `on${Capitalize<K>}`]: (listener: (payload: EventPayloads[K]) => void) => () => void;
};

// Compile-time guard: the result map names exactly the invoke names.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
export const contractIsComplete: Same<keyof InvokeResults, InvokeName> &
  Same<keyof EventPayloads, EventName> = true;
