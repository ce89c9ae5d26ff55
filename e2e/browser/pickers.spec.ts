// Choosing files the way people do: the folder browser by keyboard alone, a dropped kernel, last time's settings after a restart.

import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { openBrowser, screenshot, type BrowserSession } from '../support/browser';
import { startEngine, type Engine } from '../support/engine';
import { arm64Image, makeTree } from '../support/tree';

const work = mkdtempSync(join(tmpdir(), 'sourcery-e2e-pickers-'));
/** The engine's home: where its folder browser starts. */
const home = join(work, 'home');
const root = makeTree(join(home, 'projects', 'my-root'), { archs: ['amd64', 'arm64'] });
mkdirSync(join(home, 'projects', 'other'));
mkdirSync(join(home, '.secret'));
writeFileSync(join(home, 'notes.txt'), 'not a root');
const kernel = arm64Image(join(home, 'Image-arm64'));
const env = { ...process.env, HOME: home };
/** Kept across the engine's restarts, as a user's data folder is. */
const dataDir = join(work, 'data');

let browser: BrowserSession;
let engine: Engine | undefined;
before(async () => {
  browser = await openBrowser();
});
after(async () => {
  await browser.close();
  await engine?.close();
  if (!process.env.KEEP_E2E) rmSync(work, { recursive: true, force: true });
});

/** Presses Tab until the focused element has this accessible name (text or aria-label). */
async function tabTo(page: Page, name: string): Promise<void> {
  for (let i = 0; i < 40; i++) {
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(
      () => document.activeElement?.getAttribute('aria-label') ?? document.activeElement?.textContent ?? '',
    );
    if (focused.trim() === name) return;
  }
  throw new Error(`Tab never reached ${name}`);
}

const optionNames = async (page: Page) =>
  (await page.getByRole('option').allInnerTexts()).map((text) => text.trim());

test('the folder browser walks from home to a generated root and opens it with the keyboard alone', async () => {
  engine = await startEngine({ env, dataDir });
  const { page } = browser;
  await page.goto(engine.url);
  await page.getByRole('heading', { name: 'Choose a sourcery root' }).waitFor();
  await tabTo(page, 'Browse for the root');
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: 'Choose the root folder or archive' });
  await dialog.waitFor();
  const list = dialog.getByRole('listbox', { name: `Contents of ${home}` });
  await list.waitFor();
  assert.deepEqual(await optionNames(page), ['projects/']); // no dotfiles, no text files
  await page.keyboard.type('proj');
  await page.keyboard.press('Enter');
  await dialog.getByRole('listbox', { name: `Contents of ${join(home, 'projects')}` }).waitFor();
  assert.deepEqual(await optionNames(page), ['my-root/', 'other/']);
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await dialog.getByRole('listbox', { name: `Contents of ${join(home, 'projects', 'other')}` }).waitFor();
  await page.keyboard.press('Alt+ArrowUp');
  await dialog.getByRole('listbox', { name: `Contents of ${join(home, 'projects')}` }).waitFor();
  await page.keyboard.press('Enter'); // my-root is first again
  await dialog.getByRole('listbox', { name: `Contents of ${root}` }).waitFor();
  await page.keyboard.press('Backspace');
  await dialog.getByRole('listbox', { name: `Contents of ${join(home, 'projects')}` }).waitFor();
  await page.keyboard.type('my');
  await page.keyboard.press('Enter');
  await dialog.getByRole('listbox', { name: `Contents of ${root}` }).waitFor();
  await screenshot(page, '06-folder-browser');
  await tabTo(page, 'Use this folder as the root');
  await page.keyboard.press('Enter');
  await dialog.waitFor({ state: 'detached' });
  assert.equal(await page.getByLabel(/Folder or archive/).inputValue(), root);
  await tabTo(page, 'Open root');
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: 'Root ready' }).waitFor({ timeout: 30_000 });
});

