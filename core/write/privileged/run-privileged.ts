// Parent side of the privileged writer: start it (elevated if needed), send one job, relay what it says.

import { appError, fail, ok, type AppError, type Result } from '../../../contract/errors';
import { toAppError } from '../../errors';
import type { FlashIo, FlashJob, TargetResult } from '../flash-job';
import { startThroughChannel, type Launch } from './channel';
import { childCommand, type ChildCommand } from './child-command';
import { elevationsAvailable, pkexecFailure, type Elevation } from './elevation';
import { encodeJob, lineReader, toParent, type ToParent } from './protocol';
import { osascriptWrap, startPiped, startThroughFifos, type StartedChild } from './started-child';
import { uacFailure, uacLaunch } from './uac';
import { writerLaunch } from './writer-launch';

export interface PrivilegedOptions extends Omit<FlashIo, 'hooks' | 'threads'> {
  /** Force a way (tests: 'none'); default: the best available. */
  elevation?: Elevation;
  child?: ChildCommand;
  /** How 'uac' starts the writer (tests: a plain spawn that, like UAC, hands it none of our pipes). */
  launch?: Launch;
  /** Said once the elevated writer runs (the password, if any, was accepted). */
  onElevated?: () => void;
}

/** Runs one job in the privileged writer. No timeout: the user may take their time with the password. */
export async function runPrivileged(
  job: FlashJob,
  options: PrivilegedOptions = {},
): Promise<Result<TargetResult[]>> {
  const available = options.elevation ? [options.elevation] : await elevationsAvailable();
  if (!Array.isArray(available)) return fail(available);
  let last: AppError | undefined;
  for (const elevation of available) {
    const attempt = await runOnce(job, elevation, options);
    if (attempt.ok || attempt.error.code !== 'E_ELEVATION' || !attempt.retry)
      return attempt.ok ? ok(attempt.value) : fail(attempt.error);
    last = attempt.error; // e.g. no polkit agent: sudo on the terminal may still work
  }
  return fail(last ?? appError('E_ELEVATION', 'No way to get the rights to write the drive was found.'));
}

type Attempt = { ok: true; value: TargetResult[] } | { ok: false; error: AppError; retry?: boolean };

async function runOnce(job: FlashJob, elevation: Elevation, options: PrivilegedOptions): Promise<Attempt> {
  // L3: an AppImage's files sit in a FUSE mount of the user's, which root may not read and the user
  // may change: root must not run them. (The deb installs a root-owned copy.)
  if (elevation !== 'none' && process.platform === 'linux' && process.env.APPIMAGE)
    return {
      ok: false,
      error: appError('E_ELEVATION', 'The AppImage cannot start its drive writer as root.', {
        hint: 'Install the .deb package (its writer is owned by root), or run the AppImage as root.',
      }),
    };
  let command: ChildCommand;
  try {
    command = options.child ?? childCommand();
  } catch (thrown) {
    return { ok: false, error: toAppError(thrown, 'Finding the privileged writer failed.') };
  }
  let child: StartedChild;
  try {
    child = await startChild(elevation, command, options.launch ?? uacLaunch);
  } catch (thrown) {
    return {
      ok: false,
      error: appError('E_ELEVATION', 'Could not open the private channel to the privileged writer.', {
        cause: thrown instanceof Error ? thrown.message : String(thrown),
      }),
    };
  }
  const file = elevation === 'none' ? command.file : elevation;
  let ready = false;
  let outcome: Attempt | undefined;
  let stderr = '';
  const onAbort = (): void => void child.stdin.write(`${JSON.stringify({ type: 'cancel' })}\n`);
  options.signal?.addEventListener('abort', onAbort, { once: true });

  child.stdout.on(
    'data',
    lineReader(
      (value, raw) => {
        const parsed = toParent.safeParse(value);
        if (!parsed.success) {
          options.onLog?.({
            jobId: job.jobId,
            level: 'warn',
            message: `privileged writer said: ${raw}`,
            time: new Date().toISOString(),
          });
          return;
        }
        const message = parsed.data as ToParent;
        if (message.type === 'ready') {
          ready = true;
          options.onElevated?.();
        } else if (message.type === 'progress') options.onProgress?.(message.progress);
        else if (message.type === 'log') options.onLog?.(message.line);
        else if (message.type === 'result') outcome = { ok: true, value: message.results };
        else outcome = { ok: false, error: message.error };
      },
      {
        // Its answers are short; a line past the limit is not held (L9): the writer is told to stop.
        onTooLong: () => {
          outcome = {
            ok: false,
            error: appError(
              'E_INTERNAL',
              'The privileged writer sent a line longer than any it should; it was stopped.',
            ),
          };
          child.stdin.end();
        },
      },
    ),
  );
  child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  child.stdin.on('error', () => undefined); // the child may exit before reading everything
  child.stdin.write(`${JSON.stringify({ type: 'job', job: encodeJob(job) })}\n`);
  if (options.signal?.aborted) onAbort();

  const { code, error } = await child.closed;
  options.signal?.removeEventListener('abort', onAbort);
  if (outcome) return outcome;
  if (error)
    return {
      ok: false,
      error: appError('E_ELEVATION', `Could not start ${file}.`, { cause: error.message }),
      retry: true,
    };
  if (!ready) {
    const known =
      elevation === 'pkexec'
        ? pkexecFailure(code, stderr)
        : elevation === 'uac'
          ? uacFailure(code, stderr)
          : undefined;
    return {
      ok: false,
      // A dismissed prompt is the user's answer; a missing agent is not, so sudo may follow.
      retry: !known || /agent|reach polkit/.test(known.detail),
      error:
        known ??
        appError('E_ELEVATION', `The privileged writer did not start (${elevation}, exit ${code}).`, {
          cause: stderr.trim(),
        }),
    };
  }
  return {
    ok: false,
    error: appError('E_WRITE', `The privileged writer stopped without a result (exit ${code}).`, {
      hint: 'Check the drives: unfinished ones had their first MiB zeroed if the writer got that far.',
      cause: stderr.trim(),
    }),
  };
}

/** Starts the writer the way `elevation` needs: piped, through FIFOs (macOS), or over a channel (UAC). */
async function startChild(
  elevation: Elevation,
  command: ChildCommand,
  launch: Launch,
): Promise<StartedChild> {
  const started = writerLaunch(elevation, command, {
    env: process.env,
    uid: process.getuid?.() ?? 0,
    gid: process.getgid?.() ?? 0,
  });
  if (elevation === 'osascript') return startThroughFifos(osascriptWrap, [started.file, ...started.args]);
  if (elevation === 'uac') return startThroughChannel(launch, { ...command, env: started.env });
  return startPiped(started);
}
