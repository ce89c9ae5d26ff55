// The Drives step lists this machine's real drives and keeps the system drive out of reach.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { BridgeServer } from '../../core/bridge/ws-server';
import { openBrowser, screenshot, type BrowserSession } from '../support/browser';
import { startEngine } from '../support/engine';
import { makeTree } from '../support/tree';
import { goToDrives, openLocalRoot } from '../support/wizard';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

let engine: BridgeServer;
let browser: BrowserSession;

before(async () => {
  engine = await startEngine();
  browser = await openBrowser();
});
after(async () => {
  await browser?.close();
  await engine?.close();
});

test('the drive holding / is hidden, then shown marked and not selectable', async () => {
  const { page } = browser;
  await openLocalRoot(page, engine.url, makeTree(mkdtempSync(join(tmpdir(), 'sourcery-e2e-drives-'))));
  await goToDrives(page);
  const systemDrive = page.locator('.drive-row', { hasText: 'System drive' });
  assert.equal(await systemDrive.count(), 0, 'system drives are hidden by default');
  await page.getByLabel(/Show system drives/).check();
  await systemDrive.first().waitFor();
  assert.equal(await systemDrive.first().getByRole('checkbox').isDisabled(), true);
  assert.equal(await page.getByRole('button', { name: 'Next: Flash' }).isDisabled(), true);
  await screenshot(page, '03-drives-system-shown');
});
