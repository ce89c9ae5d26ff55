// Workshop mode in the app: a stick plugged in after the start is flashed and counted; one present before is not.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { screenshot } from '../support/browser';
import { useWizard } from '../support/session';
import { attachLoop, canUseLoop, type LoopDevice } from '../../core/write/testing/loop-devices';
import { arm64Image, makeTree } from '../support/tree';
import { openLocalRoot } from '../support/wizard';

const wizard = useWizard('workshop');
const { work } = wizard;
/** Detaches loop devices when the spec file ends. */
const track = (...devices: LoopDevice[]) =>
  devices.forEach((device) => wizard.onCleanup(() => device.detach()));

const skip = canUseLoop();
const mib = 1024 * 1024;

test(
  'a stick plugged in during the workshop is flashed and verified; one present before is untouched',
  { skip },
  async () => {
    const present = attachLoop(join(work, 'present.img'), 64 * mib);
    track(present);
    const { page } = wizard;
    await openLocalRoot(page, wizard.engine.url, makeTree(join(work, 'tree'), { archs: ['amd64', 'arm64'] }));
    // Workshop sticks must boot: an arm64 kernel for U-Boot boards (the other methods need more packages).
    await page.getByRole('button', { name: 'Next: Boot' }).click();
    await page.getByLabel(/Kernel for arm64/).fill(arm64Image(join(work, 'Image')));
    await page.getByLabel(/Kernel for arm64/).press('Enter');
    await page.getByText('arm64-image for arm64').waitFor();
    await page.getByLabel('UEFI (x86-64, ARM64, RISC-V)').uncheck();
    await page.getByRole('button', { name: 'Next: Drives' }).click();
    await page.getByLabel(/Show loop devices/).check();
    await page.getByLabel(/Workshop mode/).check();
    await page.getByLabel('Smallest stick').fill('60M');
    await page.getByLabel('Largest stick').fill('128M');
    await page.getByRole('button', { name: 'Start workshop' }).click();
    await page.getByText('Ready: plug in sticks.').waitFor({ timeout: 60_000 });
    assert.match(
      await page.getByRole('status').filter({ hasText: 'Left alone' }).innerText(),
      new RegExp(present.device),
    );

    const plugged = attachLoop(join(work, 'plugged.img'), 64 * mib);
    track(plugged);
    await page
      .getByLabel('Tally')
      .filter({ hasText: /1 done/ })
      .waitFor({ timeout: 90_000 });
    assert.match(
      await page.getByRole('list', { name: 'Sticks' }).innerText(),
      new RegExp(`${plugged.device}.*Done, verified`),
    );
    await screenshot(page, '03-workshop');
    await page.getByRole('button', { name: 'Stop' }).click();
    await page.getByRole('button', { name: 'Start workshop' }).waitFor();

    // What was plugged in holds the root; what was present keeps its (empty) contents.
    assert.match(
      execFileSync('mdir', ['-b', '-i', `${plugged.backing}@@1M`, '::/go'], { encoding: 'utf8' }),
      /VERSION/,
    );
    const head = execFileSync('head', ['-c', '1024', present.backing]);
    assert.ok(
      head.every((byte) => byte === 0),
      'the drive present at the start was not written',
    );
  },
);
