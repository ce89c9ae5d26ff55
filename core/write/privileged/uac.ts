// Windows: starts the privileged writer through the UAC prompt. Windows PowerShell's Start-Process
// -Verb RunAs is the documented way without native code (ShellExecuteEx's "runas" verb underneath).

import { spawn } from 'node:child_process';
import { appError, type AppError } from '../../../contract/errors';
import type { Launch } from './channel';
import { exitOf } from './started-child';

/** ERROR_CANCELLED: the user answered No to the UAC prompt. */
export const uacDeclined = 1223;

/** A PowerShell single-quoted string; PowerShell also takes the typographic single quotes as quotes. */
export const psQuote = (text: string): string => `'${text.replace(/['\u2018\u2019\u201a\u201b]/g, '$&$&')}'`;

/** Base64 of UTF-16LE, the form `powershell -EncodedCommand` takes: no quoting survives to parse. */
export const encodeCommand = (script: string): string => Buffer.from(script, 'utf16le').toString('base64');

/** Windows PowerShell from System32, not whatever `powershell` the PATH finds first. */
export const powershellPath = (systemRoot = process.env.SystemRoot ?? 'C:\\Windows'): string =>
  `${systemRoot}\\System32\\WindowsPowerShell\\v1.0\\powershell.exe`;

const quiet = ['-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass'];

/**
 * What the elevated writer keeps of the environment UAC gives it (the user's own, from their profile,
 * NODE_OPTIONS and all): only what Windows itself needs to run a program. Not TEMP or TMP, which are
 * the user's folder: without them the writer's temporary folder is the system's (%SystemRoot%\Temp).
 */
export const windowsKept = [
  'SystemRoot',
  'SystemDrive',
  'windir',
  'ComSpec',
  'PATHEXT',
  'OS',
  'NUMBER_OF_PROCESSORS',
  'PROCESSOR_ARCHITECTURE',
  'ProgramData',
  'ProgramFiles',
  'ProgramFiles(x86)',
  'CommonProgramFiles',
];

/**
 * The script the elevated PowerShell runs: it empties the environment down to `windowsKept`, sets
 * PATH to the system's folders and the variables the writer needs (ELECTRON_RUN_AS_NODE), moves to
 * System32, runs the writer and passes its exit code on (F2, L3).
 */
export function elevatedScript(file: string, args: string[], env: Record<string, string>): string {
  return [
    `$kept = @(${windowsKept.map(psQuote).join(',')})`,
    "Get-ChildItem Env: | Where-Object { $kept -notcontains $_.Name } | ForEach-Object { Remove-Item -LiteralPath ('Env:' + $_.Name) }",
    "$env:Path = $env:SystemRoot + '\\System32;' + $env:SystemRoot + ';' + $env:SystemRoot + '\\System32\\Wbem;' + $env:SystemRoot + '\\System32\\WindowsPowerShell\\v1.0'",
    ...Object.entries(env).map(([k, v]) => `$env:${k} = ${psQuote(v)}`),
    "Set-Location -LiteralPath ($env:SystemRoot + '\\System32')",
    `& ${[file, ...args].map(psQuote).join(' ')}`,
    'exit $LASTEXITCODE',
  ].join('\n');
}

/**
 * The script our own (unelevated) PowerShell runs: it asks UAC to start the elevated PowerShell,
 * waits for it, and exits with its code, or with 1223 when the prompt was declined.
 */
export function launcherScript(file: string, args: string[], env: Record<string, string>): string {
  const elevatedArgs = [
    ...quiet,
    '-WindowStyle',
    'Hidden',
    '-EncodedCommand',
    encodeCommand(elevatedScript(file, args, env)),
  ];
  return [
    "$ErrorActionPreference = 'Stop'",
    'try {',
    `  $p = Start-Process -FilePath ${psQuote(powershellPath())} -ArgumentList ${elevatedArgs.map(psQuote).join(',')} -Verb RunAs -WindowStyle Hidden -PassThru`,
    '  $p.WaitForExit()',
    '  exit $p.ExitCode',
    '} catch {',
    '  [Console]::Error.WriteLine($_.Exception.Message)',
    '  for ($e = $_.Exception; $e; $e = $e.InnerException) {',
    `    if ($e -is [System.ComponentModel.Win32Exception] -and $e.NativeErrorCode -eq ${uacDeclined}) { exit ${uacDeclined} }`,
    '  }',
    '  exit 1',
    '}',
  ].join('\n');
}

/** The command line that runs `launcherScript`: what we spawn, unelevated, holding only its stderr. */
export const uacArgv = (
  file: string,
  args: string[],
  env: Record<string, string>,
): { file: string; args: string[] } => ({
  file: powershellPath(),
  args: [...quiet, '-EncodedCommand', encodeCommand(launcherScript(file, args, env))],
});

/** Starts the writer through UAC; the UAC prompt is the user's, and may take as long as they like. */
export const uacLaunch: Launch = (file, args, env) => {
  const argv = uacArgv(file, args, env);
  const child = spawn(argv.file, argv.args, {
    stdio: ['ignore', 'ignore', 'pipe'],
    windowsHide: true,
    cwd: powershellPath().replace(/\\WindowsPowerShell\\v1\.0\\powershell\.exe$/, ''),
  });
  return { stderr: child.stderr, closed: exitOf(child) };
};

/** UAC's own failures, before our writer ran, turned into advice. */
export function uacFailure(exitCode: number | null, stderr: string): AppError | undefined {
  if (exitCode === uacDeclined)
    return appError('E_ELEVATION', 'The administrator prompt (UAC) was declined; nothing was written.', {
      hint: 'Flash again and answer Yes, or start Sourcery Flasher with "Run as administrator".',
      cause: stderr.trim() || undefined,
    });
  return undefined;
}
