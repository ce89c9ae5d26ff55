// The wizard opens in Chromium against the real engine and shows its first step.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { screenshot } from '../support/browser';
import { useWizard } from '../support/session';

const wizard = useWizard('first');

test('the first step, Root, shows with the engine connected', async () => {
  const { page } = wizard;
  await page.goto(wizard.engine.url);
  await page.getByRole('heading', { name: 'Choose a sourcery root' }).waitFor();
  assert.equal(await page.locator('[aria-current="step"]').innerText(), '1 Root');
  await page.getByText(/^v\d+\.\d+\.\d+$/).waitFor(); // the version came from the engine
  await screenshot(page, '01-root');
});

test('without the token the bridge refuses and the page says what to do', async () => {
  const { page } = wizard;
  await page.goto(wizard.engine.url.replace(/#.*/, ''));
  await page.getByRole('alert').getByText('No engine to talk to').waitFor();
  const refused = await page.evaluate(
    (port) =>
      new Promise<boolean>((resolve) => {
        const socket = new WebSocket(`ws://127.0.0.1:${port}/bridge?token=wrong`);
        socket.onopen = () => resolve(false);
        socket.onerror = () => resolve(true);
      }),
    wizard.engine.port,
  );
  assert.equal(refused, true);
});
