// Prepares the syslinux boot payload into ~/.cache/sourcery-flasher/syslinux-payload (or --dir DIR).
// Usage: npx tsx scripts/prepare-boot-payload.ts [--dir DIR]

import { prepareSyslinuxPayload } from '../core/boot/syslinux/prepare';

const at = process.argv.indexOf('--dir');
const dir = at > 0 ? process.argv[at + 1] : undefined;
const result = await prepareSyslinuxPayload(dir ? { dir } : {});
if (!result.ok) {
  process.stderr.write(`${result.error.title}: ${result.error.detail}\n  what to do: ${result.error.hint}\n`);
  if (result.error.cause) process.stderr.write(`  cause: ${result.error.cause}\n`);
  process.exit(1);
}
process.stdout.write(`syslinux ${result.value.version} payload ready (${result.value.packages})\n`);
