// Elevation commands and pkexec's failures as the user would read them.

import { expect, it } from 'vitest';
import { alreadyElevated, pkexecFailure } from './elevation';
import { decodeJob, encodeJob, toChild } from './protocol';
import { osascriptWrap } from './started-child';

it('explains a missing polkit agent with what to start, and a dismissed prompt plainly', () => {
  const noAgent = pkexecFailure(
    127,
    'Error executing command as another user: No authentication agent found.\n',
  );
  expect(noAgent?.code).toBe('E_ELEVATION');
  expect(noAgent?.hint).toContain('polkit agent');
  expect(noAgent?.hint).toContain('sudo sourcery-flash');
  expect(pkexecFailure(126, 'Error executing command as another user: Not authorized')?.detail).toContain(
    'dismissed',
  );
  const noPolkit = pkexecFailure(
    127,
    'Error getting authority: Error initializing authority: Could not connect: No such file or directory',
  );
  expect(noPolkit?.hint).toContain('systemctl start polkit');
  expect(pkexecFailure(1, 'something else')).toBeUndefined();
});

it('carries a plan with in-memory bytes across the pipe unchanged', () => {
  const job = {
    jobId: 'j',
    heldPaths: [],
    targets: [{ device: '/dev/sdz', size: 8e9, description: 'stick' }],
    plan: {
      size: 8 * 1024 * 1024,
      diskSignature: 7,
      partition: { offset: 1048576, length: 7340032 },
      extents: [
        { kind: 'bytes' as const, offset: 0, length: 512, data: new Uint8Array(512).fill(9), label: 'MBR' },
        { kind: 'zero' as const, offset: 4096, length: 512, label: 'gap' },
      ],
    },
  };
  const wire = toChild.parse(JSON.parse(JSON.stringify({ type: 'job', job: encodeJob(job) })));
  if (wire.type !== 'job') throw new Error('not a job');
  expect(decodeJob(wire.job)).toEqual(job);
  expect(toChild.safeParse({ type: 'job', job: { ...encodeJob(job), extra: 1 } }).success).toBe(false);
});

it('wraps the writer command for the macOS administrator prompt, escaping quotes and backslashes', () => {
  const { file, args } = osascriptWrap(`'/Applications/Sourcery Flasher.app/x' "a\\b"`);
  expect(file).toBe('osascript');
  expect(args).toEqual([
    '-e',
    `do shell script "'/Applications/Sourcery Flasher.app/x' \\"a\\\\b\\"" with administrator privileges`,
  ]);
});

it('counts root as elevated; on Windows asks fltmc, which fails unless elevated (here: not there)', async () => {
  expect(await alreadyElevated('linux')).toBe(process.getuid?.() === 0);
  expect(await alreadyElevated('win32')).toBe(false);
});
