// F3: a bridge caller's git source or ref must never become a git option or a path outside the root.

import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EventPayloads, Result } from '../../contract';
import { dispatch } from '../bridge/dispatch';
import { rootPathFor } from '../root/build/sources';
import { makeFakeGoroot } from '../root/testing/fake-goroot';
import { createHandlers } from './handlers';

let dir: string;
let pwned: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sf-f3-'));
  pwned = join(dir, 'pwned');
  process.env.XDG_CACHE_HOME = join(dir, 'xdg');
  // The payload names its file through the environment: a "/" in it would make the old code call it
  // a local folder, and the review's payload has none.
  process.env.SF_PWNED = pwned;
});
afterEach(async () => {
  delete process.env.XDG_CACHE_HOME;
  delete process.env.SF_PWNED;
  await rm(dir, { recursive: true, force: true });
});

const handlers = () =>
  createHandlers({
    emit: <K extends keyof EventPayloads>(_name: K, _payload: EventPayloads[K]) => undefined,
    shell: 'browser',
    dataDir: join(dir, 'data'),
  });

/** A rootBuild that gets past the toolchain steps at once, so only the sources step decides. */
async function build(sources: { repo: string; ref?: string }[], viaDispatch: boolean) {
  const goroot = join(dir, 'go-install');
  await makeFakeGoroot(goroot);
  const payload = { jobId: 'f3', out: join(dir, 'data', 'roots', 'r'), archs: ['amd64'], goroot, sources };
  const h = handlers();
  return (
    viaDispatch
      ? dispatch(h, 'rootBuild', payload, { report: () => undefined })
      : h.rootBuild(payload as never)
  ) as Promise<Result<unknown>>;
}

const errorOf = (result: Result<unknown>) => (result.ok ? undefined : result.error);

describe('F3: git option injection through rootBuild sources', () => {
  const payload = '--upload-pack=touch $SF_PWNED;x@h:p';

  it('refuses the review payload at the bridge, and git never runs it', async () => {
    const result = await build([{ repo: payload }], true);
    expect(errorOf(result)?.code).toBe('E_BAD_REQUEST');
    expect(existsSync(pwned)).toBe(false);
  });

  it('refuses it in the handler too, for any caller that skips the schema', async () => {
    const result = await build([{ repo: payload }], false);
    expect(errorOf(result)?.code).toBe('E_BAD_REQUEST');
    expect(errorOf(result)?.detail).toMatch(/starts with "-"/);
    expect(existsSync(pwned)).toBe(false);
  });

  it('refuses a ref that git could read as an option', async () => {
    const result = await build(
      [{ repo: 'https://example.invalid/x/y', ref: '--upload-pack=touch $SF_PWNED' }],
      false,
    );
    expect(errorOf(result)?.code).toBe('E_BAD_REQUEST');
    expect(existsSync(pwned)).toBe(false);
  });

  it('refuses an scp path that climbs out of the root with ".."', async () => {
    expect(() => rootPathFor('git@h:../../../x')).toThrow(/"\.\." path segment/);
    const result = await build([{ repo: 'git@h:../../../x' }], false);
    expect(errorOf(result)?.code).toBe('E_BAD_REQUEST');
    expect(errorOf(result)?.detail).toMatch(/\.\./);
  });

  it('refuses other protocols and transports: ext::, git://, http://, ssh with an option host', async () => {
    for (const repo of [
      'ext::sh -c touch% $SF_PWNED',
      'git://example.invalid/x',
      'http://example.invalid/x',
      'ssh://-oProxyCommand=touch%20$SF_PWNED/x',
      'x@-oProxyCommand=touch:p',
    ]) {
      const result = await build([{ repo }], true);
      expect(errorOf(result)?.code, repo).toBe('E_BAD_REQUEST');
    }
    expect(existsSync(pwned)).toBe(false);
  });
});
