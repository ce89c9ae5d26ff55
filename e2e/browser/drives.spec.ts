// The Drives step lists this machine's real drives and keeps the system drive out of reach.

import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { screenshot } from '../support/browser';
import { useWizard } from '../support/session';
import { makeTree } from '../support/tree';
import { goToDrives, openLocalRoot } from '../support/wizard';

const wizard = useWizard('drives');

test('the drive holding / is hidden, then shown marked and not selectable', async () => {
  const { page } = wizard;
  await openLocalRoot(page, wizard.engine.url, makeTree(join(wizard.work, 'tree')));
  await goToDrives(page);
  const systemDrive = page.locator('.drive-row', { hasText: 'System drive' });
  assert.equal(await systemDrive.count(), 0, 'system drives are hidden by default');
  await page.getByLabel(/Show system drives/).check();
  await systemDrive.first().waitFor();
  assert.equal(await systemDrive.first().getByRole('checkbox').isDisabled(), true);
  assert.equal(await page.getByRole('button', { name: 'Next: Flash' }).isDisabled(), true);
  await screenshot(page, '03-drives-system-shown');
});
