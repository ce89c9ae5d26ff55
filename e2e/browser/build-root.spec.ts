// "Build from source" in the wizard, against the built engine, from the real u-root release.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { screenshot } from '../support/browser';
import { useWizard } from '../support/session';

const wizard = useWizard('build');
const uRoot = join(import.meta.dirname, '..', '..', '..', 'shared', 'data', 'u-root-v0.14.0.tar.xz');

test('builds an amd64 root from the u-root release folder and shows what it holds', async () => {
  assert.ok(existsSync(uRoot), `${uRoot} is missing: the shared data folder must sit beside the checkout`);
  execFileSync('tar', ['-xJf', uRoot, '-C', wizard.work]);
  const { page } = wizard;
  await page.goto(wizard.engine.url);
  await page.getByRole('radio', { name: /Build from source/ }).check();
  for (const arch of ['arm64', 'riscv64']) await page.getByRole('checkbox', { name: arch }).uncheck();
  await page.getByLabel(/Command repositories or folders/).fill(join(wizard.work, 'u-root'));
  await page.getByRole('button', { name: 'Build root' }).click();
  const ready = page.getByRole('heading', { name: 'Root ready' });
  const refused = page.getByRole('alert');
  await ready.or(refused).first().waitFor({ timeout: 300_000 });
  if (await refused.isVisible()) assert.fail(`the build failed in the wizard: ${await refused.innerText()}`);
  const summary = await page.getByLabel('Root summary').innerText();
  assert.match(summary, /amd64/);
  assert.match(summary, /\b1\d\d\b/, 'more than a hundred u-root commands have stubs');
  const folder = await page.getByLabel('Root summary').getByRole('code').first().innerText();
  assert.ok(
    folder.startsWith(join(wizard.engine.dataDir, 'roots')),
    `${folder} is in the app's roots folder`,
  );
  assert.ok(existsSync(join(folder, 'src')), 'the root is on disk');
  await screenshot(page, '01-root-built');
});
