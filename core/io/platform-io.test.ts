// Each OS's way to direct, exclusive device I/O, and Windows' diskpart script. Only Linux's runs
// here (the other tests of core/write); these pin what the other two are given.

import { constants } from 'node:fs';
import { expect, test } from 'vitest';
import { cleanDisk, cleanScript, windowsDiskNumber } from '../write/diskpart';
import { platformIo } from './platform-io';

test('Linux: O_DIRECT and O_EXCL on the path as given', () => {
  const io = platformIo('linux');
  expect(io.direct).toBe(constants.O_DIRECT);
  expect(io.direct).toBeGreaterThan(0);
  expect(io.exclusive).toBe(constants.O_EXCL);
  expect(io.ioPath('/dev/sdb')).toBe('/dev/sdb');
  expect(io.isDevicePath('/dev/sdb')).toBe(false); // stat says so there
});

test('macOS: a whole disk or a slice is written through its raw node; image files are left alone', () => {
  const io = platformIo('darwin');
  expect(io.direct).toBe(0);
  expect(io.ioPath('/dev/disk4')).toBe('/dev/rdisk4');
  expect(io.ioPath('/dev/disk12s1')).toBe('/dev/rdisk12s1');
  expect(io.ioPath('/dev/rdisk4')).toBe('/dev/rdisk4');
  expect(io.ioPath('/Users/me/dev/disk4')).toBe('/Users/me/dev/disk4');
  expect(io.ioPath('/Users/me/stick.img')).toBe('/Users/me/stick.img');
});

test("Windows: libuv's unbuffered and share-nothing flags; PhysicalDrive paths are devices", () => {
  const io = platformIo('win32');
  expect(io.direct).toBe(0x02000000);
  expect(io.exclusive).toBe(0x10000000);
  expect(io.isDevicePath('\\\\.\\PhysicalDrive2')).toBe(true);
  expect(io.isDevicePath('\\\\.\\physicaldrive10')).toBe(true);
  expect(io.isDevicePath('\\\\.\\C:')).toBe(false);
  expect(io.isDevicePath('C:\\images\\PhysicalDrive2')).toBe(false);
  expect(io.ioPath('\\\\.\\PhysicalDrive2')).toBe('\\\\.\\PhysicalDrive2');
});

test('diskpart cleans exactly the disk named, and nothing that is not a PhysicalDrive path', async () => {
  expect(windowsDiskNumber('\\\\.\\PhysicalDrive3')).toBe(3);
  expect(windowsDiskNumber('\\\\.\\PhysicalDrive3 ')).toBeUndefined();
  expect(windowsDiskNumber('\\\\.\\PhysicalDrive')).toBeUndefined();
  expect(windowsDiskNumber('/dev/sdb')).toBeUndefined();
  expect(cleanScript(3)).toBe('select disk 3\r\nclean\r\n');
  const refused = await cleanDisk('/dev/sdb');
  expect(!refused.ok && refused.error.detail).toMatch(/not a Windows disk path/);
});
