// The happy path with the keyboard alone: no clicks from choosing a root to a verified image file.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import { screenshot } from '../support/browser';
import { useWizard } from '../support/session';
import { makeTree } from '../support/tree';

const wizard = useWizard('keys', { colorScheme: 'dark', width: 800, height: 600 });
const { work } = wizard;

/** Presses Tab until `target` has focus, as a keyboard user would; fails if it is unreachable. */
async function tabTo(page: Page, target: Locator): Promise<void> {
  const handle = await target.elementHandle();
  for (let presses = 0; presses < 40; presses++) {
    if (await page.evaluate((el) => document.activeElement === el, handle)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`could not reach ${String(target)} with Tab`);
}

test('keyboard only, dark, 800x600: root, boot, image file target, flash, verified', async () => {
  const { page } = wizard;
  const tree = makeTree(join(work, 'tree'));
  const image = join(work, 'stick.img');
  await page.goto(wizard.engine.url);
  await page.getByRole('heading', { name: 'Choose a sourcery root' }).waitFor();

  await tabTo(page, page.getByLabel(/Folder or archive/));
  await page.keyboard.type(tree);
  await tabTo(page, page.getByRole('button', { name: 'Open root' }));
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: 'Root ready' }).waitFor({ timeout: 30_000 });
  await screenshot(page, '01-root-ready-dark-800');
  await tabTo(page, page.getByRole('button', { name: 'Next: Boot' }));
  await page.keyboard.press('Enter');

  await page.getByRole('heading', { name: 'Make it bootable' }).waitFor();
  await tabTo(page, page.getByRole('button', { name: 'Next: Drives' }));
  await page.keyboard.press('Enter');

  await page.getByRole('heading', { name: 'Choose the sticks to write' }).waitFor();
  await tabTo(page, page.getByLabel('File path (created or overwritten)'));
  await page.keyboard.type(image);
  await tabTo(page, page.getByLabel(/Size of the stick/));
  await page.keyboard.press('Control+A');
  await page.keyboard.type('64M');
  await tabTo(page, page.getByRole('button', { name: 'Next: Flash' }));
  await page.keyboard.press('Enter');

  await tabTo(page, page.getByRole('button', { name: 'Erase and flash 1 target' }));
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: 'All done' }).waitFor({ timeout: 60_000 });
  assert.match(await page.getByRole('list', { name: 'Results' }).innerText(), /Written and verified/);
  await screenshot(page, '05-done-dark-800');
  // An independent reader finds the root on the image's FAT32 partition.
  assert.match(execFileSync('mdir', ['-b', '-i', `${image}@@1M`, '::/go'], { encoding: 'utf8' }), /VERSION/);
});
