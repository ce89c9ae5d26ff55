// Tests: runs the CLI in this process with captured output, as a script would see it (not a terminal).

import { PassThrough } from 'node:stream';
import { main } from '../main';

export interface CliRun {
  code: number;
  out: string;
  err: string;
}

export async function runCli(
  args: string[],
  signal: AbortSignal = new AbortController().signal,
): Promise<CliRun> {
  const [stdout, stderr] = [new PassThrough(), new PassThrough()];
  let [out, err] = ['', ''];
  stdout.on('data', (c: Buffer) => (out += c.toString()));
  stderr.on('data', (c: Buffer) => (err += c.toString()));
  const code = await main(args, { stdout, stderr, interactive: false, signal });
  return { code, out, err };
}
