// F5: `serve --open` hands the browser opener a one-time launch code, never the session token.

import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { codeOf, tradeCode } from '../../core/bridge/testing/bridge-client';
import { serveCommand } from './serve';

let work: string | undefined;
const savedPath = process.env.PATH;
afterEach(() => {
  process.env.PATH = savedPath;
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('F5: the token is on no command line', () => {
  it('gives xdg-open a launch address whose code is not the token and works once', async () => {
    work = mkdtempSync(join(tmpdir(), 'sourcery-serve-open-'));
    const ui = join(work, 'ui');
    mkdirSync(ui);
    writeFileSync(join(ui, 'index.html'), '<!doctype html>');
    // A real opener process that writes down its whole command line, as /proc/PID/cmdline shows it.
    const bin = join(work, 'bin');
    mkdirSync(bin);
    const argvFile = join(work, 'argv');
    writeFileSync(join(bin, 'xdg-open'), `#!/bin/sh\nprintf '%s\\n' "$0" "$@" > '${argvFile}'\n`);
    chmodSync(join(bin, 'xdg-open'), 0o755);
    process.env.PATH = `${bin}:${savedPath}`;

    const stdout = new PassThrough();
    let printed = '';
    stdout.on('data', (data: Buffer) => (printed += data.toString()));
    const stop = new AbortController();
    const running = serveCommand.run(['--open', '--ui', ui, '--data-dir', join(work, 'data')], {
      stdout,
      stderr: new PassThrough(),
      interactive: false,
      signal: stop.signal,
    });
    try {
      for (let i = 0; i < 100 && !readFileSync(argvFile, { flag: 'a+' }).length; i++)
        await new Promise((resolve) => setTimeout(resolve, 50));
      const argv = readFileSync(argvFile, 'utf8');
      expect(argv).not.toMatch(/token/);
      const url = /Sourcery Flasher is at (\S+)/.exec(printed)?.[1] ?? '';
      const port = Number(new URL(url).port);
      // The printed address buys the token; the opener's address is a different, single-use code.
      const { body } = await tradeCode(port, codeOf(url));
      expect(body.token).toMatch(/^[\w-]{32}$/);
      expect(argv).not.toContain(body.token);
      const opened = argv.split('\n')[1] ?? '';
      expect(opened).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#code=/);
      expect(codeOf(opened)).not.toBe(codeOf(url));
      expect((await tradeCode(port, codeOf(opened))).body.token).toBe(body.token);
      expect((await tradeCode(port, codeOf(opened))).status).toBe(403);
    } finally {
      stop.abort();
      await running;
    }
  });
});
