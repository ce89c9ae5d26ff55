// CLI start-up: `sourcery-flash drives --json` (source, built, installed) against `node -e 0` and `lsblk --json`.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lsblkArgs } from '../core/drives/lsblk';
import { installPacked } from '../e2e/support/install-packed';
import { median, type Bench, type BenchRow } from './table';

const rounds = 10;
const repo = join(import.meta.dirname, '..');

/** Seconds one run of a command takes, start to exit. */
function time(file: string, args: string[]): number {
  const started = performance.now();
  const result = spawnSync(file, args, { cwd: repo, stdio: ['ignore', 'pipe', 'pipe'] });
  if (result.status !== 0) throw new Error(`${file} ${args.join(' ')} failed: ${result.stderr.toString()}`);
  return (performance.now() - started) / 1000;
}

const bench: Bench = async () => {
  const commands: Record<string, [string, string[]]> = {
    floor: [process.execPath, ['-e', '0']],
    // The same columns the CLI asks lsblk for: the part of its work it cannot skip.
    lsblk: ['lsblk', lsblkArgs],
    source: [process.execPath, ['--import', 'tsx', join(repo, 'cli', 'bin.ts'), 'drives', '--json']],
  };
  // The installed form runs the Vite build; measure it when it has been built (npm run build).
  const built = join(repo, 'out', 'cli', 'bin.js');
  if (existsSync(built)) {
    commands.built = [process.execPath, [built, 'drives', '--json']];
    // What a user runs: the packed package installed into an empty prefix, its `sourcery-flash` on PATH.
    const installed = installPacked(mkdtempSync(join(tmpdir(), 'bench-cli-')));
    commands.installed = [installed.command, ['drives', '--json']];
    commands.installedHelp = [installed.command, ['--help']];
  }
  const samples: Record<string, number[]> = {};
  for (const name of Object.keys(commands)) time(...(commands[name] ?? ['true', []])); // warm the page cache
  // Interleaved A B C A B C, so load from others on the machine falls on every command alike.
  for (let i = 0; i < rounds; i += 1)
    for (const [name, command] of Object.entries(commands)) (samples[name] ??= []).push(time(...command));
  const ms = (name: string): number => median(samples[name] ?? []) * 1000;
  const forms = [
    ['source', 'from source (tsx)'],
    ...(samples.built ? [['built', 'built (out/)']] : []),
    ...(samples.installed ? [['installed', 'installed package']] : []),
  ];
  const baselines = [
    ['floor', 'node -e 0 (floor)'],
    ['lsblk', 'lsblk --json'],
  ];
  const rows: BenchRow[] = forms.flatMap(([name = '', label]) =>
    baselines.map(([base = '', baseline = '']) => ({
      what: `drives --json start-up, ${label}`,
      baseline,
      baselineValue: ms(base),
      ours: ms(name),
      unit: 'ms',
      higherIsBetter: false,
      note: `median of ${rounds}, warm`,
    })),
  );
  if (samples.installedHelp)
    rows.push({
      what: 'sourcery-flash --help start-up, installed package',
      baseline: 'node -e 0 (floor)',
      baselineValue: ms('floor'),
      ours: ms('installedHelp'),
      unit: 'ms',
      higherIsBetter: false,
      note: `median of ${rounds}, warm`,
    });
  return rows;
};

export default bench;
