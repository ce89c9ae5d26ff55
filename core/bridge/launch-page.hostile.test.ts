// F5: in a real Chromium, the page trades the launch code from its address, the code leaves the address bar,
// a reload keeps working, and the used address in a new tab says how to get a new one.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { startBridgeServer, type BridgeServer } from './ws-server';
import { recordingHandlers, type RecordedCall } from './testing/bridge-client';

let work: string;
let server: BridgeServer;
let browser: { context: BrowserContext; page: Page };
const calls: RecordedCall[] = [];

/** The renderer's bridge client, built into the page by path (core/ imports nothing of the renderer). */
const clientModule = join(import.meta.dirname, '..', '..', 'renderer', 'src', 'bridge', 'index.ts');

/** A page made of the real bridge client: it connects and shows what appInfo answered. */
async function buildProbePage(): Promise<string> {
  work = mkdtempSync(join(tmpdir(), 'sourcery-launch-page-'));
  writeFileSync(
    join(work, 'index.html'),
    '<!doctype html><html><body><p id="out">waiting</p><script type="module" src="./entry.ts"></script></body></html>',
  );
  writeFileSync(
    join(work, 'entry.ts'),
    `import { connectBridge } from ${JSON.stringify(clientModule)};
const api = connectBridge();
const out = document.getElementById('out');
if (!api) out.textContent = 'no engine';
else api.appInfo({}).then((r) => (out.textContent = r.ok ? 'connected ' + r.value.version : 'refused: ' + r.error.title + ' / ' + r.error.hint));`,
  );
  // Vite's CLI in its own process: built in this one, the test's own imports got .d.ts files beside them.
  const vite = join(import.meta.dirname, '..', '..', 'node_modules', 'vite', 'bin', 'vite.js');
  const args = [vite, 'build', work, '--base', './', '--outDir', join(work, 'out'), '--logLevel', 'error'];
  const built = spawnSync(process.execPath, args, { encoding: 'utf8' });
  if (built.status !== 0) throw new Error(`vite build of the probe page failed: ${built.stderr}`);
  return join(work, 'out');
}

beforeAll(async () => {
  server = await startBridgeServer({
    staticDir: await buildProbePage(),
    createHandlers: () => recordingHandlers(calls),
    report: () => {},
  });
  const context = await chromium.launchPersistentContext('', {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
  });
  browser = { context, page: context.pages()[0] ?? (await context.newPage()) };
}, 60_000);
afterAll(async () => {
  await browser?.context.close();
  await server?.close();
  rmSync(work, { recursive: true, force: true });
});

describe('F5: the launch code leaves the address bar and buys the token once', () => {
  it('connects from the launch address, then shows an address without code or token', async () => {
    const { page } = browser;
    await page.goto(server.url);
    await page.getByText('connected 0').waitFor({ timeout: 15_000 });
    const address = page.url();
    expect(address).toBe(`http://127.0.0.1:${server.port}/`);
    expect(address).not.toContain(server.token);
    expect(await page.evaluate('document.referrer + location.hash')).toBe('');
  });

  it('keeps working after a reload of the same tab', async () => {
    const { page } = browser;
    await page.reload();
    await page.getByText('connected 0').waitFor({ timeout: 15_000 });
  });

  it('opens again from the same address in the same tab (the tab holds its token, not the address)', async () => {
    const { page } = browser;
    await page.goto('about:blank');
    await page.goto(server.url);
    await page.getByText('connected 0').waitFor({ timeout: 15_000 });
    await page.goto(`http://127.0.0.1:${server.port}/`);
    await page.getByText('no engine').waitFor({ timeout: 15_000 });
  });

  it('refuses the used address in another tab and says how to get a new one', async () => {
    const other = await browser.context.newPage();
    await other.goto(server.url);
    await other
      .getByText(/refused: This address has been used already.*start it again/)
      .waitFor({ timeout: 15_000 });
    expect(other.url()).toBe(`http://127.0.0.1:${server.port}/`);
    await other.close();
  });
});
