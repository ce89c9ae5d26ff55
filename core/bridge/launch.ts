// POST /launch: the page trades the one-time code from its address for the session token.

import type { IncomingMessage, ServerResponse } from 'node:http';
import { originAllowed } from './http-guard';
import type { LaunchCodes } from './secrets';
import { securityHeaders } from './static-files';

/** The path the page posts its code to; the renderer's bridge client uses the same. */
export const launchPath = '/launch';

const maxBody = 1024;

/** What the page gets back: the token, or why not (the page turns that into advice). */
export type LaunchAnswer = { token: string } | { refused: 'origin' | 'used-or-expired' | 'malformed' };

function answer(response: ServerResponse, status: number, body: LaunchAnswer): void {
  response
    .writeHead(status, { ...securityHeaders, 'Content-Type': 'application/json; charset=utf-8' })
    .end(JSON.stringify(body));
}

/** Reads at most `maxBody` bytes; undefined when the body is larger or the connection fails. */
function readBody(request: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let length = 0;
    request.on('data', (chunk: Buffer) => {
      length += chunk.length;
      if (length > maxBody) {
        resolve(undefined);
        request.destroy();
      } else chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', () => resolve(undefined));
    request.on('close', () => resolve(undefined));
  });
}

/**
 * Only our own page may trade (Origin is required, so another site's form or fetch cannot), and a
 * code works once: whoever trades it second, or after it expired, is refused.
 */
export async function handleLaunch(
  request: IncomingMessage,
  response: ServerResponse,
  context: { port: number; token: string; codes: LaunchCodes },
): Promise<void> {
  if (request.method !== 'POST') {
    response.writeHead(405, { ...securityHeaders, Allow: 'POST' }).end();
    return;
  }
  if (!originAllowed(request.headers, context.port)) {
    request.resume();
    answer(response, 403, { refused: 'origin' });
    return;
  }
  const body = await readBody(request);
  if (body === undefined) {
    if (!response.headersSent && !response.destroyed) answer(response, 413, { refused: 'malformed' });
    return;
  }
  let code: unknown;
  try {
    code = (JSON.parse(body) as { code?: unknown } | null)?.code;
  } catch {
    answer(response, 400, { refused: 'malformed' });
    return;
  }
  if (!context.codes.redeem(code)) answer(response, 403, { refused: 'used-or-expired' });
  else answer(response, 200, { token: context.token });
}
