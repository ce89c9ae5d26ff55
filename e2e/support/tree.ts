// Generates small sourcery-like trees for e2e tests.

import { randomBytes } from 'node:crypto';
import { mkdirSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** A few directories and files of varied sizes, plus a sparse file of `sparseBytes` when given. */
export function makeTree(
  dir: string,
  options: { sparseBytes?: number; archs?: ('amd64' | 'arm64')[] } = {},
): string {
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
  // The programs a root must hold per architecture; only their ELF headers are checked before flashing.
  for (const arch of options.archs ?? ['amd64']) {
    const machine = arch === 'amd64' ? 62 : 183;
    mkdirSync(join(dir, `linux_${arch}`, 'bin'), { recursive: true });
    for (const program of ['init', 'installcommand', 'go'])
      writeFileSync(join(dir, `linux_${arch}`, 'bin', program), elfFor(machine));
    mkdirSync(join(dir, 'go', 'pkg', 'tool', `linux_${arch}`), { recursive: true });
    for (const tool of ['compile', 'link', 'asm'])
      writeFileSync(join(dir, 'go', 'pkg', 'tool', `linux_${arch}`, tool), elfFor(machine));
  }
  if (options.sparseBytes) {
    // Sparse: costs no disk to make, but the full size to write to a stick, so writing takes a while.
    writeFileSync(join(dir, 'big.bin'), '');
    truncateSync(join(dir, 'big.bin'), options.sparseBytes);
  }
  return dir;
}

/** A 64-bit little-endian ELF executable header for `machine` (62 x86-64, 183 AArch64), padded. */
function elfFor(machine: number): Buffer {
  const elf = Buffer.alloc(4096);
  elf.write('\x7fELF', 0, 'latin1');
  elf[4] = 2; // ELFCLASS64
  elf[5] = 1; // little endian
  elf[6] = 1; // EV_CURRENT
  elf.writeUInt16LE(2, 16); // ET_EXEC
  elf.writeUInt16LE(machine, 18);
  elf.writeUInt32LE(1, 20);
  return elf;
}

/** An arm64 Image: its header's magic at 0x38 is what tells the engine the architecture. */
export function arm64Image(file: string): string {
  const image = Buffer.alloc(256 * 1024);
  image.writeUInt32LE(0x14000000, 0); // a branch, as real Images start
  image.writeBigUInt64LE(BigInt(image.length), 16); // image_size
  image.write('ARM\x64', 0x38, 'latin1');
  writeFileSync(file, image);
  return file;
}
