// F10: the elevated diskpart gets its script on stdin, never from a file a user program could rewrite.

import { describe, expect, it } from 'vitest';
import * as diskpart from './diskpart';

describe('F10: no diskpart script in a user-writable folder', () => {
  it('runs diskpart from the system folder with no /s file, the script as its input', () => {
    expect(typeof diskpart.diskpartInvocation).toBe('function'); // ff75932 wrote clean.txt under %TEMP%
    const run = diskpart.diskpartInvocation(3, 'C:\\Windows');
    expect(run.file).toBe('C:\\Windows\\System32\\diskpart.exe');
    expect(run.args).toEqual([]);
    expect(run.input).toBe('select disk 3\r\nclean\r\n');
  });

  it('names only the disk it was given, whatever the number', () => {
    for (const disk of [0, 1, 9, 10, 63]) {
      const run = diskpart.diskpartInvocation(disk, 'C:\\Windows');
      expect(run.input.split('\r\n').filter(Boolean)).toEqual([`select disk ${disk}`, 'clean']);
    }
  });
});
