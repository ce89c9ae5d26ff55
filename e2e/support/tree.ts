// Generates small sourcery-like trees for e2e tests.

import { randomBytes } from 'node:crypto';
import { mkdirSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** A few directories and files of varied sizes, plus a sparse file of `sparseBytes` when given. */
export function makeTree(dir: string, options: { sparseBytes?: number } = {}): string {
  mkdirSync(join(dir, 'go', 'src', 'fmt'), { recursive: true });
  mkdirSync(join(dir, 'linux_amd64', 'bin'), { recursive: true });
  mkdirSync(join(dir, 'src', 'example.com', 'cmds', 'hello'), { recursive: true });
  writeFileSync(join(dir, 'go', 'VERSION'), 'go1.19.8\n');
  writeFileSync(
    join(dir, 'go', 'src', 'fmt', 'print.go'),
    `package fmt\n// ${randomBytes(2000).toString('hex')}\n`,
  );
  writeFileSync(
    join(dir, 'src', 'example.com', 'cmds', 'hello', 'main.go'),
    'package main\n\nfunc main() {}\n',
  );
  writeFileSync(
    join(dir, 'linux_amd64', 'bin', 'hello'),
    '#!/linux_amd64/bin/installcommand #!/src/example.com/cmds/hello\n',
  );
  writeFileSync(join(dir, 'random.bin'), randomBytes(3 * 1024 * 1024 + 17));
  if (options.sparseBytes) {
    // Sparse: costs no disk to make, but the full size to write to a stick, so writing takes a while.
    writeFileSync(join(dir, 'big.bin'), '');
    truncateSync(join(dir, 'big.bin'), options.sparseBytes);
  }
  return dir;
}
