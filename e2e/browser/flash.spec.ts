// Full runs in Chromium against the real engine: flash two loop devices, cancel, and one failing stick.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { screenshot } from '../support/browser';
import { useWizard } from '../support/session';
import { attachLoop, canUseLoop, type LoopDevice } from '../../core/write/testing/loop-devices';
import { makeTree } from '../support/tree';
import { goToDrives, openLocalRoot } from '../support/wizard';

const wizard = useWizard('flash');
const { work } = wizard;
/** Detaches loop devices when the spec file ends. */
const track = (...devices: LoopDevice[]) =>
  devices.forEach((device) => wizard.onCleanup(() => device.detach()));

const skip = canUseLoop();

const mib = 1024 * 1024;

/** Walks the wizard from the Root step to the Flash step with the given loop devices chosen. */
async function chooseTargets(page: Page, tree: string, devices: string[]): Promise<void> {
  await openLocalRoot(page, wizard.engine.url, tree);
  await goToDrives(page);
  await page.getByLabel(/Show loop devices/).check();
  for (const device of devices)
    await page.locator('.drive-row', { hasText: device }).getByRole('checkbox').check();
  await page.getByRole('button', { name: 'Next: Flash' }).click();
}

test('two loop devices are flashed and both verified', { skip }, async () => {
  const tree = makeTree(join(work, 'tree-two'));
  const a = attachLoop(join(work, 'a.img'), 64 * mib);
  const b = attachLoop(join(work, 'b.img'), 64 * mib);
  track(a, b);
  const { page } = wizard;
  await chooseTargets(page, tree, [a.device, b.device]);
  await screenshot(page, '04-flash-confirm');
  await page.getByRole('button', { name: 'Erase and flash 2 targets' }).click();
  await page.getByRole('heading', { name: 'All done' }).waitFor({ timeout: 60_000 });
  const results = page.getByRole('list', { name: 'Results' }).getByRole('listitem');
  assert.equal(await results.count(), 2);
  for (const text of await results.allInnerTexts()) assert.match(text, /Written and verified/);
  await screenshot(page, '05-done');
  // An independent reader agrees: the stick's FAT32 holds the tree.
  for (const loop of [a, b]) {
    const listing = execFileSync('mdir', ['-b', '-i', `${loop.backing}@@1M`, '::/go'], { encoding: 'utf8' });
    assert.match(listing, /VERSION/);
  }
});

test('cancel mid-write: every target reports cancelled with its first MiB zeroed', { skip }, async () => {
  const tree = makeTree(join(work, 'tree-big'), { sparseBytes: 1536 * mib });
  const a = attachLoop(join(work, 'c.img'), 2048 * mib);
  const b = attachLoop(join(work, 'd.img'), 2048 * mib);
  track(a, b);
  const { page } = wizard;
  await chooseTargets(page, tree, [a.device, b.device]);
  await page.getByRole('button', { name: 'Erase and flash 2 targets' }).click();
  await page.getByRole('progressbar', { name: /All targets: Writing/ }).waitFor({ timeout: 60_000 });
  await screenshot(page, '04-flash-progress');
  await page.getByRole('button', { name: 'Cancel' }).click();
  await page.getByRole('heading', { name: '0 of 2 succeeded' }).waitFor({ timeout: 60_000 });
  const texts = await page.getByRole('list', { name: 'Results' }).getByRole('listitem').allInnerTexts();
  for (const text of texts) assert.match(text, /Cancelled.*first MiB was zeroed/s);
  for (const loop of [a, b]) {
    const head = execFileSync('head', ['-c', String(mib), loop.device]);
    assert.ok(
      head.every((byte) => byte === 0),
      `${loop.device} starts with zeros`,
    );
  }
});

test('a stick that fails mid-write does not stop the other', { skip }, async () => {
  const tree = makeTree(join(work, 'tree-fail'), { sparseBytes: 48 * mib });
  const small = join(work, 'small-fs');
  mkdirSync(small);
  execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=8m', 'tmpfs', small]);
  wizard.onCleanup(() => execFileSync('umount', [small]));
  // A 128 MiB disk whose backing store holds only 8 MiB: writes past that fail, as on a fake stick.
  const failing = attachLoop(join(small, 'fake.img'), 128 * mib);
  const good = attachLoop(join(work, 'good.img'), 128 * mib);
  track(failing, good);
  const { page } = wizard;
  await chooseTargets(page, tree, [failing.device, good.device]);
  await page.getByRole('button', { name: 'Erase and flash 2 targets' }).click();
  await page.getByRole('heading', { name: '1 of 2 succeeded' }).waitFor({ timeout: 120_000 });
  const good_ = page.locator('.result', { hasText: good.device });
  const bad = page.locator('.result', { hasText: failing.device });
  assert.match(await good_.innerText(), /Written and verified/);
  assert.match(await bad.getByRole('alert').innerText(), /failed|space|gone|writ/i);
  await screenshot(page, '05-done-one-failed');
});
