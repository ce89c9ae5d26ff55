// The privileged writer's only language: newline-delimited JSON over its stdin/stdout, checked by zod.

import { StringDecoder } from 'node:string_decoder';
import { z } from 'zod';
import type { JobProgress, LogLine } from '../../../contract/dto';
import { invokeRequests } from '../../../contract/invoke';
import type { AppError } from '../../../contract/errors';
import type { Extent } from '../../io/plan';
import type { FlashJob, TargetResult } from '../flash-job';

const extent = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('bytes'),
    offset: z.number().int().nonnegative(),
    length: z.number().int().positive(),
    base64: z.string(),
    label: z.string(),
  }),
  z.object({
    kind: z.literal('file'),
    offset: z.number().int().nonnegative(),
    length: z.number().int().positive(),
    source: z
      .string()
      .startsWith('/')
      .or(z.string().regex(/^[A-Za-z]:\\/)),
    // The file as scanned: the writer reads it only while it is still that file (F1).
    sourceId: z
      .object({
        dev: z.number(),
        ino: z.number(),
        size: z.number().int().nonnegative(),
        mtimeMs: z.number(),
      })
      .strict(),
    sourceOffset: z.number().int().nonnegative(),
    sourceLength: z.number().int().nonnegative(),
    label: z.string(),
  }),
  z.object({
    kind: z.literal('zero'),
    offset: z.number().int().nonnegative(),
    length: z.number().int().positive(),
    label: z.string(),
  }),
]);

const wireJob = z
  .object({
    jobId: z.string().min(1),
    plan: z.object({
      size: z.number().int().positive(),
      extents: z.array(extent),
      diskSignature: z.number().int(),
      partition: z.object({ offset: z.number().int(), length: z.number().int() }),
    }),
    // The same shape the UI sends to flashStart.
    targets: invokeRequests.flashStart.shape.targets,
    heldPaths: z.array(z.string()),
    includeLoop: z.boolean().optional(),
    confirmedLarge: z.array(z.string()).optional(),
    verify: z.boolean().optional(),
    eject: z.boolean().optional(),
    direct: z.boolean().optional(),
  })
  .strict();

/** Parent to child: one job, then perhaps a cancel. */
export const toChild = z.discriminatedUnion('type', [
  z.object({ type: z.literal('job'), job: wireJob }),
  z.object({ type: z.literal('cancel') }),
]);

const appErrorShape = z.object({
  code: z.string(),
  title: z.string(),
  detail: z.string(),
  hint: z.string(),
  cause: z.string().optional(),
});

const targetShape = { device: z.string(), bytesWritten: z.number(), direct: z.boolean() };

/** Child to parent: ready (elevation done), progress, log lines, then exactly one result or fatal. */
export const toParent = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready'), pid: z.number(), elevated: z.boolean() }),
  z.object({
    type: z.literal('progress'),
    progress: z.object({
      jobId: z.string(),
      target: z.string().optional(),
      phase: z.string(),
      bytesDone: z.number(),
      bytesTotal: z.number(),
      speed: z.number(),
      eta: z.number().optional(),
    }),
  }),
  z.object({
    type: z.literal('log'),
    line: z.object({
      jobId: z.string().optional(),
      level: z.enum(['info', 'warn', 'error']),
      message: z.string(),
      time: z.string(),
    }),
  }),
  z.object({
    type: z.literal('result'),
    // FlashTargetResult: written (verified or not), or failed with its error.
    results: z.array(
      z.discriminatedUnion('ok', [
        z.object({
          ...targetShape,
          ok: z.literal(true),
          verified: z.boolean(),
          eject: z.string().optional(),
        }),
        z.object({
          ...targetShape,
          ok: z.literal(false),
          error: appErrorShape,
          verified: z.literal(false),
          firstMiBZeroed: z.boolean().optional(),
        }),
      ]),
    ),
  }),
  z.object({ type: z.literal('fatal'), error: appErrorShape }),
]);

export type ToChild = z.infer<typeof toChild>;
export type ToParent =
  | { type: 'ready'; pid: number; elevated: boolean }
  | { type: 'progress'; progress: JobProgress }
  | { type: 'log'; line: LogLine }
  | { type: 'result'; results: TargetResult[] }
  | { type: 'fatal'; error: AppError };

/** A FlashJob as JSON: in-memory bytes travel as base64. */
export function encodeJob(job: FlashJob): z.infer<typeof wireJob> {
  const extents = job.plan.extents.map((e) => {
    if (e.kind !== 'bytes') return e;
    const { data, ...rest } = e;
    return { ...rest, base64: Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('base64') };
  });
  return { ...job, plan: { ...job.plan, extents } };
}

export function decodeJob(wire: z.infer<typeof wireJob>): FlashJob {
  const extents: Extent[] = wire.plan.extents.map((e) => {
    if (e.kind !== 'bytes') return e;
    const { base64, ...rest } = e;
    return { ...rest, data: new Uint8Array(Buffer.from(base64, 'base64')) };
  });
  const { plan, ...rest } = wire;
  return { ...rest, plan: { ...plan, extents } };
}

/** Longest line a peer may send (the writer's answers; anything on the channel before it is proved). */
export const peerLineLimit = 1024 * 1024;
/** Longest line to the writer: its one job, which holds the plan (a 90,000-file tree's is about 20 MB). */
export const jobLineLimit = 256 * 1024 * 1024;

export interface LineLimit {
  /** Most characters a line may have before its newline (default `peerLineLimit`). */
  maxLength?: number;
  /** Called once when a line grows past it: the peer is to be dropped; nothing more is split. */
  onTooLong?: () => void;
}

/**
 * Splits a byte stream into lines (without their newline) and hands each on as it completes. A
 * character split between two chunks (a file name in UTF-8) is joined, not mangled. A line longer
 * than the limit is never held whole (L9): the splitter stops and says so, and the caller drops the peer.
 */
export function lineSplitter(
  each: (line: string) => void,
  limit: LineLimit = {},
): (chunk: Buffer | string) => void {
  const decoder = new StringDecoder('utf8');
  const maxLength = limit.maxLength ?? peerLineLimit;
  let pending = '';
  let stopped = false;
  return (chunk) => {
    if (stopped) return;
    pending += typeof chunk === 'string' ? chunk : decoder.write(chunk);
    for (let nl = pending.indexOf('\n'); nl >= 0 && nl <= maxLength; nl = pending.indexOf('\n')) {
      const line = pending.slice(0, nl);
      pending = pending.slice(nl + 1);
      each(line);
    }
    const nl = pending.indexOf('\n');
    if ((nl < 0 ? pending.length : nl) > maxLength) {
      stopped = true;
      pending = '';
      limit.onTooLong?.();
    }
  };
}

/** Splits a byte stream into lines and hands each parsed JSON value on. */
export function lineReader(
  onValue: (value: unknown, raw: string) => void,
  limit: LineLimit = {},
): (chunk: Buffer | string) => void {
  return lineSplitter((raw) => {
    const line = raw.trim();
    if (line === '') return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      value = undefined;
    }
    onValue(value, line);
  }, limit);
}
