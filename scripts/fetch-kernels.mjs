#!/usr/bin/env node
// Downloads the Debian kernels and EFI stubs the boot tests use, into ~/.cache/sourcery-flasher (idempotent).
// Usage: node scripts/fetch-kernels.mjs [--print]   (--print: only print the cached file paths as JSON)
//
// Packages come from apt with a private state directory per arch and suite, so the host's own apt state
// and configuration are never touched (docs/BOOT.md, "Test kernels"). The mirror is the one the host's
// own apt sources name for its Debian release (/etc/apt/sources.list and sources.list.d, or under
// $SOURCERY_FLASHER_APT_ROOT): no host name is written here.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { tsImport } from 'tsx/esm/api';

// The engine's own apt rules (core/boot/packages/apt-*.ts): the host's sources, and a private apt state whose
// configuration reads none of the host's apt.conf.d, so no host hook runs and nothing of the host changes.
const core = (path) =>
  tsImport(new URL(`../core/boot/packages/${path}`, import.meta.url).href, import.meta.url);
const [sources_, aptRun, aptKernel] = await Promise.all([
  core('apt-sources.ts'),
  core('apt-run.ts'),
  core('apt-kernel.ts'),
]);

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

/** The Debian mirror this machine's apt uses (with the key it checks it by): the source serving its own release's main component. */
async function hostMirror() {
  const paths = sources_.hostAptPaths();
  const release = await sources_.readHostRelease(paths.osRelease);
  const own = release?.codename
    ? sources_.releaseSources(await sources_.readHostSources(paths), release.codename)
    : [];
  const debian = own.find((source) => source.suites.includes(release.codename));
  if (!debian)
    throw new Error(
      `no apt source for this machine's Debian release (${release?.codename ?? 'unknown'}, component main) in ` +
        `${paths.etcApt}/sources.list or sources.list.d: the test kernels come from that mirror`,
    );
  return debian;
}

/** A private apt state for one arch+suite (core/boot/packages/apt-run.ts), leaving the host's apt alone. */
async function aptSession(arch, suite, components = 'main') {
  const state = join(cache, 'apt', `${arch}-${suite}`);
  const aptArch = arch === 'all' ? 'amd64' : arch;
  const source = { ...(await hostMirror()), suites: [suite], components: components.split(' ') };
  return aptRun.openAptSession(state, aptArch, [source]);
}

async function apt(session, program, args, cwd) {
  const run = await aptRun.runApt(session, program, args, cwd ? { cwd } : {});
  if (run.missing) throw new Error(`${program} is not installed: the test kernels come through apt`);
  if (run.code !== 0) throw new Error(`${program} ${args.join(' ')} failed:\n${run.stderr}`);
  return run.stdout;
}

async function ensureLists(session, arch, suite, components = 'main') {
  const lists = readdirSync(join(session.stateDir, 'lists')).filter((f) => f.includes('_Packages'));
  // Up to date enough when every component has its list (a component added later needs an update).
  if (components.split(' ').every((c) => lists.some((f) => f.includes(`_${c}_`)))) return;
  log(`apt-get update for ${arch} ${suite}`);
  await apt(session, 'apt-get', ['update']);
}

/** linux-image-arm64 -> linux-image-6.1.0-NN-arm64-unsigned: the plain image (Debian signs amd64 and
 * arm64 kernels for Secure Boot in a separate package; riscv64 has only the plain one). */
async function resolveKernel(session, meta) {
  const stanza = await apt(session, 'apt-cache', ['show', '--no-all-versions', meta]);
  const name = aptKernel.kernelDependency(stanza);
  if (!name || !aptKernel.kernelPackageName.test(name))
    throw new Error(`could not resolve ${meta} from:\n${stanza}`);
  const signed = /-(amd64|arm64)$/.test(meta);
  return name.replace(/-unsigned$/, '') + (signed ? '-unsigned' : '');
}

async function download(session, name, dir) {
  const have = readdirSync(dir).find(
    (f) => f.startsWith(`${name.replace(/:.*/, '')}_`) && f.endsWith('.deb'),
  );
  if (have) return join(dir, have);
  log(`downloading ${name}`);
  await apt(session, 'apt-get', ['download', '--', name], dir);
  const got = readdirSync(dir).find((f) => f.startsWith(`${name}_`) && f.endsWith('.deb'));
  if (!got) throw new Error(`apt-get download ${name} left no .deb in ${dir}`);
  return join(dir, got);
}

const result = {};
for (const { arch, suite, kernel, extras, components } of sources) {
  const dir = join(kernelsDir, `${arch}-${suite}`);
  mkdirSync(dir, { recursive: true });
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
  const session = await aptSession(arch, suite, components);
  await ensureLists(session, arch, suite, components);
  const entry = {};
  if (kernel) entry.kernel = await download(session, await resolveKernel(session, kernel), dir);
  for (const extra of extras) entry[extra] = await download(session, extra, dir);
  writeFileSync(manifest, JSON.stringify(entry, null, 2));
  result[arch] = entry;
}
process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
