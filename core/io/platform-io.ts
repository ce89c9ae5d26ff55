// How each OS is asked for direct, exclusive I/O on a whole device, without a native addon.

import { constants } from 'node:fs';
import { lstat, realpath, stat } from 'node:fs/promises';
import { resolve } from 'node:path';

export interface PlatformIo {
  /** The path to do I/O through. macOS: `/dev/diskN`'s raw twin `/dev/rdiskN`, which bypasses the buffer cache. */
  ioPath(path: string): string;
  /** Whether `path` names a whole device by its form alone (Windows' `\\.\PhysicalDriveN`: stat there is no sure judge of it). */
  isDevicePath(path: string): boolean;
  /** Open flag for I/O around the page cache; 0 where there is none (then I/O is buffered). */
  direct: number;
  /** Open flag that keeps everyone else off a device while we hold it. */
  exclusive: number;
}

/*
 * Linux: O_DIRECT, and O_EXCL, which on a block device fails while anything else holds it.
 * Windows: libuv maps its own flags (uv/win.h): UV_FS_O_DIRECT (0x02000000) opens with
 * FILE_FLAG_NO_BUFFERING, UV_FS_O_EXLOCK (0x10000000) with share mode 0. Node does not export
 * either there, so they are spelled out. macOS has no O_DIRECT (F_NOCACHE needs fcntl, which Node
 * does not offer); its raw device nodes are unbuffered instead, and image files stay buffered.
 */
const windowsDirect = 0x02000000;
const windowsExclusive = 0x10000000;

/** `\\.\PhysicalDrive3`, as drivelist names a Windows disk (any case). */
export const windowsDrivePattern = /^\\\\\.\\PhysicalDrive(\d+)$/i;

export function platformIo(platform: NodeJS.Platform = process.platform): PlatformIo {
  if (platform === 'win32')
    return {
      ioPath: (path) => path,
      isDevicePath: (path) => windowsDrivePattern.test(path),
      direct: windowsDirect,
      exclusive: windowsExclusive,
    };
  if (platform === 'darwin')
    return {
      ioPath: (path) => path.replace(/^\/dev\/disk(\d+(s\d+)?)$/, '/dev/rdisk$1'),
      isDevicePath: () => false,
      direct: 0,
      exclusive: constants.O_EXCL,
    };
  return {
    ioPath: (path) => path,
    isDevicePath: () => false,
    direct: constants.O_DIRECT ?? 0,
    exclusive: constants.O_EXCL,
  };
}

/** What a target path names, judged without following a link in its last component. */
export type TargetKind =
  /** A block or character device, or a Windows `\\.\PhysicalDriveN` by its form. */
  | 'device'
  /** An existing regular file. */
  | 'file'
  /** Nothing there. */
  | 'missing'
  /** A symbolic link, a folder, a FIFO...: never a target. */
  | 'other';

export interface ClassifiedTarget {
  kind: TargetKind;
  /** The path with `.` and `..` resolved (a Windows device path as given). */
  path: string;
  /** Where only devices live (`/dev/...`, `\\.\...`): a path there is never made into a file. */
  deviceArea: boolean;
  /** An existing file's size; 0 otherwise. */
  size: number;
  /** For `other`: what it is, for the message. */
  what?: string;
}

/** The one judge of "is this path a device?" for every caller (the CLI, the engine, the privileged writer). */
export async function classifyTarget(
  path: string,
  platform: NodeJS.Platform = process.platform,
): Promise<ClassifiedTarget> {
  if (platformIo(platform).isDevicePath(path)) return { kind: 'device', path, deviceArea: true, size: 0 };
  const resolved = resolve(path);
  const deviceArea =
    platform === 'win32' ? /^\\\\[.?]\\/.test(path) : resolved === '/dev' || resolved.startsWith('/dev/');
  const stats = await lstat(resolved).catch((thrown: NodeJS.ErrnoException) => thrown);
  if (stats instanceof Error) {
    if (stats.code === 'ENOENT' || stats.code === 'ENOTDIR')
      return { kind: 'missing', path: resolved, deviceArea, size: 0 };
    return {
      kind: 'other',
      path: resolved,
      deviceArea,
      size: 0,
      what: `unreadable (${stats.code ?? stats.message})`,
    };
  }
  if (stats.isBlockDevice() || stats.isCharacterDevice())
    return { kind: 'device', path: resolved, deviceArea, size: 0 };
  // udev's names (/dev/disk/by-id/usb-...) are links to the device node: the node is the target.
  if (stats.isSymbolicLink() && deviceArea) {
    const node = await realpath(resolved).catch(() => undefined);
    const target = node ? await stat(node).catch(() => undefined) : undefined;
    if (node && target && (target.isBlockDevice() || target.isCharacterDevice()))
      return { kind: 'device', path: node, deviceArea: true, size: 0 };
  }
  if (stats.isFile()) return { kind: 'file', path: resolved, deviceArea, size: stats.size };
  const what = stats.isSymbolicLink()
    ? 'a symbolic link'
    : stats.isDirectory()
      ? 'a folder'
      : 'a special file';
  return { kind: 'other', path: resolved, deviceArea, size: 0, what };
}
