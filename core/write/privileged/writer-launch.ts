// The exact command line, environment and working folder the privileged writer starts with, for each
// elevation: an empty environment plus an allowlist, and `/` as its folder (F2, L3).

import type { ChildCommand } from './child-command';
import type { Elevation } from './elevation';

/** The only PATH the writer gets: system folders root owns. Never the user's, nor /usr/local (Homebrew's is the user's). */
export const writerPath = '/usr/sbin:/usr/bin:/sbin:/bin';

/** `env -i`: starts its command with no variable but those it is given. Absolute, as PATH is not ours to trust. */
export const envProgram = '/usr/bin/env';

export interface LaunchContext {
  /** Our environment: only LANG and the ids sudo gave a root parent are taken from it. */
  env: NodeJS.ProcessEnv;
  /** Our user and group: the writer reads sources with their rights (F1). */
  uid: number;
  gid: number;
}

/** What to spawn: `env` is the whole environment (nothing of ours is added), `cwd` is always `/`. */
export interface WriterLaunch {
  file: string;
  args: string[];
  env: Record<string, string>;
  cwd: string;
}

const digits = /^\d{1,10}$/;
const locale = /^[A-Za-z0-9_.@-]{1,64}$/;

/** The variables the writer may have, whatever the elevation. */
function allowlist(child: ChildCommand, context: LaunchContext): Record<string, string> {
  const lang = context.env.LANG;
  return { PATH: writerPath, ...(lang && locale.test(lang) ? { LANG: lang } : {}), ...child.env };
}

/** The ids a root parent got from sudo or pkexec, passed on so the writer still reads as that user. */
function inheritedIds(env: NodeJS.ProcessEnv): Record<string, string> {
  const ids: Record<string, string> = {};
  for (const name of ['PKEXEC_UID', 'SUDO_UID', 'SUDO_GID'] as const) {
    const value = env[name];
    if (value !== undefined && digits.test(value)) ids[name] = value;
  }
  return ids;
}

const pairs = (env: Record<string, string>): string[] => Object.entries(env).map(([k, v]) => `${k}=${v}`);

/**
 * The command that runs `child` elevated, as argv plus environment. Where the elevation tool keeps
 * variables of its own choosing (sudo's env_keep, the shell osascript starts), `env -i` empties the
 * environment first. pkexec passes none of ours and sets PKEXEC_UID itself, so it runs the writer
 * directly: node with the built writer, or the packaged app's launcher when the binary is Electron.
 */
export function writerLaunch(
  elevation: Elevation,
  child: ChildCommand,
  context: LaunchContext,
): WriterLaunch {
  const allowed = allowlist(child, context);
  const asUs = { ...allowed, SUDO_UID: String(context.uid), SUDO_GID: String(context.gid) };
  const emptied = [envProgram, '-i', ...pairs(asUs), child.file, ...child.args];
  // The elevation tools themselves get the same fixed PATH and nothing else of ours.
  const toolEnv = { PATH: writerPath, ...(allowed.LANG ? { LANG: allowed.LANG } : {}) };
  switch (elevation) {
    case 'none':
      return {
        file: child.file,
        args: child.args,
        env: { ...allowed, ...inheritedIds(context.env) },
        cwd: '/',
      };
    case 'pkexec':
      if (child.pkexecLauncher)
        return { file: 'pkexec', args: [child.pkexecLauncher], env: toolEnv, cwd: '/' };
      // Node needs no variable; Electron outside a package has no launcher, so `env` tells it (and the
      // generic pkexec action applies: the policy names the packaged launcher only).
      return {
        file: 'pkexec',
        args: Object.keys(child.env).length === 0 ? [child.file, ...child.args] : emptied,
        env: toolEnv,
        cwd: '/',
      };
    case 'sudo':
      // sudo asks on the terminal itself (/dev/tty), leaving our pipes to the protocol.
      return { file: 'sudo', args: ['--', ...emptied], env: toolEnv, cwd: '/' };
    case 'osascript': {
      // What the shell that `do shell script` starts runs, from `/` (startThroughFifos quotes it).
      const [file, ...args] = emptied as [string, ...string[]];
      return { file, args, env: {}, cwd: '/' };
    }
    case 'uac':
      // Windows: the elevated PowerShell empties its environment down to the system's (uac.ts).
      return { file: child.file, args: child.args, env: { ...child.env }, cwd: '/' };
  }
}
