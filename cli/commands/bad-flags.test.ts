// Every refusal the built CLI prints for bad flags, in every command: each says what to type
// instead, and none calls the user's mistake a bug (issue 14, item 4).

import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runBuiltCli } from '../testing/built-cli';

const dir = mkdtempSync(join(tmpdir(), 'cli-bad-flags-'));
const tree = join(dir, 'root');
mkdirSync(join(tree, 'go'), { recursive: true });
writeFileSync(join(tree, 'go', 'VERSION'), 'go1.19.8\n');
writeFileSync(join(dir, 'notes.txt'), 'my notes\n');
const img = join(dir, 'stick.img');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Arguments that a user might type wrongly, by command (the first word). */
const cases: string[][] = [
  ['bogus'],
  ['flash'],
  ['flash', '--tree', tree],
  ['flash', '--tree', tree, '--drive', img],
  ['flash', '--tree', tree, '--drive', img, '--size', 'lots'],
  ['flash', '--tree', tree, '--drive', '/dev/null'],
  ['flash', '--tree', tree, '--drive', img, '--size', '64M', '--bogus'],
  ['flash', '--tree', tree, 'stray'],
  ['flash', '--tree', tree, '--drive'],
  ['flash', '--tree', tree, '--drive', '/dev/sourcery-gone', '--size', '64M'],
  ['flash', '--tree', tree, '--drive', join(dir, 'notes.txt'), '--size', '64M'],
  ['flash', '--tree', tree, '--drive', img, '--size', '64M', '--kernel', 'vmlinuz'],
  ['flash', '--tree', tree, '--drive', img, '--size', '64M', '--kernel', 'mips=vmlinuz'],
  ['flash', '--tree', tree, '--drive', img, '--size', '64M', '--append', 'quiet'],
  ['flash', '--tree', tree, '--drive', img, '--size', '64M', '--boot', 'floppy', '--kernel', 'amd64=/k'],
  ['workshop'],
  ['workshop', '--tree', tree, '--min-size', 'big'],
  ['workshop', '--tree', tree, '--min-size', '8G', '--max-size', '4G'],
  ['workshop', '--tree', tree],
  ['workshop', '--tree', tree, '--drive', '/dev/sourcery-gone', '--yes'],
  ['verify'],
  ['verify', '--tree', tree],
  ['compose'],
  ['compose', '--tree', tree],
  ['compose', '--tree', tree, '--out', img, '--size', 'huge'],
  ['compose', '--tree', tree, '--out', '/dev/null'],
  ['compose', '--tree', tree, '--out', img, '--append', 'quiet'],
  ['root'],
  ['root', 'nope'],
  ['root', 'build'],
  ['root', 'build', '--arch', 'mips'],
  ['root', 'build', '--arch', 'amd64'],
  ['root', 'build', '--arch', 'amd64', '--out', dir, '--goroot', dir, '--go', '1.22'],
  ['root', 'fetch'],
  ['root', 'fetch', 'https://127.0.0.1:1/root.tar', '--out', dir],
  ['root', 'fetch', 'http://127.0.0.1:1/c', '--out', dir, '--key', 'RWQ'],
  ['root', 'fetch', '--channel', '--out', dir],
  ['root', 'fetch', 'http://127.0.0.1:1/c', '--channel', '--out', dir],
  ['root', 'fetch', 'http://127.0.0.1:1/c', '--channel', '--key', join(dir, 'none.pub'), '--out', dir],
  ['root', 'fetch', 'http://127.0.0.1:1/c', '--channel-file', join(dir, 'notes.txt'), '--out', dir],
  ['root', 'fetch', '--channel-file', join(dir, 'none.json'), '--out', dir],
  ['root', 'open'],
  ['root', 'inspect'],
  ['root', 'publish'],
  ['root', 'publish', tree],
  ['root', 'publish', tree, '--out', dir],
  ['root', 'publish', tree, '--out', dir, '--key', join(dir, 'none.key'), '--append', 'quiet'],
  ['serve', '--port', 'abc'],
  ['serve', '--data-dir', ''],
  ['boot-test'],
  ['boot-test', img],
  ['boot-test', img, '--arch', 'mips'],
  ['boot-test', img, '--arch', 'amd64', '--firmware', 'coreboot'],
  ['boot-test', img, '--arch', 'amd64', '--timeout', '-1'],
  ['boot-test', img, '--arch', 'amd64', '--expect', '('],
  ['boot'],
  ['boot', 'fetch-kernel'],
  ['boot', 'fetch-kernel', '--arch', 'mips'],
  ['keys'],
  ['keys', 'generate'],
  ['drives', '--bogus'],
];

describe('bad flags: every refusal says what to type instead', () => {
  it.each(cases.map((args) => [args.join(' ').replaceAll(dir, 'DIR'), args]))('%s', (_, args) => {
    const run = runBuiltCli(args as string[], { cwd: dir });
    expect(run.code, run.stderr).not.toBe(0);
    expect(run.stderr).not.toMatch(/\bbug\b/i);
    if (run.code === 2) {
      // A usage error: its own message (before the help that follows) names an option or a command.
      const message = run.stderr.split('\n\n')[0] ?? '';
      expect(message, run.stderr).toMatch(/--[a-z]|sourcery-flash [a-z]|commands below/);
    } else expect(run.stderr, run.stderr).toMatch(/what to do: \S/);
  });

  it('covers every place a command refuses its flags', () => {
    const sources = join(import.meta.dirname, '.');
    for (const file of readdirSync(sources).filter((f) => /^[a-z-]+\.ts$/.test(f))) {
      const throws = readFileSync(join(sources, file), 'utf8').match(/new UsageError\(/g)?.length ?? 0;
      // root-publish.ts is `root publish`: a file per command, or per subcommand;
      // root-channel.ts is `root fetch` with --channel or --channel-file.
      const name = file.replace(/\.ts$/, '');
      const words = cases.some((args) => args[0] === name) ? [name] : name.split('-');
      const tried =
        name === 'root-channel'
          ? cases.filter((args) => args[1] === 'fetch' && args.some((a) => a.startsWith('--channel'))).length
          : cases.filter((args) => words.every((w, i) => args[i] === w)).length;
      expect(tried, `${file} refuses flags in ${throws} places`).toBeGreaterThanOrEqual(throws);
    }
  });
});
