// Finds the command folders (package main) in a source tree and writes one #! stub per command.

import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { GoArch } from '../../../contract';
import type { PreparedSource } from './sources';

const skipped = new Set(['vendor', 'testdata', 'node_modules', 'pkg']);

/** Whether a folder's Go files (tests aside) declare `package main`. */
async function isCommand(dir: string, names: string[]): Promise<boolean> {
  const goFile = names.find((n) => n.endsWith('.go') && !n.endsWith('_test.go'));
  if (!goFile) return false;
  const text = await readFile(join(dir, goFile), 'utf8');
  return /^package\s+main\b/m.test(text.replace(/\/\*[\s\S]*?\*\//g, ''));
}

/** Command folders under `tree`, relative to it ("cmds/core/date"), sorted. */
export async function findCommands(tree: string, under: string[] = ['']): Promise<string[]> {
  const found: string[] = [];
  const walk = async (rel: string): Promise<void> => {
    const dir = join(tree, rel);
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
    const names = entries.filter((e) => e.isFile()).map((e) => e.name);
    if (rel && (await isCommand(dir, names))) found.push(rel);
    for (const entry of entries) {
      if (!entry.isDirectory() || skipped.has(entry.name) || /^[._]/.test(entry.name)) continue;
      await walk(rel ? `${rel}/${entry.name}` : entry.name);
    }
  };
  for (const start of under) await walk(start.replace(/^\/+|\/+$/g, ''));
  return found.sort();
}

/** The text of a stub, exactly as upstream writes it. */
export const stubText = (arch: GoArch, sourceDir: string): string =>
  `#!/linux_${arch}/bin/installcommand #!/${sourceDir}\n`;

const reserved = new Set(['init', 'installcommand', 'go']);

/**
 * Writes stubs for every command of `sources`; the first source to name a command wins. Commands in
 * `leftOut` (root paths, "/src/.../cmds/core/ls": they did not compile for `arch`) get none.
 */
export async function writeStubs(
  out: string,
  arch: GoArch,
  sources: PreparedSource[],
  warn: (message: string) => void,
  leftOut: Set<string> = new Set(),
): Promise<number> {
  const taken = new Map<string, string>();
  for (const source of sources) {
    for (const rel of await findCommands(join(out, source.rootPath), source.spec.commands)) {
      const name = rel.split('/').pop() ?? rel;
      const dir = `${source.rootPath}/${rel}`;
      const key = name.toLowerCase(); // FAT32 names are case-insensitive
      if (leftOut.has(`/${dir}`)) continue;
      if (reserved.has(key) || taken.has(key)) {
        warn(`no stub for /${dir}: the name ${name} is taken by ${taken.get(key) ?? 'the root itself'}`);
        continue;
      }
      taken.set(key, `/${dir}`);
      await writeFile(join(out, `linux_${arch}`, 'bin', name), stubText(arch, dir), { mode: 0o755 });
    }
  }
  return taken.size;
}
