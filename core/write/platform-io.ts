// How each OS is asked for direct, exclusive I/O on a whole device, without a native addon.

import { constants } from 'node:fs';

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
