// Finds git and go on this machine, and names the install command for this OS when one is missing.

import { execa } from 'execa';
import { readFileSync } from 'node:fs';
import { appError, type AppError } from '../../errors';

export type HostTool = 'git' | 'go' | 'xz' | 'zstd';

/** Package names per package manager. */
const packages: Record<string, Record<HostTool, string>> = {
  apt: { git: 'git', go: 'golang-go', xz: 'xz-utils', zstd: 'zstd' },
  dnf: { git: 'git', go: 'golang', xz: 'xz', zstd: 'zstd' },
  pacman: { git: 'git', go: 'go', xz: 'xz', zstd: 'zstd' },
  apk: { git: 'git', go: 'go', xz: 'xz', zstd: 'zstd' },
  brew: { git: 'git', go: 'go', xz: 'xz', zstd: 'zstd' },
  winget: { git: 'Git.Git', go: 'GoLang.Go', xz: 'tukaani.xz', zstd: 'Meta.Zstandard' },
};

const commands: Record<string, (pkg: string) => string> = {
  apt: (p) => `sudo apt-get install ${p}`,
  dnf: (p) => `sudo dnf install ${p}`,
  pacman: (p) => `sudo pacman -S ${p}`,
  apk: (p) => `sudo apk add ${p}`,
  brew: (p) => `brew install ${p}`,
  winget: (p) => `winget install ${p}`,
};

function packageManager(platform: NodeJS.Platform, osRelease: string): string {
  if (platform === 'darwin') return 'brew';
  if (platform === 'win32') return 'winget';
  const ids = /^ID(?:_LIKE)?=(.*)$/gm;
  const words = [...osRelease.matchAll(ids)].flatMap((m) => (m[1] ?? '').replace(/"/g, '').split(' '));
  if (words.some((w) => ['fedora', 'rhel', 'centos'].includes(w))) return 'dnf';
  if (words.some((w) => ['arch', 'manjaro'].includes(w))) return 'pacman';
  if (words.includes('alpine')) return 'apk';
  return 'apt';
}

function readOsRelease(): string {
  try {
    return readFileSync('/etc/os-release', 'utf8');
  } catch {
    return '';
  }
}

/** The command that installs `tool` here, e.g. "sudo apt-get install golang-go". */
export function installHint(
  tool: HostTool,
  platform = process.platform,
  osRelease = readOsRelease(),
): string {
  const manager = packageManager(platform, osRelease);
  return (commands[manager] ?? commands.apt!)((packages[manager] ?? packages.apt!)[tool]);
}

/** Null when `tool` runs here; otherwise an E_TOOL_MISSING error naming the install command. */
export async function checkHostTool(tool: 'git' | 'go', binary: string = tool): Promise<AppError | null> {
  const result = await execa(binary, [tool === 'go' ? 'version' : '--version'], { reject: false });
  if (!result.failed) return null;
  return appError(
    'E_TOOL_MISSING',
    `Building a root needs \`${tool}\`, and \`${binary}\` could not be run.`,
    {
      hint: `Install it: ${installHint(tool)}`,
      cause: result.shortMessage,
    },
  );
}
