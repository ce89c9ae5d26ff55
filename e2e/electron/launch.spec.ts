// The real Electron app launches and shows the wizard's first step, wherever a binary exists.

import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { _electron } from 'playwright-core';
// @ts-expect-error -- a plain .mjs helper shared with scripts/start.mjs
import { findElectronBinary } from '../../scripts/electron-binary.mjs';

const binary = findElectronBinary() as { path: string } | { missing: string };
const skip = 'missing' in binary ? `skipped: ${binary.missing}` : false;
if (skip) process.stdout.write(`# Electron tier ${skip}\n`);

test('Electron shows the Root step', { skip }, async () => {
  if (!('path' in binary)) return;
  const app = await _electron.launch({
    executablePath: binary.path,
    args: [join(import.meta.dirname, '..', '..', 'out', 'main', 'index.js'), '--no-sandbox'],
  });
  try {
    const page = await app.firstWindow();
    await page.getByRole('heading', { name: 'Choose a sourcery root' }).waitFor();
    assert.equal(await page.evaluate(() => typeof (window as { sourcery?: unknown }).sourcery), 'object');
  } finally {
    await app.close();
  }
});
