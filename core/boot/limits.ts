// Upper bounds on the boot inputs a caller names: far above any real kernel, package or stub, and far
// below what would exhaust memory or disk (docs/BOOT.md, "Limits").

const mib = 1024 * 1024;

export const inputLimits = {
  /** A kernel file: Debian's are 8-40 MiB; it is read whole into the UKI. */
  kernelBytes: 256 * mib,
  /** A .deb: Debian's kernel packages are ~70-110 MiB. */
  packageBytes: 2048 * mib,
  /** systemd's EFI stub: ~100 KiB. */
  stubBytes: 64 * mib,
  /** A kernel config or modules.builtin beside a kernel: ~300 KiB. */
  textBytes: 16 * mib,
  /** One kernel module file, compressed or not, and its decompressed ELF: the largest are ~20 MiB. */
  moduleBytes: 256 * mib,
};

export interface DebLimits {
  /** The package file itself. */
  packageBytes: number;
  /** The data.tar as the decompressor gives it, headers included (Debian's kernels: ~0.5 GiB). */
  unpackedBytes: number;
  /** Entries in the data.tar (Debian's kernels: ~6,000). */
  entries: number;
}

export const debLimits: DebLimits = {
  packageBytes: inputLimits.packageBytes,
  unpackedBytes: 4096 * mib,
  entries: 100_000,
};

export const formatMib = (bytes: number): string =>
  bytes >= 1024 * mib ? `${bytes / (1024 * mib)} GiB` : `${Math.round(bytes / mib)} MiB`;
