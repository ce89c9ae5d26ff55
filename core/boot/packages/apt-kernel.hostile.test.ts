// A hostile mirror or host: package names with path characters, a kernel of another architecture,
// source lines that try to smuggle apt options. Nothing is downloaded or kept, nothing runs a shell.

import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { fetchAptKernel, kernelDependency, kernelPackageName } from './apt-kernel';
import { parseDeb822Sources, parseOneLineSources } from './apt-sources';
import { serveTestRepo, type TestRepo } from '../testing/apt-repo';
import { fakeBzImage, fakeImage } from '../testing/fixtures';

const cacheRoot = mkdtempSync(join(tmpdir(), 'sourcery-apt-hostile-'));
const repos: TestRepo[] = [];
afterEach(async () => {
  for (const repo of repos.splice(0)) {
    await repo.close();
    rmSync(repo.dir, { recursive: true, force: true });
  }
});
afterAll(() => rmSync(cacheRoot, { recursive: true, force: true }));

const kernelFiles = (abi: string, image: Uint8Array) => ({
  [`boot/vmlinuz-${abi}`]: image,
  [`boot/config-${abi}`]: 'CONFIG_VFAT_FS=y\n',
});

const kept = (arch: string) =>
  readdirSync(join(cacheRoot, 'kernels', arch), { withFileTypes: true }).map((e) => e.name);

describe('issue 18 apt kernels: a mirror naming a kernel package with path characters', () => {
  it('refuses Depends: linux-image-../../x before downloading anything', async () => {
    const repo = await serveTestRepo(
      [
        { name: 'linux-image-arm64', version: '2', arch: 'arm64', depends: 'linux-image-6.1.0-9-arm64' },
        {
          name: 'linux-image-6.1.0-9-arm64',
          version: '2',
          arch: 'arm64',
          files: kernelFiles('6.1.0-9-arm64', fakeImage('arm64', 8192)),
        },
      ],
      {
        editPackages: (text) =>
          text.replace('Depends: linux-image-6.1.0-9-arm64', 'Depends: linux-image-../../x'),
      },
    );
    repos.push(repo);
    const got = await fetchAptKernel('arm64', { cacheRoot, host: repo.host });
    expect(got.ok ? got.value : got.error).toMatchObject({ code: 'E_KERNEL_INVALID' });
    expect(got.ok ? '' : got.error.detail).toContain('linux-image-../../x');
    expect(repo.requests.filter((r) => r.includes('/pool/'))).toEqual([]);
  });

  it('names are checked as Debian package names, whatever the Depends line holds', () => {
    for (const bad of [
      'linux-image-../../x',
      'linux-image-6/../../etc',
      'linux-image--o',
      'linux-image-6 x',
      'linux-image-6\nx',
      'Linux-image-6',
      'linux-image-',
    ])
      expect(kernelPackageName.test(bad), bad).toBe(false);
    expect(kernelDependency('Depends: linux-image-6.1.0-30-amd64 (= 6.1.124-1)\n')).toBe(
      'linux-image-6.1.0-30-amd64',
    );
    expect(kernelDependency('Depends: foo, linux-image-6.1.0-30-arm64:arm64 | other\n')).toBe(
      'linux-image-6.1.0-30-arm64:arm64'.split(':')[0],
    );
  });
});

