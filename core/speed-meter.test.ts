// The one speed meter (downloads, extraction, writing) and the one cache folder rule.

import { homedir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { cacheDir, cacheHome } from './cache-dir';
import { etaOf, SpeedMeter } from './speed-meter';

const saved = process.env.XDG_CACHE_HOME;
afterEach(() => {
  if (saved === undefined) delete process.env.XDG_CACHE_HOME;
  else process.env.XDG_CACHE_HOME = saved;
});

it('sample() is add() then speed, over the same sliding window, and the ETA follows from it', () => {
  const sampled = new SpeedMeter(3000);
  const added = new SpeedMeter(3000);
  for (let t = 0; t <= 10_000; t += 500) {
    const bytes = t <= 5000 ? t * 10_000 : 50_000_000;
    added.add(bytes, t);
    expect(sampled.sample(bytes, t)).toBe(added.speed);
  }
  expect(added.speed).toBe(0); // stalled for longer than the window
  expect(new SpeedMeter().sample(5, 1)).toBe(0);
  expect(etaOf(25, 100, 5)).toBe(15);
  expect(etaOf(25, 100, 0)).toBeUndefined();
});

it('every cache lives under $XDG_CACHE_HOME/sourcery-flasher, or ~/.cache when it is unset or empty', () => {
  process.env.XDG_CACHE_HOME = '/var/tmp/xdg';
  expect(cacheDir('syslinux')).toBe('/var/tmp/xdg/sourcery-flasher/syslinux');
  for (const unset of ['', undefined]) {
    if (unset === undefined) delete process.env.XDG_CACHE_HOME;
    else process.env.XDG_CACHE_HOME = unset;
    expect(cacheHome()).toBe(join(homedir(), '.cache', 'sourcery-flasher'));
    expect(cacheDir('downloads')).toBe(join(homedir(), '.cache', 'sourcery-flasher', 'downloads'));
  }
});
