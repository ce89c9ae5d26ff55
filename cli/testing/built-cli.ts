// Tests: runs the built CLI (out/cli/bin.js) as a separate process, the way a user's shell runs it.

import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { packageFiles } from '../../core/package-files';

export interface CliProcessRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The package folder and the built CLI in it; refuses to run a test against sources by accident. */
export function builtCli(): { root: string; bin: string } {
  const root = packageFiles().root;
  const bin = join(root, 'out', 'cli', 'bin.js');
  if (!existsSync(bin))
    throw new Error(`${bin} is missing: process tests run the built CLI; run \`npm run build\` first`);
  return { root, bin };
}

export interface CliProcessOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  input?: string;
}

/** Runs `sourcery-flash ARGS` from out/ and waits for it (blocks this process). */
export function runBuiltCli(args: string[], options: CliProcessOptions = {}): CliProcessRun {
  const { root, bin } = builtCli();
  const r = spawnSync(process.execPath, [bin, ...args], {
    cwd: options.cwd ?? root,
    env: options.env ?? process.env,
    input: options.input,
    encoding: 'utf8',
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The same without blocking, for tests whose process also serves what the CLI downloads. */
export function runBuiltCliAsync(args: string[], options: CliProcessOptions = {}): Promise<CliProcessRun> {
  const { root, bin } = builtCli();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], {
      cwd: options.cwd ?? root,
      env: options.env ?? process.env,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdin.end(options.input ?? '');
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
