// The grammar of command sources and refs, and the git options every git run gets (F3).
//
// A remote source is `https://host/path`, `ssh://[user@]host[:port]/path` or the scp form
// `user@host:path`, with plain characters only; nothing starts with "-", no path has "." or ".."
// segments. Where local folders are allowed, anything else names one and is resolved to an absolute
// path (so git never reads it as an option or a `transport::address`).

import { basename, resolve } from 'node:path';
import { appError, EngineError } from '../../errors';

export type GitSource =
  { kind: 'remote'; url: string; host: string; segments: string[] } | { kind: 'local'; path: string };

const hostPattern = /^[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?$/;
const userPattern = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,63}$/;
const segmentPattern = /^[A-Za-z0-9_+~-][A-Za-z0-9._+~-]{0,254}$/;
const scpPattern = /^([^@/:]+)@([^@/:]+):(.+)$/;

/** Refuses a source with a hint; the refusal names what was wrong. */
export function refuseSource(source: string, why: string): never {
  throw new EngineError(
    appError('E_BAD_REQUEST', `The command source "${source.slice(0, 200)}" ${why}.`, {
      hint: 'Give an https:// or ssh:// URL, user@host:path, or (from the command line) a local folder.',
    }),
  );
}

/** "/a/b.git/" -> ["a", "b.git"], or why it is not a plain repository path. */
function pathSegments(path: string): string[] | string {
  const trimmed = path.replace(/^\/+/, '').replace(/\/$/, '');
  const segments = trimmed.split('/');
  if (trimmed === '') return 'has no repository path';
  for (const segment of segments) {
    if (segment === '') return 'has an empty path segment ("//")';
    if (segment === '.' || segment === '..') return `has a "${segment}" path segment`;
    if (!segmentPattern.test(segment)) return `has a path segment "${segment}" with characters not allowed`;
  }
  return segments;
}

function remote(source: string, host: string, path: string, user?: string): GitSource {
  if (!hostPattern.test(host)) refuseSource(source, `has a host "${host}" that is not a plain host name`);
  if (user !== undefined && !userPattern.test(user))
    refuseSource(source, `has a user name "${user}" that is not plain`);
  const segments = pathSegments(path);
  if (typeof segments === 'string') refuseSource(source, segments);
  return { kind: 'remote', url: source, host: host.toLowerCase(), segments };
}

function parseUrl(source: string, allowFile: boolean): GitSource {
  let url: URL;
  try {
    url = new URL(source);
  } catch {
    refuseSource(source, 'is not a valid URL');
  }
  if (url.protocol === 'file:' && allowFile)
    return { kind: 'local', path: resolve(decodeURIComponent(url.pathname)) };
  if (url.protocol !== 'https:' && url.protocol !== 'ssh:')
    refuseSource(
      source,
      `uses ${url.protocol.replace(/:$/, '')}://, but only https:// and ssh:// are allowed`,
    );
  if (url.search || url.hash) refuseSource(source, 'has a query or fragment');
  if (url.password) refuseSource(source, 'has a password in it');
  if (url.protocol === 'https:' && url.username) refuseSource(source, 'has a user name in it');
  // The raw path, not URL's normalised one: "/a/../b" must be refused, not quietly turned into "/b".
  const rawPath = /^[a-z]+:\/\/[^/]*(\/.*)?$/i.exec(source)?.[1] ?? '';
  return remote(source, url.hostname, rawPath, url.username || undefined);
}

/**
 * Parses a command source. Local folders are allowed only where `allowLocal` says (the command line
 * and other trusted callers); everything from the bridge must be remote or checked by its policy.
 */
export function parseGitSource(source: string, allowLocal: boolean): GitSource {
  if (source.length === 0 || source.length > 2048) refuseSource(source, 'is empty or too long');
  if (source.startsWith('-')) refuseSource(source, 'starts with "-"');
  // Control characters and spaces are never part of a URL we accept, nor of a sane local path.
  // eslint-disable-next-line no-control-regex -- control characters are what is refused
  if (/[\0-\x1f\x7f]/.test(source)) refuseSource(source, 'has control characters');
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(source)) return parseUrl(source, allowLocal);
  if (source.includes('::')) refuseSource(source, 'looks like a git transport ("::")');
  const scp = scpPattern.exec(source);
  if (scp) {
    const [, user = '', host = '', path = ''] = scp;
    return remote(source, host, path, user);
  }
  if (!allowLocal) refuseSource(source, 'is not an https://, ssh:// or user@host:path source');
  return { kind: 'local', path: resolve(source) };
}

/** Where a source goes inside the root: src/<host>/<path> for remotes, src/local/<name> for folders. */
export function rootPathOf(source: GitSource, original = ''): string {
  if (source.kind === 'local') {
    const name = basename(source.path).replace(/\.git$/, '');
    // eslint-disable-next-line no-control-regex -- control characters are what is refused
    if (!name || name === '.' || name === '..' || /[\\:*?"<>|\0-\x1f]/.test(name))
      refuseSource(original || source.path, 'has a folder name that cannot go into a root');
    return `src/local/${name}`;
  }
  const segments = [...source.segments];
  const last = segments.length - 1;
  segments[last] = (segments[last] ?? '').replace(/\.git$/, '');
  if (!segments[last]) refuseSource(source.url, 'names no repository');
  return ['src', source.host, ...segments].join('/');
}

/** Refuses a ref git could read as an option or that is not a plain tag or branch name. */
export function checkRef(ref: string): void {
  const plain = /^[A-Za-z0-9_][A-Za-z0-9._/+-]{0,199}$/.test(ref);
  if (!plain || ref.includes('..') || ref.includes('//') || ref.endsWith('/') || ref.endsWith('.lock')) {
    throw new EngineError(
      appError('E_BAD_REQUEST', `"${ref.slice(0, 200)}" is not a plain tag or branch name.`, {
        hint: 'Give a tag or branch such as v0.14.0 or main.',
      }),
    );
  }
}

/** Refuses a `commands` entry that is not a plain relative folder inside the source. */
export function checkCommandPath(path: string): void {
  const segments = path.replace(/^\/+|\/+$/g, '');
  const parts = pathSegments(segments);
  if (segments !== '' && typeof parts === 'string') {
    throw new EngineError(
      appError('E_BAD_REQUEST', `The command folder "${path.slice(0, 200)}" ${parts}.`, {
        hint: 'Name command folders inside the source, such as cmds/core.',
      }),
    );
  }
}

/**
 * Options placed before every git subcommand: only https and ssh (plus file:// and local paths when
 * `allowFile`), no credential prompts, and no fsmonitor hook from a repository's own config.
 */
export function gitSafety(allowFile: boolean): string[] {
  return [
    '-c',
    'protocol.allow=never',
    '-c',
    'protocol.https.allow=always',
    '-c',
    'protocol.ssh.allow=always',
    ...(allowFile ? ['-c', 'protocol.file.allow=always'] : []),
    '-c',
    'core.fsmonitor=false',
  ];
}

/** The environment git runs with: never waits for a password on a terminal. */
export const gitEnv = { GIT_TERMINAL_PROMPT: '0' };
