// Issue 18's done-when: from an empty data folder and only a channel file, an attendee clicks through
// Root, Boot, Drives and Flash to an image that boots to the root's init in QEMU x86_64. The organiser's
// side is the built CLI (keys generate, root publish with a Debian kernel) and a server on 127.0.0.1.

import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { bootTest } from '../../core/qemu/boot-test';
import { fetchKernels } from '../boot/stick';
import { screenshot } from '../support/browser';
import { useWizard } from '../support/session';
import { publishWorkshop } from '../support/workshop-channel';

// Debian's kernel comes from the shared kernel cache; the engine's downloads go to a cache of its own.
const debianKernel = fetchKernels().amd64?.kernel;
const wizard = useWizard('channel');
const { work } = wizard;
process.env.XDG_CACHE_HOME = join(work, 'xdg');

test('a channel file alone: Root, Boot, Drives, Flash, and the image boots to init', async () => {
  assert.ok(debianKernel, 'scripts/fetch-kernels.mjs brings an amd64 kernel .deb');
  // The organiser: a key pair, the root and its kernel published, the folder served, a channel file.
  const { channelFile, close, publishSeconds } = await publishWorkshop(work, debianKernel);
  wizard.onCleanup(() => void close());
  process.stdout.write(`# published in ${publishSeconds.toFixed(1)} s\n`);

  // The attendee: an empty data folder, so the first screen leads to the channel file.
  const { page } = wizard;
  await page.goto(wizard.engine.url);
  const welcome = page.getByRole('region', { name: 'Getting started' });
  await welcome.waitFor();
  await screenshot(page, '01-root-newcomer');
  const chooser = page.waitForEvent('filechooser');
  await welcome.getByRole('button', { name: 'I have a channel file' }).click();
  await (await chooser).setFiles(channelFile);
  const channel = page.getByRole('group', { name: 'Channel Workshop' });
  await channel.waitFor({ timeout: 30_000 });
  const entry = channel.getByRole('radio', { name: /Workshop root/ });
  assert.equal(await entry.isChecked(), true, 'the newest root is picked');
  assert.match(await channel.innerText(), /amd64/);
  assert.match(await channel.innerText(), /go1\.19\.8/);
  assert.match(await channel.innerText(), /kernels for amd64/);
  await screenshot(page, '01-root-channel');
  await page.getByRole('button', { name: 'Get this root' }).click();
  await page.getByRole('heading', { name: 'Root ready' }).waitFor({ timeout: 120_000 });

  // Boot: the channel's kernel is already there and checked.
  await page.getByRole('button', { name: 'Next: Boot' }).click();
  const kernel = page.getByLabel('Kernel for amd64 (a kernel file or a linux-image .deb)');
  assert.match(await kernel.inputValue(), /linux-image-.*\.deb$/);
  const next = page.getByRole('button', { name: 'Next: Drives' });
  await page.waitForFunction(
    () =>
      !Array.from(document.querySelectorAll('button')).find((b) => b.textContent === 'Next: Drives')
        ?.disabled,
    undefined,
    { timeout: 60_000 },
  );
  await screenshot(page, '02-boot-from-channel');
  await next.click();

  // Drives: an image file.
  const image = join(work, 'stick.img');
  await page.getByLabel('File path (created or overwritten)').fill(image);
  await page.getByLabel(/Size of the stick/).fill('256M');
  await page.getByRole('button', { name: 'Next: Flash' }).click();
  await page.getByRole('button', { name: 'Erase and flash 1 target' }).click();
  await page
    .getByRole('heading', { name: 'All done' })
    .waitFor({ timeout: 180_000 })
    .catch(async (thrown: unknown) => {
      process.stdout.write(`# ${await page.locator('main').innerText()}\n`);
      throw thrown;
    });
  assert.match(await page.getByRole('list', { name: 'Results' }).innerText(), /Written and verified/);
  await screenshot(page, '05-done-channel');

  // The image boots in QEMU x86_64 to the root's own init.
  const booted = await bootTest({ image, arch: 'amd64', timeoutSeconds: 180 });
  assert.ok(booted.ok, booted.ok ? '' : `${booted.error.detail}`);
  process.stdout.write(`# booted to init in ${booted.value.seconds.toFixed(1)} s\n`);
});
