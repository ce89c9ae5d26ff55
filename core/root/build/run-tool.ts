// Runs git or go for a build step: output goes to the log, failures become E_ROOT_BUILD with the tail.

import { execa } from 'execa';
import { appError, EngineError } from '../../errors';
import type { RootEvents } from '../progress';

export interface ToolRun extends RootEvents {
  cwd?: string;
  env?: Record<string, string>;
  signal?: AbortSignal;
  /** What this step is, for the log and the error ("cmd/go for arm64"). */
  label: string;
}

/** Runs `command`; resolves with its stdout, trimmed. */
export async function runTool(command: string, args: string[], run: ToolRun): Promise<string> {
  const child = execa(command, args, {
    cwd: run.cwd,
    env: run.env,
    extendEnv: true,
    reject: false,
    all: true,
    ...(run.signal ? { cancelSignal: run.signal } : {}),
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n'))
      if (line.trim()) run.onLog?.('info', `${run.label}: ${line}`);
  });
  const result = await child;
  if (run.signal?.aborted) throw run.signal.reason;
  if (result.failed) {
    const tail = (result.all ?? '').split('\n').slice(-25).join('\n');
    const code = (result as { code?: string }).code;
    throw new EngineError(
      appError(
        code === 'ENOENT' ? 'E_TOOL_MISSING' : 'E_ROOT_BUILD',
        `${run.label}: \`${command} ${args.join(' ')}\` failed`,
        {
          cause: tail || result.shortMessage,
        },
      ),
    );
  }
  return String(result.stdout ?? '').trim();
}
