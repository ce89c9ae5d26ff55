// The app end to end with a real kernel: open a root, check a Debian kernel, flash an image file,
// then "Try it in an emulator" boots it in QEMU and sees the root's init.

import assert from 'node:assert/strict';
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Engine } from '../support/engine';
import { openBrowser, screenshot, type BrowserSession } from '../support/browser';
import { startEngine } from '../support/engine';
import { openLocalRoot } from '../support/wizard';
import { fetchKernels, testRoot } from './stick';

let engine: Engine;
let browser: BrowserSession;
let work: string;

before(async () => {
  work = await mkdtemp(join(tmpdir(), 'sourcery-wizard-boot-'));
  engine = await startEngine();
  browser = await openBrowser();
});
after(async () => {
  await browser?.close();
  await engine?.close();
  await rm(work, { recursive: true, force: true });
});

/** The boot tests' marker root, completed with what the wizard requires of a root before flashing. */
async function wizardReadyRoot(): Promise<string> {
  const tree = await testRoot(work);
  await mkdir(join(tree, 'src', 'local'), { recursive: true });
  await mkdir(join(tree, 'go', 'src'), { recursive: true });
  await writeFile(join(tree, 'go', 'VERSION'), 'go1.19.8\n');
  for (const arch of ['amd64', 'arm64', 'riscv64']) {
    const init = join(tree, `linux_${arch}`, 'bin', 'init');
    for (const program of ['installcommand', 'go'])
      await copyFile(init, join(tree, `linux_${arch}`, 'bin', program));
    const tools = join(tree, 'go', 'pkg', 'tool', `linux_${arch}`);
    await mkdir(tools, { recursive: true });
    for (const tool of ['compile', 'link', 'asm']) await copyFile(init, join(tools, tool));
  }
  return tree;
}

test('flash an image from the wizard, then boot it from the Done step', async () => {
  const kernel = fetchKernels().amd64?.kernel;
  assert.ok(kernel, 'the amd64 Debian kernel was fetched');
  const { page } = browser;
  await openLocalRoot(page, engine.url, await wizardReadyRoot());
  await page.getByRole('button', { name: 'Next: Boot' }).click();
  await page.getByLabel(/Kernel for amd64/).fill(kernel);
  await page.getByLabel(/Kernel for amd64/).press('Enter');
  await page.getByText(/bzImage for amd64.*modules/).waitFor({ timeout: 120_000 });
  await screenshot(page, 'boot-02-kernel-checked');
  await page.getByRole('button', { name: 'Next: Drives' }).click();
  await page.getByRole('heading', { name: 'Choose the sticks to write' }).waitFor();
  await page.getByLabel('File path (created or overwritten)').fill(join(work, 'stick.img'));
  await page.getByLabel(/Size of the stick/).fill('256M');
  await page.getByRole('button', { name: 'Next: Flash' }).click();
  await page.getByRole('button', { name: 'Erase and flash 1 target' }).click();
  await page.getByRole('heading', { name: 'All done' }).waitFor({ timeout: 300_000 });
  await page.getByRole('button', { name: 'Try it in an emulator' }).click();
  await page.getByText(/It booted to the root.s init/).waitFor({ timeout: 300_000 });
  assert.match(await page.getByLabel('Serial console').innerText(), /sourcery: init for linux_amd64/);
  await screenshot(page, 'boot-05-emulator');
});
