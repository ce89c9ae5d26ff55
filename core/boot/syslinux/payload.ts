// The syslinux payload (mbr.bin, boot sector, ldlinux.sys, ldlinux.c32): loaded from the cache and
// checked, so every file comes from one syslinux version.

import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { appError, fail, ok, type Result } from '../../../contract';
import { cacheDir } from '../../cache-dir';
import { checkSyslinuxImage } from './patch';

export const payloadFiles = ['mbr.bin', 'bootsect.bin', 'ldlinux.sys', 'ldlinux.c32'] as const;
export type PayloadFile = (typeof payloadFiles)[number];

export interface PayloadManifest {
  /** ldlinux.sys's version and build date ("6.04 20210613"), and the Debian packages present. */
  version: string;
  packages: string;
  /** Where ldlinux.c32 came from. */
  ldlinuxC32: string;
  sha256: Record<PayloadFile, string>;
}

export interface SyslinuxPayload {
  manifest: PayloadManifest;
  files: Record<PayloadFile, Uint8Array>;
}

export const defaultPayloadDir = () => cacheDir('syslinux-payload');

export const sha256 = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');

/** "6.04 20210613" from ldlinux.sys's banner: the version and the build date. */
export function syslinuxVersion(ldlinux: Uint8Array): string | undefined {
  return /SYSLINUX (\d+\.\d+ \d{8})/.exec(Buffer.from(ldlinux).toString('latin1'))?.[1];
}

const prepareHint =
  "Run `npm run prepare:boot` (it needs Debian's syslinux package), or leave bios out of --boot.";

/** True when a payload was prepared in `dir` (it may still fail its checks). */
export const payloadExists = (dir = defaultPayloadDir()) =>
  stat(join(dir, 'manifest.json')).then(
    () => true,
    () => false,
  );

/** Reads and checks the payload; refuses missing, altered or mixed-version files before anything is written. */
export async function loadSyslinuxPayload(dir = defaultPayloadDir()): Promise<Result<SyslinuxPayload>> {
  const refuse = (detail: string) =>
    fail<SyslinuxPayload>(appError('E_BOOT_PAYLOAD', detail, { hint: prepareHint }));
  let manifest: PayloadManifest;
  try {
    manifest = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')) as PayloadManifest;
  } catch {
    return refuse(`There is no syslinux payload in ${dir} (manifest.json is missing or unreadable).`);
  }
  const files = {} as Record<PayloadFile, Uint8Array>;
  for (const name of payloadFiles) {
    const data = await readFile(join(dir, name)).catch(() => undefined);
    if (!data) return refuse(`The syslinux payload in ${dir} lacks ${name}.`);
    if (sha256(data) !== manifest.sha256?.[name]) {
      return refuse(
        `${join(dir, name)} is not the file the payload was prepared with (its SHA-256 differs from manifest.json): the payload mixes files from different syslinux builds.`,
      );
    }
    files[name] = new Uint8Array(data);
  }
  // ldlinux.c32 carries no version string; its SHA-256 above ties it to the installer run that made
  // this ldlinux.sys, whose banner must name the manifest's version.
  const loader = syslinuxVersion(files['ldlinux.sys']);
  if (loader !== manifest.version) {
    return refuse(
      `The syslinux payload in ${dir} mixes versions: ldlinux.sys is ${loader ?? 'unknown'}, the manifest says ${manifest.version}.`,
    );
  }
  const problem = checkSyslinuxImage(files['ldlinux.sys']);
  if (problem) return refuse(`${problem} (${dir}).`);
  if (files['mbr.bin'].length !== 440 || files['bootsect.bin'].length !== 512) {
    return refuse(`mbr.bin must be 440 bytes and bootsect.bin 512 bytes (${dir}).`);
  }
  return ok({ manifest, files });
}
