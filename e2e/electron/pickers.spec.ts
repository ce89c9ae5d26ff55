// Electron's Browse: main's native dialog answers, the picked path fills the field and the engine opens it.

import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { _electron } from 'playwright-core';
// @ts-expect-error -- a plain .mjs helper shared with scripts/start.mjs
import { findElectronBinary } from '../../scripts/electron-binary.mjs';
import { screenshot } from '../support/browser';
import { arm64Image, makeTree } from '../support/tree';

const binary = findElectronBinary() as { path: string } | { missing: string };
const skip = 'missing' in binary ? `skipped: ${binary.missing}` : false;
if (skip) process.stdout.write(`# Electron pickers ${skip}\n`);

test(
  'Electron: Browse opens the native dialog; a root in a hidden folder picked there opens',
  { skip },
  async () => {
    if (!('path' in binary)) return;
    const work = mkdtempSync(join(tmpdir(), 'sourcery-e2e-electron-pickers-'));
    // A hidden folder: typed, the engine refuses it; picked in main's dialog, it is the user's choice.
    const root = makeTree(join(work, '.local', 'roots', 'mine'), { archs: ['amd64', 'arm64'] });
    mkdirSync(join(work, 'kernels'));
    const kernel = arm64Image(join(work, 'kernels', 'Image-arm64'));
    const app = await _electron.launch({
      executablePath: binary.path,
      args: [join(import.meta.dirname, '..', '..', 'out', 'main', 'index.js'), '--no-sandbox'],
      env: { ...process.env, XDG_CONFIG_HOME: join(work, 'config') },
    });
    try {
      const page = await app.firstWindow();
      await page.getByRole('heading', { name: 'Choose a sourcery root' }).waitFor();
      // Playwright cannot click in a native dialog; it answers in main, where showOpenDialog lives.
      const answer = (path: string) =>
        app.evaluate(({ dialog }, picked) => {
          const calls: unknown[] = [];
          (globalThis as { dialogCalls?: unknown[] }).dialogCalls = calls;
          dialog.showOpenDialog = (async (...args: unknown[]) => {
            calls.push(args.at(-1));
            return { canceled: false, filePaths: [picked] };
          }) as typeof dialog.showOpenDialog;
        }, path);
      await page.getByLabel(/Folder or archive/).fill(root);
      await page.getByRole('button', { name: 'Open root' }).click();
      await page.getByRole('alert').waitFor(); // typed: a hidden folder is refused
      await answer(root);
      await page.getByRole('button', { name: 'Browse for the root: a folder' }).click();
      assert.equal(await page.getByLabel(/Folder or archive/).inputValue(), root);
      const options = (await app.evaluate(() => (globalThis as { dialogCalls?: unknown[] }).dialogCalls)) as {
        properties: string[];
      }[];
      assert.deepEqual(options[0]?.properties, ['openDirectory']);
      await page.getByRole('button', { name: 'Open root' }).click();
      await page.getByRole('heading', { name: 'Root ready' }).waitFor({ timeout: 30_000 });
      await page.getByRole('button', { name: 'Next: Boot' }).click();
      await answer(kernel);
      await page.getByRole('button', { name: 'Browse for the arm64 kernel' }).click();
      await page.getByText(/✓ .* for arm64/).waitFor();
      await screenshot(page, 'electron-06-browse-kernel');
      assert.match(await page.title(), /Sourcery Flasher/);
    } finally {
      await app.close();
    }
  },
);
