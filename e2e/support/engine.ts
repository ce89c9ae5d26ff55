// Starts the built engine as a user runs it (`sourcery-flash serve` from out/), for browser tests.

import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

const root = join(import.meta.dirname, '..', '..');
const bin = join(root, 'out', 'cli', 'bin.js');
/** The built wizard the engine serves. */
export const rendererDir = join(root, 'out', 'renderer');

export interface Engine {
  /** The address `serve` printed: open it in a browser to reach the wizard. */
  url: string;
  /** The origin, without the launch part, e.g. http://127.0.0.1:PORT/ */
  origin: string;
  port: number;
  /** The engine's data folder (roots, settings), fresh for each engine. */
  dataDir: string;
  close(): Promise<void>;
}

export interface EngineOptions {
  /** Reuse a data folder (a restart); a fresh one by default. */
  dataDir?: string;
  env?: NodeJS.ProcessEnv;
}

function stopped(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

export async function startEngine(options: EngineOptions = {}): Promise<Engine> {
  if (!existsSync(bin))
    throw new Error(`${bin} is missing: the e2e tier runs the built engine; run \`npm run build\``);
  const ownData = options.dataDir === undefined;
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'sourcery-data-')));
  const child = spawn(process.execPath, [bin, 'serve', '--port', '0', '--data-dir', dataDir], {
    cwd: root,
    env: options.env ?? process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    process.stderr.write(chunk); // the engine's own complaints belong in the test's output
  });
  const url = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      const found = /Sourcery Flasher is at (\S+)/.exec(line);
      if (found) resolve(found[1]!);
    });
    child.once('exit', (code) =>
      reject(new Error(`serve exited with ${code} before it listened: ${stderr}`)),
    );
  });
  const parsed = new URL(url);
  return {
    url,
    origin: `${parsed.origin}/`,
    port: Number(parsed.port),
    dataDir,
    async close() {
      await stopped(child);
      if (ownData) await rm(dataDir, { recursive: true, force: true });
    },
  };
}
