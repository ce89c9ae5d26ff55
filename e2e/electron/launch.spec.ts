// The real Electron app: the happy path from a local root to a verified image file, wherever a binary exists.

import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { _electron } from 'playwright-core';
// @ts-expect-error -- a plain .mjs helper shared with scripts/start.mjs
import { findElectronBinary } from '../../scripts/electron-binary.mjs';
import { screenshot } from '../support/browser';
import { makeTree } from '../support/tree';

const binary = findElectronBinary() as { path: string } | { missing: string };
const skip = 'missing' in binary ? `skipped: ${binary.missing}` : false;
if (skip) process.stdout.write(`# Electron tier ${skip}\n`);

test('Electron: root, boot, image file, flash, verified', { skip }, async () => {
  if (!('path' in binary)) return;
  const work = mkdtempSync(join(tmpdir(), 'sourcery-e2e-electron-'));
  const app = await _electron.launch({
    executablePath: binary.path,
    args: [join(import.meta.dirname, '..', '..', 'out', 'main', 'index.js'), '--no-sandbox'],
    env: { ...process.env, XDG_CONFIG_HOME: join(work, 'config') },
  });
  try {
    const page = await app.firstWindow();
    await page.getByRole('heading', { name: 'Choose a sourcery root' }).waitFor();
    assert.equal(await page.evaluate(() => typeof (window as { sourcery?: unknown }).sourcery), 'object');
    assert.equal(await page.evaluate(() => typeof (window as { require?: unknown }).require), 'undefined');
    await page.getByLabel(/Folder or archive/).fill(makeTree(join(work, 'tree')));
    await page.getByRole('button', { name: 'Open root' }).click();
    await page.getByRole('heading', { name: 'Root ready' }).waitFor({ timeout: 30_000 });
    await page.getByRole('button', { name: 'Next: Boot' }).click();
    await page.getByRole('button', { name: 'Next: Drives' }).click();
    await page.getByLabel('File path (created or overwritten)').fill(join(work, 'stick.img'));
    await page.getByLabel(/Size of the stick/).fill('64M');
    await page.getByRole('button', { name: 'Next: Flash' }).click();
    await page.getByRole('button', { name: 'Erase and flash 1 target' }).click();
    await page.getByRole('heading', { name: 'All done' }).waitFor({ timeout: 60_000 });
    await screenshot(page, 'electron-05-done');
  } finally {
    await app.close();
  }
});