test('a kernel dropped on the window: the browser says it cannot pass a path, and Browse fills the field', async () => {
  const { page } = browser;
  await page.getByRole('button', { name: 'Next: Boot' }).click();
  await page.getByRole('heading', { name: 'Make it bootable' }).waitFor();
  const dropped = await page.evaluateHandle(() => {
    const transfer = new DataTransfer();
    transfer.items.add(new File([new Uint8Array(64)], 'Image-arm64'));
    return transfer;
  });
  await page.dispatchEvent('main', 'dragover', { dataTransfer: dropped });
  await page.dispatchEvent('main', 'drop', { dataTransfer: dropped });
  const notice = page.getByRole('alert');
  await notice.waitFor();
  assert.match(await notice.innerText(), /looks like a kernel for arm64/);
  assert.match(await notice.innerText(), /a browser gives a page only a dropped file’s contents/);
  await screenshot(page, '07-drop-in-browser');
  await notice.getByRole('button', { name: 'Browse for it…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Choose a kernel or a linux-image .deb' });
  await dialog.waitFor();
  await dialog.getByRole('listbox', { name: `Contents of ${home}` }).waitFor();
  assert.deepEqual(await optionNames(page), ['projects/', 'Image-arm64 262 KB']);
  await page.keyboard.type('Image');
  await page.keyboard.press('Enter');
  await dialog.waitFor({ state: 'detached' });
  const field = page.getByLabel('Kernel for arm64 (a kernel file or a linux-image .deb)');
  assert.equal(await field.inputValue(), kernel);
  await page.getByText(/✓ .* for arm64/).waitFor();
});

test('last time’s root, kernel and image come back after the engine restarts', async () => {
  const { page } = browser;
  // This machine has no arm64 EFI stub: U-Boot only, which the memory must keep too.
  await page.getByLabel('UEFI (x86-64, ARM64, RISC-V)').uncheck();
  await page.getByRole('button', { name: 'Next: Drives' }).click();
  await page.getByRole('button', { name: 'Browse for where to save the image' }).click();
  const dialog = page.getByRole('dialog', { name: 'Choose where to save the image file' });
  await dialog.getByRole('listbox', { name: `Contents of ${home}` }).waitFor();
  await dialog.getByLabel('File name').fill('stick.img');
  await screenshot(page, '08-save-image');
  await dialog.getByRole('button', { name: 'Save here' }).click();
  await dialog.waitFor({ state: 'detached' });
  const image = join(home, 'stick.img');
  assert.equal(await page.getByLabel('File path (created or overwritten)').inputValue(), image);
  await page.getByLabel(/Size of the stick/).fill('64M');
  await page.getByRole('button', { name: 'Next: Flash' }).click();
  await page.getByRole('button', { name: 'Erase and flash 1 target' }).click();
  await page
    .getByRole('heading', { name: 'All done' })
    .waitFor({ timeout: 60_000 })
    .catch(async (thrown: unknown) => {
      process.stdout.write(`# ${await page.locator('main').innerText()}\n`);
      throw thrown;
    });

  const settingsFile = join(dataDir, 'settings.json');
  assert.equal(statSync(settingsFile).mode & 0o777, 0o600);
  assert.deepEqual(JSON.parse(readFileSync(settingsFile, 'utf8')), {
    root,
    kernels: { arm64: kernel },
    methods: ['bios', 'uboot'],
    append: '',
    image: { path: image, size: 64 * 1024 * 1024 },
  });
  await engine?.close();

  for (const round of [1, 2]) {
    engine = await startEngine({ env, dataDir });
    await page.goto('about:blank');
    await page.goto(engine.url);
    await page.getByText(`Last time: ${root}, kernels for arm64, image ${image}.`).waitFor();
    if (round === 1) await screenshot(page, '09-last-time');
    await page.getByRole('button', { name: 'Flash more with the same settings' }).click();
    await page.getByRole('heading', { name: 'Choose the sticks to write' }).waitFor({ timeout: 30_000 });
    assert.equal(await page.getByLabel('File path (created or overwritten)').inputValue(), image);
    await page.getByRole('button', { name: 'Next: Flash' }).click();
    await page.getByRole('button', { name: 'Erase and flash 1 target' }).click();
    await page.getByRole('heading', { name: 'All done' }).waitFor({ timeout: 60_000 });
    await engine.close(); // the second round is the second restart, on what this flash saved
    engine = undefined;
  }
});
