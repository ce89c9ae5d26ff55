// For tests: a tiny Debian repository of kernel packages (dpkg-deb, dpkg-scanpackages) served over HTTP on
// 127.0.0.1, and a fake host (/etc/apt, os-release) whose sources point at it.

import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join, normalize, sep } from 'node:path';
import type { AptHostPaths } from '../packages/apt-sources';
import { fakeImage } from './fixtures';

export interface RepoPackage {
  name: string;
  version: string;
  arch: string;
  depends?: string;
  /** Package paths -> contents (boot/vmlinuz-<v>, boot/config-<v>). */
  files?: Record<string, Uint8Array | string>;
}

/** A linux-image-<v>-arm64 package holding an arm64 Image with VFAT built in. */
export const armKernel = (abi: string, version: string): RepoPackage => ({
  name: `linux-image-${abi}-arm64`,
  version,
  arch: 'arm64',
  files: {
    [`boot/vmlinuz-${abi}-arm64`]: fakeImage('arm64', 8192),
    [`boot/config-${abi}-arm64`]: 'CONFIG_VFAT_FS=y\n',
  },
});

export interface TestRepo {
  dir: string;
  /** The fake host's root: etc/apt and etc/os-release under it. */
  hostRoot: string;
  url: string;
  host: AptHostPaths;
  /** Files the server was asked for, in order. */
  requests: string[];
  close(): Promise<void>;
}

function buildDeb(pool: string, spec: RepoPackage): void {
  const tree = mkdtempSync(join(tmpdir(), 'sourcery-apt-pkg-'));
  const put = (path: string, data: Uint8Array | string) => {
    mkdirSync(dirname(join(tree, path)), { recursive: true });
    writeFileSync(join(tree, path), data);
  };
  const depends = spec.depends ? `Depends: ${spec.depends}\n` : '';
  put(
    'DEBIAN/control',
    `Package: ${spec.name}\nVersion: ${spec.version}\nArchitecture: ${spec.arch}\n${depends}Maintainer: test <t@example.org>\nDescription: test package\n`,
  );
  put(`usr/share/doc/${spec.name}/copyright`, 'test\n');
  for (const [path, data] of Object.entries(spec.files ?? {})) put(path, data);
  const file = `${spec.name}_${spec.version.replace(/:/g, '%3a')}_${spec.arch}.deb`;
  try {
    execFileSync('dpkg-deb', ['--root-owner-group', '-Zgzip', '--build', tree, join(pool, file)], {
      stdio: 'ignore',
    });
  } finally {
    rmSync(tree, { recursive: true, force: true });
  }
}

/** Writes dists/<suite>/Release for the Packages files (apt needs one, even from a trusted repository). */
function writeRelease(dir: string, suite: string, archs: string[]): void {
  const lines = archs.map((arch) => {
    const rel = `main/binary-${arch}/Packages`;
    const data = readFileSync(join(dir, 'dists', suite, rel));
    return ` ${createHash('sha256').update(data).digest('hex')} ${data.length} ${rel}`;
  });
  writeFileSync(
    join(dir, 'dists', suite, 'Release'),
    `Origin: test\nSuite: ${suite}\nCodename: ${suite}\nDate: ${new Date().toUTCString()}\nArchitectures: ${archs.join(' ')}\nComponents: main\nSHA256:\n${lines.join('\n')}\n`,
  );
}

/**
 * Builds and serves the repository. `editPackages` rewrites a Packages file's text before it is
 * published (a hostile mirror); the fake host's release is `suite`, its only source this repository.
 */
export async function serveTestRepo(
  packages: RepoPackage[],
  options: { suite?: string; otherSuites?: string[]; editPackages?: (text: string) => string } = {},
): Promise<TestRepo> {
  const suite = options.suite ?? 'testrel';
  const dir = mkdtempSync(join(tmpdir(), 'sourcery-apt-repo-'));
  const pool = join(dir, 'pool');
  mkdirSync(pool);
  for (const spec of packages) buildDeb(pool, spec);
  const archs = ['amd64', 'arm64', 'riscv64'];
  const suites = [suite, ...(options.otherSuites ?? [])];
  for (const arch of archs) {
    const scanned = execFileSync('dpkg-scanpackages', ['--multiversion', '--arch', arch, 'pool'], {
      cwd: dir,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    for (const at of suites) {
      const out = join(dir, 'dists', at, 'main', `binary-${arch}`);
      mkdirSync(out, { recursive: true });
      writeFileSync(join(out, 'Packages'), options.editPackages ? options.editPackages(scanned) : scanned);
    }
  }
  for (const at of suites) writeRelease(dir, at, archs);

  const requests: string[] = [];
  const server: Server = createServer((request, response) => {
    const path = normalize(join(dir, decodeURIComponent((request.url ?? '/').split('?')[0] ?? '/')));
    requests.push(request.url ?? '');
    try {
      if (!path.startsWith(dir + sep) || !statSync(path).isFile()) throw new Error('not here');
      response.writeHead(200, { 'content-type': 'application/octet-stream' }).end(readFileSync(path));
    } catch {
      response.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;

  const etcApt = join(dir, 'host', 'etc', 'apt');
  mkdirSync(join(etcApt, 'sources.list.d'), { recursive: true });
  writeFileSync(join(etcApt, 'sources.list'), `# the test host\ndeb [trusted=yes] ${url}/ ${suite} main\n`);
  const osRelease = join(dir, 'host', 'etc', 'os-release');
  writeFileSync(osRelease, `PRETTY_NAME="Test Debian"\nID=debian\nVERSION_CODENAME=${suite}\n`);
  return {
    dir,
    hostRoot: join(dir, 'host'),
    url,
    host: { etcApt, osRelease },
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
