#!/usr/bin/env node
// `npm run bench:ab -- COMMIT [bench...]`: runs the named benches (default: compose write) of an earlier
// commit and of this checkout alternately, ROUNDS times (env, default 3), and prints, per row, the median
// advantage of each side and after/before. Rows are matched by their "what" cell. The earlier commit gets
// a detached worktree in the temp folder, set up once with `npm ci` from the local npm cache.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = join(dirname(fileURLToPath(import.meta.url)), '..');
const [commit, ...named] = process.argv.slice(2);
if (!commit) {
  process.stderr.write(
    'usage: npm run bench:ab -- COMMIT [bench...]   (for example: ff75932 compose write)\n',
  );
  process.exit(2);
}
const benches = named.length > 0 ? named : ['compose', 'write'];
const rounds = Number(process.env.ROUNDS ?? 3);
const sha = execFileSync('git', ['rev-parse', '--short', commit], { cwd: here, encoding: 'utf8' }).trim();
const before = join(tmpdir(), `sourcery-bench-${sha}`);

if (!existsSync(join(before, 'node_modules'))) {
  if (!existsSync(before)) execFileSync('git', ['worktree', 'add', '--detach', before, sha], { cwd: here });
  execFileSync('npm', ['ci', '--no-audit', '--no-fund', '--prefer-offline'], {
    cwd: before,
    stdio: 'inherit',
    env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' },
  });
}

/** Runs the benches in `dir` and returns each row's advantage by its "what" cell. */
function run(dir, label, round) {
  process.stdout.write(`\n# ${label}, round ${round}\n`);
  const r = spawnSync('npx', ['tsx', 'bench/run.ts', ...benches], { cwd: dir, encoding: 'utf8' });
  process.stdout.write(r.stdout);
  if (r.status !== 0) throw new Error(`${label}: bench failed\n${r.stderr}`);
  const rows = new Map();
  for (const line of r.stdout.split('\n')) {
    const cells = line.split(' | ');
    const advantage = /^([\d.]+)x/.exec(cells[4] ?? '');
    if (advantage) rows.set(cells[0].replace(/^\| /, ''), Number(advantage[1]));
  }
  return rows;
}

const samples = { before: new Map(), after: new Map() };
const add = (side, rows) => {
  for (const [what, value] of rows) samples[side].set(what, [...(samples[side].get(what) ?? []), value]);
};
for (let round = 1; round <= rounds; round++) {
  // Alternate which side goes first, so a drift in the machine's speed does not favour one.
  const order = round % 2 ? ['before', 'after'] : ['after', 'before'];
  for (const side of order)
    add(
      side,
      run(side === 'before' ? before : here, `${side} (${side === 'before' ? sha : 'this checkout'})`, round),
    );
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
process.stdout.write(
  `\n## before ${sha} vs this checkout: median advantage over ${rounds} rounds (> 1 is better)\n`,
);
process.stdout.write('| what | before | after | after/before |\n| --- | --- | --- | --- |\n');
for (const [what, values] of samples.after) {
  const old = samples.before.get(what);
  if (!old) continue;
  const [b, a] = [median(old), median(values)];
  process.stdout.write(`| ${what} | ${b.toFixed(2)}x | ${a.toFixed(2)}x | ${(a / b).toFixed(2)} |\n`);
}
