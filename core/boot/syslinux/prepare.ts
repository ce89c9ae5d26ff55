// Prepares the syslinux payload from Debian's installed syslinux: runs its installer on a scratch stick
// made by our composer and keeps what it wrote (read back with our FAT32 reader), with SHA-256s in a
// manifest (never committed).

import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, open, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { appError, fail, ok, type Result } from '../../../contract';
import { compose } from '../../image/compose';
import { openVolume, type Volume } from '../../image/read/volume';
import { createIoThreads } from '../../io/io-threads';
import { writePlanToFile } from '../../io/stream';
import {
  defaultPayloadDir,
  payloadFiles,
  sha256,
  syslinuxVersion,
  type PayloadFile,
  type PayloadManifest,
} from './payload';

export interface PrepareOptions {
  dir?: string;
  /** syslinux-common's files; Debian's paths by default. */
  mbrBin?: string;
  /** Compared with the installer's own copy, for the manifest's note. */
  ldlinuxC32?: string;
  /** The installer program. */
  syslinux?: string;
}

function run(command: string, args: string[]): Promise<{ error?: string; stdout: string }> {
  return new Promise((resolve) =>
    execFile(command, args, (error, stdout, stderr) =>
      resolve(
        error
          ? { error: `${command} ${args.join(' ')}: ${error.message} ${stderr}`.trim(), stdout }
          : { stdout },
      ),
    ),
  );
}

/** The bytes of `name` in the stick's root folder (FAT names match whatever their case), if it is there. */
async function rootFile(volume: Volume, name: string): Promise<Uint8Array | undefined> {
  const file = volume.files.find((f) => !f.isDir && f.path.toLowerCase() === `/${name}`);
  if (!file) return undefined;
  const pieces: Buffer[] = [];
  for await (const piece of volume.read(file)) pieces.push(piece);
  return new Uint8Array(Buffer.concat(pieces));
}

async function packageVersions(): Promise<string> {
  const { stdout } = await run('dpkg-query', [
    '-W',
    '-f',
    '${Package}=${Version} ',
    'syslinux',
    'syslinux-common',
  ]);
  return stdout.trim() || 'unknown (not a Debian system)';
}

export async function prepareSyslinuxPayload(options: PrepareOptions = {}): Promise<Result<PayloadManifest>> {
  const dir = options.dir ?? defaultPayloadDir();
  const mbrBin = options.mbrBin ?? '/usr/lib/syslinux/mbr/mbr.bin';
  const ldlinuxC32 = options.ldlinuxC32 ?? '/usr/lib/syslinux/modules/bios/ldlinux.c32';
  const refuse = (detail: string, cause?: string) =>
    fail<PayloadManifest>(
      appError('E_BOOT_PAYLOAD', detail, {
        hint: 'Install syslinux and syslinux-common of the same version (apt-get install syslinux syslinux-common), then run this again.',
        ...(cause ? { cause } : {}),
      }),
    );
  const scratch = await mkdtemp(join(tmpdir(), 'sourcery-syslinux-'));
  try {
    // Fixed ids, so every preparation from the same syslinux yields the same bytes.
    const composed = await compose({
      size: 64 * 1024 * 1024,
      diskSignature: 0x50524550,
      volumeId: 0x50524550,
    });
    if (!composed.ok) return composed;
    const image = join(scratch, 'scratch.img');
    // An empty volume: the plan reads no file, so one thread is plenty.
    const threads = createIoThreads(1);
    const written = await writePlanToFile(composed.value.plan, image, { threads }).finally(() =>
      threads.close(),
    );
    if (!written.ok) return written;
    const offset = composed.value.partitionOffset;
    const installed = await run(options.syslinux ?? 'syslinux', [
      '--install',
      '--offset',
      String(offset),
      image,
    ]);
    if (installed.error)
      return refuse('Running the syslinux installer on a scratch stick failed.', installed.error);
    const files = {} as Record<PayloadFile, Uint8Array>;
    const handle = await open(image, 'r');
    files['bootsect.bin'] = new Uint8Array(512);
    await handle.read(files['bootsect.bin'], 0, 512, offset);
    await handle.close();
    const stick = await openVolume(image);
    if (!stick.ok)
      return refuse('The syslinux installer left the scratch stick unreadable.', stick.error.detail);
    try {
      for (const name of ['ldlinux.sys', 'ldlinux.c32'] as const) {
        const data = await rootFile(stick.value, name);
        if (!data) return refuse(`The syslinux installer did not leave ${name} on the scratch stick.`);
        files[name] = data;
      }
    } finally {
      await stick.value.close();
    }
    const common = new Uint8Array(await readFile(ldlinuxC32).catch(() => Buffer.alloc(0)));
    const mbr = new Uint8Array(await readFile(mbrBin).catch(() => Buffer.alloc(0)));
    if (mbr.length !== 440) return refuse(`${mbrBin} is missing or not 440 bytes.`);
    files['mbr.bin'] = mbr;
    const version = syslinuxVersion(files['ldlinux.sys']);
    if (!version) return refuse('The ldlinux.sys the installer wrote has no SYSLINUX version banner.');
    const manifest: PayloadManifest = {
      version,
      packages: await packageVersions(),
      // Debian bookworm's syslinux (rebuilt in 2021) and syslinux-common (2020) hold different builds
      // of ldlinux.c32; the installer's own copy is the one that matches its ldlinux.sys.
      ldlinuxC32:
        sha256(common) === sha256(files['ldlinux.c32'])
          ? 'installer, same as syslinux-common'
          : `installer (differs from ${ldlinuxC32})`,
      sha256: Object.fromEntries(payloadFiles.map((name) => [name, sha256(files[name])])) as Record<
        PayloadFile,
        string
      >,
    };
    // Written beside and renamed into place, so a reader never sees half a payload.
    const staged = `${dir}.partial-${process.pid}`;
    await rm(staged, { recursive: true, force: true });
    await mkdir(staged, { recursive: true });
    for (const name of payloadFiles) await writeFile(join(staged, name), files[name]);
    await writeFile(join(staged, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    await rm(dir, { recursive: true, force: true });
    await rename(staged, dir).catch(async (e: NodeJS.ErrnoException) => {
      // Prepared by another process at the same moment: theirs is as good (same installer).
      await rm(staged, { recursive: true, force: true });
      if (e.code !== 'ENOTEMPTY' && e.code !== 'EEXIST') throw e;
    });
    return ok(manifest);
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}
