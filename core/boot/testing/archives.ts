// Builds tar, ar and .deb bytes by hand for tests, including broken and hostile ones dpkg-deb would not
// make (a header that promises more than follows, a member size that points backwards).

import { createGzip } from 'node:zlib';

/** A ustar header; `size` is what it declares, whatever data follows. */
export function tarHeader(name: string, size: number, type = '0'): Buffer {
  const header = Buffer.alloc(512);
  header.write(name, 0, 100, 'utf8');
  header.write('0000644\0', 100, 'latin1');
  header.write('0000000\0', 108, 'latin1');
  header.write('0000000\0', 116, 'latin1');
  header.write(`${size.toString(8).padStart(11, '0')}\0`, 124, 'latin1');
  header.write('00000000000\0', 136, 'latin1');
  header.write(type, 156, 'latin1');
  header.write('ustar\0', 257, 'latin1');
  header.write('00', 263, 'latin1');
  header.fill(' ', 148, 156);
  let sum = 0;
  for (const byte of header) sum += byte;
  header.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'latin1');
  return header;
}

/** A whole tar entry: header, data, padding to 512. */
export const tarFile = (name: string, data: Uint8Array, type = '0'): Buffer =>
  Buffer.concat([tarHeader(name, data.length, type), data, Buffer.alloc((512 - (data.length % 512)) % 512)]);

export const tarEnd = (): Buffer => Buffer.alloc(1024);

/** An ar archive; `sizeField` overrides a member's size as written (for broken headers). */
export function arArchive(members: Array<{ name: string; data: Uint8Array; sizeField?: string }>): Buffer {
  const parts: Buffer[] = [Buffer.from('!<arch>\n', 'latin1')];
  for (const m of members) {
    const header = Buffer.alloc(60, ' ');
    header.write(m.name, 0, 16, 'latin1');
    header.write('0', 16, 'latin1');
    header.write('0', 28, 'latin1');
    header.write('0', 34, 'latin1');
    header.write('100644', 40, 'latin1');
    header.write((m.sizeField ?? String(m.data.length)).slice(0, 10), 48, 'latin1');
    header.write('`\n', 58, 'latin1');
    parts.push(header, Buffer.from(m.data));
    if (m.data.length % 2) parts.push(Buffer.from('\n'));
  }
  return Buffer.concat(parts);
}

/** A .deb around a data.tar (as given, or gzipped when its name ends in .gz). */
export function debArchive(dataName: string, data: Uint8Array): Buffer {
  return arArchive([
    { name: 'debian-binary', data: Buffer.from('2.0\n') },
    {
      name: 'control.tar',
      data: Buffer.concat([tarFile('./control', Buffer.from('Package: x\n')), tarEnd()]),
    },
    { name: dataName, data },
  ]);
}

/** Gzips pieces as they are produced, so a test can make a small bomb without holding it. */
export async function gzipPieces(pieces: Iterable<Uint8Array>): Promise<Buffer> {
  const gzip = createGzip({ level: 1 });
  const out: Buffer[] = [];
  gzip.on('data', (chunk: Buffer) => out.push(chunk));
  const ended = new Promise((resolve) => gzip.on('end', resolve));
  for (const piece of pieces)
    if (!gzip.write(piece)) await new Promise((resolve) => gzip.once('drain', resolve));
  gzip.end();
  await ended;
  return Buffer.concat(out);
}
