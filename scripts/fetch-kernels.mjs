#!/usr/bin/env node
// Downloads the Debian kernels and EFI stubs the boot tests use, into ~/.cache/sourcery-flasher (idempotent).
// Usage: node scripts/fetch-kernels.mjs [--print]   (--print: only print the cached file paths as JSON)
//
// Other architectures' packages come from apt with a private state directory per arch and suite, so the
// host's own apt configuration is never touched (docs/BOOT.md, "Test kernels"). The mirror is the one
// the host's own apt sources name for its Debian release (/etc/apt/sources.list and sources.list.d).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

const cache = join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'sourcery-flasher');
const kernelsDir = join(cache, 'kernels');

/** What each test architecture needs: the kernel metapackage (resolved to its real package) and extras. */
const sources = [
  { arch: 'amd64', suite: 'bookworm', kernel: 'linux-image-amd64', extras: [] },
  // trixie's arm64 kernel carries the device trees of every Raspberry Pi the rpi method serves (bookworm's
  // has none for the Pi 5); raspi-firmware (non-free-firmware) gives the Pi 3 and 4 their firmware.
  {
    arch: 'arm64',
    suite: 'trixie',
    kernel: 'linux-image-arm64',
    extras: ['systemd-boot-efi', 'raspi-firmware'],
    components: 'main non-free-firmware',
  },
  { arch: 'riscv64', suite: 'trixie', kernel: 'linux-image-riscv64', extras: ['systemd-boot-efi'] },
  // Architecture-independent firmware for riscv64 UEFI, from trixie.
  { arch: 'all', suite: 'trixie', kernel: undefined, extras: ['qemu-efi-riscv64'] },
];

function log(message) {
  if (!process.argv.includes('--print')) process.stderr.write(`fetch-kernels: ${message}\n`);
}

