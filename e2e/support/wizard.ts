// Steps through the wizard the way a user does, for specs that test later steps.

import type { Page } from 'playwright-core';

/** Opens the wizard afresh and chooses a local root folder; ends on the Root step with it ready. */
export async function openLocalRoot(page: Page, url: string, tree: string): Promise<void> {
  await page.goto('about:blank'); // a fresh wizard: the same URL with a fragment would not reload
  await page.goto(url);
  await page.getByLabel(/Folder or archive/).fill(tree);
  await page.getByRole('button', { name: 'Open root' }).click();
  await page
    .getByRole('heading', { name: 'Root ready' })
    .waitFor({ timeout: 60_000 })
    .catch(async (thrown: unknown) => {
      // What the page shows instead (an error panel, a step still working) is the diagnosis.
      process.stdout.write(`# ${(await page.locator('main').innerText()).replace(/\n/g, '\n# ')}\n`);
      throw thrown;
    });
}

/** From a ready root, on to the Drives step. */
export async function goToDrives(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Next: Boot' }).click();
  await page.getByRole('button', { name: 'Next: Drives' }).click();
  await page.getByRole('heading', { name: 'Choose the sticks to write' }).waitFor();
}
