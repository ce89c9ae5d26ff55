// Validates a request from an untrusted caller and runs its handler; every transport goes through here.

import {
  appError,
  fail,
  invokeNames,
  invokeRequests,
  type Handlers,
  type InvokeName,
  type Result,
} from '../../contract';

const isInvokeName = (name: unknown): name is InvokeName =>
  typeof name === 'string' && (invokeNames as readonly string[]).includes(name);

/** Runs `name` with `payload` after checking both; never throws. */
export async function dispatch(
  handlers: Handlers,
  name: unknown,
  payload: unknown,
): Promise<Result<unknown>> {
  if (!isInvokeName(name))
    return fail(appError('E_BAD_REQUEST', `Unknown operation ${JSON.stringify(name)}.`));
  const parsed = invokeRequests[name].safeParse(payload ?? {});
  if (!parsed.success) {
    return fail(appError('E_BAD_REQUEST', `Invalid request for ${name}.`, { cause: parsed.error.message }));
  }
  try {
    const handler = handlers[name] as (request: unknown) => Promise<Result<unknown>>;
    return await handler(parsed.data);
  } catch (thrown) {
    const cause = thrown instanceof Error ? (thrown.stack ?? thrown.message) : String(thrown);
    return fail(appError('E_INTERNAL', `${name} failed unexpectedly.`, { cause }));
  }
}
