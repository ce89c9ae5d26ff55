// `sourcery-flash root build|fetch|open|inspect`: get a sourcery root and check it.

import { parseArgs } from 'node:util';
import { goArchs, type GoArch, type RootManifest } from '../../contract';
import type { Result } from '../../core/errors';
import { buildRoot } from '../../core/root/build/build-root';
import { uRoot, type SourceSpec } from '../../core/root/build/sources';
import { fetchRoot } from '../../core/root/fetch-root';
import { inspectRoot } from '../../core/root/inspect';
import { useLocalRoot } from '../../core/root/local-root';
import type { RootEvents, RootProgress } from '../../core/root/progress';
import type { Command, CommandIo } from '../command';
import { exitCodeFor, exitCodes, printError, UsageError } from '../command';
import { channelFetchHelp, fetchChannelCommand } from './root-channel';
import { publishCommand, publishHelp } from './root-publish';

const help = `Usage:
  sourcery-flash root build --arch amd64,arm64,riscv64 [--goroot DIR | --go VERSION] [--src REPO-OR-DIR]...
                            [--strict] [--no-warm-cache] --out DIR
  sourcery-flash root fetch URL --sha256 HEX --out DIR
  sourcery-flash root fetch CHANNEL-URL --channel --key PUBLIC-KEY [--arch LIST] [--sha256 HEX] --out DIR
  sourcery-flash root fetch --channel-file FILE [--arch LIST] [--sha256 HEX] --out DIR
  sourcery-flash root open FOLDER-OR-ARCHIVE [--out DIR]
  sourcery-flash root inspect DIR [--json]
  sourcery-flash root publish ROOT --out DIR --key SECRET-KEY [--name NAME] [--kernel ARCH=FILE]...

build    builds a root from source with git and go: /go from a local GOROOT (default: the host's)
         or Go cloned at a tag and built with make.bash (--go 1.22.5); one go, init and
         installcommand per architecture; command sources cloned into /src (default: u-root
         ${uRoot.ref}, core commands). --src takes a git URL, a local git repository or a folder,
         optionally with @REF (a tag or branch); a source with a go.mod goes to /src/<module path>.
         Every command is compiled for every architecture first: one that does not compile gets no
         stub there and is listed (--strict: the build fails instead); the compiled packages stay in
         the root as a warm Go build cache per architecture (--no-warm-cache leaves it out).
         Results are cached in ~/.cache/sourcery-flasher.
fetch    downloads a .tar, .tar.gz, .tar.xz or .tar.zst root: resumes, retries, checks the SHA-256
         before anything is extracted, refuses archives that would write outside DIR.
${channelFetchHelp}
open     uses a root you already have; an archive is extracted safely first.
inspect  checks a root (layout, programs per architecture, FAT32 rules) and prints its manifest.
${publishHelp}

Examples:
  sourcery-flash root build --arch amd64,arm64 --src ./my-commands --out ./root
  sourcery-flash root fetch https://example.org/root.tar.zst --sha256 3f1c... --out ./root
  sourcery-flash root fetch --channel-file workshop.sourcery-channel --arch amd64 --out ./root
  sourcery-flash root inspect ./root --json`;

function parseArchs(list: string | undefined): GoArch[] {
  const archs = (list ?? '').split(',').filter(Boolean);
  const wrong = archs.filter((a) => !(goArchs as readonly string[]).includes(a));
  if (wrong.length) throw new UsageError(`--arch takes ${goArchs.join(', ')}; not ${wrong.join(', ')}`);
  return archs as GoArch[];
}

const mb = (n: number) => `${(n / 1e6).toFixed(1)} MB`;

/** Progress on one rewritten line on a terminal, log lines otherwise; logs go to stderr. */
function reporter(io: CommandIo): RootEvents {
  let last = 0;
  return {
    onLog: (level, message) => io.stderr.write(`${level === 'info' ? '' : `${level}: `}${message}\n`),
    onProgress: (p: RootProgress) => {
      const now = Date.now();
      if (now - last < (io.interactive ? 200 : 2000) && p.bytesDone < p.bytesTotal) return;
      last = now;
      const line =
        p.phase === 'building'
          ? `building: ${p.step}`
          : `${p.phase}: ${mb(p.bytesDone)}${p.bytesTotal ? ` of ${mb(p.bytesTotal)}` : ''}, ${mb(p.speed)}/s${p.eta === undefined ? '' : `, ${Math.ceil(p.eta)} s left`}`;
      io.stderr.write(io.interactive ? `\r${line.padEnd(78)}\r` : `${line}\n`);
    },
  };
}

function printManifest(io: CommandIo, m: RootManifest, json: boolean): void {
  if (json) return void io.stdout.write(`${JSON.stringify(m, null, 2)}\n`);
  const commands = Object.entries(m.commands)
    .map(([arch, n]) => `${arch} ${n}`)
    .join(', ');
  const warm = Object.entries(m.warmCache ?? {})
    .map(([arch, n]) => `${arch} ${mb(n)}`)
    .join(', ');
  io.stdout.write(
    `root:          ${m.dir}\narchitectures: ${m.archs.join(', ') || 'none complete'}\nGo:            ${m.goVersion ?? 'unknown'}\n` +
      `commands:      ${commands || 'none'}\n${warm ? `warm cache:    ${warm}\n` : ''}files:         ${m.files} in ${m.directories} folders, ${mb(m.bytes)}\ntree hash:     ${m.treeHash}\n`,
  );
  for (const [arch, seconds] of Object.entries(m.compileSeconds ?? {}))
    io.stdout.write(`compile check: ${arch} ${seconds.toFixed(1)} s\n`);
  for (const l of m.leftOut ?? [])
    io.stdout.write(`left out:      ${l.arch} ${l.command} (${l.dir}): ${l.reason}\n`);
  for (const p of m.problems) io.stdout.write(`problem: ${p.path} ${p.problem}\n`);
}

