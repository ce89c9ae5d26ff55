// Reads a kernel module's .modinfo section (name, depends) from its ELF bytes.

export interface ModInfo {
  name?: string;
  depends: string[];
}

/** Parses an ELF64 little-endian module; returns undefined when it is not one. */
export function readModInfo(elf: Uint8Array): ModInfo | undefined {
  if (elf.length < 64 || elf[0] !== 0x7f || elf[1] !== 0x45 || elf[4] !== 2 || elf[5] !== 1) return undefined;
  const view = new DataView(elf.buffer, elf.byteOffset, elf.byteLength);
  const shoff = Number(view.getBigUint64(0x28, true));
  const shentsize = view.getUint16(0x3a, true);
  const shnum = view.getUint16(0x3c, true);
  const shstrndx = view.getUint16(0x3e, true);
  // Every offset below comes from the file (a package's module): check each against its length.
  if (shentsize < 0x28 || shstrndx >= shnum || shoff + shnum * shentsize > elf.length) return undefined;
  const inside = (offset: number, size: number) => offset <= elf.length && size <= elf.length - offset;
  const section = (i: number) => {
    const at = shoff + i * shentsize;
    return {
      name: view.getUint32(at, true),
      offset: Number(view.getBigUint64(at + 0x18, true)),
      size: Number(view.getBigUint64(at + 0x20, true)),
    };
  };
  const strings = section(shstrndx);
  if (!inside(strings.offset, strings.size)) return undefined;
  const decoder = new TextDecoder();
  const nameOf = (at: number) => {
    const start = strings.offset + at;
    const end = elf.indexOf(0, start);
    return decoder.decode(elf.subarray(start, end));
  };
  for (let i = 0; i < shnum; i++) {
    const s = section(i);
    if (s.name >= strings.size || nameOf(s.name) !== '.modinfo') continue;
    if (!inside(s.offset, s.size)) return undefined;
    const info: ModInfo = { depends: [] };
    for (const entry of decoder.decode(elf.subarray(s.offset, s.offset + s.size)).split('\0')) {
      const eq = entry.indexOf('=');
      const key = entry.slice(0, eq);
      const value = entry.slice(eq + 1);
      if (key === 'name') info.name = value;
      if (key === 'depends' && value) info.depends = value.split(',');
    }
    return info;
  }
  return { depends: [] };
}
