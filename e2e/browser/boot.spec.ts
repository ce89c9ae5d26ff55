// The Boot step checks each kernel with the real engine and refuses one for another architecture.

import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { screenshot } from '../support/browser';
import { useWizard } from '../support/session';
import { arm64Image, makeTree } from '../support/tree';
import { openLocalRoot } from '../support/wizard';

const wizard = useWizard('boot');
const { work } = wizard;

test('a kernel for another architecture is refused with what to supply instead', async () => {
  const { page } = wizard;
  await openLocalRoot(page, wizard.engine.url, makeTree(join(work, 'tree')));
  await page.getByRole('button', { name: 'Next: Boot' }).click();
  const field = page.getByLabel('Kernel for amd64 (a kernel file or a linux-image .deb)');
  await field.fill(arm64Image(join(work, 'Image')));
  await page.getByRole('button', { name: 'Check' }).click();
  const alert = page.getByRole('alert');
  await alert.waitFor();
  assert.match(await alert.innerText(), /arm64/);
  assert.match(await alert.innerText(), /What to do/);
  assert.equal(await page.getByRole('button', { name: 'Next: Drives' }).isDisabled(), true);
  await screenshot(page, '02-boot-wrong-arch');
  // Clearing the kernel makes the stick files-only, which the step says plainly.
  await field.fill('');
  await page.getByText('No kernel chosen').waitFor();
  assert.equal(await page.getByRole('button', { name: 'Next: Drives' }).isDisabled(), false);
});
