// The wizard's weight and start-up: gzipped bundle size, and page load to an interactive first step.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { openBrowser } from '../e2e/support/browser';
import { rendererDir, startEngine } from '../e2e/support/engine';
import { median, type Bench } from './table';

const gzipBytes = (dir: string): number =>
  readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && /\.(js|css|html)$/.test(entry.name))
    .reduce(
      (sum, entry) => sum + gzipSync(readFileSync(join(entry.parentPath, entry.name)), { level: 9 }).length,
      0,
    );

const bench: Bench = async () => {
  const engine = await startEngine();
  const browser = await openBrowser();
  const { page } = browser;
  const css = readdirSync(join(rendererDir, 'assets')).find((name) => name.endsWith('.css')) ?? '';
  const blank = `http://127.0.0.1:${engine.port}/assets/${css}`;
  const wizard: number[] = [];
  const floor: number[] = [];
  try {
    // A B A B: loading one static file from the same server (the floor of a page load) against the wizard.
    for (let round = 0; round < 7; round++) {
      await page.goto('about:blank');
      let start = performance.now();
      await page.goto(blank);
      floor.push(performance.now() - start);
      await page.goto('about:blank');
      start = performance.now();
      await page.goto(engine.url);
      await page.getByRole('radio', { name: /Local folder/ }).waitFor();
      await page.getByText(/^v\d/).waitFor(); // the engine answered: the step is live
      wizard.push(performance.now() - start);
    }
  } finally {
    await browser.close();
    await engine.close();
  }
  return [
    {
      what: 'renderer bundle, gzipped (target < 250 KB)',
      baseline: 'target',
      baselineValue: 250,
      ours: gzipBytes(rendererDir) / 1000,
      unit: 'KB',
      higherIsBetter: false,
    },
    {
      what: 'page load to interactive Root step (target < 1000 ms)',
      baseline: 'one static file, same server',
      baselineValue: median(floor),
      ours: median(wizard),
      unit: 'ms',
      note: '7 rounds, medians',
      higherIsBetter: false,
    },
  ];
};

export default bench;