describe('issue 18 apt kernels: a mirror whose kernel package holds another architecture', () => {
  it('refuses an amd64 bzImage in the arm64 package and keeps nothing', async () => {
    const repo = await serveTestRepo([
      { name: 'linux-image-arm64', version: '3', arch: 'arm64', depends: 'linux-image-6.1.0-8-arm64' },
      {
        name: 'linux-image-6.1.0-8-arm64',
        version: '3',
        arch: 'arm64',
        files: kernelFiles('6.1.0-8-arm64', fakeBzImage(8192)),
      },
    ]);
    repos.push(repo);
    const got = await fetchAptKernel('arm64', { cacheRoot, host: repo.host });
    expect(got.ok ? got.value : got.error).toMatchObject({ code: 'E_KERNEL_INVALID' });
    expect(kept('arm64')).toEqual([]);
  });

  it('refuses a package that is not a kernel image at all', async () => {
    const repo = await serveTestRepo([
      { name: 'linux-image-arm64', version: '4', arch: 'arm64', depends: 'linux-image-6.1.0-7-arm64' },
      { name: 'linux-image-6.1.0-7-arm64', version: '4', arch: 'arm64', files: { 'etc/motd': 'hello\n' } },
    ]);
    repos.push(repo);
    const got = await fetchAptKernel('arm64', { cacheRoot, host: repo.host });
    expect(got.ok ? got.value : got.error).toMatchObject({ code: 'E_KERNEL_INVALID' });
    expect(kept('arm64')).toEqual([]);
  });
});

describe('issue 18 apt kernels: host source lines are copied only when plain', () => {
  const plain = /^[A-Za-z0-9._+~-]+$/;
  it('never yields a URI, suite or component with spaces, quotes, brackets or line breaks', () => {
    const junk = fc.string({
      unit: fc.constantFrom(
        'x',
        'main',
        '"',
        "'",
        '[',
        ']',
        '{',
        '}',
        ';',
        '\\',
        '$',
        '\n',
        ' ',
        '#',
        '=',
        '/',
        'http://h/',
      ),
      maxLength: 6,
    });
    // Half the parts plain, so whole sources parse and the hostile part is the one that must be refused.
    const word = fc.oneof(fc.constantFrom('bookworm', 'main', 'h/debian'), junk);
    // Lines shaped like sources, each part hostile: one-line and deb822 alike.
    const oneLine = fc
      .tuple(word, word, word, word)
      .map(([options, uri, suite, component]) => `deb [${options}] http://${uri} ${suite} ${component}\n`);
    const stanza = fc
      .tuple(word, word, word, word)
      .map(
        ([uri, suite, component, key]) =>
          `Types: deb\nURIs: http://${uri}\nSuites: ${suite}\nComponents: ${component}\nSigned-By: ${key}\n`,
      );
    fc.assert(
      fc.property(
        fc.array(oneLine, { maxLength: 4 }),
        fc.array(stanza, { maxLength: 4 }),
        (lines, stanzas) => {
          const found = [...parseOneLineSources(lines.join('')), ...parseDeb822Sources(stanzas.join('\n'))];
          for (const source of found) {
            expect(source.uri).toMatch(/^https?:\/\/[^\s"[\]{}\\]+$/);
            for (const word of [...source.suites, ...source.components]) expect(word).toMatch(plain);
            if (source.signedBy) expect(source.signedBy).toMatch(/^\/[^\s"\]]+$/);
          }
        },
      ),
      { numRuns: 300, interruptAfterTimeLimit: 5_000 },
    );
  });

  it('reads both formats as apt does', () => {
    expect(
      parseOneLineSources(
        'deb [arch=amd64 signed-by=/usr/share/keyrings/d.gpg] http://m.example/debian/ bookworm main contrib # c\n# deb http://x/ y main\ndeb-src http://s/ y main',
      ),
    ).toEqual([
      {
        uri: 'http://m.example/debian',
        suites: ['bookworm'],
        components: ['main', 'contrib'],
        signedBy: '/usr/share/keyrings/d.gpg',
      },
    ]);
    const deb822 =
      'Types: deb deb-src\n# a comment\nURIs: https://a.example/debian https://b.example/debian\nSuites: trixie trixie-updates\nComponents: main\nSigned-By: /k.gpg\n\nTypes: deb\nEnabled: no\nURIs: http://off/\nSuites: x\nComponents: main\n';
    expect(parseDeb822Sources(deb822).map((s) => s.uri)).toEqual([
      'https://a.example/debian',
      'https://b.example/debian',
    ]);
    expect(parseDeb822Sources(deb822)[0]).toMatchObject({
      suites: ['trixie', 'trixie-updates'],
      signedBy: '/k.gpg',
    });
  });
});
