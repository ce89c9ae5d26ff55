// Runs apt-get and apt-cache against a private state folder: own lists, cache, sources and config, so
// the host's apt state (/var/lib/apt, /var/cache/apt) and its hooks (apt.conf.d) are never touched.

import { execFile } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AptSource } from './apt-sources';

export interface AptSession {
  stateDir: string;
  /** The private apt.conf, given to apt as APT_CONFIG before any host configuration is read. */
  config: string;
  arch: string;
}

export interface AptRun {
  stdout: string;
  stderr: string;
  code: number | null;
  /** The program could not be started at all (not installed). */
  missing: boolean;
}

/** Host settings worth keeping (proxies, the mirror's date checks); nothing that runs a program. */
const keptHostSetting =
  /^Acquire::(https?::Proxy|ftp::Proxy|Check-Valid-Until|Check-Date|Retries|ForceIPv[46])\b/;

const quoted = (value: string): string => {
  if (/["\n\r\\]/.test(value)) throw new Error(`an apt setting cannot hold ${JSON.stringify(value)}`);
  return `"${value}"`;
};

/** The host's own proxy and validity settings, as apt-config prints them (read-only). */
async function hostSettings(): Promise<string[]> {
  const dump = await runProgram('apt-config', ['dump'], {});
  if (dump.code !== 0) return [];
  return dump.stdout
    .split('\n')
    .filter((line) => keptHostSetting.test(line) && /^[^{}]*"[^"\n]*";$/.test(line));
}

const sourceLine = (arch: string, source: AptSource, suite: string): string => {
  const options = [`arch=${arch}`];
  if (source.signedBy) options.push(`signed-by=${source.signedBy}`);
  if (source.trusted) options.push('trusted=yes');
  return `deb [${options.join(' ')}] ${source.uri} ${suite} ${source.components.join(' ')}`;
};

/**
 * Creates (or reuses) a private apt state for one architecture: lists, archives, status, a sources list
 * made of `sources`, and an apt.conf that points every Dir:: at it and reads no host configuration
 * parts, so no host hook (APT::Update::Post-Invoke and the like) runs.
 */
export async function openAptSession(
  stateDir: string,
  arch: string,
  sources: AptSource[],
): Promise<AptSession> {
  const empty = join(stateDir, 'empty');
  for (const dir of ['lists/partial', 'archives/partial', 'cache', 'log', 'empty'])
    await mkdir(join(stateDir, dir), { recursive: true });
  await writeFile(join(stateDir, 'status'), '', { flag: 'a' });
  const list = join(stateDir, 'sources.list');
  await writeFile(
    list,
    sources.flatMap((s) => s.suites.map((suite) => sourceLine(arch, s, suite))).join('\n') + '\n',
  );
  const settings: Array<[string, string]> = [
    ['Dir::Etc::Parts', empty],
    ['Dir::Etc::Main', '/dev/null'],
    ['Dir::Etc::SourceList', list],
    ['Dir::Etc::SourceParts', empty],
    ['Dir::Etc::Preferences', '/dev/null'],
    ['Dir::Etc::PreferencesParts', empty],
    ['Dir::State', stateDir],
    ['Dir::State::Lists', join(stateDir, 'lists')],
    ['Dir::State::status', join(stateDir, 'status')],
    ['Dir::Cache', join(stateDir, 'cache')],
    ['Dir::Cache::Archives', join(stateDir, 'archives')],
    ['Dir::Cache::pkgcache', ''],
    ['Dir::Cache::srcpkgcache', ''],
    ['Dir::Log', join(stateDir, 'log')],
    ['APT::Architecture', arch],
    ['Acquire::Languages', 'none'],
  ];
  // Downloads otherwise drop to the _apt user, who cannot write into a folder root made for itself.
  if (process.getuid?.() === 0) settings.push(['APT::Sandbox::User', 'root']);
  const lines = [
    ...(await hostSettings()),
    ...settings.map(([key, value]) => `${key} ${quoted(value)};`),
    `APT::Architectures { ${quoted(arch)}; };`,
  ];
  const config = join(stateDir, 'apt.conf');
  await writeFile(config, lines.join('\n') + '\n');
  return { stateDir, config, arch };
}

function runProgram(
  program: string,
  args: string[],
  options: { env?: NodeJS.ProcessEnv; cwd?: string; signal?: AbortSignal; timeoutMs?: number },
): Promise<AptRun> {
  return new Promise((resolve) => {
    execFile(
      program,
      args,
      {
        env: { ...process.env, ...options.env, LC_ALL: 'C' },
        ...(options.cwd ? { cwd: options.cwd } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
        timeout: options.timeoutMs ?? 10 * 60_000,
        maxBuffer: 64 * 1024 * 1024,
        encoding: 'utf8',
      },
      (error, stdout, stderr) => {
        const errno = (error as NodeJS.ErrnoException | null)?.code;
        resolve({
          stdout,
          stderr,
          code: error ? (typeof error.code === 'number' ? error.code : null) : 0,
          missing: errno === 'ENOENT',
        });
      },
    );
  });
}

/** Runs `apt-get` or `apt-cache` (no shell) with the session's private configuration. */
export const runApt = (
  session: AptSession,
  program: 'apt-get' | 'apt-cache',
  args: string[],
  options: { cwd?: string; signal?: AbortSignal } = {},
): Promise<AptRun> =>
  runProgram(program, ['-q', ...args], { ...options, env: { APT_CONFIG: session.config } });
