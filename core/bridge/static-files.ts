// The built wizard's files, listed once at start and served by exact name; nothing else on disk is reachable.

import { constants, readdirSync, type Dirent } from 'node:fs';
import { open } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { extname, join } from 'node:path';

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

export const securityHeaders = {
  'Content-Security-Policy':
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self' ws://127.0.0.1:* ws://localhost:*; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-store',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

const plainName = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/**
 * URL path → file, for `index.html` and the regular files in `assets/` with a web type. Vite's
 * output is exactly that; a `--ui` folder pointed somewhere wrong exposes no other file, no dotfile,
 * no subfolder and nothing behind a symlink (the Dirent of a link is not a file).
 */
export function listWizardFiles(dir: string | undefined): Map<string, string> {
  const routes = new Map<string, string>();
  if (!dir) return routes;
  const entries = (folder: string): Dirent[] => {
    try {
      return readdirSync(folder, { withFileTypes: true });
    } catch {
      return [];
    }
  };
  if (entries(dir).some((entry) => entry.name === 'index.html' && entry.isFile())) {
    routes.set('/', join(dir, 'index.html'));
    routes.set('/index.html', join(dir, 'index.html'));
  }
  for (const entry of entries(join(dir, 'assets'))) {
    if (entry.isFile() && plainName.test(entry.name) && contentTypes[extname(entry.name)])
      routes.set(`/assets/${entry.name}`, join(dir, 'assets', entry.name));
  }
  return routes;
}

/** Sends `file` (opened without following a link), or a bare 404/500; never throws. */
export async function sendFile(
  file: string | undefined,
  head: boolean,
  response: ServerResponse,
): Promise<void> {
  if (!file) {
    response.writeHead(404, securityHeaders).end();
    return;
  }
  let handle;
  try {
    handle = await open(file, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0));
    const info = await handle.stat();
    if (!info.isFile()) throw new Error(`${file} is not a file`);
    response.writeHead(200, {
      ...securityHeaders,
      'Content-Type': contentTypes[extname(file)] ?? 'application/octet-stream',
      'Content-Length': info.size,
    });
    if (head) {
      response.end();
      await handle.close();
      return;
    }
    const stream = handle.createReadStream();
    handle = undefined; // the stream closes it
    stream.on('error', () => response.destroy());
    stream.pipe(response);
  } catch {
    await handle?.close().catch(() => undefined);
    if (!response.headersSent) response.writeHead(404, securityHeaders).end();
    else response.destroy();
  }
}
