// The source grammar, and the second line behind it: git run with "--" and only https/ssh allowed.

import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkRef, gitSafety, parseGitSource, rootPathOf } from './git-source';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sf-git-source-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('the command source grammar', () => {
  it('places https, ssh and scp sources GOPATH-style', () => {
    const place = (s: string) => rootPathOf(parseGitSource(s, false), s);
    expect(place('https://github.com/u-root/u-root')).toBe('src/github.com/u-root/u-root');
    expect(place('ssh://git@example.org:2222/team/tools.git')).toBe('src/example.org/team/tools');
    expect(place('git@github.com:u-root/u-root.git')).toBe('src/github.com/u-root/u-root');
  });

  it('refuses what could be an option, a transport or a way out', () => {
    for (const bad of [
      '-x',
      'git@h:../x',
      'git@h:a//b',
      'https://h/a/../b',
      'https://h/a/%2e%2e/b',
      'http://h/x',
      'file:///etc',
      'ext::sh -c x',
      'git@-oProxyCommand=x:p',
      'ssh://-oProxyCommand=x/p',
      'x;y@h:p',
      'https://user:secret@h/x',
      'https://h/x?y=1',
      'relative/folder',
    ]) {
      expect(() => parseGitSource(bad, false), bad).toThrow();
    }
    expect(() => checkRef('--upload-pack=x')).toThrow();
    expect(() => checkRef('a..b')).toThrow();
    expect(() => checkRef('v0.14.0')).not.toThrow();
  });

  it('takes local folders only where allowed, always as absolute paths', () => {
    expect(parseGitSource('ext-folder', true)).toEqual({
      kind: 'local',
      path: join(process.cwd(), 'ext-folder'),
    });
    expect(() => parseGitSource('ext::sh -c x', true)).toThrow(/transport/);
  });
});

describe('git as run for a source', () => {
  const git = promisify(execFile);
  const env = { ...process.env, SF_PWNED: '' };

  it('reads an option-shaped repository as a repository after "--", and runs nothing', async () => {
    env.SF_PWNED = join(dir, 'pwned');
    const run = git(
      'git',
      [...gitSafety(false), 'ls-remote', '--', '--upload-pack=touch $SF_PWNED;x@h:p', 'HEAD'],
      {
        env,
        cwd: dir,
      },
    );
    await expect(run).rejects.toThrow();
    expect(existsSync(join(dir, 'pwned'))).toBe(false);
  });

  it('refuses the ext:: transport even if a source got past the grammar', async () => {
    env.SF_PWNED = join(dir, 'pwned');
    const run = git('git', [...gitSafety(true), 'ls-remote', '--', 'ext::sh -c touch% $SF_PWNED', 'HEAD'], {
      env,
      cwd: dir,
    });
    await expect(run).rejects.toThrow(/not allowed/);
    expect(existsSync(join(dir, 'pwned'))).toBe(false);
  });
});
