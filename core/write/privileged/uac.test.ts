// The UAC launch as Windows would run it: the scripts are decoded back and read as PowerShell would.

import { expect, it } from 'vitest';
import { encodeCommand, launcherScript, psQuote, uacArgv, uacDeclined, uacFailure, windowsKept } from './uac';

const decode = (base64: string): string => Buffer.from(base64, 'base64').toString('utf16le');

/** The value of `-EncodedCommand` in an argument list, decoded. */
const encodedIn = (args: string[]): string => decode(args[args.indexOf('-EncodedCommand') + 1] ?? '');

const exe = 'C:\\Users\\O\u2019Brien\\AppData\\Local\\Programs\\Sourcery Flasher\\Sourcery Flasher.exe';
const args = [
  'C:\\Users\\O\u2019Brien\\AppData\\Local\\Programs\\Sourcery Flasher\\resources\\app.asar\\out\\write\\privileged.js',
  '--channel',
  '\\\\.\\pipe\\sourcery-writer-0f0f',
  '--secret-file',
  "C:\\Users\\O'Brien\\AppData\\Local\\Temp\\sourcery-writer-a1\\secret",
];

it('quotes for PowerShell, typographic single quotes included', () => {
  expect(psQuote("it's")).toBe("'it''s'");
  expect(psQuote('O\u2019Brien')).toBe("'O\u2019\u2019Brien'");
  expect(psQuote('a "b" $c')).toBe(`'a "b" $c'`);
  expect(decode(encodeCommand('exit 7'))).toBe('exit 7');
});

it('asks UAC to run an elevated PowerShell that sets the environment, runs the writer and passes its code on', () => {
  const outer = uacArgv(exe, args, { ELECTRON_RUN_AS_NODE: '1' });
  expect(outer.file).toMatch(/\\System32\\WindowsPowerShell\\v1\.0\\powershell\.exe$/);
  expect(outer.args).toContain('-NonInteractive');
  const launcher = encodedIn(outer.args);
  expect(launcher).toBe(launcherScript(exe, args, { ELECTRON_RUN_AS_NODE: '1' }));
  expect(launcher).toMatch(
    /Start-Process -FilePath '.*powershell\.exe' -ArgumentList .* -Verb RunAs -WindowStyle Hidden -PassThru/,
  );
  expect(launcher).toContain('exit $p.ExitCode');
  expect(launcher).toContain(`NativeErrorCode -eq ${uacDeclined}) { exit ${uacDeclined} }`);

  // The elevated PowerShell's own arguments are a comma-separated list of quoted words.
  const list = /-ArgumentList (.*) -Verb RunAs/.exec(launcher)?.[1] ?? '';
  const words = list.split(',').map((w) => w.replace(/^'|'$/g, ''));
  const elevated = encodedIn(words);
  const lines = elevated.split('\n');
  // F2/L3: the user's environment (NODE_OPTIONS, TEMP...) is emptied down to the system's before the writer runs.
  expect(lines[0]).toBe(`$kept = @(${windowsKept.map(psQuote).join(',')})`);
  expect(lines[1]).toMatch(
    /^Get-ChildItem Env: \| Where-Object \{ \$kept -notcontains \$_\.Name \} \| .*Remove-Item/,
  );
  expect(windowsKept).not.toContain('TEMP');
  expect(windowsKept).not.toContain('NODE_OPTIONS');
  expect(lines[2]).toMatch(/^\$env:Path = \$env:SystemRoot \+ '\\System32;'/);
  expect(lines.slice(3)).toEqual([
    "$env:ELECTRON_RUN_AS_NODE = '1'",
    "Set-Location -LiteralPath ($env:SystemRoot + '\\System32')",
    `& ${[exe, ...args].map(psQuote).join(' ')}`,
    'exit $LASTEXITCODE',
  ]);
  expect(elevated).toContain("'C:\\Users\\O''Brien\\AppData\\Local\\Temp\\sourcery-writer-a1\\secret'");
  expect(elevated).toContain(
    'O\u2019\u2019Brien\\AppData\\Local\\Programs\\Sourcery Flasher\\Sourcery Flasher.exe',
  );
});

it('says a declined prompt wrote nothing, and leaves other exits to the caller', () => {
  const declined = uacFailure(
    uacDeclined,
    'This command cannot be run due to the error: The operation was canceled by the user.',
  );
  expect(declined?.code).toBe('E_ELEVATION');
  expect(declined?.detail).toContain('declined; nothing was written');
  expect(declined?.cause).toContain('canceled by the user');
  expect(uacFailure(1, 'something else')).toBeUndefined();
});
