// Issue 18's done-when, on the command line: an attendee with only a channel file fetches the root and
// its kernel (`root fetch --channel-file`), flashes an image with that kernel, and the image boots to
// the root's init in QEMU x86_64; all offline against the organiser's site on 127.0.0.1.

import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { runBuiltCliAsync } from '../../cli/testing/built-cli';
import { publishWorkshop } from '../support/workshop-channel';
import { fetchKernels } from './stick';

const debianKernel = fetchKernels().amd64?.kernel;
const work = await mkdtemp(join(tmpdir(), 'sourcery-cli-channel-'));
after(() => rm(work, { recursive: true, force: true }));

test('the CLI: a channel file alone gives a root and kernel whose flashed image boots to init', async () => {
  assert.ok(debianKernel, 'scripts/fetch-kernels.mjs brings an amd64 kernel .deb');
  const site = await publishWorkshop(work, debianKernel);
  try {
    // An empty data folder: nothing is known but the channel file.
    const root = join(work, 'fetched-root');
    const fetched = await runBuiltCliAsync([
      'root',
      'fetch',
      '--channel-file',
      site.channelFile,
      '--data-dir',
      join(work, 'data'),
      '--out',
      root,
    ]);
    assert.equal(fetched.code, 0, fetched.stderr);
    assert.match(fetched.stdout, /channel: +Workshop/);
    assert.match(fetched.stdout, /entry: +Workshop root/);
    const kernel = /kernel: +amd64 (\S+)/.exec(fetched.stdout)?.[1];
    assert.ok(kernel, `root fetch names the channel's amd64 kernel:\n${fetched.stdout}`);
    assert.match(kernel, /linux-image-.*\.deb$/, 'the kernel keeps its published name');

    const image = join(work, 'stick.img');
    const flashed = await runBuiltCliAsync([
      'flash',
      '--tree',
      root,
      '--kernel',
      `amd64=${kernel}`,
      '--boot',
      'bios',
      '--drive',
      image,
      '--size',
      '256M',
      '--yes',
    ]);
    assert.equal(flashed.code, 0, flashed.stderr);
    assert.match(flashed.stdout, new RegExp(`ok: ${image}`));

    const booted = await runBuiltCliAsync(['boot-test', image, '--arch', 'amd64', '--timeout', '240']);
    assert.equal(booted.code, 0, `${booted.stdout}\n${booted.stderr}`);
    process.stdout.write(
      `# published in ${site.publishSeconds.toFixed(1)} s; ${booted.stdout.trim().split('\n').at(-1)}\n`,
    );
  } finally {
    await site.close();
  }
});
