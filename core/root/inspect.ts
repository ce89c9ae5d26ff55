// Validates a sourcery root and describes it: layout, per-architecture programs, VFAT rules, tree hash.

import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { goArchs, type GoArch, type RootManifest, type RootProblem } from '../../contract';
import { appError, fail, ok, toAppError, type Result } from '../errors';
import { readGoMod } from './build/go-mod';
import { toolchainFit } from './build/toolchain-fit';
import { elfMismatch, readElfHeader } from './elf';
import { hashIndexDir } from './paths';
import { treeHash } from './tree-hash';
import { checkVfat } from './vfat-check';
import { walkTree, type TreeEntry } from '../image/tree/walk';

/** Programs every architecture needs: in its bin folder, and Go's own tools. */
const archPrograms = (arch: GoArch) => [
  `/linux_${arch}/bin/init`,
  `/linux_${arch}/bin/installcommand`,
  `/linux_${arch}/bin/go`,
  `/go/pkg/tool/linux_${arch}/compile`,
  `/go/pkg/tool/linux_${arch}/link`,
  `/go/pkg/tool/linux_${arch}/asm`,
];

async function checkArch(root: string, arch: GoArch, byPath: Map<string, TreeEntry>): Promise<RootProblem[]> {
  const problems: RootProblem[] = [];
  for (const path of archPrograms(arch)) {
    if (byPath.get(path)?.kind !== 'file') {
      problems.push({ path, problem: `is missing (needed to run linux_${arch})` });
      continue;
    }
    const mismatch = elfMismatch(await readElfHeader(join(root, path)), arch);
    if (mismatch) problems.push({ path, problem: mismatch });
  }
  return problems;
}

async function readGoVersion(root: string): Promise<string | null> {
  try {
    return (await readFile(join(root, 'go', 'VERSION'), 'utf8')).split('\n')[0]?.trim() || null;
  } catch {
    return null;
  }
}

/** A stub is a small text file starting with "#!/linux_<arch>/bin/installcommand". */
const isStub = (entry: TreeEntry, arch: GoArch) =>
  entry.kind === 'file' && entry.size < 4096 && entry.path.startsWith(`/linux_${arch}/bin/`);

/** Counts an architecture's stubs and adds the folders they point to to `targets`. */
async function countStubs(entries: TreeEntry[], arch: GoArch, targets: Set<string>): Promise<number> {
  const prefix = `#!/linux_${arch}/bin/installcommand `;
  let count = 0;
  for (const entry of entries.filter((e) => isStub(e, arch))) {
    const text = await readFile(entry.source, 'utf8');
    if (!text.startsWith(prefix)) continue;
    count += 1;
    const target = /^#!(\/src\/\S+)/.exec(text.slice(prefix.length))?.[1];
    if (target) targets.add(target);
  }
  return count;
}

/** The go.mod of each stub's source (the nearest one above its folder), judged against /go's version. */
async function fitProblems(
  root: string,
  targets: Set<string>,
  byPath: Map<string, TreeEntry>,
  goVersion: string | null,
): Promise<RootProblem[]> {
  const goMods = new Set<string>();
  for (const target of targets) {
    for (let dir = target; dir.startsWith('/src/'); dir = dir.slice(0, dir.lastIndexOf('/'))) {
      if (byPath.get(`${dir}/go.mod`)?.kind === 'file') {
        goMods.add(`${dir}/go.mod`);
        break;
      }
    }
  }
  const problems: RootProblem[] = [];
  for (const path of [...goMods].sort()) {
    const fit = toolchainFit(
      await readGoMod(join(root, path.slice(1, -'/go.mod'.length))),
      goVersion ?? '',
      path.slice(0, -7),
    );
    if (!fit.fits)
      problems.push({ path, problem: `needs a newer Go than /go (${goVersion}): ${fit.message}` });
  }
  return problems;
}

/** Bytes of each architecture's warm build cache (/linux_<arch>/gocache). */
function warmCacheBytes(entries: TreeEntry[], archs: GoArch[]): Partial<Record<GoArch, number>> {
  const sizes: Partial<Record<GoArch, number>> = {};
  for (const arch of archs) {
    const prefix = `/linux_${arch}/gocache/`;
    const files = entries.filter((e) => e.kind === 'file' && e.path.startsWith(prefix));
    if (files.length > 0) sizes[arch] = files.reduce((sum, e) => sum + e.size, 0);
  }
  return sizes;
}

/** Describes the root at `dir`; problems are listed in the manifest, not returned as an error. */
export async function inspectRoot(dir: string, signal?: AbortSignal): Promise<Result<RootManifest>> {
  try {
    const entries = await walkTree(dir, signal);
    const byPath = new Map(entries.map((e) => [e.path, e]));
    const problems: RootProblem[] = [];
    for (const path of ['/go', '/go/src', '/src']) {
      if (byPath.get(path)?.kind !== 'directory') problems.push({ path, problem: 'is missing' });
    }
    const claimed = goArchs.filter((arch) => byPath.get(`/linux_${arch}`)?.kind === 'directory');
    if (claimed.length === 0)
      problems.push({ path: '/', problem: 'has no /linux_<arch> folder for any architecture' });
    const archs: GoArch[] = [];
    const commands: RootManifest['commands'] = {};
    const targets = new Set<string>();
    for (const arch of claimed) {
      const archProblems = await checkArch(dir, arch, byPath);
      problems.push(...archProblems);
      if (archProblems.length === 0) archs.push(arch);
      commands[arch] = await countStubs(entries, arch, targets);
    }
    const goVersion = await readGoVersion(dir);
    problems.push(...(await fitProblems(dir, targets, byPath, goVersion)));
    const vfat = await checkVfat(dir, signal);
    if (!vfat.ok) return vfat;
    problems.push(...vfat.value);
    const files = entries.filter((e) => e.kind === 'file');
    return ok({
      dir,
      files: files.length,
      directories: entries.length - files.length,
      bytes: files.reduce((sum, e) => sum + e.size, 0),
      archs,
      goVersion,
      commands,
      warmCache: warmCacheBytes(entries, claimed),
      treeHash: await treeHash(entries, signal, { dir: hashIndexDir(), tree: dir }),
      problems,
    });
  } catch (thrown) {
    return fail(toAppError(thrown, `Reading the root at ${dir}`));
  }
}

/** Like inspectRoot, but a root with problems is an E_ROOT_INVALID error naming the first few. */
export async function requireValidRoot(dir: string, signal?: AbortSignal): Promise<Result<RootManifest>> {
  const inspected = await inspectRoot(dir, signal);
  if (!inspected.ok || inspected.value.problems.length === 0) return inspected;
  const { problems } = inspected.value;
  const shown = problems.slice(0, 8).map((p) => `${p.path} ${p.problem}`);
  if (problems.length > shown.length) shown.push(`... and ${problems.length - shown.length} more`);
  return fail(appError('E_ROOT_INVALID', `${dir}:\n${shown.join('\n')}`));
}
