#!/usr/bin/env node
// `npm start`: the desktop app where Electron exists, else the same wizard in the system's browser.
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findElectronBinary } from './electron-binary.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const electron = findElectronBinary();
const [command, args] =
  'path' in electron
    ? [electron.path, [join(root, 'out', 'main', 'index.js'), ...process.argv.slice(2)]]
    : [
        process.execPath,
        [join(root, 'bin', 'sourcery-flash.js'), 'serve', '--open', ...process.argv.slice(2)],
      ];
if ('missing' in electron)
  process.stdout.write(
    `No Electron binary here (${electron.missing}); serving the wizard to your browser instead.\n`,
  );
const child = spawn(command, args, { stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