/** The words of each deb line of a one-line sources.list, as deb822 fields. */
function oneLineSources(text) {
  return text
    .split('\n')
    .map((line) => line.replace(/#.*/, '').trim())
    .filter((line) => line.startsWith('deb '))
    .map((line) => {
      const words = line
        .replace(/\[[^\]]*\]/, ' ')
        .split(/\s+/)
        .slice(1);
      return { uris: [words[0]], suites: [words[1]], components: words.slice(2) };
    });
}

/** The deb stanzas of a deb822 .sources file. */
function deb822Sources(text) {
  return text.split(/\n\s*\n/).flatMap((stanza) => {
    const field = (name) =>
      (new RegExp(`^${name}:[ \\t]*(.*)$`, 'mi').exec(stanza.replace(/^#.*$/gm, ''))?.[1] ?? '')
        .split(/\s+/)
        .filter(Boolean);
    if (!field('Types').includes('deb') || field('Enabled')[0] === 'no') return [];
    return [{ uris: field('URIs'), suites: field('Suites'), components: field('Components') }];
  });
}

/** The Debian mirror this machine's apt uses: the source serving its own release's main component. */
function hostMirror() {
  const release = /^VERSION_CODENAME=(.+)$/m.exec(readFileSync('/etc/os-release', 'utf8'))?.[1]?.trim();
  const read = (file) => (existsSync(file) ? readFileSync(file, 'utf8') : '');
  const entries = oneLineSources(read('/etc/apt/sources.list'));
  const partsDir = '/etc/apt/sources.list.d';
  for (const name of existsSync(partsDir) ? readdirSync(partsDir).sort() : []) {
    if (name.endsWith('.list')) entries.push(...oneLineSources(read(join(partsDir, name))));
    if (name.endsWith('.sources')) entries.push(...deb822Sources(read(join(partsDir, name))));
  }
  const debian = entries.find(
    (e) => release && e.suites.includes(release) && e.components.includes('main') && e.uris[0],
  );
  if (!debian)
    throw new Error(
      `no apt source for this machine's Debian release (${release ?? 'unknown'}, component main) in ` +
        '/etc/apt/sources.list or /etc/apt/sources.list.d: the test kernels come from that mirror',
    );
  return debian.uris[0].replace(/\/+$/, '');
}

/** apt-get options that give one arch+suite its own lists and sources, leaving the host's alone. */
function aptOptions(arch, suite, components = 'main') {
  const state = join(cache, 'apt', `${arch}-${suite}`);
  mkdirSync(join(state, 'lists', 'partial'), { recursive: true });
  mkdirSync(join(state, 'archives', 'partial'), { recursive: true });
  const list = join(state, 'sources.list');
  writeFileSync(
    list,
    `deb [arch=${arch === 'all' ? 'amd64' : arch}] ${hostMirror()} ${suite} ${components}\n`,
  );
  const aptArch = arch === 'all' ? 'amd64' : arch;
  return [
    '-q',
    '-o',
    `APT::Architecture=${aptArch}`,
    '-o',
    `APT::Architectures=${aptArch}`,
    '-o',
    `Dir::State::Lists=${join(state, 'lists')}`,
    '-o',
    `Dir::State::status=${join(state, 'status')}`,
    '-o',
    `Dir::Cache::Archives=${join(state, 'archives')}`,
    '-o',
    `Dir::Cache::pkgcache=`,
    '-o',
    `Dir::Cache::srcpkgcache=`,
    '-o',
    `Dir::Etc::SourceList=${list}`,
    '-o',
    'Dir::Etc::SourceParts=/dev/null',
    '-o',
    'APT::Sandbox::User=root',
  ];
}

function ensureLists(arch, suite, options, components = 'main') {
  const state = join(cache, 'apt', `${arch}-${suite}`);
  if (!existsSync(join(state, 'status'))) writeFileSync(join(state, 'status'), '');
  const lists = readdirSync(join(state, 'lists')).filter((f) => f.includes('_Packages'));
  // Up to date enough when every component has its list (a component added later needs an update).
  if (components.split(' ').every((c) => lists.some((f) => f.includes(`_${c}_`)))) return;
  log(`apt-get update for ${arch} ${suite}`);
  execFileSync('apt-get', [...options, 'update'], { stdio: ['ignore', 'ignore', 'inherit'] });
}

/** linux-image-arm64 -> linux-image-6.1.0-NN-arm64-unsigned: the plain image (Debian signs amd64 and
 * arm64 kernels for Secure Boot in a separate package; riscv64 has only the plain one). */
function resolveKernel(options, meta) {
  const out = execFileSync('apt-cache', [...options, 'depends', meta], { encoding: 'utf8' });
  const match = /Depends: (linux-image-[0-9][^\s]*)/.exec(out);
  if (!match) throw new Error(`could not resolve ${meta} from:\n${out}`);
  const signed = /-(amd64|arm64)$/.test(meta);
  return match[1].replace(/-unsigned$/, '') + (signed ? '-unsigned' : '');
}

function download(options, name, dir) {
  const have = readdirSync(dir).find(
    (f) => f.startsWith(`${name.replace(/:.*/, '')}_`) && f.endsWith('.deb'),
  );
  if (have) return join(dir, have);
  log(`downloading ${name}`);
  execFileSync('apt-get', [...options, 'download', name], {
    cwd: dir,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const got = readdirSync(dir).find((f) => f.startsWith(`${name}_`) && f.endsWith('.deb'));
  if (!got) throw new Error(`apt-get download ${name} left no .deb in ${dir}`);
  return join(dir, got);
}

const result = {};
for (const { arch, suite, kernel, extras, components } of sources) {
  const dir = join(kernelsDir, `${arch}-${suite}`);
  mkdirSync(dir, { recursive: true });
  const options = aptOptions(arch, suite, components);
  const manifest = join(dir, 'fetched.json');
  if (existsSync(manifest)) {
    const entry = JSON.parse(readFileSync(manifest, 'utf8'));
    // Reuse what was fetched while every file is still there and the kernel is the plain image.
    const whole =
      extras.every((extra) => entry[extra]) && Object.values(entry).every((file) => existsSync(file));
    const plain = !entry.kernel || !/-(amd64|arm64)_/.test(entry.kernel);
    if (whole && plain) {
      result[arch] = entry;
      continue;
    }
  }
  ensureLists(arch, suite, options, components);
  const entry = {};
  if (kernel) entry.kernel = download(options, resolveKernel(options, kernel), dir);
  for (const extra of extras) entry[extra] = download(options, extra, dir);
  writeFileSync(manifest, JSON.stringify(entry, null, 2));
  result[arch] = entry;
}
process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
