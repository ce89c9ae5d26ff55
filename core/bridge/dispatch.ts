// Validates a request from an untrusted caller and runs its handler; every transport goes through here.

import { randomBytes } from 'node:crypto';
import {
  appError,
  fail,
  invokeNames,
  invokeRequests,
  type Handlers,
  type InvokeName,
  type Result,
} from '../../contract';
import { shapeProblem } from './shape-limits';

export interface DispatchOptions {
  /** Where internal failures are written in full (stack and message); default: stderr. */
  report?: (line: string) => void;
}

const isInvokeName = (name: unknown): name is InvokeName =>
  typeof name === 'string' && (invokeNames as readonly string[]).includes(name);

const reportToStderr = (line: string): void => void process.stderr.write(`${line}\n`);

/** Runs `name` with `payload` after checking both; never throws, never hands a stack to the caller. */
export async function dispatch(
  handlers: Handlers,
  name: unknown,
  payload: unknown,
  options: DispatchOptions = {},
): Promise<Result<unknown>> {
  const report = options.report ?? reportToStderr;
  if (!isInvokeName(name)) return fail(appError('E_BAD_REQUEST', 'Unknown operation.'));
  const tooBig = shapeProblem(payload);
  if (tooBig) return fail(appError('E_BAD_REQUEST', `Invalid request for ${name}: ${tooBig}.`));
  try {
    const parsed = invokeRequests[name].safeParse(payload ?? {});
    if (!parsed.success) {
      return fail(appError('E_BAD_REQUEST', `Invalid request for ${name}.`, { cause: parsed.error.message }));
    }
    const handler = handlers[name] as (request: unknown) => Promise<Result<unknown>>;
    const result = await handler(parsed.data);
    if (!result.ok && result.error.code === 'E_INTERNAL') return fail(internal(name, result.error, report));
    return result;
  } catch (thrown) {
    return fail(internal(name, thrown, report));
  }
}

/** The full story goes to the local log under a reference; the caller gets the reference only. */
function internal(name: string, what: unknown, report: (line: string) => void) {
  const reference = randomBytes(4).toString('hex');
  const text =
    what instanceof Error
      ? (what.stack ?? what.message)
      : typeof what === 'object' && what !== null && 'cause' in what
        ? JSON.stringify(what)
        : String(what);
  try {
    report(`[${new Date().toISOString()}] ${name} failed (reference ${reference}): ${text}`);
  } catch {
    // A log that cannot be written must not turn a clean answer into a crash.
  }
  const detail =
    what instanceof Error || !(typeof what === 'object' && what !== null && 'detail' in what)
      ? `${name} failed unexpectedly.`
      : String((what as { detail: unknown }).detail);
  return appError('E_INTERNAL', detail, { cause: `reference ${reference} in the engine's log` });
}
