// Reads the host's apt sources (one-line .list and deb822 .sources) and picks its own Debian release's mirrors.

import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** One deb source: where, which suites and components, and the key that signs it. */
export interface AptSource {
  uri: string;
  suites: string[];
  components: string[];
  /** A keyring file (signed-by=), kept so the private copy checks the same signatures. */
  signedBy?: string;
  /** [trusted=yes]: the host trusts it unsigned (a local repository). */
  trusted?: boolean;
}

/** Where the host's apt configuration is; tests pass a folder of their own. */
export interface AptHostPaths {
  /** /etc/apt: sources.list and sources.list.d/. */
  etcApt: string;
  /** /etc/os-release: the release's ID, ID_LIKE and VERSION_CODENAME. */
  osRelease: string;
}

/** Names another root whose etc/apt and etc/os-release stand for the host's (a chroot's, or a test's). */
export const aptRootVariable = 'SOURCERY_FLASHER_APT_ROOT';

/** The host's apt files: under / or under $SOURCERY_FLASHER_APT_ROOT. */
export function hostAptPaths(env: NodeJS.ProcessEnv = process.env): AptHostPaths {
  const root = env[aptRootVariable] || '/';
  return { etcApt: join(root, 'etc', 'apt'), osRelease: join(root, 'etc', 'os-release') };
}

export interface HostRelease {
  id: string;
  idLike: string[];
  codename?: string;
}

// What a source may hold to be copied into a private sources list (one line each, no quoting there).
const safeUri = /^https?:\/\/[A-Za-z0-9._~:/?#@!$&'()*+,;=%-]+$/;
const safeWord = /^[A-Za-z0-9._+~-]{1,100}$/;
const safeKeyring = /^\/[A-Za-z0-9._/+-]{1,400}$/;

function checked(source: AptSource): AptSource[] {
  const uri = source.uri.replace(/\/+$/, '');
  if (!safeUri.test(uri)) return [];
  const suites = source.suites.filter((s) => safeWord.test(s));
  const components = source.components.filter((c) => safeWord.test(c));
  if (suites.length === 0 || components.length === 0) return [];
  const signedBy = source.signedBy && safeKeyring.test(source.signedBy) ? source.signedBy : undefined;
  return [
    {
      uri,
      suites,
      components,
      ...(signedBy ? { signedBy } : {}),
      ...(source.trusted ? { trusted: true } : {}),
    },
  ];
}

/** The deb lines of a one-line sources.list: `deb [options] uri suite component...`. */
export function parseOneLineSources(text: string): AptSource[] {
  return text.split('\n').flatMap((raw) => {
    const line = raw.replace(/#.*/, '').trim();
    if (!/^deb\s/.test(line)) return [];
    const options = /^deb\s+\[([^\]]*)\]/.exec(line)?.[1] ?? '';
    const words = line
      .replace(/^deb\s+(\[[^\]]*\])?/, '')
      .trim()
      .split(/\s+/);
    const option = (name: string) =>
      options
        .split(/\s+/)
        .find((o) => o.startsWith(`${name}=`))
        ?.slice(name.length + 1);
    const [uri, suite, ...components] = words;
    if (!uri || !suite) return [];
    return checked({
      uri,
      suites: [suite],
      components,
      ...(option('signed-by') ? { signedBy: option('signed-by') } : {}),
      trusted: option('trusted') === 'yes',
    });
  });
}

/** The deb stanzas of a deb822 .sources file (Enabled: no skipped). */
export function parseDeb822Sources(text: string): AptSource[] {
  const uncommented = text.replace(/^[ \t]*#.*(\n|$)/gm, '');
  return uncommented.split(/\n[ \t]*\n/).flatMap((stanza) => {
    const field = (name: string) =>
      (new RegExp(`^${name}:[ \\t]*(.*)$`, 'mi').exec(stanza)?.[1] ?? '').split(/\s+/).filter(Boolean);
    if (!field('Types').includes('deb') || field('Enabled')[0]?.toLowerCase() === 'no') return [];
    const signedBy = field('Signed-By');
    return field('URIs').flatMap((uri) =>
      checked({
        uri,
        suites: field('Suites'),
        components: field('Components'),
        ...(signedBy.length === 1 && signedBy[0] ? { signedBy: signedBy[0] } : {}),
        trusted: field('Trusted')[0]?.toLowerCase() === 'yes',
      }),
    );
  });
}

const readText = (path: string) => readFile(path, 'utf8').catch(() => '');

/** Every deb source the host's apt reads: sources.list, then sources.list.d in name order. */
export async function readHostSources(paths: AptHostPaths): Promise<AptSource[]> {
  const sources = parseOneLineSources(await readText(join(paths.etcApt, 'sources.list')));
  const partsDir = join(paths.etcApt, 'sources.list.d');
  const names = (await readdir(partsDir).catch(() => [] as string[])).sort();
  for (const name of names) {
    if (name.endsWith('.list')) sources.push(...parseOneLineSources(await readText(join(partsDir, name))));
    if (name.endsWith('.sources')) sources.push(...parseDeb822Sources(await readText(join(partsDir, name))));
  }
  return sources;
}

/** The host's release from os-release, or undefined when there is none. */
export async function readHostRelease(osRelease: string): Promise<HostRelease | undefined> {
  const text = await readText(osRelease);
  const value = (key: string) =>
    new RegExp(`^${key}=("?)([^"\\n]*)\\1[ \\t]*$`, 'm').exec(text)?.[2]?.trim() || undefined;
  const id = value('ID');
  if (!id) return undefined;
  const codename = value('VERSION_CODENAME');
  return {
    id,
    idLike: (value('ID_LIKE') ?? '').split(/\s+/).filter(Boolean),
    ...(codename ? { codename } : {}),
  };
}

export const isDebianLike = (release: HostRelease): boolean =>
  release.id === 'debian' || release.idLike.includes('debian');

/**
 * The sources serving the host's own release, `main` component: its suite, -updates and -security
 * (where Debian puts newer kernels), each narrowed to those suites and to `main`. Backports and other
 * releases are left out, so "newest" means the newest the host's own release ships.
 */
export function releaseSources(sources: AptSource[], codename: string): AptSource[] {
  const own = new Set([codename, `${codename}-updates`, `${codename}-security`]);
  return sources.flatMap((source) => {
    const suites = source.suites.filter((s) => own.has(s));
    if (suites.length === 0 || !source.components.includes('main')) return [];
    return [{ ...source, suites, components: ['main'] }];
  });
}
