// Tests: starts bridge-process.ts as a child and says whether it is still alive.

import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

export interface BridgeProcess {
  child: ChildProcess;
  port: number;
  token: string;
  url: string;
  /** True while the process has not exited. */
  alive(): boolean;
  stop(): void;
}

export function spawnBridge(staticDir?: string): Promise<BridgeProcess> {
  const script = join(import.meta.dirname, 'bridge-process.ts');
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...(staticDir ? [staticDir] : [])], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stderr?.on('data', (data: Buffer) => (err += data.toString()));
    child.stdout?.on('data', (data: Buffer) => {
      out += data.toString();
      const line = out.split('\n')[0];
      if (!out.includes('\n') || !line) return;
      const started = JSON.parse(line) as { port: number; token: string; url: string };
      resolve({
        child,
        ...started,
        alive: () => child.exitCode === null && child.signalCode === null,
        stop: () => void child.kill(),
      });
    });
    child.once('exit', (code) => reject(new Error(`bridge process exited (${code}): ${err}`)));
  });
}