function finish(io: CommandIo, result: Result<RootManifest>, json = false): number {
  if (!result.ok) {
    printError(io, result.error);
    return exitCodeFor(result.error);
  }
  printManifest(io, result.value, json);
  return result.value.problems.length ? exitCodes.input : exitCodes.ok;
}

function parseSource(text: string): SourceSpec {
  const at = /^(.*[^@])@([^@/:]+)$/.exec(text);
  return at?.[1] && at[2] ? { repo: at[1], ref: at[2] } : { repo: text };
}

const subcommands: Record<string, (args: string[], io: CommandIo) => Promise<number>> = {
  publish: publishCommand,
  async build(args, io) {
    const { values } = parseArgs({
      args,
      options: {
        arch: { type: 'string' },
        goroot: { type: 'string' },
        go: { type: 'string' },
        'go-repo': { type: 'string' },
        src: { type: 'string', multiple: true },
        out: { type: 'string' },
        json: { type: 'boolean' },
        strict: { type: 'boolean' },
        'no-warm-cache': { type: 'boolean' },
      },
    });
    const archs = parseArchs(values.arch);
    if (archs.length === 0)
      throw new UsageError('--arch is required (amd64, arm64, riscv64, comma-separated)');
    if (!values.out)
      throw new UsageError('--out is required: add --out DIR, the folder the root is built in');
    if (values.goroot && values.go) throw new UsageError('use --goroot or --go, not both: drop one of them');
    const result = await buildRoot({
      ...reporter(io),
      signal: io.signal,
      out: values.out,
      archs,
      sources: values.src?.map(parseSource) ?? [uRoot],
      ...(values.goroot ? { goroot: values.goroot } : {}),
      ...(values.go ? { goVersion: values.go } : {}),
      ...(values['go-repo'] ? { goRepo: values['go-repo'] } : {}),
      ...(values.strict ? { strict: true } : {}),
      ...(values['no-warm-cache'] ? { warmCache: false } : {}),
    });
    return finish(io, result, values.json);
  },
  async fetch(args, io) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        sha256: { type: 'string' },
        channel: { type: 'boolean' },
        'channel-file': { type: 'string' },
        key: { type: 'string' },
        'data-dir': { type: 'string' },
        arch: { type: 'string' },
        out: { type: 'string' },
        json: { type: 'boolean' },
      },
    });
    const [url, ...extra] = positionals;
    if (extra.length > 0) throw new UsageError('root fetch takes one URL: root fetch URL --out DIR');
    if (!values.out) throw new UsageError('root fetch needs --out DIR, the folder the root goes in');
    const archs = parseArchs(values.arch);
    if (values.channel || values['channel-file'])
      return fetchChannelCommand(
        {
          ...(url ? { url } : {}),
          ...(values.key ? { key: values.key } : {}),
          ...(values['channel-file'] ? { channelFile: values['channel-file'] } : {}),
          ...(values.sha256 ? { sha256: values.sha256 } : {}),
          ...(values['data-dir'] ? { dataDir: values['data-dir'] } : {}),
          archs,
          out: values.out,
          json: Boolean(values.json),
        },
        io,
        reporter(io),
        (m) => printManifest(io, m, false),
      );
    if (values.key) throw new UsageError('--key is for channels: add --channel, or drop --key');
    if (!url) throw new UsageError('root fetch needs a URL and --out DIR');
    if (!values.sha256)
      throw new UsageError('--sha256 is required (or --channel with --key, or --channel-file)');
    const result = await fetchRoot({
      ...reporter(io),
      signal: io.signal,
      url,
      out: values.out,
      sha256: values.sha256,
    });
    return finish(io, result, values.json);
  },
  async open(args, io) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: { out: { type: 'string' }, json: { type: 'boolean' } },
    });
    const [path] = positionals;
    if (!path) throw new UsageError('root open needs a folder or an archive: sourcery-flash root open PATH');
    const result = await useLocalRoot({
      ...reporter(io),
      signal: io.signal,
      path,
      ...(values.out ? { out: values.out } : {}),
    });
    return finish(io, result, values.json);
  },
  async inspect(args, io) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: { json: { type: 'boolean' } },
    });
    const [dir] = positionals;
    if (!dir) throw new UsageError('root inspect needs a folder: sourcery-flash root inspect DIR');
    return finish(io, await inspectRoot(dir, io.signal), values.json);
  },
};

export const rootCommand: Command = {
  name: 'root',
  help,
  async run(args, io) {
    const [sub, ...rest] = args;
    const run = sub ? subcommands[sub] : undefined;
    if (!run)
      throw new UsageError(
        `root takes build, fetch, open, inspect or publish${sub ? `, not "${sub}"` : ''}: type sourcery-flash root SUBCOMMAND --help for each`,
      );
    return run(rest, io);
  },
};
