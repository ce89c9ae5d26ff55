// Assembles a unified kernel image: systemd's EFI stub with .osrel, .cmdline, .linux and .initrd appended.

import { appError, fail, ok, type Result } from '../../contract';

export interface UkiSection {
  name: string;
  data: Uint8Array;
}

const alignUp = (value: number, alignment: number) => Math.ceil(value / alignment) * alignment;

/**
 * Appends sections after the stub's own, following the PE rules in docs/BOOT.md: new headers must fit
 * in SizeOfHeaders, virtual addresses follow the last section, raw data starts at the file's end rounded
 * up, VirtualSize is the exact data length (the stub uses it), SizeOfImage is updated.
 */
export function assembleUki(stub: Uint8Array, sections: UkiSection[], stubName: string): Result<Uint8Array> {
  const refuse = (detail: string) =>
    fail<Uint8Array>(
      appError('E_BOOT_PAYLOAD', `${stubName}: ${detail}`, {
        hint: "Reinstall systemd's EFI stub (apt-get install --reinstall systemd-boot-efi) or pass another stub.",
      }),
    );
  const view = new DataView(stub.buffer, stub.byteOffset, stub.byteLength);
  if (stub.length < 0x40 || view.getUint16(0, true) !== 0x5a4d)
    return refuse('it is not a PE file (no MZ header).');
  const pe = view.getUint32(0x3c, true);
  if (pe + 24 > stub.length || view.getUint32(pe, true) !== 0x4550) return refuse('it has no PE signature.');
  const count = view.getUint16(pe + 6, true);
  const optionalSize = view.getUint16(pe + 20, true);
  const optional = pe + 24;
  // The stub may come from a package: every header field is checked before it is used as an offset.
  if (optional + 68 > stub.length || optionalSize < 68) return refuse('its PE optional header is cut short.');
  if (view.getUint16(optional, true) !== 0x20b) return refuse('it is not a PE32+ (64-bit) image.');
  const sectionAlignment = view.getUint32(optional + 32, true);
  const fileAlignment = view.getUint32(optional + 36, true);
  const headersSize = view.getUint32(optional + 60, true);
  const table = optional + optionalSize;
  const powerOfTwo = (n: number) => n > 0 && (n & (n - 1)) === 0;
  if (!powerOfTwo(sectionAlignment) || !powerOfTwo(fileAlignment) || fileAlignment > 0x10000)
    return refuse('its section or file alignment is not a power of two.');
  if (headersSize > stub.length || table + count * 40 > headersSize)
    return refuse('its section table does not fit its headers.');
  const free = Math.floor((headersSize - (table + count * 40)) / 40);
  if (free < sections.length)
    return refuse(`it has room for ${free} more section headers, ${sections.length} are needed.`);

  let nextVa = 0;
  for (let i = 0; i < count; i++) {
    const entry = table + i * 40;
    nextVa = Math.max(
      nextVa,
      alignUp(view.getUint32(entry + 12, true) + view.getUint32(entry + 8, true), sectionAlignment),
    );
  }
  let fileEnd = alignUp(stub.length, fileAlignment);
  const placed = sections.map((section) => {
    const at = { ...section, va: nextVa, raw: fileEnd, rawSize: alignUp(section.data.length, fileAlignment) };
    nextVa = alignUp(nextVa + section.data.length, sectionAlignment);
    fileEnd += at.rawSize;
    return at;
  });

  const out = new Uint8Array(fileEnd);
  out.set(stub);
  const outView = new DataView(out.buffer);
  placed.forEach((section, i) => {
    const entry = table + (count + i) * 40;
    const name = new TextEncoder().encode(section.name);
    if (name.length > 8) throw new Error(`PE section name too long: ${section.name}`);
    out.fill(0, entry, entry + 40);
    out.set(name, entry);
    outView.setUint32(entry + 8, section.data.length, true); // VirtualSize: exact
    outView.setUint32(entry + 12, section.va, true);
    outView.setUint32(entry + 16, section.rawSize, true);
    outView.setUint32(entry + 20, section.raw, true);
    outView.setUint32(entry + 36, 0x40000040, true); // initialised data, readable
    out.set(section.data, section.raw);
  });
  outView.setUint16(pe + 6, count + sections.length, true);
  outView.setUint32(optional + 56, nextVa, true); // SizeOfImage, or EDK2 refuses with "Load Error"
  outView.setUint32(optional + 64, 0, true); // CheckSum: not checked without Secure Boot
  return ok(out);
}

/** The four sections in the order systemd's stub was proven with here. */
export function ukiSections(
  kernel: Uint8Array,
  cmdline: string,
  initrd: Uint8Array | undefined,
): UkiSection[] {
  const text = (value: string) => new TextEncoder().encode(value);
  const sections: UkiSection[] = [
    {
      name: '.osrel',
      data: text('ID=sourcery\nNAME="Sourcery"\nPRETTY_NAME="Sourcery (Sourcery Flasher)"\n'),
    },
    { name: '.cmdline', data: text(cmdline) },
    { name: '.linux', data: kernel },
  ];
  if (initrd) sections.push({ name: '.initrd', data: initrd });
  return sections;
}
