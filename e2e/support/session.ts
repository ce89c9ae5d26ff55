// One spec file's world: the real engine, Chromium on its wizard, a scratch folder, and cleanups.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';
import type { Page } from 'playwright-core';
import type { Engine } from './engine';
import { openBrowser, type BrowserOptions, type BrowserSession } from './browser';
import { startEngine } from './engine';

export interface WizardSession {
  readonly engine: Engine;
  readonly page: Page;
  /** A scratch folder for this spec file, removed afterwards (kept with KEEP_E2E=1). */
  readonly work: string;
  /** Runs at the end, last registered first (detach loop devices, unmount). */
  onCleanup(cleanup: () => void): void;
}

/** Registers before/after hooks for the calling spec file and returns its session. */
export function useWizard(name: string, options: BrowserOptions = {}): WizardSession {
  let engine: Engine | undefined;
  let browser: BrowserSession | undefined;
  const cleanups: (() => void)[] = [];
  const work = mkdtempSync(join(tmpdir(), `sourcery-e2e-${name}-`));
  before(async () => {
    engine = await startEngine();
    browser = await openBrowser(options);
  });
  after(async () => {
    await browser?.close();
    await engine?.close();
    for (const cleanup of cleanups.reverse()) cleanup();
    if (!process.env.KEEP_E2E) rmSync(work, { recursive: true, force: true });
  });
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the wizard session is used before its before() hook ran');
    return value;
  };
  return {
    get engine() {
      return started(engine);
    },
    get page() {
      return started(browser).page;
    },
    work,
    onCleanup: (cleanup) => cleanups.push(cleanup),
  };
}
