// Test helper: a hand-made plan over freshly generated files, and the image it should produce.

import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Extent, Plan } from '../../io/plan';
import { sourceIdOfPath } from '../../io/source-file';

export interface PlanFixture {
  plan: Plan;
  /** The whole image as the plan describes it. */
  expected(): Buffer;
}

const MiB = 1024 * 1024;

/** `files` random source files of about `fileSize` bytes each, laid out after a boot area and a "FAT". */
export function makePlanFixture(
  dir: string,
  options: { size: number; files: number; fileSize: number },
): PlanFixture {
  const extents: Extent[] = [
    { kind: 'bytes', offset: 0, length: 512, data: randomBytes(512), label: 'MBR' },
    { kind: 'bytes', offset: MiB, length: 8192, data: randomBytes(8192), label: 'FAT32 boot sector' },
    { kind: 'zero', offset: MiB + 8192, length: 4096, label: 'FSInfo padding' },
    {
      kind: 'bytes',
      offset: MiB + 64 * 1024,
      length: 128 * 1024,
      data: randomBytes(128 * 1024),
      label: 'FAT #1',
    },
  ];
  let at = 2 * MiB;
  for (let i = 0; i < options.files; i += 1) {
    const source = join(dir, `source-${i}.bin`);
    const sourceLength = options.fileSize - 1000 + i * 37;
    writeFileSync(source, randomBytes(sourceLength));
    const length = Math.ceil(sourceLength / 4096) * 4096;
    extents.push({
      kind: 'file',
      offset: at,
      length,
      source,
      sourceId: sourceIdOfPath(source),
      sourceOffset: 0,
      sourceLength,
      label: `/go/src/pkg${i}.go`,
    });
    at += length + (i % 3) * 512 * 1024; // some gaps, some merged neighbours
  }
  if (at > options.size) throw new Error(`fixture needs ${at} bytes, size is ${options.size}`);
  const plan: Plan = {
    size: options.size,
    extents,
    diskSignature: 0x5eed,
    partition: { offset: MiB, length: options.size - MiB },
  };
  return {
    plan,
    expected() {
      const image = Buffer.alloc(options.size);
      for (const e of extents) {
        if (e.kind === 'bytes') image.set(e.data, e.offset);
        if (e.kind === 'file')
          image.set(
            readFileSync(e.source).subarray(e.sourceOffset, e.sourceOffset + e.sourceLength),
            e.offset,
          );
      }
      return image;
    },
  };
}
