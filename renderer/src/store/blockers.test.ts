// Every reason the wizard gives for not going on, from the one place that holds them.

import { describe, expect, test } from 'vitest';
import { rootSourceBlocker, stepBlocker } from './blockers';
import { useStore, type Store } from './index';

const fresh = (change: Partial<Store> = {}): Store => ({ ...useStore.getState(), ...change });
const kernel = { path: '/k/vmlinuz', checking: false };

describe('step blockers', () => {
  test('Root: a root must be ready', () => {
    expect(stepBlocker('root', fresh())).toBe('Choose a root first.');
    expect(stepBlocker('root', fresh({ rootDir: '/r' }))).toBeUndefined();
  });

  test('Boot: a kernel entered must be checked, and some method must suit the kernels', () => {
    expect(stepBlocker('boot', fresh())).toBeUndefined(); // files only
    expect(stepBlocker('boot', fresh({ kernels: { arm64: { ...kernel, checking: true } } }))).toBe(
      'Checking the arm64 kernel…',
    );
    expect(stepBlocker('boot', fresh({ kernels: { arm64: kernel } }))).toBe(
      'Check or clear the arm64 kernel.',
    );
    const checked = { arm64: { ...kernel, kernel: {} as never } };
    expect(stepBlocker('boot', fresh({ kernels: checked, methods: ['bios'] }))).toBe(
      'Choose a boot method the kernels can use.',
    );
    expect(stepBlocker('boot', fresh({ kernels: checked, methods: ['uboot'] }))).toBeUndefined();
  });

  test('Drives: a drive or an image, and not in workshop mode', () => {
    expect(stepBlocker('drives', fresh())).toBe('Choose a drive or an image file.');
    expect(stepBlocker('drives', fresh({ selected: ['/dev/sdz'] }))).toBeUndefined();
    expect(stepBlocker('drives', fresh({ imageTarget: { path: '/x.img', size: 1 << 30 } }))).toBeUndefined();
    expect(stepBlocker('drives', fresh({ selected: ['/dev/sdz'], workshopMode: true }))).toBe(
      'Workshop mode flashes from this step.',
    );
  });

  test('Flash and Done have no Next to block', () => {
    expect(stepBlocker('flash', fresh())).toBeUndefined();
    expect(stepBlocker('done', fresh())).toBeUndefined();
  });
});

describe('root source blockers', () => {
  test('each source names what it still needs', () => {
    expect(rootSourceBlocker(fresh({ rootSource: 'local' }))).toBe('Enter a folder or archive.');
    expect(rootSourceBlocker(fresh({ rootSource: 'local', localPath: '/r' }))).toBeUndefined();
    expect(rootSourceBlocker(fresh({ rootSource: 'channel' }))).toBe(
      'Add a channel and pick one of its roots.',
    );
    const build = { ...fresh().build, archs: [] };
    expect(rootSourceBlocker(fresh({ rootSource: 'build', build }))).toBe(
      'Choose at least one architecture.',
    );
    expect(rootSourceBlocker(fresh({ rootSource: 'build' }))).toBeUndefined();
    const download = { url: 'https://example.test/r.tar', sha256: 'ab', out: '' };
    expect(rootSourceBlocker(fresh({ rootSource: 'download' }))).toBe('Enter an address.');
    expect(rootSourceBlocker(fresh({ rootSource: 'download', download }))).toBe(
      'Enter the archive’s SHA-256 (64 hex digits).',
    );
    const sha256 = 'a'.repeat(64);
    expect(
      rootSourceBlocker(fresh({ rootSource: 'download', download: { ...download, sha256 } })),
    ).toBeUndefined();
  });
});
