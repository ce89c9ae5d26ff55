// Makes a small but well-formed sourcery root for tests, with real amd64 programs copied from the host.

import { execFileSync } from 'node:child_process';
import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** A real x86-64 ELF program on every Linux test machine. */
const hostProgram = '/bin/true';

export async function makeRoot(dir: string): Promise<void> {
  for (const path of [
    'go/src/fmt',
    'go/pkg/tool/linux_amd64',
    'linux_amd64/bin',
    'src/local/tiny/cmds/hello',
  ]) {
    await mkdir(join(dir, path), { recursive: true });
  }
  await writeFile(join(dir, 'go/VERSION'), 'go1.19.8');
  await writeFile(join(dir, 'go/src/fmt/print.go'), 'package fmt\n');
  await writeFile(join(dir, 'src/local/tiny/cmds/hello/main.go'), 'package main\n\nfunc main() {}\n');
  for (const tool of ['compile', 'link', 'asm'])
    await copyFile(hostProgram, join(dir, 'go/pkg/tool/linux_amd64', tool));
  for (const program of ['init', 'installcommand', 'go'])
    await copyFile(hostProgram, join(dir, 'linux_amd64/bin', program));
  await writeFile(
    join(dir, 'linux_amd64/bin/hello'),
    '#!/linux_amd64/bin/installcommand #!/src/local/tiny/cmds/hello\n',
  );
}

/** Packs `dir` with the system's tar, compressed as asked ('' for plain tar). */
export function tarDir(dir: string, archive: string, compress: '' | '-z' | '-J' | '--zstd'): void {
  execFileSync('tar', ['-C', dir, ...(compress ? [compress] : []), '-cf', archive, '.']);
}
